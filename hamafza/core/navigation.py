"""The main menu. Each capability registers a function that returns its menu entries for a scope,
so the shared kernel never imports the apps above it."""

from collections.abc import Callable

from hamafza.core.scoping import Scope

# (href, label), or (None, label, [(href, label), ...]) for a drop-down group
NavItem = tuple
_providers: list[tuple[int, Callable[[Scope, object], list[NavItem]]]] = []


def register(provider: Callable[[Scope, object], list[NavItem]], *, order: int = 50) -> None:
    if all(p is not provider for _, p in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])


def items_for(scope: Scope, user) -> list[NavItem]:
    items: list[NavItem] = []
    for _, provider in _providers:
        items.extend(provider(scope, user))
    return items
