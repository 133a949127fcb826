"""Trainer scorecards and the talent shortlist of a domain: sessions and hours delivered,
attendance, satisfaction (Likert answers of the surveys at their sessions), learning gain (paired
pre/post sheets of the tests at their sessions) and observation scores; ranked by satisfaction
shrunk toward the domain mean (``stats.rank_shrunk``), so two lucky sessions do not outrank two
hundred steady ones. For the directorate (the ranking compares trainers across districts)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count

from hamafza.assessment import stats
from hamafza.assessment.models import Observation, Phase, Sheet
from hamafza.catalogue.models import Domain
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.sessions.models import Attendance, Registration, Session
from hamafza.surveys.models import Answer, Question
from hamafza.trainers.models import Trainer

DONE = (Session.Status.DELIVERED, Session.Status.VERIFIED)


def can_rank(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in (Role.PLATFORM_ADMIN, Role.DIRECTORATE)


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
        municipality_id=scope.municipality_id, domain=domain, status__in=DONE
    )
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
    ranked = stats.rank_shrunk(
        [(c.trainer.pk, c.ratings, c.satisfaction) for c in cards.values() if c.ratings]
    )
    for position, r in enumerate(ranked, start=1):
        card = cards[r.key]
        card.rank, card.shrunk, card.band = position, r.shrunk, r.band
    return sorted(cards.values(), key=lambda c: (c.rank is None, c.rank or 0, str(c.trainer)))
