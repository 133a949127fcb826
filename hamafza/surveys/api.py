"""Surveys through the API: the forms and their results, with the same selectors (and scope) as
the pages. Answering stays on the public signed link."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema

from hamafza.core.api_schemas import ERRORS, MAX_ID
from hamafza.surveys import results as figures
from hamafza.surveys import selectors
from hamafza.surveys.permissions import can_read_surveys

router = Router(tags=["surveys"])


class QuestionOut(Schema):
    id: int
    order: int
    kind: str
    text: str
    required: bool
    choices: list[str]
    scale: str
    section: str | None

    @staticmethod
    def resolve_section(obj):
        return obj.section.title if obj.section_id else None


class SurveyOut(Schema):
    id: int
    title: str
    status: str
    session_id: int | None
    program_id: int | None
    camp_id: int | None
    district_id: int | None
    is_anonymous: bool
    created_at: dt.datetime


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return selectors.questions(obj)


class CountOut(Schema):
    label: str
    count: int
    percent: float


class QuestionResultOut(Schema):
    question_id: int
    text: str
    kind: str
    answered: int
    mean: float | None
    distribution: list[CountOut]
    texts: list[str]


class ResultsOut(Schema):
    survey_id: int
    responses: int
    questions: list[QuestionResultOut]


def _survey(request, pk: int):
    if not can_read_surveys(request.scope):
        raise PermissionDenied
    survey = selectors.survey_get(scope=request.scope, pk=pk)
    if survey is None:
        raise Http404
    return survey


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS}, operation_id="surveys_list")
def surveys_list(request, status: str | None = Query(None, pattern="^(draft|open|closed)$")):
    if not can_read_surveys(request.scope):
        raise PermissionDenied
    return list(selectors.survey_list(scope=request.scope, status=status)[:500])


@router.get("/surveys/{pk}", response={200: SurveyDetailOut, **ERRORS}, operation_id="surveys_get")
def surveys_get(request, pk: int):
    return _survey(request, pk)


@router.get(
    "/surveys/{pk}/results", response={200: ResultsOut, **ERRORS}, operation_id="surveys_results"
)
def surveys_results(request, pk: int, session: int | None = Query(None, ge=1, le=MAX_ID)):
    """Counts, means and distributions of the answers the caller may read (a district's
    coordinator: their district's; a trainer: their own sessions')."""
    survey = _survey(request, pk)
    responses = selectors.responses(scope=request.scope, survey=survey, session_id=session)
    total, rows = figures.summarise(selectors.questions(survey), responses)
    return {
        "survey_id": survey.pk,
        "responses": total,
        "questions": [
            {
                "question_id": r.question.pk,
                "text": r.question.text,
                "kind": r.question.kind,
                "answered": r.answered,
                "mean": r.mean,
                "distribution": [
                    {"label": label, "count": n, "percent": round(p, 2)}
                    for label, n, p in r.distribution
                ],
                "texts": r.texts,
            }
            for r in rows
        ],
    }
