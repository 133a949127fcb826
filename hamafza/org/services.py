"""Writes of organisation records. Pages and the API call these same functions."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.core.concurrency import check_version
from hamafza.core.scoping import Scope, in_scope, scoped
from hamafza.org.models import District, Neighbourhood
from hamafza.org.permissions import can_change
from hamafza.org.selectors import ENTITY_MODELS

# Foreign keys a user may point at only if they can see the target.
_SCOPED_REFERENCES = {"district": District, "neighbourhood": Neighbourhood}


def _check_references(obj, scope: Scope) -> None:
    errors = {}
    for field, model in _SCOPED_REFERENCES.items():
        target_id = getattr(obj, f"{field}_id", None)
        if target_id and not scoped(model.objects.filter(pk=target_id), scope).exists():
            errors[field] = _("You cannot use a %(unit)s outside your area.") % {
                "unit": model._meta.verbose_name
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_save(
    *,
    scope: Scope,
    actor,
    entity: str,
    data: dict,
    instance=None,
    expected_updated_at: dt.datetime | None = None,
):
    """Create (instance=None) or update an organisation record within the actor's scope.

    Raises PermissionDenied for a role that may not write, ValidationError for bad data or an
    edit that another person saved first (nothing is written in either case).
    """
    if not can_change(scope, entity):
        raise PermissionDenied(_("You do not have permission to change this record."))
    model = ENTITY_MODELS[entity]
    if instance is None:
        obj = model(municipality_id=scope.municipality_id)
    else:
        if instance.municipality_id != scope.municipality_id or not in_scope(instance, scope):
            raise PermissionDenied(_("This record is outside your area."))
        obj = model.objects.select_for_update().get(pk=instance.pk)
        check_version(obj, expected_updated_at)
    for field, value in data.items():
        setattr(obj, field, value)
    _check_references(obj, scope)
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj
