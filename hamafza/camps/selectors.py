"""Reads of camps. Every query passes through the scoping gate; trainers and volunteers see only
the camps they are on the staff of."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hamafza.camps.models import Camp, CampParticipant, CampSession, CampStaff
from hamafza.camps.permissions import can_manage_camps, can_view_camps, sees_only_staffed_camps
from hamafza.core.queries import subquery_count
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.org.models import Membership
from hamafza.sessions import selectors as session_selectors
from hamafza.sessions.models import Session
from hamafza.sessions.permissions import can_view_sessions
from hamafza.trainers.models import Trainer

WHEN_UPCOMING, WHEN_PAST = "upcoming", "past"


def _staffed_by(user_id: int) -> Exists:
    return Exists(
        CampStaff.objects.filter(camp=OuterRef("pk")).filter(
            Q(user_id=user_id) | Q(trainer__user_id=user_id)
        )
    )


def camp_list(
    *,
    scope: Scope,
    when: str | None = None,
    district_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Camp]:
    """Camps the scope may see, with their counts; upcoming ones soonest first, past ones latest
    first."""
    if not can_view_camps(scope):
        return Camp.objects.none()
    qs = scoped(Camp.objects.select_related("district", "venue"), scope)
    if sees_only_staffed_camps(scope):
        qs = qs.filter(_staffed_by(scope.user_id))
    elif scope.role == Role.SCHOOL_CONTACT:
        qs = qs.exclude(status=Camp.Status.DRAFT)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    if when == WHEN_UPCOMING:
        qs = qs.filter(end_date__gte=today).order_by("start_date", "pk")
    elif when == WHEN_PAST:
        qs = qs.filter(end_date__lt=today).order_by("-start_date", "pk")
    else:
        qs = qs.order_by("-start_date", "pk")
    # One counting subquery per relation: joining participants × staff × programme in one GROUP
    # BY would multiply the rows of every camp before counting them.
    people = CampParticipant.objects.filter(camp=OuterRef("pk")).exclude(
        status=CampParticipant.Status.WITHDRAWN
    )
    return qs.annotate(
        participant_count=subquery_count(people, "camp"),
        going_count=subquery_count(
            CampParticipant.objects.filter(
                camp=OuterRef("pk"),
                status__in=[CampParticipant.Status.GOING, CampParticipant.Status.ATTENDED],
            ),
            "camp",
        ),
        consent_count=subquery_count(people.filter(consent_given_at__isnull=False), "camp"),
        staff_count=subquery_count(CampStaff.objects.filter(camp=OuterRef("pk")), "camp"),
        session_count=subquery_count(CampSession.objects.filter(camp=OuterRef("pk")), "camp"),
    )


def camp_get(*, scope: Scope, pk: int) -> Camp | None:
    """A camp the scope may see, or None (callers answer 404)."""
    return camp_list(scope=scope).filter(pk=pk).first()


def participants(*, scope: Scope, camp: Camp) -> QuerySet[CampParticipant]:
    """The camp's participants the scope may see (a school contact: only their own students)."""
    return scoped(
        CampParticipant.objects.filter(camp=camp).select_related("school", "consent_recorded_by"),
        scope,
    )


def staff(*, camp: Camp) -> QuerySet[CampStaff]:
    return camp.staff.select_related("trainer", "user").order_by("role", "pk")


def programme(*, scope: Scope, camp: Camp) -> list[tuple[dt.date, list[CampSession]]]:
    """The programme day by day (local dates), every day of the camp listed even when empty. Each
    link says whether the scope may open the session's page (planners, and its own trainers)."""
    links = (
        camp.programme.select_related(
            "session__lesson", "session__version__program", "session__school", "session__venue"
        )
        .prefetch_related("session__trainers")
        .order_by("session__starts_at", "pk")
    )
    planner = can_view_sessions(scope)
    by_day: dict[dt.date, list[CampSession]] = {}
    for link in links:
        link.openable = planner or any(
            t.user_id == scope.user_id for t in link.session.trainers.all()
        )
        by_day.setdefault(timezone.localtime(link.session.starts_at).date(), []).append(link)
    days = [camp.start_date + dt.timedelta(days=i) for i in range(min(camp.days, 60))]
    outside = sorted(d for d in by_day if d not in days)  # only if the dates were forced
    return [(d, by_day.get(d, [])) for d in days + outside]


def can_see_guardian_contacts(scope: Scope, camp: Camp) -> bool:
    """Guardians' mobiles: the managers, and the camp's leader and first aider (who call them)."""
    if can_manage_camps(scope):
        return True
    if scope.user_id is None:
        return False
    return (
        camp.staff.filter(role__in=[CampStaff.Role.LEADER, CampStaff.Role.MEDIC])
        .filter(Q(user_id=scope.user_id) | Q(trainer__user_id=scope.user_id))
        .exists()
    )


@dataclass
class Counts:
    total: int = 0
    girls: int = 0
    boys: int = 0
    with_consent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_grade: list[tuple[int, int, int]] = field(default_factory=list)  # grade, girls, boys

    @property
    def without_consent(self) -> int:
        return self.total - self.with_consent


def counts(people) -> Counts:
    """Head counts of the participants still on the list: by gender, by grade, consent."""
    active = [p for p in people if p.status != CampParticipant.Status.WITHDRAWN]
    grades = Counter((p.grade, p.gender) for p in active)
    return Counts(
        total=len(active),
        girls=sum(p.gender == CampParticipant.Gender.GIRL for p in active),
        boys=sum(p.gender == CampParticipant.Gender.BOY for p in active),
        with_consent=sum(p.has_consent for p in active),
        by_status=dict(Counter(p.status for p in people)),
        by_grade=[
            (g, grades[(g, CampParticipant.Gender.GIRL)], grades[(g, CampParticipant.Gender.BOY)])
            for g in sorted({p.grade for p in active})
        ],
    )


def schedulable_sessions(*, scope: Scope, camp: Camp) -> QuerySet[Session]:
    """Sessions the scope may add to the camp's programme: in scope, not cancelled, inside the
    camp's dates and not in the programme yet."""
    return (
        session_selectors.session_list(scope=scope, start=camp.start_date, end=camp.end_date)
        .exclude(status=Session.Status.CANCELLED)
        .exclude(pk__in=camp.programme.values("session_id"))
        .order_by("starts_at")
    )


def staff_trainers(*, scope: Scope) -> QuerySet[Trainer]:
    return scoped(
        Trainer.objects.filter(status=Trainer.Status.ACTIVE).select_related("home_district"),
        scope,
    )


def volunteers(*, scope: Scope):
    """People with an active volunteer role in the scope's municipality."""
    if scope.municipality_id is None:
        return get_user_model().objects.none()
    members = Membership.objects.filter(
        user=OuterRef("pk"),
        municipality_id=scope.municipality_id,
        role=Role.VOLUNTEER,
        is_active=True,
    )
    return (
        get_user_model()
        .objects.filter(Exists(members), is_active=True)
        .order_by("last_name", "first_name", "username")
    )
