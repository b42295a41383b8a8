"""The Store protocol, backend by backend: every backend in conftest.BACKENDS must pass these on
a real database. Records are written by hand (lemmas included), since a store does no NLP."""
from __future__ import annotations

import threading

import pytest

from svodka import store as stores
from svodka.store.records import DocumentRecord, FactQuery, Readings, SearchQuery, Selection, Term


def record(doc_id: str, date: str | None, text: str, lemmas: str, entities=(), facts=(), values=(),
           metric_lemmas=None, digest: str | None = None) -> DocumentRecord:
    doc = {"id": doc_id, "source": f"{doc_id}.txt", "date": date, "text": text,
           "entities": list(entities), "values": list(values), "facts": list(facts)}
    return DocumentRecord(doc, digest or f"hash-{doc_id}-{len(text)}", lemmas, metric_lemmas or {})


def ent(eid: str, type_: str, name: str, text: str, ref: str | None = None, subtype: str | None = None) -> dict:
    start = text.index(name.split()[-1][:4])
    return {"id": eid, "type": type_, "subtype": subtype, "name": name, "ref": ref,
            "mentions": [{"start": start, "end": start + len(name.split()[-1])}]}


T1 = "Президент Казахстана Касым-Жомарт Токаев встретился с Сердаром Бердымухамедовым в Ашхабаде."
T2 = "Товарооборот Казахстана и Туркменистана превысил 500 миллионов долларов."
T3 = "Токаев подписал соглашение с Узбекистаном."


def corpus() -> list[DocumentRecord]:
    e1 = [ent("e1", "LOC", "Казахстан", T1, "iso:KZ", "country"), ent("e2", "PER", "Касым-Жомарт Токаев", T1),
          ent("e3", "PER", "Сердар Бердымухамедов", T1), ent("e4", "LOC", "Ашхабад", T1, subtype="city")]
    f1 = [{"type": "meeting", "participants": ["e2", "e3"], "date": "2025-11-25", "place": "e4",
           "evidence": [{"start": 0, "end": len(T1), "text": T1}]},
          {"type": "occupation", "person": "e2", "role": "президент", "of": "e1",
           "evidence": [{"start": 0, "end": len(T1), "text": T1}]}]
    e2 = [ent("e1", "LOC", "Казахстан", T2, "iso:KZ", "country"), ent("e2", "LOC", "Туркменистан", T2, "iso:TM")]
    value = {"type": "MONEY", "start": 41, "end": 70, "amount": 5e8, "currency": "USD", "qualifier": ">"}
    f2 = [{"type": "indicator", "metric": "товарооборот", "scope": ["e1", "e2"], "value": value, "period": None,
           "change": None, "evidence": [{"start": 0, "end": len(T2), "text": T2}]}]
    e3 = [ent("e1", "PER", "Токаев", T3), ent("e2", "LOC", "Узбекистан", T3, "iso:UZ")]
    f3 = [{"type": "agreement", "kind": "соглашение", "subject": None, "parties": ["e2"], "status": "signed",
           "date": "2025-12-01", "period": None, "evidence": [{"start": 0, "end": len(T3), "text": T3}]}]
    return [
        record("talks", "2025-11-25", T1, "президент казахстан касым жомарт токаев встретиться с сердар "
               "бердымухамедов в ашхабад", e1, f1),
        record("trade", "2025-11-26", T2, "товарооборот казахстан и туркменистан превысить 500 миллион доллар",
               e2, f2, [value], {0: "товарооборот"}),
        record("deal", "2025-12-01", T3, "токаев подписать соглашение с узбекистан", e3, f3),
    ]


@pytest.fixture
def store(new_location):
    s = stores.open(new_location())
    s.write(corpus())
    yield s
    s.close()


def test_write_is_idempotent_and_replaces_what_changed(store):
    assert set(store.hashes()) == {"talks", "trade", "deal"}
    again = store.write(corpus())
    assert again.unchanged == ["talks", "trade", "deal"] and not again.added and not again.replaced
    changed = corpus()[2]
    changed.digest = "new"
    assert store.write([changed]).replaced == ["deal"]
    assert store.counts()["documents"] == 3


def test_a_document_comes_back_whole_with_its_kb_links(store):
    doc = store.document("talks")
    assert doc["text"] == T1 and doc["date"] == "2025-11-25" and doc["source"] == "talks.txt"
    tokaev = next(e for e in doc["entities"] if e["name"] == "Касым-Жомарт Токаев")
    assert tokaev["mentions"][0]["text"] == "Токаев" and isinstance(tokaev["kb_id"], int)
    assert [f["type"] for f in doc["facts"]] == ["meeting", "occupation"]
    assert store.document("nowhere") is None
    other = next(e for e in store.document("deal")["entities"] if e["name"] == "Токаев")
    assert other["kb_id"] == tokaev["kb_id"]  # one person across documents


def test_search_by_lemma_terms_with_filters(store):
    hits = store.search(SearchQuery([Term("казахстан")]))
    assert {h.doc_id for h, _ in hits} == {"talks", "trade"}
    both = store.search(SearchQuery([Term("казахстан"), Term("товарооборот")]))
    assert [h.doc_id for h, _ in both] == ["trade"]
    assert store.search(SearchQuery([Term("ашхабад"), Term("узбекистан")])) == []
    either = store.search(SearchQuery([Term("ашхабад"), Term("узбекистан")], any_word=True))
    assert {h.doc_id for h, _ in either} == {"talks", "deal"}
    alt = store.search(SearchQuery([Term("казахский", ("казахстан",))]))
    assert {h.doc_id for h, _ in alt} == {"talks", "trade"}
    dated = store.search(SearchQuery([Term("казахстан")], date_from="2025-11-26", date_to="2025-11-30"))
    assert [h.doc_id for h, _ in dated] == ["trade"]
    assert [h.doc_id for h, _ in store.search(SearchQuery(fact_type="agreement"))] == ["deal"]
    tokaev = store.find_entities("Касым-Жомарт Токаев")[0].id
    assert [h.doc_id for h, _ in store.search(SearchQuery(entity_id=tokaev))] == ["deal", "talks"]  # newest first
    assert len(store.search(SearchQuery(limit=2))) == 2


def test_query_syntax_in_a_term_is_read_as_a_word(store):
    for lemma in ('"', "*", "near(", "a OR b", "'; drop table document; --", "%", "_"):
        assert store.search(SearchQuery([Term(lemma)])) == []
    assert store.counts()["documents"] == 3


def test_vocabulary_names_the_lemmas_the_index_holds(store):
    assert store.vocabulary(["казахстан", "марс", "узбекистан"]) == {"казахстан", "узбекистан"}


def test_entities_by_name_id_and_readings(store):
    kz = store.find_entities("Казахстан")
    assert kz[0].name == "Казахстан" and kz[0].documents == 2 and kz[0].type == "LOC"
    assert store.find_entities(f"#{kz[0].id}")[0].name == "Казахстан"
    assert store.find_entities("Казахстана") == []
    assert store.find_entities("Казахстана", Readings(forms=["Казахстан"]))[0].id == kz[0].id
    assert store.find_entities("Республика", Readings(refs=["iso:KZ"]))[0].id == kz[0].id
    tokaev = store.find_entities("Токаева", Readings(persons=[("tokaev", None)]))
    assert tokaev[0].name == "Касым-Жомарт Токаев"
    assert store.entity_names(tokaev[0].id) == ["Касым-Жомарт Токаев", "Токаев"]
    assert [d["id"] for d in store.entity_documents(tokaev[0].id)] == ["talks", "deal"]
    assert {c.name for c, _ in store.companions(tokaev[0].id)} >= {"Казахстан", "Узбекистан"}
    assert [e.name for e in store.top_entities(1)] in (["Казахстан"], ["Касым-Жомарт Токаев"])


def test_facts_with_kb_references_and_filters(store):
    tokaev = store.find_entities("Касым-Жомарт Токаев")[0]
    occupation, = store.facts(("occupation",))
    assert occupation.fields["person"] == tokaev.id and occupation.name(tokaev.id) == "Касым-Жомарт Токаев"
    assert occupation.name(occupation.fields["of"]) == "Казахстан" and occupation.sentence == T1
    assert [f.type for f in store.facts(kb_id=tokaev.id)] == ["meeting", "occupation"]
    assert [f.doc_id for f in store.facts(status="signed")] == ["deal"]
    trade, = store.facts(("indicator", "target"), metric_lemmas=["товарооборот"])
    assert [trade.name(i) for i in trade.fields["scope"]] == ["Казахстан", "Туркменистан"]
    assert store.facts(metric_lemmas=["перевозка"]) == []


def test_search_pages_titles_and_entity_types(store):
    newest = [h.doc_id for h, _ in store.search(SearchQuery(limit=10))]
    assert newest == ["deal", "trade", "talks"]
    assert [h.doc_id for h, _ in store.search(SearchQuery(limit=1, offset=1))] == ["trade"]
    assert store.search(SearchQuery(limit=5, offset=3)) == []
    ranked = [h.doc_id for h, _ in store.search(SearchQuery([Term("казахстан")], limit=1, offset=1))]
    assert len(ranked) == 1 and ranked[0] in {"talks", "trade"}
    assert {h.doc_id for h, _ in store.search(SearchQuery(entity_type="PER"))} == {"talks", "deal"}
    assert store.count(SearchQuery(entity_type="PER", date_from="2025-11-30")) == 1
    assert all(h.title is None for h, _ in store.search(SearchQuery()))


