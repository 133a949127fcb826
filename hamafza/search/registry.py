"""What the one search finds: each capability registers the kinds of document it puts in the
index (a resource, an experience report, a question), with the label a person reads and the page
that shows one. The search app knows nothing else about them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy text
    url_name: str  # a URL name taking ``pk``
    shared_url_name: str = ""  # the page that shows one offered by another municipality
    # puts every findable thing of the kind in the index again; returns how many
    rebuild: Callable[[], int] | None = None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.key] = kind


def url_for(kind: str, object_id: int, *, elsewhere: bool = False) -> str:
    entry = KINDS.get(kind)
    if entry is None:
        return ""
    name = entry.shared_url_name if elsewhere and entry.shared_url_name else entry.url_name
    return reverse(name, kwargs={"pk": object_id})


def label_for(kind: str) -> str:
    entry = KINDS.get(kind)
    return str(entry.label) if entry else kind
