"""Reads of the trainer registry. Tenant rows come through the scoping gate."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Domain
from hamafza.core import jalali
from hamafza.core.persian import localize_digits, search_terms
from hamafza.core.scoping import Scope, scoped
from hamafza.trainers.models import (
    Certificate,
    CompetencyLevel,
    CourseAttendance,
    Enrolment,
    Leave,
    Trainer,
    TrainerDomain,
    TrainingCourse,
    WeeklyAvailability,
)
from hamafza.trainers.permissions import can_view_pool, can_view_trainer


def today() -> dt.date:
    return timezone.localdate()


def valid_certificates(on: dt.date) -> Q:
    """Certificates that count on day ``on``: verified, issued by then, not yet expired."""
    return Q(status=Certificate.Status.VERIFIED, issued_on__lte=on) & (
        Q(expires_on__isnull=True) | Q(expires_on__gte=on)
    )


def trainer_pool(
    *,
    scope: Scope,
    query: str | None = None,
    domain_id: int | None = None,
    district_id: int | None = None,
    level_rank: int | None = None,
    certified_only: bool = False,
    available_on: dt.date | None = None,
    status: str | None = Trainer.Status.ACTIVE,
) -> QuerySet[Trainer]:
    """The shared pool of the scope's municipality, filtered the way planners search it."""
    if not can_view_pool(scope):
        return Trainer.objects.none()
    qs = scoped(Trainer.objects.select_related("home_district", "employer"), scope)
    if status:
        qs = qs.filter(status=status)
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    if domain_id:
        qs = qs.filter(trainer_domains__domain_id=domain_id)
        if level_rank:
            qs = qs.filter(
                trainer_domains__domain_id=domain_id, trainer_domains__level__rank__gte=level_rank
            )
    elif level_rank:
        qs = qs.filter(trainer_domains__level__rank__gte=level_rank)
    if district_id:
        qs = qs.filter(home_district_id=district_id)
    if certified_only:
        certs = Certificate.objects.filter(valid_certificates(today()), trainer=OuterRef("pk"))
        if domain_id:
            certs = certs.filter(domain_id=domain_id)
        qs = qs.filter(Exists(certs))
    if available_on:
        slots = WeeklyAvailability.objects.filter(
            trainer=OuterRef("pk"), weekday=available_on.weekday()
        )
        leave = Leave.objects.filter(
            trainer=OuterRef("pk"), starts_on__lte=available_on, ends_on__gte=available_on
        )
        qs = qs.filter(Exists(slots)).exclude(Exists(leave))
    return qs.distinct().prefetch_related(
        Prefetch(
            "trainer_domains", queryset=TrainerDomain.objects.select_related("domain", "level")
        )
    )


def trainer_get(*, scope: Scope, pk: int) -> Trainer | None:
    trainer = (
        scoped(Trainer.objects.select_related("home_district", "employer", "user"), scope)
        .filter(pk=pk)
        .first()
    )
    if trainer is None or not can_view_trainer(scope, trainer):
        return None
    return trainer


def own_trainer(*, scope: Scope) -> Trainer | None:
    if scope.user_id is None:
        return None
    return scoped(Trainer.objects.all(), scope).filter(user_id=scope.user_id).first()


def domains(*, scope: Scope) -> QuerySet[Domain]:
    return scoped(Domain.objects.all(), scope)


# Capabilities above this one (sessions) register how many hours a trainer delivered through
# them, so the ladder counts real teaching without this app importing theirs.
HOURS_PROVIDERS: list = []


def delivered_hours(trainer: Trainer, domain_id: int) -> float:
    """Teaching hours delivered through Hamafza, in one domain."""
    return sum(provider(trainer, domain_id) for provider in HOURS_PROVIDERS)


# What apps above this one show on a trainer's record (the community's contributions):
# callables ``(scope=, trainer=)`` returning None or an object with a ``template`` to include
# with it as ``panel``; they register in their AppConfig.ready.
RECORD_PANELS: list = []


def record_panels(*, scope: Scope, trainer: Trainer) -> list:
    return [p for p in (panel(scope=scope, trainer=trainer) for panel in RECORD_PANELS) if p]


# Capabilities above this one (mentoring) add requirements a rung holds outside this app: each
# is called with (trainer, level) and returns what the trainer still misses for that level (a
# list of sentences, empty when met), so the ladder counts it without importing them.
LADDER_CHECKS: list = []


@dataclass
class LadderStatus:
    domain: Domain
    level: CompetencyLevel | None
    prior_hours: int
    courses: int
    hours: float
    observation_score: int | None
    eligible: CompetencyLevel | None
    next_level: CompetencyLevel | None
    missing: list[str] = field(default_factory=list)


def _meets(
    level: CompetencyLevel, courses: int, hours: float, score: int | None, trainer=None
) -> list[str]:
    missing = []
    n = localize_digits
    if courses < level.min_courses:
        missing.append(
            _("%(n)s more train-the-trainer course(s)") % {"n": n(level.min_courses - courses)}
        )
    if hours < level.min_hours:
        missing.append(_("%(n)s more teaching hours") % {"n": n(int(level.min_hours - hours))})
    if level.min_observation_score is not None and (score or 0) < level.min_observation_score:
        missing.append(
            _("an observation score of at least %(n)s (now %(now)s)")
            % {"n": n(level.min_observation_score), "now": n(score) if score is not None else "—"}
        )
    if trainer is not None:
        for check in LADDER_CHECKS:
            missing.extend(check(trainer, level))
    return missing


