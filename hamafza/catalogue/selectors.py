"""Reads of the program catalogue. Every query passes through the scoping gate."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from hamafza.catalogue.models import Domain, Lesson, Material, Program, ProgramVersion, Question
from hamafza.catalogue.permissions import can_manage_program
from hamafza.core.persian import search_terms
from hamafza.core.scoping import MUNICIPALITY_WIDE, Role, Scope, scoped

# What apps above the catalogue show on a program's page (the library's resources): callables
# ``(scope=, program=)`` that return None or an object with a ``template`` to include with it as
# ``panel``. They register themselves in their AppConfig.ready; the catalogue imports none.
PROGRAM_PANELS: list = []


def program_panels(*, scope: Scope, program: Program) -> list:
    return [p for p in (panel(scope=scope, program=program) for panel in PROGRAM_PANELS) if p]


def _search(qs: QuerySet, query: str | None) -> QuerySet:
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def domain_list(*, scope: Scope) -> QuerySet[Domain]:
    return scoped(Domain.objects.select_related("owner_agency"), scope)


def manageable_domains(*, scope: Scope) -> QuerySet[Domain]:
    """Domains in which ``scope`` may create and change programs."""
    domains = domain_list(scope=scope)
    if scope.role in MUNICIPALITY_WIDE:
        return domains
    if scope.role == Role.AGENCY_LIAISON and scope.agency_id:
        return domains.filter(owner_agency_id=scope.agency_id)
    return domains.none()


def program_list(
    *,
    scope: Scope,
    query: str | None = None,
    domain_id: int | None = None,
    audience: str | None = None,
    status: str | None = None,
) -> QuerySet[Program]:
    qs = scoped(Program.objects.select_related("domain", "current_version"), scope).annotate(
        question_count=Count("questions", filter=Q(questions__is_active=True), distinct=True)
    )
    if domain_id:
        qs = qs.filter(domain_id=domain_id)
    if audience:
        qs = qs.filter(audience=audience)
    if status:
        qs = qs.filter(status=status)
    return _search(qs, query).order_by("domain__name", "title", "pk")


def program_get(*, scope: Scope, pk: int) -> Program | None:
    """One program the scope may see, or None (callers answer 404)."""
    return (
        scoped(Program.objects.select_related("domain", "domain__owner_agency"), scope)
        .filter(pk=pk)
        .first()
    )


def version_list(*, scope: Scope, program: Program) -> QuerySet[ProgramVersion]:
    """Versions of a program, newest first. Drafts only for those who manage the program."""
    qs = scoped(ProgramVersion.objects.filter(program=program), scope).select_related(
        "created_by", "published_by"
    )
    if not can_manage_program(scope, program):
        qs = qs.filter(status=ProgramVersion.Status.PUBLISHED)
    return qs.annotate(lesson_count=Count("lessons")).order_by("-number")


def version_get(*, scope: Scope, program: Program, number: int) -> ProgramVersion | None:
    return version_list(scope=scope, program=program).filter(number=number).first()


def draft_of(*, scope: Scope, program: Program) -> ProgramVersion | None:
    return (
        version_list(scope=scope, program=program)
        .filter(status=ProgramVersion.Status.DRAFT)
        .first()
    )


def lessons_of(*, scope: Scope, version: ProgramVersion) -> QuerySet[Lesson]:
    return (
        scoped(Lesson.objects.filter(version=version), scope)
        .prefetch_related("materials")
        .order_by("order")
    )


def materials_of(*, scope: Scope, version: ProgramVersion) -> QuerySet[Material]:
    return scoped(Material.objects.filter(version=version), scope).select_related("lesson")


def lesson_get(*, scope: Scope, pk: int) -> Lesson | None:
    return (
        scoped(Lesson.objects.select_related("version__program__domain"), scope)
        .filter(pk=pk)
        .first()
    )


def material_get(*, scope: Scope, pk: int) -> Material | None:
    return (
        scoped(Material.objects.select_related("version__program__domain"), scope)
        .filter(pk=pk)
        .first()
    )


def question_list(
    *, scope: Scope, program: Program, active_only: bool = False
) -> QuerySet[Question]:
    qs = scoped(Question.objects.filter(program=program), scope)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("pk")


def question_get(*, scope: Scope, pk: int) -> Question | None:
    return scoped(Question.objects.select_related("program__domain"), scope).filter(pk=pk).first()


@dataclass(frozen=True)
class SheetQuestion:
    """A question as printed for participants: its text and choices, and nothing of the answer."""

    number: int
    text: str
    choices: tuple[str, ...]


def question_sheet(*, scope: Scope, program: Program) -> list[SheetQuestion]:
    """The printable test. The correct answer never leaves this function."""
    rows = question_list(scope=scope, program=program, active_only=True).values_list(
        "text", "choices"
    )
    return [
        SheetQuestion(number=i, text=text, choices=tuple(choices))
        for i, (text, choices) in enumerate(rows, start=1)
    ]


@dataclass(frozen=True)
class AnswerKeyRow:
    number: int
    text: str
    correct_number: int
    correct_choice: str
    explanation: str


def answer_key(*, scope: Scope, program: Program) -> list[AnswerKeyRow]:
    """The answers, numbered like the sheet. Callers check ``can_see_answers`` first."""
    return [
        AnswerKeyRow(
            number=i,
            text=q.text,
            correct_number=q.correct_index + 1,
            correct_choice=q.correct_choice,
            explanation=q.explanation,
        )
        for i, q in enumerate(question_list(scope=scope, program=program, active_only=True), 1)
    ]
