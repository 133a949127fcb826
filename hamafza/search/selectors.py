"""Reading the one search: what a person may find, matched by the database's own engine, ranked,
filtered, sorted, with the matched words highlighted.

What a person may find (``findable``): the documents of their municipality the gate lets them
read (every staff role; citizens and volunteers nothing), and the documents another municipality
offered to every municipality (``shared``: published resources under an open licence) — the only
rows of another tenant any page shows, read-only and credited."""

import math
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hamafza.core.scoping import STAFF, Scope, scoped
from hamafza.search import registry
from hamafza.search.engines import engine_for
from hamafza.search.folding import alternatives, query_terms, words
from hamafza.search.models import SearchDocument

SORTS = ("relevance", "recent", "used")
# filter name → the document's column
FILTERS = {
    "kind": "kind",
    "resource_kind": "resource_kind",
    "domain": "domain_id",
    "program": "program_id",
    "audience": "audience",
    "district": "district_id",
    "licence": "licence",
}
PER_PAGE = 20
SNIPPET_WORDS = 36
_WORD_RUN = re.compile(r"[^\W_]+")


@dataclass
class Hit:
    doc: SearchDocument
    url: str
    title: SafeString
    snippet: SafeString
    elsewhere: bool  # offered by another municipality
    municipality_name: str


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    partial: bool = False  # nothing matched whole words; these match part of a title
    engine: str = ""


def findable(scope: Scope) -> QuerySet:
    own = scoped(SearchDocument.objects.all(), scope)
    if scope.is_anonymous or scope.role not in STAFF or scope.municipality_id is None:
        return own
    elsewhere = SearchDocument.objects.filter(shared=True).exclude(
        municipality_id=scope.municipality_id
    )
    return own | elsewhere


def _filtered(qs: QuerySet, filters: dict) -> QuerySet:
    for name, column in FILTERS.items():
        value = filters.get(name)
        if value not in (None, ""):
            qs = qs.filter(**{column: value})
    return qs


def _ordered(qs: QuerySet, sort: str, *, ranked: bool) -> QuerySet:
    if sort == "recent" or not ranked:
        return qs.order_by("-published_at", "-id")
    if sort == "used":
        return qs.order_by("-used", "-published_at", "-id")
    return qs.extra(order_by=["-score", "-published_at"])


def search(
    scope: Scope,
    query: str = "",
    *,
    filters: dict | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    engine=None,
) -> Results:
    """One page of what ``query`` finds among what ``scope`` may find. Every word of the query
    must match (as a word or the start of one); neighbouring words may also be one word written
    together. When nothing matches so, documents whose title contains every word inside another
    word are offered instead (``partial``)."""
    engine = engine or engine_for()
    sort = sort if sort in SORTS else "relevance"
    base = _filtered(findable(scope), filters or {}).select_related("municipality")
    terms = query_terms(query)
    result = Results(query=query, engine=engine.name)
    if not terms:
        qs, ranked = base, False
    else:
        options = alternatives(terms)
        qs, ranked = engine.match(base, options, rank=sort == "relevance"), True
    result.total = qs.count()
    if terms and not result.total:
        partial = base
        for term in terms:
            partial = partial.filter(title_key__contains=term)
        qs, ranked, result.partial = partial, False, True
        result.total = qs.count()
    result.pages = max(1, math.ceil(result.total / per_page))
    result.page = min(max(1, page), result.pages)
    start = (result.page - 1) * per_page
    rows = list(_ordered(qs, sort, ranked=ranked)[start : start + per_page])
    marks = _marks(terms)
    for doc in rows:
        elsewhere = doc.municipality_id != scope.municipality_id
        result.hits.append(
            Hit(
                doc=doc,
                url=registry.url_for(doc.kind, doc.object_id, elsewhere=elsewhere),
                title=highlight(doc.title, marks),
                snippet=snippet(doc.body, marks),
                elsewhere=elsewhere,
                municipality_name=doc.municipality.name if elsewhere else "",
            )
        )
    return result


# --- highlighting -----------------------------------------------------------------------------


def _marks(terms: list[str]) -> set[str]:
    """What a word (or two neighbouring words together) may start with: the query's terms and
    its neighbouring terms joined."""
    return set(terms) | {a + b for a, b in zip(terms, terms[1:], strict=False)}


def _marked_positions(text: str, marks) -> tuple[list[re.Match], set[int]]:
    single = marks
    found = list(_WORD_RUN.finditer(text))
    if not single:
        return found, set()
    folded = ["".join(words(m.group(0))) for m in found]
    parts = [words(m.group(0)) for m in found]
    hit: set[int] = set()
    for i, whole in enumerate(folded):
        if any(whole.startswith(t) or any(p.startswith(t) for p in parts[i]) for t in single):
            hit.add(i)
        elif i + 1 < len(folded):
            # a word the query wrote together, written here as two ("کتاب خانه")
            pair = whole + folded[i + 1]
            if any(pair.startswith(t) and len(t) > len(whole) for t in single):
                hit.update((i, i + 1))
    return found, hit


def _render(text: str, found: list[re.Match], hit: set[int], start: int, end: int) -> str:
    out, cursor = [], start
    for i, m in enumerate(found):
        if m.start() < start or m.end() > end:
            continue
        if i in hit:
            out.append(escape(text[cursor : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            cursor = m.end()
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, marks) -> SafeString:
    """``text`` escaped, with the words the query matched inside ``<mark>``."""
    found, hit = _marked_positions(text, marks)
    return mark_safe(_render(text, found, hit, 0, len(text)))  # noqa: S308 - escaped above


def snippet(text: str, marks, *, size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words of ``text`` around the first matched word, highlighted."""
    found, hit = _marked_positions(text, marks)
    if not found:
        return mark_safe("")
    first = min(hit) if hit else 0
    lo = max(0, first - size // 3)
    hi = min(len(found), lo + size)
    start = 0 if lo == 0 else found[lo].start()
    end = len(text) if hi == len(found) else found[hi - 1].end()
    body = _render(text, found, hit, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 - escaped in _render
