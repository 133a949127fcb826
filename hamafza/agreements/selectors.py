"""Reads of agreements and the commitment ledger, always through the scoping gate.

Progress is computed, never stored: a commitment linked to a program counts the delivered or
verified sessions of that program inside the agreement's term; one linked to a plan line counts
the delivered or verified sessions counting toward that line inside the term; one linked to a
meeting series counts the series' meetings held inside the term; the others count
the evidence recorded by hand. Counts come from one grouped query per kind, so the agreement page
asks the database a fixed number of times whatever its size."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.agreements.models import Agreement, Commitment, Evidence, Party
from hamafza.agreements.permissions import can_read_agreements
from hamafza.catalogue.models import Program
from hamafza.core import jalali
from hamafza.core.scoping import Scope, scoped
from hamafza.meetings.models import Meeting, MeetingSeries
from hamafza.org.models import Agency
from hamafza.plans.models import PlanLine
from hamafza.sessions.models import Session

RENEWAL_DAYS = 60
IN_FORCE = (Agreement.Status.SIGNED, Agreement.Status.ACTIVE)


class Standing:
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"

    LABELS = {
        MET: _("Met"),
        ON_TRACK: _("On track"),
        BEHIND: _("Behind"),
        OVERDUE: _("Overdue"),
        NOT_DUE: _("Not due yet"),
    }


@dataclass
class Progress:
    done: int
    target: int  # the whole count promised (for a recurring commitment: every period of the term)
    expected: float  # what should be done by today
    status: str
    ratio: float | None  # done ÷ expected so far, capped at 1; None while nothing is due

    @property
    def percent(self) -> int:
        return round(min(self.done / self.target, 1) * 100) if self.target else 0

    @property
    def status_label(self):
        return Standing.LABELS[self.status]


@dataclass
class PartyLedger:
    party: Party
    commitments: list = field(default_factory=list)

    @property
    def score(self) -> int | None:
        return compliance([c.progress for c in self.commitments])

    @property
    def met(self) -> int:
        return sum(1 for c in self.commitments if c.progress.status == Standing.MET)


# --- reading agreements -------------------------------------------------------------------------


def agreements(*, scope: Scope):
    """The agreements the scope may read: all of the municipality's, or for an agency liaison those
    their agency is party to."""
    if not can_read_agreements(scope):
        return Agreement.objects.none()
    return scoped(Agreement.objects.all(), scope)  # a liaison's: their agency is a party


def agreement_get(*, scope: Scope, pk: int) -> Agreement | None:
    return agreements(scope=scope).select_related("renewed_from").filter(pk=pk).first()


def commitment_get(*, scope: Scope, pk: int) -> Commitment | None:
    return (
        scoped(Commitment.objects.all(), scope)
        .filter(agreement__in=agreements(scope=scope))
        .select_related("agreement", "party__agency", "clause")
        .filter(pk=pk)
        .first()
    )


# --- the ledger ---------------------------------------------------------------------------------


def _term_bounds(agreement: Agreement) -> tuple[dt.datetime, dt.datetime]:
    def start_of(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    return start_of(agreement.starts_on), start_of(agreement.ends_on + dt.timedelta(days=1))


def done_counts(agreement: Agreement, commitments: list[Commitment]) -> dict[int, int]:
    """Commitment id → what was done: sessions (grouped by program and by plan line, one query
    each) or evidence rows (one query)."""
    program_ids = {c.program_id for c in commitments if c.target_kind == "program"}
    line_ids = {c.plan_line_id for c in commitments if c.target_kind == "plan_line"}
    series_ids = {c.meeting_series_id for c in commitments if c.target_kind == "meetings"}
    manual_ids = [c.pk for c in commitments if not c.is_automatic]
    start, end = _term_bounds(agreement)
    sessions = Session.objects.filter(
        municipality_id=agreement.municipality_id,
        status__in=Session.DELIVERED_STATUSES,
        starts_at__gte=start,
        starts_at__lt=end,
    ).order_by()
    by_program, by_line, by_series, by_commitment = {}, {}, {}, {}
    if program_ids:
        by_program = dict(
            sessions.filter(version__program_id__in=program_ids)
            .values("version__program_id")
            .annotate(n=Count("pk"))
            .values_list("version__program_id", "n")
        )
    if line_ids:
        by_line = dict(
            sessions.filter(plan_line_id__in=line_ids)
            .values("plan_line_id")
            .annotate(n=Count("pk"))
            .values_list("plan_line_id", "n")
        )
    if series_ids:
        by_series = dict(
            Meeting.objects.filter(
                series_id__in=series_ids,
                status=Meeting.Status.HELD,
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .order_by()
            .values("series_id")
            .annotate(n=Count("pk"))
            .values_list("series_id", "n")
        )
    if manual_ids:
        by_commitment = dict(
            Evidence.objects.filter(commitment_id__in=manual_ids)
            .order_by()
            .values("commitment_id")
            .annotate(n=Count("pk"))
            .values_list("commitment_id", "n")
        )
    counts = {}
    for c in commitments:
        if c.target_kind == "program":
            counts[c.pk] = by_program.get(c.program_id, 0)
        elif c.target_kind == "plan_line":
            counts[c.pk] = by_line.get(c.plan_line_id, 0)
        elif c.target_kind == "meetings":
            counts[c.pk] = by_series.get(c.meeting_series_id, 0)
        else:
            counts[c.pk] = by_commitment.get(c.pk, 0)
    return counts


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole Jalali months from ``start`` to ``end`` (0 when end is not after start)."""
    if end <= start:
        return 0
    a, b = jalali.to_jalali(start), jalali.to_jalali(end)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1
    return max(months, 0)


