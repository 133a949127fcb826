"""Knowledge tests through the API: the tests and their results (scores paired by code, the
learning gain, the item analysis), with the same selectors (and scope) as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from hamafza.assessment import selectors
from hamafza.assessment.permissions import can_use_tests
from hamafza.core.api_schemas import ERRORS

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
