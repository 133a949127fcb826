"""The scoping gate: the one place that turns a user's role into the rows they may touch.

Every tenant model carries its municipality and declares, in a ``Scoping`` inner class, which of
its rows each role reads. Either the whole model is reference data every role of the municipality
reads (``municipality_shared = True``: districts' agencies, the catalogue, holidays…), or it
names one rule per narrowed role::

    class Session(TenantModel):
        class Scoping:
            district = "district"                 # a district coordinator: path to the district
            school = "school"                     # a school contact: path to the school
            agency = FirstOf(("plan_line__agency", "domain__owner_agency"))  # the first set
            trainer = "trainers__user"            # a trainer: path to the user who teaches it
            person = NOTHING                      # a volunteer or a citizen: no row

A rule is a lookup path (a tuple of paths, any of which may match; ``FirstOf`` paths, the first
set one decides), ``ALL`` (every row of the
municipality), ``NOTHING``, or for ``school`` ``BY_DISTRICT`` (the rows of the school's district,
by the ``district`` path). The directorate and platform admins read the whole municipality; a role
the gate does not know reads nothing. ``scoped(queryset, scope)`` applies it; selectors call it and
views never build tenant querysets themselves (``core/tests/test_scoping_gate.py`` walks the code).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    DIRECTORATE = "directorate", _("Directorate")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")
    AGENCY_LIAISON = "agency_liaison", _("Agency liaison")
    SCHOOL_CONTACT = "school_contact", _("School contact")
    TRAINER = "trainer", _("Trainer")
    VOLUNTEER = "volunteer", _("Volunteer")
    CITIZEN = "citizen", _("Citizen")


# The one vocabulary of roles: every rule names one of these sets (or one role); no app writes
# its own set of roles (``core/tests/test_vocabulary.py`` fails on a second copy).
MUNICIPALITY_WIDE = frozenset({Role.PLATFORM_ADMIN, Role.DIRECTORATE})
"""The directorate and the platform admin: the whole municipality, every verb."""
DISTRICT_SCOPED = frozenset({Role.DISTRICT_COORDINATOR})
SCHOOL_SCOPED = frozenset({Role.SCHOOL_CONTACT})
DISTRICT_MANAGERS = MUNICIPALITY_WIDE | DISTRICT_SCOPED
"""Who runs the programme: the directorate everywhere, a district's coordinator in it."""
MUNICIPALITY_READERS = MUNICIPALITY_WIDE | {Role.AGENCY_LIAISON}
"""Who reads across every district (the gate does not narrow an agency liaison to a district)."""
MANAGERS_AND_LIAISONS = DISTRICT_MANAGERS | {Role.AGENCY_LIAISON}
"""The programme's office: its managers and the partner agencies' liaisons."""
MANAGERS_AND_TRAINERS = DISTRICT_MANAGERS | {Role.TRAINER}
"""The managers and the trainers (narrowed to their own sessions where it matters)."""
FIELD_STAFF = frozenset({Role.TRAINER, Role.VOLUNTEER})
"""Who works at sessions and camps without running them."""
STAFF = MANAGERS_AND_LIAISONS | SCHOOL_SCOPED | {Role.TRAINER}
"""Every staff role of the municipality (not volunteers or citizens)."""
PUBLIC = frozenset({Role.CITIZEN, Role.VOLUNTEER})
"""People who take part in the programme rather than run it: they see its public side."""


@dataclass(frozen=True)
class Scope:
    """Who is asking, in which municipality, limited to which unit."""

    user_id: int | None
    role: str | None
    municipality_id: int | None
    district_id: int | None = None
    agency_id: int | None = None
    school_id: int | None = None
    membership_id: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None or self.municipality_id is None

    @property
    def is_municipality_wide(self) -> bool:
        return self.role in MUNICIPALITY_WIDE

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


NO_SCOPE = Scope(user_id=None, role=None, municipality_id=None)


class OutOfScope(Exception):
    """Raised by services when a write would reach outside the actor's scope."""


ALL = "*"
"""The role reads every row of the municipality."""
NOTHING = "-"
"""The role reads no row."""
BY_DISTRICT = "<district>"
"""(``school`` only) a school contact reads the rows of their school's district."""


class FirstOf(tuple):
    """A rule of paths where the first that leads anywhere decides: ``FirstOf(("plan_line__agency",
    "domain__owner_agency"))`` is the plan line's agency, or the domain's owner when the session
    counts toward no line with an agency (as the monitoring buckets attribute it)."""


RULE_OF_ROLE = {
    Role.DISTRICT_COORDINATOR: ("district", "district_id"),
    Role.SCHOOL_CONTACT: ("school", "school_id"),
    Role.AGENCY_LIAISON: ("agency", "agency_id"),
    Role.TRAINER: ("trainer", "user_id"),
    Role.VOLUNTEER: ("person", "user_id"),
    Role.CITIZEN: ("person", "user_id"),
}
"""Which ``Scoping`` rule narrows each role, and the unit of the scope it is compared with."""
RULES = ("district", "school", "agency", "trainer", "person")


def rule_for(model, rule: str):
    """The declared rule ``rule`` of ``model``: ALL for reference data, NOTHING if undeclared."""
    rules = model.__dict__.get("Scoping")
    if rules is None:
        return NOTHING
    if getattr(rules, "municipality_shared", False):
        return ALL
    return getattr(rules, rule, NOTHING)


def scoped(queryset: models.QuerySet, scope: Scope) -> models.QuerySet:
    """Limit a tenant queryset to what ``scope`` may see. No scope, no rows."""
    if scope.is_anonymous:
        return queryset.none()
    model = queryset.model
    rules = model.__dict__.get("Scoping")
    municipality_path = getattr(rules, "municipality", "municipality")
    queryset = queryset.filter(**{f"{municipality_path}_id": scope.municipality_id})
    if scope.role in MUNICIPALITY_WIDE:
        return queryset
    if scope.role not in RULE_OF_ROLE:
        return queryset.none()
    rule, unit = RULE_OF_ROLE[scope.role]
    paths = rule_for(model, rule)
    if paths == ALL:
        return queryset
    value = getattr(scope, unit)
    if rule == "school" and paths == BY_DISTRICT:
        paths, value = rule_for(model, "district"), scope.district_id
        if paths == ALL:
            return queryset
    if paths == NOTHING or value is None:
        return queryset.none()
    return queryset.filter(_matching(model, paths, value))


def _matching(model, paths: str | tuple[str, ...], value: int) -> models.Q:
    """Rows where any of ``paths`` leads to ``value``; a path through a to-many relation is taken
    in a subquery, so a row is returned once however many related rows match."""
    if isinstance(paths, FirstOf):
        found, before = [], {}
        for path in paths:
            found.append(models.Q(**before, **{_id_lookup(path): value}))
            before[f"{path}__isnull"] = True
        return reduce(operator.or_, found)
    found = []
    for path in (paths,) if isinstance(paths, str) else paths:
        lookup = {_id_lookup(path): value}
        if _is_to_many(model, path):
            found.append(models.Q(pk__in=model._default_manager.filter(**lookup).values("pk")))
        else:
            found.append(models.Q(**lookup))
    return reduce(operator.or_, found)


def _is_to_many(model, path: str) -> bool:
    for name in path.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def _id_lookup(path: str) -> str:
    return path if path == "pk" or path.endswith("_id") else f"{path}_id"


def in_scope(obj: models.Model, scope: Scope) -> bool:
    """True if ``obj`` is one of the rows ``scope`` may see."""
    return scoped(type(obj)._default_manager.filter(pk=obj.pk), scope).exists()
