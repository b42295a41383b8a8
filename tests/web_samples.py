"""The knowledge base the API, page and browser tests read: the example reports (examples/),
short dated reports of store_samples (so charts have months), reports that give one figure
differently (conflicts), and a hand-made document whose text, title and entity names are HTML
and script, which every page must show as text."""
from __future__ import annotations

from pathlib import Path

from store_samples import TEXTS, write_texts

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED_ID = "000_d541d46272f33c54"

CONFLICTING = {
    "trade_ministry": "date 2025-03-01 Министерство экономики Казахстана сообщило, что товарооборот между Россией "
                      "и Казахстаном в 2024 году составил 28 млрд долларов.",
    "trade_bureau": "date 2025-03-05 По данным бюро национальной статистики, в 2024 году товарооборот между "
                    "Казахстаном и Россией составил 26,8 млрд долларов.",
    "tokaev_moscow": "date 2025-04-10 Президент Казахстана Касым-Жомарт Токаев встретился в Москве с президентом "
                     "России Владимиром Путиным. Стороны договорились довести товарооборот до 30 млрд долларов "
                     "к 2030 году.",
}

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def hostile_document() -> dict:
    """A contract document written by hand: markup in its title, text and entity names."""
    text = f"Компания {SCRIPT} подписала соглашение с {IMG} в Москве."
    def at(s: str) -> dict:
        i = text.index(s)
        return {"start": i, "end": i + len(s)}
    entities = [{"id": "e1", "type": "ORG", "subtype": None, "name": SCRIPT, "mentions": [at(SCRIPT)]},
                {"id": "e2", "type": "ORG", "subtype": None, "name": IMG, "mentions": [at(IMG)]},
                {"id": "e3", "type": "LOC", "subtype": "city", "name": "Москва", "ref": None,
                 "mentions": [at("Москве")]}]
    fact = {"type": "agreement", "kind": "соглашение", "subject": SCRIPT, "parties": ["e1", "e2"],
            "status": "signed", "date": "2025-05-05", "period": None,
            "evidence": [{"start": 0, "end": len(text)}]}
    return {"id": "xss", "source": "hand", "date": "2025-05-05", "title": f"{SCRIPT} {IMG}", "text": text,
            "entities": entities, "values": [], "facts": [fact]}


def build(kb, folder: Path) -> None:
    """Fill an empty knowledge base with all of the above."""
    write_texts(folder / "dated", TEXTS)
    write_texts(folder / "conflicting", CONFLICTING)
    report = kb.ingest([str(EXAMPLES), str(folder / "dated"), str(folder / "conflicting")])
    assert not report.failed, report.failed
    kb.add([hostile_document()])


def how_many() -> int:
    """How many documents ``build`` stores."""
    return len(list(EXAMPLES.glob("*.txt"))) + len(TEXTS) + len(CONFLICTING) + 1
