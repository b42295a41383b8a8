"""Property: whatever text comes in, every document comes out, as strict JSON, with every span
inside its text (issue 12). News fragments are mixed with arbitrary Unicode (lone surrogates,
letters Python cannot name, control characters), odd white space and quotes, numbers too large
for a float and dates before the calendar, and go through the whole pipeline in one batch.

`make test` runs a fixed, bounded set of examples (about a minute); `make fuzz` runs many more
with fresh randomness (HYPOTHESIS_PROFILE=fuzz; FUZZ_EXAMPLES=n, 3000 by default)."""
from __future__ import annotations

import datetime as dt
import json
import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svodka.document import Document, DocumentError
from svodka.read import Source

settings.register_profile("default", max_examples=60, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 3000)), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

NEWS = [
    "Глава государства Касым-Жомарт Токаев в ходе переговоров с президентом Туркменистана "
    "Сердаром Бердымухамедовым обсудили расширение торгово-экономических связей.",
    "Как отметил Токаев, сейчас товарооборот между странами «стабильно превышает полмиллиарда долларов».",
    "Лидеры страны договорились увеличить его до $1 млрд.",
    "«Мы также условились рассмотреть вопрос об открытии прямых авиарейсов», -отметил Токаев.",
    "За 10 месяцев этого года объем перевозок составил 1,5 млн тонн, увеличившись на 14%.",
    "Стороны подписали межправительственное соглашение о сотрудничестве в области миграции.",
    "Министерство иностранных дел России заявило, что Сергей Лавров посетит Пекин 24 сентября.",
    "В прошлом году ВВП вырос в полтора раза, до 4,1 тысячи долларов на душу населения.",
    "Верховный суд Испании с 2014 года рассматривает дело; штраф составит до 500 тыс. рублей.",
    "Президент РФ Владимир Путин провел встречу с канцлером Германии Ангелой Меркель в Сочи.",
    "Выручка «Газпрома» за первый квартал 2025 года составила около 2,2 трлн руб.",
    "Пресс-секретарь Кремля Дмитрий Песков сказал: \"Решение будет принято на следующей неделе\".",
]
HOSTILE = [
    "$" + "9" * 309, "1" + "0" * 320 + " трлн рублей", "в 1" + "0" * 330 + " раза",
    "за последние 24300 месяцев", "последне месяц", "в 99999 году", "через 10000000 лет",
    "Москва \U00018694", "\U00018694\U00018695ов заявил", "\ud800", "\udfff Путин",
    "«", "»", "„", "“", "\"", "'", "(((", ")))", "%D0%BE", "A320", "25.11.2025", "31/02/99",
    "III квартал", "ХХ век", "полмиллиарда", "два с половиной", "1 500 000", "–", "—", "•",
    "Путин В.В.", "МИД", "ООН", "в конце 1990-х", "с 1949 по 1973 годы", "17–28 мая 2017 года",
]
SPACE = st.sampled_from([" ", "  ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\u2029", "\u0085",
                         "\u200b", "\u3000", "\x0b", "\x0c", "\x1c", "\ufeff", ""])
UNICODE = st.text(st.characters(codec=None, categories=None), max_size=12)
FRAGMENT = st.one_of(st.sampled_from(NEWS), st.sampled_from(HOSTILE), UNICODE,
                     st.sampled_from(NEWS).map(lambda s: s.upper()),
                     st.sampled_from(NEWS).map(lambda s: s.replace(" ", "")))
TEXT = st.lists(st.tuples(FRAGMENT, SPACE), max_size=10).map(lambda parts: "".join(a + b for a, b in parts))
DATE = st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                 st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2025, 11, 25)]))


def no_constant(name):
    raise ValueError(f"{name} is not JSON")


def spans_of(node):
    """Every {"start": int, "end": int, ...} in a record: mentions, values (also inside facts),
    evidence, quotes (a period's start and end are days, not offsets)."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            yield node
        for v in node.values():
            yield from spans_of(v)
    elif isinstance(node, list):
        for v in node:
            yield from spans_of(v)


def check_record(record: dict, text: str) -> None:
    line = json.dumps(record, ensure_ascii=False, allow_nan=False)
    assert "\n" not in line
    back = json.loads(line, parse_constant=no_constant)
    assert back["text"] == text
    for span in spans_of(back):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], span
    for value in back["values"]:
        for key in ("amount", "amount_max", "factor"):
            assert value.get(key) is None or math.isfinite(value[key])


@given(docs=st.lists(st.tuples(TEXT, DATE), min_size=1, max_size=4))
def test_any_text_comes_out_whole_as_strict_json(pipeline, docs):
    sources = [Source(f"d{i}", "fuzz", text, date) for i, (text, date) in enumerate(docs)]
    out = list(pipeline.pipe(sources, batch_size=len(sources)))
    assert [d.id for d in out] == [s.id for s in sources]
    for src, doc in zip(sources, out):
        assert isinstance(doc, Document), getattr(doc, "error", doc)
        check_record(doc.to_dict(), src.text)


class _Poisoned:
    """A recognizer that fails on one document: the batch falls back to one by one."""

    def __call__(self, text: str) -> list[dict]:
        if "ЯД" in text:
            raise RuntimeError("poisoned")
        return []


@settings(max_examples=15)
@given(texts=st.lists(TEXT, min_size=1, max_size=3), where=st.integers(0, 3))
def test_one_failing_document_leaves_the_others_intact(pipeline, texts, where):
    from svodka.pipeline import Pipeline
    p = Pipeline(pipeline.models, recognizer=_Poisoned())
    sources = [Source(f"d{i}", "fuzz", t.replace("ЯД", "")) for i, t in enumerate(texts)]
    alone = [p.process(s).to_dict() for s in sources]
    sources.insert(min(where, len(sources)), Source("bad", "fuzz", "ЯД"))
    out = list(p.pipe(sources, batch_size=8))
    assert [isinstance(d, DocumentError) for d in out] == [s.id == "bad" for s in sources]
    assert [d.to_dict() for d in out if isinstance(d, Document)] == alone
