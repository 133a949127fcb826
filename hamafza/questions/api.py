"""Questions and answers through the API. The same selectors and services as the pages: a list
and a question are what the caller may see (not hidden, their own, the hidden ones of the
domains they curate); anyone who reads asks, answers and votes; the asker or a curator accepts."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.core.api_schemas import ERRORS, MAX_ID, Pages
from hamafza.questions import permissions, selectors, services
from hamafza.questions.models import MAX_TAGS, Answer, Question

router = Router(tags=["questions"])


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


class AnswerOut(Schema):
    id: int
    question_id: int
    body: str
    author_id: int
    author_name: str
    created_at: dt.datetime
    version: dt.datetime = Field(..., description="Send it back to edit the answer.")
    votes: int
    accepted: bool
    hidden: bool
    hidden_reason: str = Field("", description="Shown to the curators and the author only.")

    @staticmethod
    def resolve_author_name(obj) -> str:
        return _name(obj.author)

    @staticmethod
    def resolve_version(obj):
        return obj.updated_at

    @staticmethod
    def resolve_votes(obj) -> int:
        return getattr(obj, "vote_count", None) or obj.votes.count()

    @staticmethod
    def resolve_accepted(obj) -> bool:
        return obj.is_accepted

    @staticmethod
    def resolve_hidden(obj) -> bool:
        return obj.is_hidden


class QuestionOut(Schema):
    id: int
    title: str
    body: str
    tags: list[str]
    domain_id: int
    program_id: int | None
    lesson_id: int | None
    author_id: int
    author_name: str
    asked_at: dt.datetime
    version: dt.datetime = Field(..., description="Send it back to edit the question.")
    votes: int
    answers_count: int
    has_accepted_answer: bool
    hidden: bool
    hidden_reason: str = Field("", description="Shown to the curators and the author only.")

    @staticmethod
    def resolve_author_name(obj) -> str:
        return _name(obj.author)

    @staticmethod
    def resolve_asked_at(obj):
        return obj.created_at

    @staticmethod
    def resolve_version(obj):
        return obj.updated_at

    @staticmethod
    def resolve_votes(obj) -> int:
        return getattr(obj, "vote_count", 0) or 0

    @staticmethod
    def resolve_answers_count(obj) -> int:
        return getattr(obj, "answer_count", 0) or 0

    @staticmethod
    def resolve_has_accepted_answer(obj) -> bool:
        return bool(getattr(obj, "has_accepted", False))

    @staticmethod
    def resolve_hidden(obj) -> bool:
        return obj.is_hidden


class QuestionDetailOut(QuestionOut):
    answers: list[AnswerOut] = Field(
        default_factory=list, description="The accepted answer first, then by votes."
    )

    @staticmethod
    def resolve_answers(obj):
        return getattr(obj, "answers_list", [])


class QuestionIn(Schema):
    domain_id: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=10_000)
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS, description="Short tags.")
    program_id: int | None = Field(None, ge=1, le=MAX_ID)
    lesson_id: int | None = Field(None, ge=1, le=MAX_ID)


class AnswerIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)


class VoteOut(Schema):
    voted: bool = Field(..., description="True if the caller's vote now stands.")
    votes: int


def _require_view(request) -> None:
    if not permissions.can_view(request.scope):
        raise PermissionDenied


def _question(request, pk: int) -> Question:
    _require_view(request)
    question = selectors.question_get(scope=request.scope, pk=pk)
    if question is None:
        raise Http404
    return question


def _answer(request, pk: int) -> Answer:
    _require_view(request)
    answer = selectors.answer_get(scope=request.scope, pk=pk)
    if answer is None:
        raise Http404
    return answer


def _detail(request, pk: int) -> Question:
    question = _question(request, pk)
    question.answers_list = selectors.answers_of(scope=request.scope, question=question)
    return question


@router.get(
    "/questions", response={200: list[QuestionOut], **ERRORS}, operation_id="questions_list"
)
@paginate(Pages, page_size=50)
def list_questions(
    request,
    q: str = "",
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
    program_id: int | None = Query(None, ge=1, le=MAX_ID),
    tag: str = Query("", max_length=60, description="Matched however it is spelt."),
    unanswered: bool = False,
    mine: bool = False,
    sort: str = Query("recent", description="recent or votes"),
):
    """Questions the caller may see, newest first (or by votes)."""
    _require_view(request)
    return selectors.question_list(
        scope=request.scope,
        query=q,
        domain_id=domain_id,
        program_id=program_id,
        tag=tag,
        unanswered=unanswered,
        mine=mine,
        sort=sort,
    )


@router.get(
    "/questions/{pk}", response={200: QuestionDetailOut, **ERRORS}, operation_id="questions_get"
)
def get_question(request, pk: int):
    return _detail(request, pk)


@router.post(
    "/questions", response={201: QuestionDetailOut, **ERRORS}, operation_id="questions_create"
)
def create_question(request, payload: QuestionIn):
    """Ask a question in a domain (optionally about a program of that domain, or a lesson)."""
    _require_view(request)
    question = services.question_create(
        scope=request.scope, actor=request.user, data=payload.dict()
    )
    return Status(201, _detail(request, question.pk))


@router.post(
    "/questions/{pk}/answers",
    response={201: AnswerOut, **ERRORS},
    operation_id="questions_answer_create",
)
def create_answer(request, pk: int, payload: AnswerIn):
    """Answer a question; a hidden question cannot be answered (422)."""
    answer = services.answer_create(
        scope=request.scope, actor=request.user, question=_question(request, pk), body=payload.body
    )
    return Status(201, selectors.answer_get(scope=request.scope, pk=answer.pk))


@router.post(
    "/questions/{pk}/vote", response={200: VoteOut, **ERRORS}, operation_id="questions_vote"
)
def vote_question(request, pk: int):
    """Vote up another person's question, or take the vote back."""
    question = _question(request, pk)
    voted = services.question_vote(scope=request.scope, actor=request.user, question=question)
    return {"voted": voted, "votes": selectors.vote_count(scope=request.scope, question=question)}


@router.post(
    "/answers/{pk}/vote", response={200: VoteOut, **ERRORS}, operation_id="questions_answer_vote"
)
def vote_answer(request, pk: int):
    """Vote up another person's answer, or take the vote back."""
    answer = _answer(request, pk)
    voted = services.answer_vote(scope=request.scope, actor=request.user, answer=answer)
    return {"voted": voted, "votes": selectors.vote_count(scope=request.scope, answer=answer)}


@router.post(
    "/answers/{pk}/accept",
    response={200: AnswerOut, **ERRORS},
    operation_id="questions_answer_accept",
)
def accept_answer(request, pk: int):
    """The asker, or a curator of the domain, accepts the answer (another accepted before is no
    longer)."""
    answer = services.answer_accept(
        scope=request.scope, actor=request.user, answer=_answer(request, pk)
    )
    return selectors.answer_get(scope=request.scope, pk=answer.pk)
