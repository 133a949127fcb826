"""Writing the index: the capability that owns a thing calls ``put`` when it becomes findable or
changes and ``drop`` when it stops being findable, inside its own transaction, so the index is
never ahead of or behind the data (the engine's own index follows by trigger or generated
column)."""

import datetime as dt

from hamafza.search.folding import index_tokens
from hamafza.search.models import SearchDocument


def put(
    *,
    kind: str,
    object_id: int,
    municipality_id: int,
    title: str,
    body: str = "",
    published_at: dt.datetime,
    domain_id: int | None = None,
    program_id: int | None = None,
    lesson_id: int | None = None,
    district_id: int | None = None,
    audience: str = "",
    resource_kind: str = "",
    licence: str = "",
    author_name: str = "",
    shared: bool = False,
    used: int = 0,
) -> SearchDocument:
    """Make the thing findable (or refresh it): one row per ``(kind, object_id)``."""
    values = {
        "municipality_id": municipality_id,
        "title": title[:300],
        "body": body,
        "title_key": index_tokens(title),
        "body_key": index_tokens(body),
        "published_at": published_at,
        "domain_id": domain_id,
        "program_id": program_id,
        "lesson_id": lesson_id,
        "district_id": district_id,
        "audience": audience,
        "resource_kind": resource_kind,
        "licence": licence,
        "author_name": author_name[:200],
        "shared": shared,
        "used": used,
    }
    doc, _ = SearchDocument.objects.update_or_create(
        kind=kind, object_id=object_id, defaults=values
    )
    return doc


def set_used(*, kind: str, object_id: int, used: int) -> None:
    """Only the "most used" figure changed (no re-indexing of the text)."""
    SearchDocument.objects.filter(kind=kind, object_id=object_id).update(used=used)


def drop(*, kind: str, object_id: int) -> None:
    """The thing is no longer findable (unpublished, hidden, deleted)."""
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
