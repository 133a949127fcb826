"""Copying a term's schedule: every non-cancelled session of a past period is proposed again on the
same weekday and time, a whole number of weeks later, and checked like a new session. The user
sees the plan first; then the chosen sessions are created together through the scheduling
service (which checks each again) — all of them, or none.

Holidays of the new dates are skipped, hard conflicts block a session with the reason, soft ones
let it be copied only when the user accepts the warnings. A weekly series stays a series (with a
series id of its own). The program's current published version is used for the lesson."""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Lesson
from hamafza.core import jalali
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.sessions import conflicts, selectors, services
from hamafza.sessions.bulk import PendingSlots, local_datetime, week_start
from hamafza.sessions.models import Holiday, Session, place_label
from hamafza.sessions.permissions import can_schedule
from hamafza.trainers.models import Trainer
from hamafza.trainers.selectors import assignment_blockers

MAX_SESSIONS = 2000
MAX_PERIOD_DAYS = 366

COPY, WARN, BLOCKED, HOLIDAY = "copy", "warn", "blocked", "holiday"


@dataclass
class Proposal:
    """One source session and what would become of it."""

    source: Session
    lesson: Lesson | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    trainers: list[Trainer]
    outcome: str = COPY
    reasons: list[str] = field(default_factory=list)

    @property
    def place(self) -> str:
        return place_label(self.source.school, self.source.class_label, self.source.venue)


@dataclass
class CopyPlan:
    shift_weeks: int
    confirm_warnings: bool
    proposals: list[Proposal]
    certificate_problems: list[str] = field(default_factory=list)

    def having(self, *outcomes: str) -> list[Proposal]:
        return [p for p in self.proposals if p.outcome in outcomes]

    @property
    def to_copy(self) -> list[Proposal]:
        return self.having(COPY, WARN) if self.confirm_warnings else self.having(COPY)

    @property
    def not_copied(self) -> list[Proposal]:
        copied = {id(p) for p in self.to_copy}
        return [p for p in self.proposals if id(p) not in copied]

    def counts(self) -> dict[str, int]:
        by = defaultdict(int)
        for p in self.proposals:
            by[p.outcome] += 1
        return {
            "source": len(self.proposals),
            "copy": len(self.to_copy),
            "warn": by[WARN],
            "blocked": by[BLOCKED],
            "holiday": by[HOLIDAY],
        }


def _aware(day: dt.date) -> dt.datetime:
    return local_datetime(day, dt.time.min)


def _validate(source_from: dt.date, source_to: dt.date, target_start: dt.date) -> int:
    """The number of weeks to shift by, or a ValidationError."""
    if source_to < source_from:
        raise ValidationError({"source_to": _("The period must end on or after its first day.")})
    if (source_to - source_from).days >= MAX_PERIOD_DAYS:
        raise ValidationError({"source_to": _("Copy at most one year at a time.")})
    weeks = (week_start(target_start) - week_start(source_from)).days // 7
    if weeks < 1:
        raise ValidationError(
            {"target_start": _("The new term must start in a later week than the period copied.")}
        )
    return weeks


