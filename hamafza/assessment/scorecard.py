"""Trainer scorecards and the talent shortlist of a domain: sessions and hours delivered,
attendance, satisfaction (Likert answers of the surveys at their sessions), learning gain (paired
pre/post sheets of the tests at their sessions) and observation scores; ranked by satisfaction
shrunk toward the domain mean (``stats.rank_shrunk``), so two lucky sessions do not outrank two
hundred steady ones. For the directorate (the ranking compares trainers across districts)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import jdatetime
from django.db.models import Avg, Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.assessment import stats
from hamafza.assessment.models import Observation, Phase, Sheet
from hamafza.catalogue.models import Domain
from hamafza.core import jalali
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import MANAGERS_AND_TRAINERS, MUNICIPALITY_WIDE, Scope, scoped
from hamafza.plans.models import Term
from hamafza.sessions.models import Attendance, Registration, Session
from hamafza.surveys.models import Answer, Question
from hamafza.trainers.models import (
    CompetencyLevel,
    Enrolment,
    Trainer,
    TrainerDomain,
    TrainingCourse,
)
from hamafza.trainers.permissions import can_view_performance


def can_rank(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE


@dataclass
class Card:
    trainer: Trainer
    sessions: int = 0
    hours: float = 0.0
    attendance_rate: float | None = None
    ratings: int = 0
    satisfaction: float | None = None  # mean Likert 1–5
    pairs: int = 0
    gain: float | None = None
    observations: int = 0
    observation_score: float | None = None
    rank: int | None = None
    shrunk: float | None = None
    band: float | None = None


def domains(*, scope: Scope):
    return scoped(Domain.objects.all(), scope) if can_rank(scope) else Domain.objects.none()


def shortlist(*, scope: Scope, domain: Domain) -> list[Card]:
    if not can_rank(scope) or domain.municipality_id != scope.municipality_id:
        return []
    trainers = scoped(Trainer.objects.filter(trainer_domains__domain=domain), scope).distinct()
    cards = {t.pk: Card(trainer=t) for t in trainers}
    sessions = Session.objects.filter(
        municipality_id=scope.municipality_id, domain=domain, status__in=Session.DELIVERED_STATUSES
    )
    fill(cards, sessions)
    ranked = stats.rank_shrunk(
        [(c.trainer.pk, c.ratings, c.satisfaction) for c in cards.values() if c.ratings]
    )
    for position, r in enumerate(ranked, start=1):
        card = cards[r.key]
        card.rank, card.shrunk, card.band = position, r.shrunk, r.band
    return sorted(cards.values(), key=lambda c: (c.rank is None, c.rank or 0, str(c.trainer)))


def fill(cards: dict[int, Card], sessions: QuerySet[Session]) -> None:
    """The cards' figures at these (delivered) sessions: sessions, hours, attendance,
    satisfaction, learning gain and observation score, a few grouped queries in all."""
    for trainer_id, starts, ends in sessions.values_list("trainers", "starts_at", "ends_at"):
        if trainer_id in cards:
            cards[trainer_id].sessions += 1
            cards[trainer_id].hours += (ends - starts).total_seconds() / 3600
    confirmed = dict(
        Registration.objects.filter(session__in=sessions, status=Registration.Status.CONFIRMED)
        .values_list("session__trainers")
        .annotate(n=Count("pk", distinct=True))
    )
    present = dict(
        Attendance.objects.filter(session__in=sessions)
        .exclude(mark="absent")
        .values_list("session__trainers")
        .annotate(n=Count("pk", distinct=True))
    )
    ratings = (
        Answer.objects.filter(question__kind=Question.Kind.LIKERT, response__session__in=sessions)
        .values_list("response__session__trainers")
        .annotate(n=Count("pk", distinct=True), mean=Avg("value"))
    )
    observed = (
        Observation.objects.filter(session__in=sessions)
        .values_list("trainer")
        .annotate(n=Count("pk"), mean=Avg("score"))
    )
    scores: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    test_trainers: dict[int, set[int]] = defaultdict(set)
    for test_id, trainer_id in sessions.filter(knowledge_tests__isnull=False).values_list(
        "knowledge_tests", "trainers"
    ):
        test_trainers[test_id].add(trainer_id)
    for test_id, phase, code, score, maximum in Sheet.objects.filter(
        test_id__in=list(test_trainers)
    ).values_list("test_id", "phase", "code", "score", "max_score"):
        scores[(test_id, phase)][code] = (score, maximum)
    gains: dict[int, list[float]] = defaultdict(list)
    for test_id, trainer_ids in test_trainers.items():
        pre, post = scores.get((test_id, Phase.PRE), {}), scores.get((test_id, Phase.POST), {})
        for code in set(pre) & set(post):
            g = stats.normalised_gain(pre[code][0], post[code][0], pre[code][1])
            if g is not None:
                for trainer_id in trainer_ids:
                    gains[trainer_id].append(g)
    for trainer_id, card in cards.items():
        if confirmed.get(trainer_id):
            card.attendance_rate = present.get(trainer_id, 0) / confirmed[trainer_id]
        if gains.get(trainer_id):
            card.pairs, card.gain = len(gains[trainer_id]), stats.mean(gains[trainer_id])
    for trainer_id, n, mean in ratings:
        if trainer_id in cards:
            cards[trainer_id].ratings, cards[trainer_id].satisfaction = n, float(mean)
    for trainer_id, n, mean in observed:
        if trainer_id in cards:
            cards[trainer_id].observations = n
            cards[trainer_id].observation_score = float(mean)


# --- one trainer's scorecard: the last terms, each figure beside the domain's median -----------

FIGURES = ("sessions", "hours", "attendance_rate", "satisfaction", "gain", "observation_score")
TERMS_SHOWN = 4


def can_view_scorecard(scope: Scope, trainer: Trainer) -> bool:
    """The directorate any trainer of the municipality, a district's coordinator the trainers
    homed in their district, a trainer their own card (``trainers.permissions``)."""
    return can_view_performance(scope, trainer)


def may_view_scorecards(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_TRAINERS


@dataclass(frozen=True)
class Period:
    label: str
    year: int  # Jalali
    starts_on: dt.date
    ends_on: dt.date


def _seasons(jyear: int) -> list[Period]:
    names = (_("Spring"), _("Summer"), _("Autumn"), _("Winter"))
    starts = [jdatetime.date(jyear, month, 1).togregorian() for month in (1, 4, 7, 10)]
    starts.append(jalali.jalali_year_bounds(jyear)[1] + dt.timedelta(days=1))
    return [
        Period(names[i], jyear, starts[i], starts[i + 1] - dt.timedelta(days=1)) for i in range(4)
    ]


def year_periods(municipality_id: int, jyear: int) -> list[Period]:
    """The terms of the tenant's plan for the Jalali year if it has any, else the four seasons
    (Farvardin–Khordad, Tir–Shahrivar, Mehr–Azar, Dey–Esfand)."""
    terms = Term.objects.filter(municipality_id=municipality_id, plan__year=jyear).order_by(
        "starts_on"
    )
    periods = [Period(t.name, jyear, t.starts_on, t.ends_on) for t in terms]
    return periods or _seasons(jyear)


def last_periods(municipality_id: int, today: dt.date, n: int = TERMS_SHOWN) -> list[Period]:
    """The n terms that have begun by ``today`` (the current one included), oldest first."""
    found: list[Period] = []
    jyear = jalali.to_jalali(today).year
    while len(found) < n and jyear > jalali.to_jalali(today).year - n - 1:
        for period in reversed(year_periods(municipality_id, jyear)):
            if period.starts_on <= today and len(found) < n:
                found.append(period)
        jyear -= 1
    return found[::-1]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class TrendRow:
    period: Period
    card: Card
    median: dict = field(default_factory=dict)
    trainers: int = 0  # trainers of the domain who delivered a session in the term


def trends(*, trainer: Trainer, domain: Domain, today: dt.date | None = None) -> list[TrendRow]:
    """The trainer's figures per term (last four, oldest first) and, beside each, the median
    over the domain's trainers who have that figure in the term (sessions and hours: those who
    delivered at least one session). A session belongs to the term its day falls in."""
    today = today or timezone.localdate()
    municipality_id = trainer.municipality_id
    peers = list(
        Trainer.objects.filter(municipality_id=municipality_id, trainer_domains__domain=domain)
        .exclude(pk=trainer.pk)
        .distinct()
    )
    rows = []
    for period in last_periods(municipality_id, today):
        cards = {t.pk: Card(trainer=t) for t in [trainer, *peers]}
        sessions = Session.objects.filter(
            municipality_id=municipality_id,
            domain=domain,
            status__in=Session.DELIVERED_STATUSES,
            starts_at__gte=_day_start(period.starts_on),
            starts_at__lt=_day_start(period.ends_on + dt.timedelta(days=1)),
        )
        fill(cards, sessions)
        active = [c for c in cards.values() if c.sessions]
        median = {
            name: stats.median(getattr(c, name) for c in active)
            if name in ("sessions", "hours")
            else stats.median(getattr(c, name) for c in cards.values())
            for name in FIGURES
        }
        rows.append(TrendRow(period, cards[trainer.pk], median, len(active)))
    return rows


def scorecard_domains(trainer: Trainer) -> list[Domain]:
    return [td.domain for td in trainer.trainer_domains.select_related("domain")]


# --- trainers who need support ----------------------------------------------------------------


@dataclass
class Support:
    card: Card
    reasons: list[str]
    courses: list[TrainingCourse]


def needs_support(
    *, scope: Scope, domain: Domain, cards: list[Card], today: dt.date | None = None
) -> list[Support]:
    """The reverse of the shortlist: trainers whose shrunk satisfaction is below the domain mean
    (the n-weighted mean the shortlist shrinks toward) by more than their ± band, or whose
    observation score on the ladder is below what the next level asks (no score: not listed
    for it). Each with the domain's train-the-trainer courses still to come or running that
    they are not enrolled in."""
    if not can_rank(scope) or domain.municipality_id != scope.municipality_id or not cards:
        return []
    today = today or timezone.localdate()
    n = localize_digits
    prior = stats.pooled_mean([(c.ratings, c.satisfaction) for c in cards if c.ratings])
    ids = [c.trainer.pk for c in cards]
    rows = {
        td.trainer_id: td
        for td in TrainerDomain.objects.filter(domain=domain, trainer_id__in=ids).select_related(
            "level"
        )
    }
    ladder = list(CompetencyLevel.objects.filter(domain=domain).order_by("rank"))
    courses = list(
        TrainingCourse.objects.filter(
            municipality_id=scope.municipality_id,
            domain=domain,
            status__in=(TrainingCourse.Status.PLANNED, TrainingCourse.Status.RUNNING),
            ends_on__gte=today,
        ).order_by("starts_on", "pk")
    )
    enrolled = set(
        Enrolment.objects.filter(course__in=courses, trainer_id__in=ids).values_list(
            "trainer_id", "course_id"
        )
    )
    found = []
    for card in cards:
        reasons = []
        if card.shrunk is not None and prior is not None and prior - card.shrunk > card.band:
            reasons.append(
                _(
                    "Satisfaction %(score)s is below the domain mean %(mean)s by more than its "
                    "band (± %(band)s)."
                )
                % {
                    "score": n(f"{card.shrunk:.2f}"),
                    "mean": n(f"{prior:.2f}"),
                    "band": n(f"{card.band:.2f}"),
                }
            )
        td = rows.get(card.trainer.pk)
        if td is not None and td.observation_score is not None:
            rank = td.level.rank if td.level else 0
            step = next((lv for lv in ladder if lv.rank > rank), None)
            if (
                step is not None
                and step.min_observation_score is not None
                and td.observation_score < step.min_observation_score
            ):
                reasons.append(
                    _(
                        "Observation score %(score)s is below the %(min)s the next level "
                        "(%(level)s) asks for."
                    )
                    % {
                        "score": n(td.observation_score),
                        "min": n(step.min_observation_score),
                        "level": step.name,
                    }
                )
        if reasons:
            suggested = [c for c in courses if (card.trainer.pk, c.pk) not in enrolled]
            found.append(Support(card, reasons, suggested))
    return found
