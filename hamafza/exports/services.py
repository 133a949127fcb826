"""Asking for an export: checked, recorded with the requester's scope, and queued once the
transaction commits."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.core.scoping import Role, Scope, scoped
from hamafza.exports.models import ExportJob
from hamafza.exports.permissions import can_export
from hamafza.exports.tasks import export_task
from hamafza.org.models import District

MAX_DAYS = 5 * 366
RUNNING_PER_USER = 3


@transaction.atomic
def export_request(
    *, scope: Scope, actor, kind: str, fmt: str, date_from: dt.date, date_to: dt.date,
    district_id: int | None = None,
) -> ExportJob:  # fmt: skip
    if not can_export(scope):
        raise PermissionDenied(_("Your role cannot export data."))
    errors = {}
    if kind not in ExportJob.Kind.values:
        errors["kind"] = _("Choose what to export.")
    if fmt not in ExportJob.Format.values:
        errors["fmt"] = _("Choose CSV or Excel.")
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = _("The end of the period must be on or after its start.")
    elif date_from and date_to and (date_to - date_from).days > MAX_DAYS:
        errors["date_to"] = _("Export at most five years at a time.")
    if scope.role == Role.DISTRICT_COORDINATOR:
        district_id = scope.district_id
    elif district_id and not scoped(District.objects.all(), scope).filter(pk=district_id).exists():
        errors["district"] = _("Choose one of your municipality's districts.")
    if errors:
        raise ValidationError(errors)
    busy = ExportJob.objects.filter(
        requested_by=actor, status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
    ).count()
    if busy >= RUNNING_PER_USER:
        raise ValidationError(_("Wait for your running exports to finish first."))
    job = ExportJob.objects.create(
        municipality_id=scope.municipality_id,
        requested_by=actor,
        kind=kind,
        fmt=fmt,
        date_from=date_from,
        date_to=date_to,
        district_id=district_id,
        role=scope.role,
        scope_district_id=scope.district_id,
        scope_agency_id=scope.agency_id,
        language=(translation.get_language() or "fa")[:8],
    )
    transaction.on_commit(lambda: export_task(job.pk))
    return job
