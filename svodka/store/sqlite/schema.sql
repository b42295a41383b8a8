-- The knowledge base: documents as extracted (contract v1), and KB entities that link the
-- entities of many documents. Offsets are Python string indices into document.text.
-- Rows of one document are written in one transaction and deleted together when it changes.

CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE IF NOT EXISTS document (
    rowid   INTEGER PRIMARY KEY,          -- the doc_fts rowid
    id      TEXT NOT NULL UNIQUE,
    source  TEXT,
    date    TEXT,                         -- ISO or NULL
    hash    TEXT NOT NULL,                -- sha256 of date and text: unchanged input is skipped
    text    TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    title   TEXT,                         -- as the input gave it (JSONL), or NULL
    url     TEXT
);
CREATE INDEX IF NOT EXISTS document_date ON document(date);

-- Lemmas of every word, in order: «Казахстана» is found as «казахстан».
CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5(lemmas, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE IF NOT EXISTS kb_entity (
    id      INTEGER PRIMARY KEY,
    type    TEXT NOT NULL,
    subtype TEXT,
    name    TEXT NOT NULL,
    ref     TEXT,
    pinned  INTEGER NOT NULL DEFAULT 0    -- made or kept by a person's merge/split: never dropped
);
CREATE INDEX IF NOT EXISTS kb_entity_name ON kb_entity(name COLLATE NOCASE);

-- Keys a KB entity is found under (see keys.py): "ref:iso:KZ", "ORG:gazprom".
CREATE TABLE IF NOT EXISTS alias (
    key   TEXT NOT NULL,
    kb_id INTEGER NOT NULL,
    PRIMARY KEY (key, kb_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alias_kb ON alias(kb_id);

-- Name forms a KB person was seen under: surname key and given name (or initial) key.
CREATE TABLE IF NOT EXISTS person_name (
    surname TEXT NOT NULL,
    given   TEXT NOT NULL DEFAULT '',
    kb_id   INTEGER NOT NULL,
    PRIMARY KEY (surname, given, kb_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS person_name_kb ON person_name(kb_id);

-- A person's correction: this document's entity of this type and name is that KB entity.
CREATE TABLE IF NOT EXISTS link_override (
    doc_id TEXT NOT NULL,
    type   TEXT NOT NULL,
    name   TEXT NOT NULL,
    kb_id  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, type, name)
) WITHOUT ROWID;

-- Every merge and split, with what it changed (JSON), so that ``undo`` can put it back.
CREATE TABLE IF NOT EXISTS correction (
    id   INTEGER PRIMARY KEY,
    at   TEXT NOT NULL,
    kind TEXT NOT NULL,                   -- merge | split
    detail TEXT NOT NULL,                 -- JSON
    undone INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS entity (
    doc_id  TEXT NOT NULL,
    id      TEXT NOT NULL,                -- "e1": the id inside the document
    type    TEXT NOT NULL,
    subtype TEXT,
    name    TEXT NOT NULL,
    ref     TEXT,
    kb_id   INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (doc_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_kb ON entity(kb_id, doc_id);
CREATE INDEX IF NOT EXISTS entity_name ON entity(name);  -- lookup by a name some document gave

CREATE TABLE IF NOT EXISTS mention (
    doc_id    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mention_doc ON mention(doc_id);

CREATE TABLE IF NOT EXISTS value (
    doc_id    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    type      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    amount    REAL,
    currency  TEXT,
    unit      TEXT,
    period_start TEXT,
    period_end   TEXT,
    qualifier TEXT,
    json      TEXT NOT NULL,
    PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS fact (
    doc_id   TEXT NOT NULL,
    n        INTEGER NOT NULL,
    type     TEXT NOT NULL,
    status   TEXT,
    date     TEXT,                        -- the fact's own date, deadline or period end
    metric   TEXT,
    metric_lemmas TEXT,                   -- " товарооборот ": what track matches on
    json     TEXT NOT NULL,               -- the contract fact object as extracted
    PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fact_type ON fact(type);

-- Entity references of facts: role is the contract field (participants, speaker, scope, ...).
CREATE TABLE IF NOT EXISTS fact_entity (
    doc_id    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    role      TEXT NOT NULL,
    entity_id TEXT NOT NULL           -- its KB entity: through entity, so merges need no update
);
CREATE INDEX IF NOT EXISTS fact_entity_doc ON fact_entity(doc_id, n);
CREATE INDEX IF NOT EXISTS fact_entity_ent ON fact_entity(doc_id, entity_id);

CREATE TABLE IF NOT EXISTS evidence (
    doc_id TEXT NOT NULL,
    n      INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_doc ON evidence(doc_id, n);
