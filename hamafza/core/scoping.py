"""The scoping gate: the one place that turns a user's role into the rows they may touch.

Every tenant model carries its municipality and declares, in a ``Scoping`` inner class, the
lookup paths to the org units it belongs to::

    class School(TenantModel):
        class Scoping:
            district = "district"   # path to the district id
            school = "pk"           # path to the school id

``scoped(queryset, scope)`` applies the municipality and, for district- or school-scoped roles,
the unit. Selectors call it; views never build tenant querysets themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

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


MUNICIPALITY_WIDE = {Role.PLATFORM_ADMIN, Role.DIRECTORATE}
DISTRICT_SCOPED = {Role.DISTRICT_COORDINATOR}
SCHOOL_SCOPED = {Role.SCHOOL_CONTACT}


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


def _scoping(model) -> type:
    return getattr(model, "Scoping", type("Scoping", (), {}))


def scoped(queryset: models.QuerySet, scope: Scope) -> models.QuerySet:
    """Limit a tenant queryset to what ``scope`` may see. No scope, no rows."""
    if scope.is_anonymous:
        return queryset.none()
    model = queryset.model
    rules = _scoping(model)
    municipality_path = getattr(rules, "municipality", "municipality")
    queryset = queryset.filter(**{f"{municipality_path}_id": scope.municipality_id})
    if scope.role in SCHOOL_SCOPED:
        school_path = getattr(rules, "school", None)
        district_path = getattr(rules, "district", None)
        if school_path:
            return queryset.filter(**{_id_lookup(school_path): scope.school_id})
        if district_path:
            return queryset.filter(**{_id_lookup(district_path): scope.district_id})
        return queryset if getattr(rules, "municipality_shared", False) else queryset.none()
    if scope.role in DISTRICT_SCOPED:
        district_path = getattr(rules, "district", None)
        if district_path:
            return queryset.filter(**{_id_lookup(district_path): scope.district_id})
        return queryset if getattr(rules, "municipality_shared", False) else queryset.none()
    return queryset


def _id_lookup(path: str) -> str:
    return path if path == "pk" or path.endswith("_id") else f"{path}_id"


def in_scope(obj: models.Model, scope: Scope) -> bool:
    """True if ``obj`` is one of the rows ``scope`` may see."""
    return scoped(type(obj)._default_manager.filter(pk=obj.pk), scope).exists()