PERIOD_MONTHS = {"monthly": 1, "quarterly": 3}


def progress_of(
    commitment: Commitment, *, agreement: Agreement, done: int, today: dt.date
) -> Progress:
    """Where a commitment stands on ``today``.

    Recurring: the count per period times the periods of the term is the target; the periods
    already over give what is expected so far. Once: the count is expected in full by the due day
    (or the end of the term), pro rata until then. Met when the target is reached; overdue when
    the due day passed without it; behind when less than expected so far is done."""
    deadline = commitment.due_on or agreement.ends_on
    per = commitment.per_period
    day_after_end = agreement.ends_on + dt.timedelta(days=1)
    months = PERIOD_MONTHS.get(commitment.recurrence)
    if months:
        periods = max(months_between(agreement.starts_on, day_after_end) // months, 1)
        elapsed = months_between(agreement.starts_on, min(today, day_after_end)) // months
        target, expected = per * periods, float(per * min(elapsed, periods))
    else:
        target = per
        if today >= deadline:
            expected = float(target)
        else:
            span = (deadline - agreement.starts_on).days
            passed = (today - agreement.starts_on).days
            expected = target * max(min(passed / span, 1), 0) if span > 0 else 0.0
    if agreement.status == Agreement.Status.DRAFT:
        return Progress(done, target, 0.0, Standing.NOT_DUE, None)
    if done >= target:
        return Progress(done, target, expected, Standing.MET, 1.0)
    ratio = min(done / expected, 1.0) if expected > 0 else None
    if today > deadline:
        status = Standing.OVERDUE
    elif expected <= 0:
        status = Standing.NOT_DUE
    elif done >= expected:
        status = Standing.ON_TRACK
    else:
        status = Standing.BEHIND
    return Progress(done, target, expected, status, ratio)


def compliance(progresses: list[Progress]) -> int | None:
    """The mean of the capped progress ratios of the commitments that have something due, in
    percent; None when nothing is due yet."""
    ratios = [p.ratio for p in progresses if p.ratio is not None]
    if not ratios:
        return None
    return round(sum(ratios) / len(ratios) * 100)


def ledger(*, agreement: Agreement, today: dt.date | None = None) -> dict:
    """The agreement page: each party with its commitments (each with ``progress``), the score
    per party and overall. The caller has read ``agreement`` through ``agreement_get``."""
    today = today or timezone.localdate()
    parties = list(agreement.parties.select_related("agency", "agreement__municipality"))
    commitments = list(
        agreement.commitments.select_related(
            "clause",
            "program",
            "plan_line__domain",
            "plan_line__district",
            "plan_line__agency",
            "meeting_series",
        ).order_by("clause__number", "pk")
    )
    counts = done_counts(agreement, commitments)
    by_party = {p.pk: PartyLedger(party=p) for p in parties}
    for c in commitments:
        c.progress = progress_of(c, agreement=agreement, done=counts[c.pk], today=today)
        c.party = by_party[c.party_id].party
        by_party[c.party_id].commitments.append(c)
    return {
        "parties": list(by_party.values()),
        "commitments": commitments,
        "score": compliance([c.progress for c in commitments]),
    }


def evidence_of(*, agreement: Agreement):
    return (
        Evidence.objects.filter(commitment__agreement=agreement)
        .select_related("recorded_by", "commitment__party")
        .order_by("-done_on", "-pk")
    )


def agreement_rows(*, scope: Scope, status: str | None = None, today: dt.date | None = None):
    """The list page: readable agreements, each with its overall ``score`` (a few queries per
    agreement; a municipality holds tens of agreements, not thousands)."""
    qs = agreements(scope=scope)
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.prefetch_related("parties__agency"))
    for a in rows:
        a.score = ledger(agreement=a, today=today)["score"]
    return rows


def alerts(*, scope: Scope, today: dt.date | None = None) -> dict:
    """Agreements in force that end within 60 days and have not been renewed, and the overdue
    commitments of agreements in force."""
    today = today or timezone.localdate()
    in_force = agreements(scope=scope).filter(status__in=IN_FORCE)
    renewal = list(
        in_force.filter(
            ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=RENEWAL_DAYS)
        ).filter(renewals__isnull=True)
    )
    overdue = []
    for agreement in in_force.filter(commitments__isnull=False).distinct():
        rows = ledger(agreement=agreement, today=today)["commitments"]
        overdue.extend((agreement, c) for c in rows if c.progress.status == Standing.OVERDUE)
    return {"renewal": renewal, "overdue": overdue}


def agencies_for(*, scope: Scope):
    return scoped(Agency.objects.all(), scope).order_by("name")


def programs_for(*, scope: Scope):
    return scoped(Program.objects.all(), scope).order_by("code")


def plan_lines_for(*, scope: Scope):
    return (
        scoped(PlanLine.objects.all(), scope)
        .select_related("district", "domain", "agency")
        .order_by("-district_plan__plan__year", "district__number", "domain__name", "quarter")
    )


def meeting_series_for(*, scope: Scope):
    return scoped(MeetingSeries.objects.all(), scope).order_by("title")
