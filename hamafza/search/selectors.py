"""Reading the one search: what a person may find, matched by the database's own engine, ranked,
filtered, sorted, with the matched words highlighted.

What a person may find (``findable``): the documents of their municipality the gate lets them
read (every staff role; citizens and volunteers nothing), and the documents another municipality
offered to every municipality (``shared``: published resources under an open licence) — the only
rows of another tenant any page shows, read-only and credited."""

import functools
import math
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import STAFF, Scope, scoped
from hamafza.search import registry
from hamafza.search.engines import engine_for
from hamafza.search.folding import alternatives, query_terms, words
from hamafza.search.models import SearchDocument

SORTS = ("relevance", "recent", "used")
SORT_LABELS = [
    ("relevance", _("Most relevant")),
    ("recent", _("Newest")),
    ("used", _("Most used")),
]
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
MAX_COUNTED = 1000
SNIPPET_WORDS = 36
# a word as a reader sees it: letters and digits, ZWNJ inside ("کتاب‌خانه‌ی" is one word)
_WORD_RUN = re.compile("[^\\W_](?:[^\\W_]|\u200c)*")


@dataclass
class Hit:
    doc: SearchDocument
    label: str  # what kind of thing, in the reader's language
    url: str
    title: SafeString
    snippet: SafeString
    elsewhere: bool  # offered by another municipality
    municipality_name: str


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # at most MAX_COUNTED + 1
    page: int = 1
    pages: int = 1
    partial: bool = False  # nothing matched whole words; these match part of a title
    engine: str = ""

    # the page interface of templates/includes/pagination.html
    @property
    def number(self) -> int:
        return self.page

    @property
    def paginator(self):
        return self

    @property
    def num_pages(self) -> int:
        return self.pages

    @property
    def count(self) -> int:
        return self.total

    @property
    def more_than(self) -> int:
        """Set when there are more matches than were counted."""
        return MAX_COUNTED if self.total > MAX_COUNTED else 0

    def has_previous(self) -> bool:
        return self.page > 1

    def has_next(self) -> bool:
        return self.page < self.pages

    def has_other_pages(self) -> bool:
        return self.pages > 1

    def previous_page_number(self) -> int:
        return self.page - 1

    def next_page_number(self) -> int:
        return self.page + 1


def findable(scope: Scope) -> QuerySet:
    own = scoped(SearchDocument.objects.all(), scope)
    if scope.is_anonymous or scope.role not in STAFF or scope.municipality_id is None:
        return own
    elsewhere = SearchDocument.objects.filter(shared=True).exclude(
        municipality_id=scope.municipality_id
    )
    return own | elsewhere


def _ordered_ids(qs: QuerySet, sort: str, *, ranked: bool) -> list[int]:
    """The ids of the first ``MAX_COUNTED + 1`` matches in order: the page's rows and the count
    come from this one query, and no text is carried through the sort."""
    return list(_ordered(qs, sort, ranked=ranked).values_list("id", flat=True)[: MAX_COUNTED + 1])


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
    return qs.extra(order_by=["-score", "-published_at", "-id"])


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
    base = _filtered(findable(scope), filters or {})
    terms = query_terms(query)
    result = Results(query=query, engine=engine.name)
    if not terms:
        ids = _ordered_ids(base, sort, ranked=False)
    else:
        options = alternatives(terms)
        ids = _ordered_ids(engine.match(base, options, rank=sort == "relevance"), sort, ranked=True)
        if not ids:
            partial = base
            for term in terms:
                partial = partial.filter(title_key__contains=term)
            ids = _ordered_ids(partial, sort, ranked=False)
            result.partial = bool(ids)
    # one query gives the order and the count (up to MAX_COUNTED); pages reach that far
    result.total = len(ids)
    result.pages = max(1, math.ceil(result.total / per_page))
    result.page = min(max(1, page), result.pages)
    start = (result.page - 1) * per_page
    ids = ids[start : start + per_page]
    found = findable(scope).select_related("municipality").in_bulk(ids)
    # a row may have stopped being findable between the two statements (hidden, withdrawn)
    rows = [found[i] for i in ids if i in found]
    marks = _marks(terms)
    for doc in rows:
        elsewhere = doc.municipality_id != scope.municipality_id
        result.hits.append(
            Hit(
                doc=doc,
                label=registry.label_for(doc.kind),
                url=registry.url_for(doc.kind, doc.object_id, elsewhere=elsewhere),
                title=highlight(doc.title, marks),
                snippet=snippet(doc.body, marks),
                elsewhere=elsewhere,
                municipality_name=doc.municipality.name if elsewhere else "",
            )
        )
    return result


# --- highlighting -----------------------------------------------------------------------------


def _marks(terms: list[str]) -> re.Pattern | None:
    """What a word (or two neighbouring words together) may start with: the query's terms and
    its neighbouring terms joined, longest first."""
    options = set(terms) | {a + b for a, b in zip(terms, terms[1:], strict=False)}
    if not options:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(options, key=len, reverse=True)))


@functools.lru_cache(maxsize=20_000)
def _fold_word(word: str) -> tuple[str, tuple[str, ...]]:
    """A word as the index sees it: folded whole, and its parts (a glued digit apart)."""
    parts = tuple(words(word))
    return "".join(parts), parts


def _marked_positions(text: str, marks) -> tuple[list[re.Match], set[int]]:
    found = list(_WORD_RUN.finditer(text))
    hit: set[int] = set()
    if marks is None:
        return found, hit
    folds = [_fold_word(m.group(0)) for m in found]
    for i, (whole, parts) in enumerate(folds):
        if marks.match(whole) or any(marks.match(p) for p in parts):
            hit.add(i)
        elif i + 1 < len(folds):
            # a word the query wrote together, written here as two ("کتاب خانه")
            joined = marks.match(whole + folds[i + 1][0])
            if joined and joined.end() > len(whole):
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
