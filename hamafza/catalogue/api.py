"""The program catalogue through the API. The same selectors and services as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.catalogue import selectors, services
from hamafza.catalogue.models import Program
from hamafza.catalogue.permissions import can_see_answers, can_view_catalogue
from hamafza.core.api_schemas import (
    EDIT_ERRORS,
    ERRORS,
    MAX_ID,
    Pages,
    VersionIn,
    VersionOut,
    kept,
)

router = Router(tags=["catalogue"])

AudienceField = Field(..., description="One of: " + ", ".join(Program.Audience.values))
GenderField = Field("any", description="One of: " + ", ".join(Program.Gender.values))


class DomainOut(Schema):
    id: int
    code: str
    name: str
    owner_agency_id: int | None


class ProgramOut(VersionOut):
    id: int
    code: str
    title: str
    domain_id: int
    summary: str
    objectives: str
    audience: str
    gender: str
    session_count: int
    session_minutes: int
    status: str
    current_version_number: int | None = Field(
        None, description="Number of the published version in use"
    )

    @staticmethod
    def resolve_current_version_number(obj) -> int | None:
        return obj.current_version.number if obj.current_version_id else None


class ProgramIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    title: str = Field(..., min_length=1, max_length=200)
    domain_id: int
    summary: str = ""
    objectives: str = Field(..., min_length=1)
    audience: str = AudienceField
    gender: str = GenderField
    session_count: int = Field(..., ge=1, le=60)
    session_minutes: int = Field(..., ge=10, le=480)


class ProgramPatch(VersionIn):
    code: str = kept(min_length=1, max_length=40)
    title: str = kept(min_length=1, max_length=200)
    domain_id: int = kept()
    summary: str = kept()
    objectives: str = kept(min_length=1)
    audience: str = kept()
    gender: str = kept()
    session_count: int = kept(ge=1, le=60)
    session_minutes: int = kept(ge=10, le=480)
    status: str = kept(description="draft, active or retired.")


class VersionOut(Schema):
    number: int
    status: str
    notes: str
    published_at: dt.datetime | None


class LessonOut(Schema):
    id: int
    order: int
    title: str
    objectives: str
    plan: str
    minutes: int


class QuestionOut(Schema):
    id: int
    text: str
    choices: list[str]
    is_active: bool
    correct_index: int | None = Field(
        None, description="0-based; only for those who manage the program, otherwise null"
    )
    explanation: str | None = Field(
        None, description="Only for those who manage the program, otherwise null"
    )


def _require_view(request) -> None:
    if not can_view_catalogue(request.scope):
        raise PermissionDenied


def _program(request, pk: int) -> Program:
    _require_view(request)
    program = selectors.program_get(scope=request.scope, pk=pk)
    if program is None:
        raise Http404
    return program


@router.get("/domains", response={200: list[DomainOut], **ERRORS}, operation_id="domains_list")
def list_domains(request):
    _require_view(request)
    return list(selectors.domain_list(scope=request.scope))


@router.get("/programs", response={200: list[ProgramOut], **ERRORS}, operation_id="programs_list")
@paginate(Pages, page_size=50)
def list_programs(
    request,
    q: str = "",
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
    audience: str | None = None,
    status: str | None = None,
):
    _require_view(request)
    return selectors.program_list(
        scope=request.scope, query=q, domain_id=domain_id, audience=audience, status=status
    )


@router.get("/programs/{pk}", response={200: ProgramOut, **ERRORS}, operation_id="programs_get")
def get_program(request, pk: int):
    return _program(request, pk)


@router.post("/programs", response={201: ProgramOut, **ERRORS}, operation_id="programs_create")
def create_program(request, payload: ProgramIn):
    _require_view(request)
    program = services.program_create(scope=request.scope, actor=request.user, data=payload.dict())
    return Status(201, program)


@router.patch(
    "/programs/{pk}", response={200: ProgramOut, **EDIT_ERRORS}, operation_id="programs_update"
)
def update_program(request, pk: int, payload: ProgramPatch):
    program = _program(request, pk)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.program_update(
        scope=request.scope,
        actor=request.user,
        program=program,
        data=data,
        expected_updated_at=version,
    )


@router.get(
    "/programs/{pk}/versions",
    response={200: list[VersionOut], **ERRORS},
    operation_id="program_versions_list",
)
def list_versions(request, pk: int):
    program = _program(request, pk)
    return list(selectors.version_list(scope=request.scope, program=program))


@router.get(
    "/programs/{pk}/versions/{number}/lessons",
    response={200: list[LessonOut], **ERRORS},
    operation_id="program_lessons_list",
)
def list_lessons(request, pk: int, number: int):
    program = _program(request, pk)
    version = selectors.version_get(scope=request.scope, program=program, number=number)
    if version is None:
        raise Http404
    return list(selectors.lessons_of(scope=request.scope, version=version))


@router.get(
    "/programs/{pk}/questions",
    response={200: list[QuestionOut], **ERRORS},
    operation_id="program_questions_list",
)
def list_questions(request, pk: int):
    """The question bank. The correct answer and the explanation are null unless the caller
    manages the program."""
    program = _program(request, pk)
    answers = can_see_answers(request.scope, program)
    questions = selectors.question_list(
        scope=request.scope, program=program, active_only=not answers
    )
    return [
        {
            "id": q.id,
            "text": q.text,
            "choices": q.choices,
            "is_active": q.is_active,
            "correct_index": q.correct_index if answers else None,
            "explanation": q.explanation if answers else None,
        }
        for q in questions
    ]
