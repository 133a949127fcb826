"""Knowledge tests through the API: the tests and their results (scores paired by code, the
learning gain, the item analysis), with the same selectors (and scope) as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from hamafza.assessment import observations, scorecard, selectors, stats
from hamafza.assessment.permissions import can_use_tests
from hamafza.core.api_schemas import ERRORS
from hamafza.core.scoping import scoped
from hamafza.trainers.models import Trainer

router = Router(tags=["assessment"])


class TestOut(Schema):
    id: int
    title: str
    program_id: int
    session_id: int
    post_session_id: int | None
    district_id: int
    status: str
    pre_count: int
    post_count: int
    created_at: dt.datetime


class GainOut(Schema):
    pairs: int
    used: int
    skipped: int
    mean_pre: float | None
    mean_post: float | None
    average_gain: float | None
    gain_of_averages: float | None
    ci_low: float | None
    ci_high: float | None


class ItemOut(Schema):
    order: int
    question_id: int
    difficulty: float | None
    discrimination: float | None
    point_biserial: float | None
    flags: list[str]


class PairOut(Schema):
    code: str
    pre: int
    post: int
    gain: float | None


class ResultsOut(Schema):
    test_id: int
    maximum: int
    pre_count: int
    post_count: int
    gain: GainOut
    pairs: list[PairOut]
    items: list[ItemOut]


def _test(request, pk: int):
    if not can_use_tests(request.scope):
        raise PermissionDenied
    test = selectors.test_get(scope=request.scope, pk=pk)
    if test is None:
        raise Http404
    return test


@router.get("/tests", response={200: list[TestOut], **ERRORS}, operation_id="assessment_tests")
def tests_list(request):
    if not can_use_tests(request.scope):
        raise PermissionDenied
    return list(selectors.test_list(scope=request.scope)[:500])


@router.get(
    "/tests/{pk}/results",
    response={200: ResultsOut, **ERRORS},
    operation_id="assessment_results",
)
def tests_results(request, pk: int, items: str = Query("post", pattern="^(pre|post)$")):
    test = _test(request, pk)
    f = selectors.figures(scope=request.scope, test=test, item_phase=items)
    return {
        "test_id": test.pk,
        "maximum": f.maximum,
        "pre_count": f.pre_count,
        "post_count": f.post_count,
        "gain": f.gain.__dict__,
        "pairs": [{"code": c, "pre": p, "post": q, "gain": g} for c, p, q, g in f.pairs],
        "items": [
            {
                "order": row.item.order,
                "question_id": row.item.question_id,
                "difficulty": row.stats.difficulty if row.stats else None,
                "discrimination": row.stats.discrimination if row.stats else None,
                "point_biserial": row.stats.point_biserial if row.stats else None,
                "flags": list(row.stats.flags) if row.stats else [],
            }
            for row in f.items
        ],
    }


# --- trainer scorecards: the ranked shortlist of a domain, one trainer's terms, observations ---


class CardOut(Schema):
    trainer_id: int
    trainer: str
    sessions: int
    hours: float
    attendance_rate: float | None
    ratings: int
    satisfaction: float | None
    pairs: int
    gain: float | None
    observations: int
    observation_score: float | None
    rank: int | None
    shrunk: float | None
    band: float | None


class SupportOut(Schema):
    trainer_id: int
    reasons: list[str]
    course_ids: list[int]


class ShortlistOut(Schema):
    domain_id: int
    shrink_k: int
    cards: list[CardOut]
    needs_support: list[SupportOut]


class TermOut(Schema):
    label: str
    year: int
    starts_on: dt.date
    ends_on: dt.date
    card: CardOut
    median: dict[str, float | None]
    trainers: int


class ScorecardOut(Schema):
    trainer_id: int
    domain_id: int | None
    terms: list[TermOut]


class ObservationOut(Schema):
    id: int
    session_id: int
    rubric: str
    score: float
    comments: str
    created_at: dt.datetime


def _card(c) -> dict:
    return {
        "trainer_id": c.trainer.pk, "trainer": str(c.trainer), "sessions": c.sessions,
        "hours": c.hours, "attendance_rate": c.attendance_rate, "ratings": c.ratings,
        "satisfaction": c.satisfaction, "pairs": c.pairs, "gain": c.gain,
        "observations": c.observations, "observation_score": c.observation_score,
        "rank": c.rank, "shrunk": c.shrunk, "band": c.band,
    }  # fmt: skip


@router.get(
    "/shortlist/{domain_id}",
    response={200: ShortlistOut, **ERRORS},
    operation_id="assessment_shortlist",
)
def shortlist(request, domain_id: int):
    """The domain's trainers ranked by satisfaction shrunk toward the domain mean (n answers
    weigh against k = shrink_k), each with its ± band; and the trainers who need support, with
    the train-the-trainer courses open to them. The directorate only."""
    if not scorecard.can_rank(request.scope):
        raise PermissionDenied
    domain = scorecard.domains(scope=request.scope).filter(pk=domain_id).first()
    if domain is None:
        raise Http404
    cards = scorecard.shortlist(scope=request.scope, domain=domain)
    support = scorecard.needs_support(scope=request.scope, domain=domain, cards=cards)
    return {
        "domain_id": domain.pk,
        "shrink_k": stats.SHRINK_K,
        "cards": [_card(c) for c in cards],
        "needs_support": [
            {
                "trainer_id": s.card.trainer.pk,
                "reasons": s.reasons,
                "course_ids": [c.pk for c in s.courses],
            }
            for s in support
        ],  # fmt: skip
    }


def _trainer(request, trainer_id: int):
    trainer = scoped(Trainer.objects.filter(pk=trainer_id), request.scope).first()
    if trainer is None or not scorecard.can_view_scorecard(request.scope, trainer):
        raise Http404
    return trainer


@router.get(
    "/trainers/{trainer_id}/scorecard",
    response={200: ScorecardOut, **ERRORS},
    operation_id="assessment_trainer_scorecard",
)
def trainer_scorecard(request, trainer_id: int, domain: int | None = None):
    """One trainer's figures over the last four terms, each with the domain's median (the
    trainer's own, their district coordinator's and the directorate's to read)."""
    trainer = _trainer(request, trainer_id)
    domains = scorecard.scorecard_domains(trainer)
    chosen = next((d for d in domains if d.pk == domain), None) or (domains[0] if domains else None)
    rows = scorecard.trends(trainer=trainer, domain=chosen) if chosen else []
    return {
        "trainer_id": trainer.pk,
        "domain_id": chosen.pk if chosen else None,
        "terms": [
            {
                "label": str(r.period.label),
                "year": r.period.year,
                "starts_on": r.period.starts_on,
                "ends_on": r.period.ends_on,
                "card": _card(r.card),
                "median": r.median,
                "trainers": r.trainers,
            }
            for r in rows
        ],  # fmt: skip
    }


@router.get(
    "/trainers/{trainer_id}/observations",
    response={200: list[ObservationOut], **ERRORS},
    operation_id="assessment_trainer_observations",
)
def trainer_observations(request, trainer_id: int):
    """A trainer's observations: for observers in scope and for the trainer themself."""
    trainer = _trainer(request, trainer_id)
    return [
        {"id": o.pk, "session_id": o.session_id, "rubric": str(o.rubric), "score": float(o.score),
         "comments": o.comments, "created_at": o.created_at}
        for o in observations.observations_of(scope=request.scope, trainer=trainer)
    ]  # fmt: skip
