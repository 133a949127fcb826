import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hamafza.meetings.models import Invitee, Meeting, MeetingSeries
from hamafza.org.middleware import scope_for_user


def scope_of(users, key):
    return scope_for_user(users[key])


def when(days: float, hour: int = 10) -> dt.datetime:
    """A local time ``days`` from today at ``hour``."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def meeting_at(world, series, days, *, district=None, status="scheduled", title="نشست"):
    start = when(days)
    return Meeting.objects.create(
        municipality=world.tehran, series=series, title=title, starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="ساختمان مرکزی",
        district=district if district is not None else (series.district if series else None),
        status=status,
    )  # fmt: skip


@pytest.fixture
def committee(world, users):
    """Tehran's monthly joint committee (municipality-wide) and district 6's council, each with
    a meeting held last week and one next week; the health liaison is invited to the committee."""
    joint = MeetingSeries.objects.create(
        municipality=world.tehran, title="کمیته مشترک", recurrence="monthly"
    )
    council = MeetingSeries.objects.create(
        municipality=world.tehran, title="شورای منطقه ۶", recurrence="monthly", district=world.d6
    )
    past = meeting_at(world, joint, -7, title="کمیته مشترک — مهر")
    upcoming = meeting_at(world, joint, 7, title="کمیته مشترک — آبان")
    d6_past = meeting_at(world, council, -7, title="شورای منطقه ۶")
    liaison = Invitee.objects.create(
        municipality=world.tehran, meeting=past, user=users["liaison_health"], name="رابط سلامت"
    )
    guest = Invitee.objects.create(
        municipality=world.tehran, meeting=past, name="مهمان", organisation="هلال احمر"
    )
    return SimpleNamespace(
        joint=joint, council=council, past=past, upcoming=upcoming, d6_past=d6_past,
        liaison=liaison, guest=guest,
    )  # fmt: skip
