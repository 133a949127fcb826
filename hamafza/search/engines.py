"""The full-text engines behind the one search. Each takes the rows a person may see (a queryset,
already through the scoping gate and the filters) and the query's term alternatives, and
returns the matching rows with a relevance score, best first. The folded token stream is the
same for every engine (``folding``); only the matching differs.

- ``SqliteEngine``: FTS5 (``search_fts``, kept by triggers), ranked by bm25 with the title
  weighted 4 to 1.
- ``PostgresEngine``: the generated ``vector`` column (title A, text B) with its GIN index,
  ranked by ``ts_rank_cd``.
- ``ScanEngine``: a plain ``icontains`` scan of the folded columns, no index: the baseline the
  benchmark compares against, and what runs on any other database.

An external search server would be one more class with the same ``match``; ``engine_for``
picks it (``settings.SEARCH_ENGINE`` may name a class)."""

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

# A single letter is too short to be a prefix: it would match most of the index.
MIN_PREFIX = 2


def _fts5_term(term: str) -> str:
    return f'"{term}"*' if len(term) >= MIN_PREFIX else f'"{term}"'


def _tsquery_term(term: str) -> str:
    return f"{term}:*" if len(term) >= MIN_PREFIX else term


class ScanEngine:
    name = "scan"

    def match(self, qs: QuerySet, alternatives: list[list[str]], *, rank: bool) -> QuerySet:
        any_of = Q()
        for terms in alternatives:
            every = Q()
            for term in terms:
                every &= Q(title_key__contains=term) | Q(body_key__contains=term)
            any_of |= every
        return qs.filter(any_of).extra(select={"score": "0"})


class SqliteEngine:
    name = "fts5"

    @staticmethod
    def expression(alternatives: list[list[str]]) -> str:
        return " OR ".join(
            "(" + " AND ".join(_fts5_term(t) for t in terms) + ")" for terms in alternatives
        )

    def match(self, qs: QuerySet, alternatives: list[list[str]], *, rank: bool) -> QuerySet:
        table = qs.model._meta.db_table
        select = {"score": "-bm25(search_fts, 4.0, 1.0)"} if rank else {"score": "0"}
        return qs.extra(  # noqa: S610 - fixed SQL; the query text goes in as a parameter
            tables=["search_fts"],
            where=[f"search_fts.rowid = {table}.id", "search_fts MATCH %s"],
            params=[self.expression(alternatives)],
            select=select,
        )


class PostgresEngine:
    name = "tsvector"

    @staticmethod
    def expression(alternatives: list[list[str]]) -> str:
        return " | ".join(
            "(" + " & ".join(_tsquery_term(t) for t in terms) + ")" for terms in alternatives
        )

    def match(self, qs: QuerySet, alternatives: list[list[str]], *, rank: bool) -> QuerySet:
        table = qs.model._meta.db_table
        query = self.expression(alternatives)
        select = (
            {"score": f"ts_rank_cd({table}.vector, to_tsquery('simple', %s))"}
            if rank
            else {"score": "0"}
        )
        return qs.extra(  # noqa: S610 - fixed SQL; the query text goes in as a parameter
            where=[f"{table}.vector @@ to_tsquery('simple', %s)"],
            params=[query],
            select=select,
            select_params=[query] if rank else [],
        )


_BY_VENDOR = {"sqlite": SqliteEngine, "postgresql": PostgresEngine}


def engine_for(vendor: str | None = None):
    configured = getattr(settings, "SEARCH_ENGINE", "")
    if configured:
        return import_string(configured)()
    return _BY_VENDOR.get(vendor or connection.vendor, ScanEngine)()
