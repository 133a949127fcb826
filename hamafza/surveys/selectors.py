"""Reads of surveys. Answers pass through the scoping gate (district), and trainers are narrowed
to the answers given at their own sessions."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hamafza.camps.models import Camp
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.sessions import selectors as session_selectors
from hamafza.sessions.models import Session
from hamafza.surveys.models import Question, Response, Survey
from hamafza.surveys.permissions import can_read_surveys, sees_own_sessions_only


def survey_list(*, scope: Scope, status: str | None = None) -> QuerySet[Survey]:
    """Surveys the scope may open: the directorate all; a coordinator their district's and the
    directorate's (which their district's sessions use); a trainer those of their sessions."""
    if not can_read_surveys(scope):
        return Survey.objects.none()
    qs = scoped(Survey.objects.select_related("program", "session__lesson", "camp"), scope)
    if scope.role == Role.DISTRICT_COORDINATOR:
        qs = qs.filter(Q(district_id=scope.district_id) | Q(district__isnull=True))
    elif sees_own_sessions_only(scope):
        mine = scoped(Session.objects.filter(trainers__user_id=scope.user_id), scope)
        qs = qs.filter(
            Q(session__in=mine)
            | Q(program__in=mine.values("version__program"))
            | Q(session__isnull=True, program__isnull=True, camp__isnull=True)
        ).exclude(status=Survey.Status.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(question_count=Count("questions", distinct=True)).order_by(
        "-created_at", "pk"
    )


def survey_get(*, scope: Scope, pk: int) -> Survey | None:
    return survey_list(scope=scope).filter(pk=pk).first()


def questions(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section").order_by("order", "pk"))


def responses(*, scope: Scope, survey: Survey, session_id: int | None = None) -> QuerySet:
    """The answers to ``survey`` the scope may read."""
    if not can_read_surveys(scope):
        return Response.objects.none()
    qs = scoped(Response.objects.filter(survey=survey), scope)
    if sees_own_sessions_only(scope):
        qs = qs.filter(session__trainers__user_id=scope.user_id).distinct()
    if session_id:
        qs = qs.filter(session_id=session_id)
    return qs


def occasions(*, scope: Scope, survey: Survey, limit: int = 60) -> list:
    """The sessions (or the camp) whose participants the scope may invite to answer: a QR code and
    a short link for each. Planners: sessions in their scope; trainers: their own."""
    if survey.camp_id:
        camp = scoped(Camp.objects.filter(pk=survey.camp_id), scope).first()
        return [camp] if camp else []
    if sees_own_sessions_only(scope):
        qs = scoped(Session.objects.filter(trainers__user_id=scope.user_id), scope)
    else:
        qs = session_selectors.session_list(scope=scope)
    qs = qs.exclude(status=Session.Status.CANCELLED).select_related(
        "lesson", "school", "venue", "district"
    )
    if survey.session_id:
        return list(qs.filter(pk=survey.session_id))
    if survey.program_id:
        qs = qs.filter(version__program_id=survey.program_id)
    now = timezone.now()
    qs = qs.filter(
        starts_at__gte=now - dt.timedelta(days=30), starts_at__lte=now + dt.timedelta(days=30)
    )
    return list(qs.order_by("-starts_at")[:limit])
