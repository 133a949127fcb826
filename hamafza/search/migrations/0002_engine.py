"""The full-text index of each database's own engine over the folded columns.

SQLite: an external-content FTS5 table over ``title_key`` and ``body_key``, kept by triggers on
every insert, update and delete of a document (in the same statement's transaction).
PostgreSQL: a generated ``tsvector`` column (the title weighted A, the text B) with a GIN index,
and a trigram index on the folded title for partial words (``pg_trgm``)."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_key, body_key,
        content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_key, body_key)
        VALUES (new.id, new.title_key, new.body_key);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_key, body_key)
        VALUES ('delete', old.id, old.title_key, old.body_key);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title_key, body_key
        ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_key, body_key)
        VALUES ('delete', old.id, old.title_key, old.body_key);
        INSERT INTO search_fts(rowid, title_key, body_key)
        VALUES (new.id, new.title_key, new.body_key);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_key), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_key), 'B')
    ) STORED""",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_doc_title_trgm ON search_searchdocument USING gin "
    "(title_key gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_title_trgm",
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
