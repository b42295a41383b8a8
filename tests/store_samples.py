"""Short news texts and contract documents written for the knowledge-base tests."""
from __future__ import annotations

from pathlib import Path

TEXTS = {
    "kz_tm_2024": "date 2024-03-12 Президент Казахстана Касым-Жомарт Токаев встретился в Астане с президентом "
                  "Туркменистана Сердаром Бердымухамедовым. Стороны обсудили экспорт казахстанской пшеницы и "
                  "товарооборот, который в 2023 году составил 600 миллионов долларов.",
    "un_2025": "date 2025-02-01 Глава государства Токаев провел переговоры с делегацией ООН. Организация "
               "Объединенных Наций поддержала проекты Казахстана в сфере водных ресурсов.",
    "gas_2025": "date 2025-06-10 В Ашхабаде министр иностранных дел Туркменистана Рашид Мередов встретился с "
                "представителями компании «Газпром». Компания рассчитывает увеличить поставки газа в Китай.",
    "grain_2023": "date 2023-09-05 Узбекистан закупил у Казахстана 1,2 миллиона тонн пшеницы. Министр сельского "
                  "хозяйства Узбекистана Ибрагим Абдурахмонов посетил Костанай.",
    "rail_2022": "date 2022-11-20 Железная дорога Китай — Киргизия — Узбекистан обсуждалась в Ташкенте. "
                 "Президент Узбекистана Шавкат Мирзиёев принял делегацию Китая.",
    "oil_2021": "date 2021-04-15 Нефтяная компания «КазМунайГаз» увеличила добычу нефти на месторождении Тенгиз. "
                "Министр энергетики Казахстана Магзум Мирзагалиев заявил о росте экспорта.",
    "ports_2024": "date 2024-07-01 Порт Актау принял рекордный объем грузов. Грузы из Китая идут через "
                  "Каспийское море в Баку.",
    "wheat_2025": "date 2025-09-30 Урожай пшеницы в Костанайской области превысил прогноз. Аким области "
                  "рассказал о планах экспорта зерна в Иран и Афганистан.",
}


def write_texts(folder: Path, texts: dict[str, str] = TEXTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def entity(eid: str, type_: str, name: str, ref: str | None = None, subtype: str | None = None) -> dict:
    out = {"id": eid, "type": type_, "subtype": subtype, "name": name, "mentions": [{"start": 0, "end": 1}]}
    if ref:
        out["ref"] = ref
    return out


def document(doc_id: str, date: str | None, entities: list[dict], facts: list[dict] = (),
             text: str | None = None) -> dict:
    return {"id": doc_id, "source": f"{doc_id}.txt", "date": date,
            "text": text or " ".join(e["name"] for e in entities) or doc_id,
            "entities": entities, "values": [], "facts": list(facts)}


def money(amount: float, qualifier: str = "=") -> dict:
    return {"type": "MONEY", "start": 0, "end": 1, "amount": amount, "currency": "USD", "qualifier": qualifier}


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


FEED = {"id": "feed_visit", "date": "2025-11-20T09:30:00+05:00", "title": "Визит в Ташкент",
        "url": "https://example.org/news/feed_visit",
        "text": "В ходе государственного визита в Узбекистан Президент Казахстана Касым-Жомарт Токаев "
                "встретился в Ташкенте с президентом Узбекистана Шавкатом Мирзиёевым."}


def ingest_news(location: str, pipeline, folder: Path) -> str:
    """A knowledge base at ``location`` of examples/ (mostly undated), the eight dated TEXTS and
    a feed line with a title and a url (written into ``folder``), extracted by the real pipeline."""
    import json
    from svodka.kb import KnowledgeBase
    write_texts(folder)
    (folder / "feed.jsonl").write_text(json.dumps(FEED, ensure_ascii=False) + "\n", encoding="utf-8")
    with KnowledgeBase(location, pipeline=pipeline) as kb:
        report = kb.ingest([str(EXAMPLES), str(folder)])
        assert not report.failed, report.failed
    return location
