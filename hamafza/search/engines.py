"""The full-text engines behind the one search. Each takes the rows a person may see (a queryset,
already through the scoping gate and the filters) and the query's term alternatives, and
returns the matching rows with a relevance score, best first. The folded token stream is the
same for every engine (``folding``); only the matching differs.

- ``SqliteEngine``: FTS5 (``search_fts``, kept by triggers), ranked by bm25 with the title
  weighted 4 to 1.
- ``PostgresEngine``: the generated ``vector`` column (title A, text B) with its GIN index
  finds the matches; they are ranked by ``ts_rank`` on the title's own small vector
  (``title_vector``, see migration 0003), then the newest first.
- ``ScanEngine``: a plain ``icontains`` scan of the folded columns, no index: the baseline the
  benchmark compares against, and what runs on any other database.

An external search server would be one more class with the same ``match``; ``engine_for``
picks it (``settings.SEARCH_ENGINE`` may name a class)."""

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

# Only the last word of a query is matched as the start of a word (the one being typed, or a
# word typed halfway); the others as whole words — a prefix of every word would make the engine
# merge the lists of hundreds of indexed words. A single letter is never a prefix.
MIN_PREFIX = 2


def _is_prefix(terms: list[str], i: int) -> bool:
    return i == len(terms) - 1 and len(terms[i]) >= MIN_PREFIX


def _fts5_terms(terms: list[str]) -> str:
    return " AND ".join(
        f'"{t}"*' if _is_prefix(terms, i) else f'"{t}"' for i, t in enumerate(terms)
    )


def _tsquery_terms(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" if _is_prefix(terms, i) else t for i, t in enumerate(terms))


class ScanEngine:
    name = "scan"

    def match(self, qs: QuerySet, alternatives: list[list[str]], *, rank: bool) -> QuerySet:
        any_of = Q()
        for terms in alternatives:
            every = Q()
            for term in terms:
                every &= Q(title_key__contains=term) | Q(body_key__contains=term)
            any_of |= every
        return qs.filter(any_of).extra(select={"score": "CAST(0 AS REAL)"})


class SqliteEngine:
    name = "fts5"

    @staticmethod
    def expression(alternatives: list[list[str]]) -> str:
        return " OR ".join(f"({_fts5_terms(terms)})" for terms in alternatives)

    def match(self, qs: QuerySet, alternatives: list[list[str]], *, rank: bool) -> QuerySet:
        table = qs.model._meta.db_table
        select = {"score": "-bm25(search_fts, 4.0, 1.0)"} if rank else {"score": "CAST(0 AS REAL)"}
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
        return " | ".join(f"({_tsquery_terms(terms)})" for terms in alternatives)

    def match(self, qs: QuerySet, alternatives: list[list[str]], *, rank: bool) -> QuerySet:
        table = qs.model._meta.db_table
        query = self.expression(alternatives)
        select = (
            {"score": f"ts_rank({table}.title_vector, to_tsquery('simple', %s))"}
            if rank
            else {"score": "CAST(0 AS REAL)"}
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
