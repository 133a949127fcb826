"""Fast bulk inserts for imports: PostgreSQL streams rows through COPY, SQLite through one
prepared INSERT run with executemany. Both skip the ORM's per-value preparation, which is most of
the cost of bulk_create, so tens of thousands of rows go in per second.

Values must already be clean Python values of the column types (the import checked them); only
datetimes and JSON are adapted here."""

import json
from collections.abc import Callable, Sequence

from django.db import connection
from django.db.models import DateTimeField, JSONField, Model


def _adapters(model: type[Model], columns: Sequence[str]) -> list[Callable | None]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    adapters: list[Callable | None] = []
    for name in columns:
        field = fields[name]
        if isinstance(field, JSONField):
            if connection.vendor == "postgresql":
                from psycopg.types.json import Jsonb  # lazy: psycopg only on PostgreSQL

                adapters.append(Jsonb)
            else:
                adapters.append(lambda v: json.dumps(v, ensure_ascii=False))
        elif isinstance(field, DateTimeField) and connection.vendor != "postgresql":
            adapters.append(connection.ops.adapt_datetimefield_value)
        else:
            adapters.append(None)
    return adapters


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``, attribute names such as
    ``home_district_id``) into ``model``'s table."""
    if not rows:
        return
    adapters = _adapters(model, columns)
    if any(adapters):
        rows = [
            tuple(a(v) if a and v is not None else v for a, v in zip(adapters, row, strict=True))
            for row in rows
        ]
    quote = connection.ops.quote_name
    fields = {f.attname: f.column for f in model._meta.concrete_fields}
    table = quote(model._meta.db_table)
    cols = ", ".join(quote(fields[c]) for c in columns)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # noqa: S608 - model names
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608 - model names