def test_every_page_of_the_most_documented_is_a_slice_of_the_whole_order(store):
    for type_ in (None, "LOC", "PER"):
        whole = [e.id for e in store.top_entities(1000, type_)]
        assert len(whole) == len(store.names(type_))
        for limit in (1, 2, 3):
            for offset in range(len(whole) + 1):
                assert [e.id for e in store.top_entities(limit, type_, offset)] == whole[offset:offset + limit]


def test_facets_count_the_whole_result(store):
    facets = store.facets(SearchQuery([Term("казахстан")], limit=1))
    assert {(f.value, f.count) for f in facets["entity_type"]} == {("LOC", 2), ("PER", 1)}
    assert {(f.value, f.count) for f in facets["fact_type"]} == {("meeting", 1), ("occupation", 1), ("indicator", 1)}
    assert [(f.value, f.count) for f in facets["year"]] == [("2025", 2)]
    top = facets["entity"][0]
    assert (top.label, top.count) == ("Казахстан", 2) and store.find_entities(f"#{top.value}")[0].name == "Казахстан"
    assert store.facets(SearchQuery([Term("марс")]))["year"] == []
    everything = store.facets(SearchQuery(), limit=2)
    assert len(everything["entity"]) == 2 and [f.count for f in everything["year"]] == [3]


def test_fact_queries_filter_count_and_page(store):
    tokaev = store.find_entities("Касым-Жомарт Токаев")[0].id
    uz = store.find_entities("Узбекистан")[0].id
    assert store.count_facts(FactQuery()) == 4
    assert [f.type for f in store.find_facts(FactQuery(newest_first=True))] == ["agreement", "indicator",
                                                                                 "meeting", "occupation"]
    assert [f.type for f in store.find_facts(FactQuery(limit=2, offset=1))] == ["occupation", "indicator"]
    signed = FactQuery(("agreement",), "signed", uz, kind="соглашение", date_from="2025-12-01", date_to="2025-12-31")
    assert [f.doc_id for f in store.find_facts(signed)] == ["deal"] and store.count_facts(signed) == 1
    assert store.count_facts(FactQuery(("agreement",), kind="меморандум")) == 0
    assert store.count_facts(FactQuery(date_to="2025-11-25")) == 2
    assert store.count_facts(FactQuery(kb_id=tokaev, doc_id="talks")) == 2
    assert [f.type for f in store.find_facts(FactQuery(kb_id=tokaev, kb_field="person"))] == ["occupation"]
    assert [f.type for f in store.find_facts(FactQuery(kb_id=tokaev, kb_field="participants"))] == ["meeting"]
    assert store.count_facts(FactQuery(kb_id=tokaev, kb_field="speaker")) == 0
    assert store.count_facts(FactQuery(metric_lemmas=["%"])) == 0  # a wildcard is a character
    assert store.count_facts(FactQuery(metric_lemmas=["товарооборот"])) == 1


def test_merge_and_split_hold_on_rewrite(store):
    tm = store.find_entities("Туркменистан")[0]
    uz = store.find_entities("Узбекистан")[0]
    store.merge(tm.id, uz.id)
    assert store.find_entities(f"#{uz.id}") == [] and store.find_entities("Узбекистан")[0].id == tm.id
    new = store.split(tm.id, "deal", "e2", "Узбекистан")
    assert store.find_entities(f"#{new}")[0].name == "Узбекистан"
    records = corpus()
    for r in records:
        r.digest = "changed"
    store.write(records)
    links = {e["name"]: e["kb_id"] for d in ("trade", "deal") for e in store.document(d)["entities"]}
    assert links["Узбекистан"] == new and links["Туркменистан"] == tm.id
    with pytest.raises(ValueError):
        store.merge(tm.id, 10 ** 6)
    with pytest.raises(ValueError):
        store.merge(tm.id, 10 ** 30)  # beyond any integer column: no such entity, not an overflow


def links(store, doc_id: str) -> dict[str, int]:
    return {e["name"]: e["kb_id"] for e in store.document(doc_id)["entities"]}


def test_undo_reverses_the_last_correction_each_time(store):
    before = {d: links(store, d) for d in ("talks", "trade", "deal")}
    tm, uz = store.find_entities("Туркменистан")[0], store.find_entities("Узбекистан")[0]
    store.merge(tm.id, uz.id)
    tokaev = store.find_entities("Касым-Жомарт Токаев")[0]
    new = store.split(tokaev.id, "deal", "e1", None)
    assert links(store, "deal")["Токаев"] == new
    assert store.undo()["kind"] == "split"
    assert links(store, "deal")["Токаев"] == tokaev.id and store.find_entities(f"#{new}") == []
    assert store.undo()["kind"] == "merge"
    assert {d: links(store, d) for d in before} == before
    assert store.find_entities("Узбекистан")[0].id == uz.id
    assert store.undo() is None
    records = corpus()
    for r in records:
        r.digest = "again"
    store.write(records)  # no correction left behind to relink anything
    assert links(store, "deal")["Узбекистан"] == uz.id


