"""Reads of questions and answers. Every query passes through the scoping gate; ``_seen`` is the
one rule of which items a person sees: those not hidden, their own (they see it is hidden and
why), and the hidden ones of the domains they curate."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from hamafza.catalogue.models import Domain, Lesson, Program, ProgramVersion
from hamafza.core.persian import dedupe_key, search_terms
from hamafza.core.scoping import MUNICIPALITY_WIDE, Role, Scope, scoped
from hamafza.questions.models import Answer, Question, Report, Vote
from hamafza.questions.permissions import can_view, is_curator


def _curated(scope: Scope, domain_path: str) -> Q:
    """Rows whose domain (``domain_path``) the scope curates."""
    if scope.role in MUNICIPALITY_WIDE:
        return Q(pk__isnull=False)  # every row (an empty Q would vanish from an OR)
    if scope.role == Role.AGENCY_LIAISON and scope.agency_id:
        return Q(**{f"{domain_path}__owner_agency_id": scope.agency_id})
    return Q(pk__in=[])


def _seen(scope: Scope, domain_path: str) -> Q:
    return Q(is_hidden=False) | Q(author_id=scope.user_id) | _curated(scope, domain_path)


def visible(scope: Scope) -> QuerySet[Question]:
    if not can_view(scope):
        return Question.objects.none()
    return scoped(Question.objects.all(), scope).filter(_seen(scope, "domain"))


def _shown_answers() -> Q:
    return Q(answers__is_hidden=False)


def _with_figures(qs: QuerySet[Question]) -> QuerySet[Question]:
    accepted = Answer.objects.filter(question=OuterRef("pk"), is_accepted=True, is_hidden=False)
    return qs.select_related("domain", "program", "lesson", "author", "hidden_by").annotate(
        vote_count=Count("votes", distinct=True),
        answer_count=Count("answers", filter=_shown_answers(), distinct=True),
        has_accepted=Exists(accepted),
    )


def question_list(
    *,
    scope: Scope,
    query: str | None = None,
    domain_id: int | None = None,
    program_id: int | None = None,
    tag: str | None = None,
    unanswered: bool = False,
    mine: bool = False,
    sort: str = "recent",
) -> QuerySet[Question]:
    qs = visible(scope)
    if domain_id:
        qs = qs.filter(domain_id=domain_id)
    if program_id:
        qs = qs.filter(program_id=program_id)
    key = dedupe_key(tag)
    if key:
        qs = qs.filter(tag_keys__contains=f"|{key}|")
    if mine:
        qs = qs.filter(author_id=scope.user_id) if scope.user_id else qs.none()
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    qs = _with_figures(qs)
    if unanswered:
        qs = qs.filter(answer_count=0, is_hidden=False)
    if sort == "votes":
        return qs.order_by("-vote_count", "-created_at", "-pk")
    return qs.order_by("-created_at", "-pk")


def question_get(*, scope: Scope, pk: int) -> Question | None:
    """One question the scope may see, or None (callers answer 404)."""
    return _with_figures(visible(scope).filter(pk=pk)).first()


def answers_of(*, scope: Scope, question: Question) -> list[Answer]:
    """The answers the scope may see: the accepted one first, then by votes, then oldest."""
    if not can_view(scope):
        return []
    rows = (
        scoped(Answer.objects.filter(question=question), scope)
        .filter(_seen(scope, "question__domain"))
        .select_related("author", "hidden_by", "accepted_by")
        .annotate(vote_count=Count("votes", distinct=True))
    )
    if scope.user_id:
        mine = Vote.objects.filter(answer=OuterRef("pk"), user_id=scope.user_id)
        rows = rows.annotate(my_vote=Exists(mine))
    return list(rows.order_by("-is_accepted", "-vote_count", "created_at", "pk"))


def answer_get(*, scope: Scope, pk: int) -> Answer | None:
    """An answer the scope may see, in a question it may see."""
    if not can_view(scope):
        return None
    return (
        scoped(Answer.objects.filter(pk=pk), scope)
        .filter(_seen(scope, "question__domain"))
        .filter(question__in=visible(scope))
        .select_related("question", "question__domain", "author")
        .annotate(vote_count=Count("votes", distinct=True))
        .first()
    )


def has_voted(*, scope: Scope, question: Question | None = None, answer=None) -> bool:
    if scope.user_id is None:
        return False
    target = {"question": question} if question is not None else {"answer": answer}
    return scoped(Vote.objects.filter(**target), scope).filter(user_id=scope.user_id).exists()


def vote_count(*, scope: Scope, question: Question | None = None, answer=None) -> int:
    target = {"question": question} if question is not None else {"answer": answer}
    return scoped(Vote.objects.filter(**target), scope).count()


def unanswered(*, scope: Scope) -> QuerySet[Question]:
    """Questions of the curator's domains with no answer yet, oldest first."""
    if not is_curator(scope):
        return Question.objects.none()
    return (
        question_list(scope=scope, unanswered=True)
        .filter(_curated(scope, "domain"))
        .order_by("created_at", "pk")
    )


def open_reports(*, scope: Scope) -> QuerySet[Report]:
    """The open reports of items in the curator's domains, oldest first."""
    if not is_curator(scope):
        return Report.objects.none()
    in_domain = _curated(scope, "question__domain") | _curated(scope, "answer__question__domain")
    return (
        scoped(Report.objects.filter(is_open=True), scope)
        .filter(in_domain)
        .select_related("reporter", "question", "answer", "answer__question")
        .order_by("created_at", "pk")
    )


def report_get(*, scope: Scope, pk: int) -> Report | None:
    return open_reports(scope=scope).filter(pk=pk).first()


def domains(*, scope: Scope) -> QuerySet[Domain]:
    return scoped(Domain.objects.all(), scope)


def programs(*, scope: Scope) -> QuerySet[Program]:
    return scoped(Program.objects.select_related("domain"), scope).order_by("title", "pk")


def lessons(*, scope: Scope) -> QuerySet[Lesson]:
    return (
        scoped(Lesson.objects.filter(version__status=ProgramVersion.Status.PUBLISHED), scope)
        .select_related("version__program")
        .order_by("version__program__title", "order")
    )


@dataclass
class Panel:
    template: str
    questions: list
    url: str
    ask_url: str


def program_panel(*, scope: Scope, program: Program) -> Panel | None:
    """What the program page shows of the questions (registered in catalogue.PROGRAM_PANELS):
    the latest questions asked about the program or one of its lessons."""
    if not can_view(scope):
        return None
    rows = question_list(scope=scope, program_id=program.pk).filter(is_hidden=False)
    return Panel(
        template="questions/partials/program_panel.html",
        questions=list(rows[:10]),
        url=reverse("questions:list") + f"?program={program.pk}",
        ask_url=reverse("questions:create") + f"?domain={program.domain_id}",
    )
