"""The rows an export holds, always through the scoping gate (an agency liaison's are the sessions
their list shows: of their agency's domains or plan lines)."""

import datetime as dt

from django.utils import timezone

from hamafza.core.scoping import Scope, scoped
from hamafza.exports.models import ExportJob
from hamafza.sessions.models import Session


def jobs(*, scope: Scope):
    if scope.is_anonymous:
        return ExportJob.objects.none()
    return scoped(ExportJob.objects.all(), scope).filter(requested_by_id=scope.user_id)


def job_get(*, scope: Scope, pk: int) -> ExportJob | None:
    return jobs(scope=scope).filter(pk=pk).first()


def scope_of(job: ExportJob) -> Scope:
    """The requester's scope as it was when they asked."""
    return Scope(
        user_id=job.requested_by_id,
        role=job.role,
        municipality_id=job.municipality_id,
        district_id=job.scope_district_id,
        agency_id=job.scope_agency_id,
    )


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(date_from, dt.time.min, tzinfo=tz),
        dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def sessions(*, scope: Scope, date_from: dt.date, date_to: dt.date, district_id=None):
    start, end = _bounds(date_from, date_to)
    qs = scoped(Session.objects.all(), scope).filter(starts_at__gte=start, starts_at__lt=end)
    if district_id:
        qs = qs.filter(district_id=district_id)
    return qs.order_by("starts_at", "pk")
