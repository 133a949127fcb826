"""The one search through the API: the same selector as the page (the caller's municipality,
and what other municipalities offer to all), one page of hits with the matched words marked."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from hamafza.catalogue.models import Program
from hamafza.core.api_schemas import ERRORS, MAX_ID
from hamafza.library.models import Resource
from hamafza.library.permissions import can_view_library
from hamafza.search import registry
from hamafza.search import selectors as search

router = Router(tags=["community"])

MAX_SEARCH_PAGE = search.MAX_COUNTED // search.PER_PAGE + 1


class HitOut(Schema):
    kind: str = Field(description="resource, report or question")
    object_id: int
    title: str
    title_html: str = Field(description="The title, HTML-escaped, matched words in <mark>")
    snippet_html: str = Field(description="Words of the text around the first match, marked")
    url: str
    elsewhere: bool = Field(description="Offered by another municipality (read-only)")
    municipality: str = Field(description="The offering municipality, when elsewhere")
    author_name: str
    domain_id: int | None
    program_id: int | None
    district_id: int | None
    published_at: dt.datetime
    used: int


class SearchOut(Schema):
    query: str
    total: int = Field(description="Matches counted, at most 1,001")
    more_than: int = Field(description="Set when there are more matches than were counted")
    page: int
    pages: int
    partial: bool = Field(description="No whole word matched; titles containing the words")
    results: list[HitOut]


@router.get("/search", response={200: SearchOut, **ERRORS}, operation_id="community_search")
def search_community(
    request,
    q: str = Query("", max_length=200),
    kind: str | None = Query(None, description="One of: resource, report, question"),
    resource_kind: str | None = Query(None, description="One of: " + ", ".join(Resource.Kind)),
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
    program_id: int | None = Query(None, ge=1, le=MAX_ID),
    audience: str | None = Query(None, description="One of: " + ", ".join(Program.Audience)),
    district_id: int | None = Query(None, ge=1, le=MAX_ID),
    licence: str | None = Query(None, description="One of: " + ", ".join(Resource.Licence)),
    sort: str = Query("relevance", description="relevance, recent or used"),
    page: int = Query(1, ge=1, le=MAX_SEARCH_PAGE),
):
    """Resources, experience reports and questions: every spelling of a word finds the others
    (Arabic letter forms, hamza, diacritics, ZWNJ or space or nothing inside a word, any digits,
    a digit glued to a word); every word must match, the last one also as the start of a word."""
    if not can_view_library(request.scope):
        raise PermissionDenied
    filters = {
        "kind": kind if kind in registry.KINDS else "",
        "resource_kind": resource_kind if resource_kind in Resource.Kind.values else "",
        "domain": domain_id,
        "program": program_id,
        "audience": audience if audience in Program.Audience.values else "",
        "district": district_id,
        "licence": licence if licence in Resource.Licence.values else "",
    }
    found = search.search(
        request.scope, q, filters=filters, sort=sort if sort in search.SORTS else "relevance",
        page=page,
    )  # fmt: skip
    return {
        "query": q,
        "total": found.total,
        "more_than": found.more_than,
        "page": found.page,
        "pages": found.pages,
        "partial": found.partial,
        "results": [
            {
                "kind": h.doc.kind,
                "object_id": h.doc.object_id,
                "title": h.doc.title,
                "title_html": str(h.title),
                "snippet_html": str(h.snippet),
                "url": h.url,
                "elsewhere": h.elsewhere,
                "municipality": h.municipality_name,
                "author_name": h.doc.author_name,
                "domain_id": h.doc.domain_id,
                "program_id": h.doc.program_id,
                "district_id": h.doc.district_id,
                "published_at": h.doc.published_at,
                "used": h.doc.used,
            }  # fmt: skip
            for h in found.hits
        ],
    }
