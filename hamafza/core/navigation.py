"""The main menu. Each capability registers a function that returns its menu entries for a scope,
so the shared kernel never imports the apps above it. Capabilities of one family name the same
``group``: their entries share one drop-down (a group with a single entry shows as a plain link),
so the bar stays on one line however many capabilities there are."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import Scope

# (href, label), or (None, label, [(href, label), ...]) for a drop-down group
NavItem = tuple
GROUPS = {
    "deliver": _("Plan and deliver"),
    "coordinate": _("Coordination"),
    "quality": _("Quality"),
    "community": _("Trainers' community"),
    "monitor": _("Monitoring and reports"),
}
_providers: list[tuple[int, Callable[[Scope, object], list[NavItem]], str | None]] = []


def register(
    provider: Callable[[Scope, object], list[NavItem]], *, order: int = 50, group: str | None = None
) -> None:
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown menu group {group!r}")
    if all(p is not provider for _, p, _g in _providers):
        _providers.append((order, provider, group))
        _providers.sort(key=lambda item: item[0])


def _links(items: list[NavItem]) -> list[tuple]:
    out = []
    for item in items:
        out.extend(item[2] if item[0] is None else [item])
    return out


def items_for(scope: Scope, user) -> list[NavItem]:
    items: list[NavItem] = []
    groups: dict[str, list] = {}
    for _order, provider, group in _providers:
        entries = provider(scope, user)
        if group is None:
            items.extend(entries)
            continue
        if group not in groups:
            groups[group] = []
            items.append(group)  # a placeholder at the group's first place
        groups[group].extend(_links(entries))
    out: list[NavItem] = []
    for item in items:
        if isinstance(item, str):
            links = groups[item]
            if len(links) == 1:
                out.append(links[0])
            elif links:
                out.append((None, GROUPS[item], links))
        else:
            out.append(item)
    return out