def ladder_status(trainer: Trainer) -> list[LadderStatus]:
    """For each domain the trainer teaches: the granted level, the highest level the record
    supports, and what is missing for the next rung."""
    rows = []
    tds = trainer.trainer_domains.select_related("domain", "level")
    completed = dict(
        Enrolment.objects.filter(trainer=trainer, status=Enrolment.Status.COMPLETED)
        .values_list("course__domain_id")
        .annotate(n=Count("pk"))
    )
    for td in tds:
        ladder = list(CompetencyLevel.objects.filter(domain=td.domain).order_by("rank"))
        courses = completed.get(td.domain_id, 0)
        hours = td.prior_hours + delivered_hours(trainer, td.domain_id)
        eligible = None
        for level in ladder:
            if not _meets(level, courses, hours, td.observation_score, trainer):
                eligible = level
            else:
                break
        current_rank = td.level.rank if td.level else 0
        next_level = next((lv for lv in ladder if lv.rank > current_rank), None)
        missing = (
            _meets(next_level, courses, hours, td.observation_score, trainer) if next_level else []
        )
        rows.append(
            LadderStatus(
                domain=td.domain,
                level=td.level,
                prior_hours=td.prior_hours,
                courses=courses,
                hours=hours,
                observation_score=td.observation_score,
                eligible=eligible,
                next_level=next_level,
                missing=missing,
            )
        )
    return rows


def assignment_blockers(trainer: Trainer, domain_id: int, on: dt.date) -> list[str]:
    """Reasons the trainer may not be assigned to a session of this domain on this day (empty
    list: may be assigned). Used by scheduling."""
    reasons = []
    if trainer.status != Trainer.Status.ACTIVE:
        reasons.append(_("%(name)s is not active.") % {"name": trainer})
    if not trainer.certificates.filter(valid_certificates(on), domain_id=domain_id).exists():
        expired = (
            trainer.certificates.filter(
                status=Certificate.Status.VERIFIED, domain_id=domain_id, expires_on__lt=on
            )
            .order_by("-expires_on")
            .first()
        )
        if expired:
            reasons.append(
                _("%(name)s's certificate for this domain expired on %(date)s.")
                % {"name": trainer, "date": jalali.format_date(expired.expires_on)}
            )
        else:
            reasons.append(
                _("%(name)s has no verified certificate for this domain.") % {"name": trainer}
            )
    return reasons


def certificates_expiring(*, scope: Scope, days: int) -> QuerySet[Certificate]:
    if not can_view_pool(scope):
        return Certificate.objects.none()
    start = today()
    end = start + dt.timedelta(days=days)
    # A trainer who already holds a certificate for the same domain valid beyond the window is
    # not about to lose anything; nor is one who has left or is suspended.
    renewed = Certificate.objects.filter(
        trainer=OuterRef("trainer"), domain=OuterRef("domain"), status=Certificate.Status.VERIFIED
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=end))
    return (
        scoped(
            Certificate.objects.select_related("trainer", "domain", "trainer__home_district"), scope
        )
        .filter(
            status=Certificate.Status.VERIFIED,
            expires_on__gte=start,
            expires_on__lte=end,
            trainer__status=Trainer.Status.ACTIVE,
        )
        .exclude(Exists(renewed))
        .order_by("expires_on")
    )


def certificates_pending(*, scope: Scope) -> QuerySet[Certificate]:
    return (
        scoped(Certificate.objects.select_related("trainer", "domain"), scope)
        .filter(status=Certificate.Status.PENDING)
        .order_by("created_at")
    )


def certificate_get(*, scope: Scope, pk: int) -> Certificate | None:
    cert = (
        scoped(Certificate.objects.select_related("trainer", "domain"), scope).filter(pk=pk).first()
    )
    if cert is None or not can_view_trainer(scope, cert.trainer):
        return None
    return cert


def courses(*, scope: Scope) -> QuerySet[TrainingCourse]:
    return scoped(TrainingCourse.objects.select_related("domain"), scope).annotate(
        enrolled=Count("enrolments", distinct=True)
    )


def course_attendance(course: TrainingCourse) -> QuerySet[CourseAttendance]:
    return CourseAttendance.objects.filter(session__course=course)


def course_get(*, scope: Scope, pk: int) -> TrainingCourse | None:
    return scoped(TrainingCourse.objects.select_related("domain"), scope).filter(pk=pk).first()


@dataclass
class CalendarDay:
    date: dt.date
    slots: list
    on_leave: bool
    is_today: bool


def trainer_calendar(trainer: Trainer, start: dt.date, weeks: int = 4) -> list[list[CalendarDay]]:
    """Weeks starting on Saturday (the Iranian week), each day with its availability slots or leave."""
    start = start - dt.timedelta(days=(start.weekday() - 5) % 7)
    end = start + dt.timedelta(days=7 * weeks)
    slots_by_day: dict[int, list] = {}
    for slot in trainer.availability.all():
        slots_by_day.setdefault(slot.weekday, []).append(slot)
    leaves = list(trainer.leaves.filter(starts_on__lt=end, ends_on__gte=start))
    now = today()
    weeks_out = []
    for w in range(weeks):
        week = []
        for d in range(7):
            day = start + dt.timedelta(days=7 * w + d)
            on_leave = any(lv.starts_on <= day <= lv.ends_on for lv in leaves)
            week.append(
                CalendarDay(
                    day,
                    [] if on_leave else slots_by_day.get(day.weekday(), []),
                    on_leave,
                    day == now,
                )
            )
        weeks_out.append(week)
    return weeks_out


def weekly_hours(trainer: Trainer) -> float:
    total = 0.0
    for slot in trainer.availability.all():
        start = dt.datetime.combine(dt.date.min, slot.starts_at)
        end = dt.datetime.combine(dt.date.min, slot.ends_at)
        total += (end - start).total_seconds() / 3600
    return total