def copy_plan(
    *,
    scope: Scope,
    source_from: dt.date,
    source_to: dt.date,
    target_start: dt.date,
    confirm_warnings: bool = False,
    check: bool = True,
) -> CopyPlan:
    """What copying the sessions of ``source_from``–``source_to`` (in scope) to the term that
    starts on ``target_start`` would do. ``check=False`` skips the conflict checks (the service
    makes them when the copy is written)."""
    if not can_schedule(scope):
        raise PermissionDenied(_("You do not have permission to schedule sessions."))
    weeks = _validate(source_from, source_to, target_start)
    sources = (
        scoped(Session.objects.all(), scope)
        .exclude(status=Session.Status.CANCELLED)
        .filter(
            starts_at__gte=_aware(source_from),
            starts_at__lt=_aware(source_to + dt.timedelta(days=1)),
        )
    )
    total = sources.count()
    if total > MAX_SESSIONS:
        raise ValidationError(
            _(
                "The period has %(n)s sessions; at most %(max)s can be copied at once. Choose a shorter period."
            )
            % {"n": localize_digits(total), "max": localize_digits(MAX_SESSIONS)}
        )
    sources = (
        sources.select_related("lesson", "version__program", "school", "venue", "district")
        .prefetch_related("trainers")
        .order_by("starts_at", "pk")
    )
    current = {
        (lesson.version.program_id, lesson.order): lesson
        for lesson in selectors.schedulable_lessons(scope=scope)
    }
    holidays = dict(
        Holiday.objects.filter(municipality_id=scope.municipality_id).values_list("date", "name")
    )
    now = timezone.now()
    pending = PendingSlots()
    plan = CopyPlan(shift_weeks=weeks, confirm_warnings=confirm_warnings, proposals=[])
    latest: dict[tuple[Trainer, int], dt.date] = {}
    for source in sources:
        start, end = timezone.localtime(source.starts_at), timezone.localtime(source.ends_at)
        day = start.date() + dt.timedelta(weeks=weeks)
        proposal = Proposal(
            source=source,
            lesson=current.get((source.version.program_id, source.lesson.order)),
            starts_at=local_datetime(day, start.time()),
            ends_at=local_datetime(day + (end.date() - start.date()), end.time()),
            trainers=list(source.trainers.all()),
        )
        plan.proposals.append(proposal)
        if day in holidays:
            proposal.outcome = HOLIDAY
            proposal.reasons.append(_("Holiday: %(name)s") % {"name": holidays[day]})
            continue
        if proposal.lesson is None:
            proposal.reasons.append(
                _("The program has no lesson %(n)s in a published version.")
                % {"n": localize_digits(source.lesson.order)}
            )
        if proposal.starts_at < now:
            proposal.reasons.append(_("This day has already passed."))
        elif proposal.starts_at > now + dt.timedelta(days=800):
            proposal.reasons.append(
                _("Schedule within the coming two years, for at most 12 hours.")
            )
        if not proposal.trainers:
            proposal.reasons.append(_("The session has no trainer."))
        if proposal.reasons:
            proposal.outcome = BLOCKED
            continue
        for trainer in proposal.trainers:
            key = (trainer, source.domain_id)
            latest[key] = max(latest.get(key, day), day)
        if not check:
            continue
        slot = conflicts.Slot(
            municipality_id=scope.municipality_id,
            district_id=source.district_id,
            domain_id=source.domain_id,
            school_id=source.school_id,
            class_label=source.class_label,
            venue_id=source.venue_id,
            starts_at=proposal.starts_at,
            ends_at=proposal.ends_at,
            trainer_ids=frozenset(t.pk for t in proposal.trainers),
        )
        slot.label = conflicts.describe(proposal.lesson.title, proposal.place, slot)
        found = conflicts.find_conflicts(slot, proposal.trainers, pending=pending.near(slot))
        if conflicts.hard(found):
            proposal.outcome = BLOCKED
            proposal.reasons = conflicts.hard(found)
        elif conflicts.soft(found):
            proposal.outcome = WARN
            proposal.reasons = conflicts.soft(found)
        if proposal.outcome == COPY or (proposal.outcome == WARN and confirm_warnings):
            pending.add(slot)
    # Trainers whose certificate does not cover the new term (to renew before it starts).
    for (trainer, domain_id), last_day in latest.items():
        plan.certificate_problems += assignment_blockers(trainer, domain_id, last_day)
    plan.certificate_problems = list(dict.fromkeys(plan.certificate_problems))
    return plan


@transaction.atomic
def copy_apply(
    *,
    scope: Scope,
    actor,
    source_from: dt.date,
    source_to: dt.date,
    target_start: dt.date,
    session_ids: set[int],
    confirm_warnings: bool = False,
) -> list[Session]:
    """Create the copies of the sessions ``session_ids`` (those the preview offered) in one
    transaction. Each is scheduled — and so checked again — by ``services.session_schedule``;
    if one no longer passes, or the sources changed, nothing is created."""
    plan = copy_plan(
        scope=scope,
        source_from=source_from,
        source_to=source_to,
        target_start=target_start,
        check=False,
    )
    chosen = [p for p in plan.proposals if p.source.pk in session_ids]
    if len(chosen) != len(session_ids) or any(p.outcome != COPY for p in chosen):
        raise ValidationError(
            _(
                "The sessions or holidays changed since the preview. Nothing was copied; look at the preview again."
            )
        )
    created: list[tuple[Proposal, Session]] = []
    for p in chosen:
        try:
            sessions, _skipped = services.session_schedule(
                scope=scope,
                actor=actor,
                lesson_id=p.lesson.pk,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                trainer_ids=[t.pk for t in p.trainers],
                school_id=p.source.school_id,
                class_label=p.source.class_label,
                venue_id=p.source.venue_id,
                capacity=p.source.capacity,
                is_public=p.source.is_public,
                confirm_warnings=confirm_warnings,
            )
        except services.NeedsConfirmation as needs:
            raise ValidationError(_copy_failed(p, needs.warnings)) from needs
        except ValidationError as exc:
            raise ValidationError(_copy_failed(p, exc.messages)) from exc
        if not sessions:  # the day became a holiday meanwhile
            raise ValidationError(_copy_failed(p, [_("The day is now a holiday.")]))
        created.append((p, sessions[0]))
    # A weekly series of the source becomes a series of the copies, with an id of its own.
    groups: dict[uuid.UUID, list[Session]] = defaultdict(list)
    for p, session in created:
        if p.source.series:
            groups[p.source.series].append(session)
    for sessions in groups.values():
        if len(sessions) < 2:
            continue
        series = uuid.uuid4()
        for session in sessions:
            session.series = series
            session._history_user = actor
            session.save(update_fields=["series", "updated_at"])
    return [session for _p, session in created]


def _copy_failed(p: Proposal, reasons: list[str]) -> str:
    return _("%(session)s cannot be copied: %(reasons)s Nothing was copied.") % {
        "session": f"{p.lesson.title} · {p.place} · {jalali.format_datetime(p.starts_at)}",
        "reasons": " ".join(reasons),
    }