def test_names_for_suggestions(store):
    assert {n for _, n in store.names()} >= {"Казахстан", "Касым-Жомарт Токаев", "Ашхабад"}
    assert {n for _, n in store.names("PER")} == {"Касым-Жомарт Токаев", "Сердар Бердымухамедов"}
    assert len(store.top_entities(2, offset=1)) == 2


def test_export_rows(store):
    docs = list(store.rows("documents"))
    assert [d["id"] for d in docs] == ["deal", "talks", "trade"] and docs[1]["facts"] == 2
    entities = list(store.rows("entities"))
    assert any(e["name"] == "Касым-Жомарт Токаев" and set(e["names"]) == {"Касым-Жомарт Токаев", "Токаев"}
               for e in entities)


def test_export_rows_of_every_table_and_a_selection(store):
    docs = {d["id"]: d for d in store.rows("documents")}
    assert docs["trade"]["values"] == 1 and docs["talks"]["entities"] == 4
    mentions = list(store.rows("mentions"))
    assert len(mentions) == 8
    for m in mentions:  # the offsets slice the document's text to the mention's words
        assert docs[m["doc_id"]]["text"][m["start"]:m["end"]] == m["text"] and m["text"]
    kb_ids = {e["id"] for e in store.rows("entities")}
    assert {m["kb_id"] for m in mentions} == kb_ids
    (value,) = store.rows("values")
    assert value["doc_id"] == "trade" and value["n"] == 0 and value["amount"] == 5e8 and value["qualifier"] == ">"
    november = Selection("2025-11-01", "2025-11-30")
    assert [d["id"] for d in store.rows("documents", november)] == ["talks", "trade"]
    assert {m["doc_id"] for m in store.rows("mentions", november)} == {"talks", "trade"}
    assert "Узбекистан" not in {e["name"] for e in store.rows("entities", november)}
    kz = next(e for e in store.rows("entities", Selection("2025-11-26")) if e["name"] == "Казахстан")
    assert kz["documents"] == 1 and kz["names"] == ["Казахстан"]
    assert [f.doc_id for f in store.facts(selection=Selection(date_from="2025-12-01"))] == ["deal"]
    assert list(store.rows("values", Selection(date_to="2025-11-25"))) == []
    with pytest.raises(ValueError, match="unknown table"):
        list(store.rows("nonsense"))


def test_a_snapshot_reads_one_state_while_a_writer_writes(store):
    with store.snapshot():
        before = [d["id"] for d in store.rows("documents")]
        store.write([record("later", "2025-12-02", "Казахстан.", "казахстан",
                            [ent("e1", "LOC", "Казахстан", "Казахстан.", "iso:KZ", "country")])])
        with store.snapshot():  # nested: the same state
            assert {m["doc_id"] for m in store.rows("mentions")} == set(before)
        assert [f.doc_id for f in store.facts()] == ["talks", "talks", "trade", "deal"]
    assert [d["id"] for d in store.rows("documents")] == sorted(before + ["later"])
    assert "later" in {m["doc_id"] for m in store.rows("mentions")}


def test_readers_in_threads_while_a_writer_writes(store, new_location):
    errors, seen = [], []

    def read():
        try:
            for _ in range(30):
                seen.append(len(store.search(SearchQuery([Term("казахстан")]))))
        except Exception as e:  # noqa: BLE001 - the test reports it
            errors.append(e)

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(10):
        store.write([record(f"extra{i}", "2025-01-01", "Казахстан.", "казахстан")])
    for t in threads:
        t.join()
    assert not errors and min(seen) >= 2
    assert store.counts()["documents"] == 13


def test_a_read_only_store_reads_and_refuses_to_write(store, new_location):
    location = new_location("ro")
    stores.open(location).close()
    ro = stores.open(location, readonly=True)
    try:
        assert ro.counts()["documents"] == 0
        with pytest.raises(Exception):
            ro.write(corpus())
    finally:
        ro.close()


def test_count_matches_search_and_undated_documents(store):
    store.write([record("nodate", None, "Казахстан.", "казахстан")])
    assert store.count(SearchQuery([Term("казахстан")])) == 3
    assert store.count(SearchQuery([Term("казахстан")], undated=True)) == 1
    assert [h.doc_id for h, _ in store.search(SearchQuery(undated=True))] == ["nodate"]
    assert store.count(SearchQuery([Term("казахстан")], date_from="2025-01-01")) == 2


def test_metrics_reported(store):
    assert store.metrics() == [("товарооборот", 1)]
