"""The scoping gate is the one door to tenant rows.

1. Every tenant model declares, in its own ``Scoping`` class, what each role reads: reference data
   (``municipality_shared = True``) or one rule per narrowed role (district, school, agency,
   trainer, person), each a path that resolves, ALL, NOTHING or (school) BY_DISTRICT.
2. A walk over the code (AST) finds every ``Model.objects`` / ``Model._default_manager`` of a
   tenant model in the modules that read for a person (selectors, views, API, forms, exports,
   results…) and fails on one that is not inside ``scoped(...)`` and not on the short allow-list
   below. A query filtered by a relation to an object the function was handed (``trainer=trainer``,
   ``camp=OuterRef("pk")``) reads through an object already in scope, like a related manager, and
   is not counted; a lookup by ``pk=`` or ``municipality_id=`` is."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, BY_DISTRICT, NOTHING, RULES

ROOT = Path(__file__).resolve().parents[2]  # hamafza/

# Modules that do not read for a person: writes (services lock and check rows they were handed),
# background jobs over every municipality, the import and conflict checkers (which must see the
# whole municipality to find a duplicate or a double booking), model validation, seeders.
NOT_READ_SURFACES = {
    "services.py",  # writes: rows come from a selector, services lock and re-check them
    "models.py",  # clean(): validation of a row's own relations
    "tasks.py",  # huey jobs, every municipality
    "reminders.py",  # jobs behind tasks.py
    "digest.py",  # weekly digest job
    "rollups.py",  # monitoring's bookkeeping, written in the fact's transaction
    "runner.py",  # the export worker: rows come from exports.selectors under the job's scope
    "delivery.py",  # sessions' delivery services (writes; the signed confirmation link)
    "registration.py",  # public registration: anonymous door by session and signed token
    "checkin.py",  # QR check-in: a signed code names the session
    "conflicts.py",  # double bookings are found across the whole municipality
    "copying.py",  # copying a schedule (a service through session_schedule)
    "imports.py",  # import checkers: duplicates and codes across the municipality
    "importing.py",  # the import engine (batches are read through scoped() in its views)
    "scorecard.py",  # the domain's medians compare a trainer with every trainer of the domain
    "demo.py",
}
SKIPPED_DIRS = {"tests", "migrations", "management", "tests_browser"}

# Read-surface call sites that may query a tenant model outside scoped(): file:function, why.
ALLOWED = {
    # anonymous doors, by a signed token or a public code
    "hamafza/trainers/views.py:verify_certificate": "public check of a certificate by its code",
    "hamafza/sessions/views.py:public_confirm": "public registration, by a signed client id",
    # figures of a row the reader already holds through the gate
    "hamafza/agreements/selectors.py:done_counts": "an agreement's progress counts its whole term",
    # a write beside the reads of its module
    "hamafza/assessment/observations.py:ladder_score_update": "the ladder row of an observation",
    # the one read across municipalities: resources offered to all under an open licence
    "hamafza/library/selectors.py:offered_elsewhere": "offered, published, open-licence only",
    "hamafza/search/selectors.py:findable": "the search index's rows offered to all (shared)",
    # a background job's helper
    "hamafza/meetings/selectors.py:next_meetings": "the daily job's next meeting of every series",
}
SAFE_CALLS = {"none", "create", "bulk_create", "get_or_create", "update_or_create"}


def _tenant_models():
    return [m for m in apps.get_models() if issubclass(m, TenantModel)]


def _gated_models():
    """Tenant models and the other models read through the gate (monitoring's rollups, failed
    deliveries)."""
    return [m for m in apps.get_models() if issubclass(m, TenantModel) or "Scoping" in m.__dict__]


def _resolves(model, path: str) -> bool:
    for name in path.split("__"):
        if name == "pk":
            return True
        if model is None:
            return False
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        model = field.related_model
    return True


def test_every_tenant_model_declares_a_rule_for_every_role():
    problems = []
    assert len(_tenant_models()) >= 64
    models = _gated_models()
    for model in models:
        rules = model.__dict__.get("Scoping")
        label = model._meta.label
        if rules is None:
            problems.append(f"{label}: no Scoping class of its own")
            continue
        if getattr(rules, "municipality_shared", False):
            extra = [r for r in RULES if hasattr(rules, r)]
            if extra:
                problems.append(f"{label}: shared and narrowed by {extra}")
            continue
        for rule in RULES:
            if not hasattr(rules, rule):
                problems.append(f"{label}: no rule for {rule}")
                continue
            value = getattr(rules, rule)
            if value in (ALL, NOTHING) or (rule == "school" and value == BY_DISTRICT):
                continue
            for path in (value,) if isinstance(value, str) else value:
                if not _resolves(model, path):
                    problems.append(f"{label}.{rule}: {path!r} does not resolve")
    assert not problems, "\n".join(problems)


def _read_surfaces():
    for path in sorted(ROOT.rglob("*.py")):
        if SKIPPED_DIRS & set(path.relative_to(ROOT).parts) or path.name in NOT_READ_SURFACES:
            continue
        yield path


def _held(model, key: str, value: ast.expr) -> bool:
    """``relation=obj``, ``relation__in=rows``, ``relation_id=obj.x_id`` or
    ``relation=OuterRef(...)``: a filter through an object (or rows) the code already holds, not
    through the scope."""
    parts = key.split("__")
    if parts[-1] == "in":
        parts.pop()
    if not parts or parts[0] == "municipality":
        return False
    for part in parts:  # a chain of relations (the last may be spelt ``x_id``)
        try:
            field = model._meta.get_field(part[:-3] if part.endswith("_id") else part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation:
            return False
        model = field.related_model
    name = parts[-1]
    if isinstance(value, ast.Call):
        return getattr(value.func, "id", None) == "OuterRef"
    root = value
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id in {"scope", "request", "self"}:
        return False
    if not root.id[0].islower():  # a class's constant, no object
        return False
    return isinstance(value, ast.Attribute) if name.endswith("_id") else True


def _through_held_object(model, call: ast.Call) -> bool:
    return any(kw.arg and _held(model, kw.arg, kw.value) for kw in call.keywords)


def _unscoped_queries(path: Path, names: dict):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in ("objects", "_default_manager")
            and isinstance(node.value, ast.Name)
            and node.value.id in names
        ):
            continue
        method = parents.get(node)
        if isinstance(method, ast.Attribute) and method.attr in SAFE_CALLS:
            continue
        call = parents.get(method)
        first_call = call if isinstance(call, ast.Call) else None
        function, wrapped, current = None, False, node
        while current in parents:
            current = parents[current]
            if isinstance(current, ast.Call):
                name = getattr(current.func, "id", None) or getattr(current.func, "attr", None)
                # scoped(...); Prefetch(...) of the related rows of a scoped queryset
                wrapped = wrapped or name in ("scoped", "Prefetch")
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef) and function is None:
                function = current
        if wrapped:
            continue
        if first_call is not None and _through_held_object(names[node.value.id], first_call):
            continue
        yield (
            f"{path.relative_to(ROOT.parent)}:{function.name if function else '<module>'}",
            (node.lineno),
        )


@pytest.mark.django_db(databases=[])
def test_every_read_of_a_tenant_model_goes_through_the_gate():
    names = {m.__name__: m for m in _tenant_models()}  # Question: either model, both tenant
    found = {}
    for path in _read_surfaces():
        for site, line in _unscoped_queries(path, names):
            found.setdefault(site, []).append(line)
    outside = {site: lines for site, lines in found.items() if site not in ALLOWED}
    assert not outside, "tenant queries outside scoped():\n" + "\n".join(
        f"{site} (line {', '.join(map(str, lines))})" for site, lines in sorted(outside.items())
    )
    stale = set(ALLOWED) - set(found)
    assert not stale, f"allow-list entries with nothing to allow: {sorted(stale)}"
