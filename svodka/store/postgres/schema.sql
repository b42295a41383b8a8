-- The knowledge base in PostgreSQL: the tables of the SQLite backend (store/sqlite/schema.sql),
-- in one schema of their own. Text that is compared or sorted is COLLATE "C" (code point order,
-- as SQLite compares), so both backends order and match alike whatever the database's locale.
-- Rows of one document are written in one transaction and deleted together when it changes.

CREATE TABLE IF NOT EXISTS meta (key text COLLATE "C" PRIMARY KEY, value text);

CREATE TABLE IF NOT EXISTS document (
    id      text COLLATE "C" PRIMARY KEY,
    source  text COLLATE "C",
    date    text COLLATE "C",             -- ISO or NULL
    hash    text NOT NULL,                -- sha256 of date and text: unchanged input is skipped
    text    text NOT NULL,
    ingested_at text NOT NULL,
    title   text,
    url     text,
    lemmas  text NOT NULL,                -- what kb worked out for the index, kept for copy
    tsv     tsvector NOT NULL             -- those lemmas as lexemes with positions
);
CREATE INDEX IF NOT EXISTS document_date ON document(date);
CREATE INDEX IF NOT EXISTS document_tsv ON document USING gin(tsv);

CREATE TABLE IF NOT EXISTS kb_entity (
    id      bigint PRIMARY KEY,           -- the highest + 1, given under the writer lock (as SQLite)
    type    text COLLATE "C" NOT NULL,
    subtype text COLLATE "C",
    name    text COLLATE "C" NOT NULL,
    ref     text COLLATE "C",
    pinned  integer NOT NULL DEFAULT 0    -- made or kept by a person's merge/split: never dropped
);
CREATE INDEX IF NOT EXISTS kb_entity_name ON kb_entity(lower(name));  -- ASCII-only under "C", as NOCASE
CREATE INDEX IF NOT EXISTS kb_entity_type ON kb_entity(type);

CREATE TABLE IF NOT EXISTS alias (
    key   text COLLATE "C" NOT NULL,
    kb_id bigint NOT NULL,
    PRIMARY KEY (key, kb_id)
);
CREATE INDEX IF NOT EXISTS alias_kb ON alias(kb_id);

CREATE TABLE IF NOT EXISTS person_name (
    surname text COLLATE "C" NOT NULL,
    given   text COLLATE "C" NOT NULL DEFAULT '',
    kb_id   bigint NOT NULL,
    PRIMARY KEY (surname, given, kb_id)
);
CREATE INDEX IF NOT EXISTS person_name_kb ON person_name(kb_id);

CREATE TABLE IF NOT EXISTS link_override (
    doc_id text COLLATE "C" NOT NULL,
    type   text COLLATE "C" NOT NULL,
    name   text COLLATE "C" NOT NULL,
    kb_id  bigint NOT NULL,
    PRIMARY KEY (doc_id, type, name)
);
CREATE INDEX IF NOT EXISTS link_override_kb ON link_override(kb_id);

CREATE TABLE IF NOT EXISTS correction (
    id     bigint PRIMARY KEY,            -- the highest + 1, under the writer lock
    at     text NOT NULL,
    kind   text NOT NULL,                 -- merge | split
    detail text NOT NULL,                 -- JSON, as the SQLite backend writes it
    undone integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS entity (
    doc_id  text COLLATE "C" NOT NULL,
    id      text COLLATE "C" NOT NULL,
    type    text COLLATE "C" NOT NULL,
    subtype text COLLATE "C",
    name    text COLLATE "C" NOT NULL,
    ref     text COLLATE "C",
    kb_id   bigint NOT NULL,
    mentions integer NOT NULL,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX IF NOT EXISTS entity_kb ON entity(kb_id, doc_id);
CREATE INDEX IF NOT EXISTS entity_name ON entity(name);

CREATE TABLE IF NOT EXISTS mention (
    doc_id    text COLLATE "C" NOT NULL,
    n         integer NOT NULL,           -- order in the document (SQLite's rowid order)
    entity_id text COLLATE "C" NOT NULL,
    start     integer NOT NULL,
    "end"     integer NOT NULL,
    PRIMARY KEY (doc_id, n)
);

CREATE TABLE IF NOT EXISTS value (
    doc_id    text COLLATE "C" NOT NULL,
    n         integer NOT NULL,
    type      text NOT NULL,
    start     integer NOT NULL,
    "end"     integer NOT NULL,
    amount    double precision,
    currency  text,
    unit      text,
    period_start text COLLATE "C",
    period_end   text COLLATE "C",
    qualifier text,
    json      text NOT NULL,
    PRIMARY KEY (doc_id, n)
);

CREATE TABLE IF NOT EXISTS fact (
    doc_id   text COLLATE "C" NOT NULL,
    n        integer NOT NULL,
    type     text COLLATE "C" NOT NULL,
    status   text COLLATE "C",
    date     text COLLATE "C",
    metric   text COLLATE "C",
    metric_lemmas text COLLATE "C",       -- " товарооборот ": what track matches on
    json     text NOT NULL,
    PRIMARY KEY (doc_id, n)
);
CREATE INDEX IF NOT EXISTS fact_type ON fact(type);

CREATE TABLE IF NOT EXISTS fact_entity (
    doc_id    text COLLATE "C" NOT NULL,
    n         integer NOT NULL,
    role      text COLLATE "C" NOT NULL,
    entity_id text COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_entity_doc ON fact_entity(doc_id, n);
CREATE INDEX IF NOT EXISTS fact_entity_ent ON fact_entity(doc_id, entity_id);

CREATE TABLE IF NOT EXISTS evidence (
    doc_id text COLLATE "C" NOT NULL,
    n      integer NOT NULL,
    start  integer NOT NULL,
    "end"  integer NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_doc ON evidence(doc_id, n);
