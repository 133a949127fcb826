"""Demo meetings: the monthly joint committee of the municipality and its partners since the
start of the Jalali year (held, with minutes, decisions and action items, some done, one overdue),
its next meeting (the overdue action already on the agenda), and a district council."""

import datetime as dt

import jdatetime
from django.db import transaction
from django.utils import timezone

from hamafza.core import jalali
from hamafza.core.scoping import Role
from hamafza.meetings import services
from hamafza.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Invitee,
    Meeting,
    MeetingSeries,
)
from hamafza.org.models import Membership

COMMITTEE = "کمیته مشترک آموزش شهروندی"
TOPICS = [
    "بررسی گزارش اجرای برنامه مشترک مناطق",
    "هماهنگی مدارس برای جلسات آموزش سلامت",
    "برنامه اردوهای جهادی دانش‌آموزی",
    "ارزیابی کیفیت جلسات و بازخورد مدارس",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _people(municipality):
    def first(role, **unit):
        return (
            Membership.objects.filter(municipality=municipality, role=role, is_active=True, **unit)
            .select_related("user", "agency", "district")
            .order_by("pk")
            .first()
        )

    return [
        m
        for m in (
            first(Role.DIRECTORATE),
            first(Role.AGENCY_LIAISON),
            first(Role.DISTRICT_COORDINATOR),
        )
        if m is not None
    ]


@transaction.atomic
def seed_meetings(municipality) -> MeetingSeries | None:
    if MeetingSeries.objects.filter(municipality=municipality).exists():
        return None
    people = _people(municipality)
    if not people:
        return None
    organiser = people[0].user
    today = timezone.localdate()
    year = jalali.to_jalali(today).year
    committee = MeetingSeries.objects.create(
        municipality=municipality, title=COMMITTEE, recurrence="monthly",
        place="ساختمان معاونت فرهنگی و اجتماعی",
    )  # fmt: skip

    def invite_all(meeting, present=True):
        for m in people:
            Invitee.objects.create(
                municipality=municipality, meeting=meeting, user=m.user, name=str(m.user),
                organisation=str(m.agency) if m.agency_id else str(municipality),
                agency=m.agency, present=present,
            )  # fmt: skip
        Invitee.objects.create(
            municipality=municipality, meeting=meeting, name="نماینده هلال احمر",
            organisation="جمعیت هلال احمر", present=False,
        )  # fmt: skip

    last_held = None
    for month in range(1, 13):
        day = jdatetime.date(year, month, 10).togregorian()
        if day >= today - dt.timedelta(days=3):
            break
        meeting = Meeting.objects.create(
            municipality=municipality, series=committee,
            title=f"{COMMITTEE} — {jdatetime.date(year, month, 1).j_months_fa[month - 1]}",
            starts_at=_at(day, 10), ends_at=_at(day, 12), place=committee.place,
            status=Meeting.Status.HELD, held_at=_at(day, 12), organiser=organiser,
            minutes=f"در این نشست {TOPICS[month % len(TOPICS)]} بررسی شد و گزارش مناطق ارائه گردید.",
        )  # fmt: skip
        invite_all(meeting)
        for position, topic in enumerate((TOPICS[month % len(TOPICS)], "گزارش مناطق"), start=1):
            AgendaItem.objects.create(
                municipality=municipality, meeting=meeting, position=position, title=topic
            )
        Decision.objects.create(
            municipality=municipality, meeting=meeting, number=1,
            text=f"{TOPICS[(month + 1) % len(TOPICS)]} تا نشست بعد پیگیری شود.",
        )  # fmt: skip
        owner = people[min(1, len(people) - 1)].user
        due = day + dt.timedelta(days=20)
        done = due < today - dt.timedelta(days=20)
        ActionItem.objects.create(
            municipality=municipality, meeting=meeting, owner=owner, due_on=due,
            title=f"ارسال گزارش {TOPICS[month % len(TOPICS)]}",
            status=ActionItem.Status.DONE if done else ActionItem.Status.OPEN,
            done_on=due - dt.timedelta(days=2) if done else None,
            note="گزارش ارسال شد." if done else "",
        )  # fmt: skip
        last_held = meeting
    if last_held is not None:
        # one the owner let slip: overdue, so it goes on the next agenda
        ActionItem.objects.create(
            municipality=municipality, meeting=last_held, owner=people[-1].user,
            due_on=today - dt.timedelta(days=2), title="تهیه فهرست مدارس داوطلب اردوی جهادی",
        )  # fmt: skip
    nxt_day = today + dt.timedelta(days=12)
    nxt = Meeting.objects.create(
        municipality=municipality, series=committee, title=f"{COMMITTEE} — نشست آینده",
        starts_at=_at(nxt_day, 10), ends_at=_at(nxt_day, 12), place=committee.place,
        organiser=organiser,
    )  # fmt: skip
    invite_all(nxt, present=False)
    AgendaItem.objects.create(municipality=municipality, meeting=nxt, position=1, title=TOPICS[0])
    services.carry_overdue(meeting=nxt)
    coordinators = [m for m in people if m.role == Role.DISTRICT_COORDINATOR]
    if coordinators:
        district = coordinators[0].district
        council = MeetingSeries.objects.create(
            municipality=municipality, title=f"شورای آموزش شهروندی {district}",
            recurrence="monthly", district=district, place="سرای محله",
        )  # fmt: skip
        day = today + dt.timedelta(days=4)
        meeting = Meeting.objects.create(
            municipality=municipality, series=council, district=district,
            title=f"شورای آموزش شهروندی {district}", starts_at=_at(day, 9),
            ends_at=_at(day, 11), place=council.place, organiser=coordinators[0].user,
        )  # fmt: skip
        Invitee.objects.create(
            municipality=municipality, meeting=meeting, user=coordinators[0].user,
            name=str(coordinators[0].user), organisation=str(district),
        )  # fmt: skip
    return committee
