import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from hamafza.camps import services
from hamafza.camps.models import CampSession
from hamafza.camps.tests.conftest import at, in_days, scope_of
from hamafza.sessions.models import Session


@pytest.fixture
def make_session(plan, world, pool):
    def make(day: dt.date, hour: int = 9, hours: int = 2, district=None, venue=None, **extra):
        venue = venue or world.v6
        session = Session.objects.create(
            municipality=world.tehran,
            version=plan.version,
            lesson=plan.lesson,
            domain=pool.health,
            district=district or venue.district,
            venue=venue,
            starts_at=at(day, hour),
            ends_at=at(day, hour) + dt.timedelta(hours=hours),
            **extra,
        )
        session.trainers.set([pool.t6])
        return session

    return make


def add(users, camp, session, role="coordinator_d6"):
    return services.programme_add(
        scope=scope_of(users[role]), actor=users[role], camp=camp, session_id=session.pk
    )


def test_sessions_inside_the_camp_dates_join_the_programme(camps, users, make_session):
    first, last = make_session(in_days(20), 8), make_session(in_days(23), 20, hours=3)
    add(users, camps.d6, first)
    add(users, camps.d6, last)  # ends 23:00 on the last day
    assert set(camps.d6.sessions.all()) == {first, last}


@pytest.mark.parametrize(
    ("day", "hour", "hours"),
    [(19, 9, 1), (24, 9, 1), (23, 23, 2)],  # the day before, the day after, over midnight
)
def test_sessions_outside_the_camp_dates_are_refused(camps, users, make_session, day, hour, hours):
    session = make_session(in_days(day), hour, hours=hours)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, session)
    message = err.value.message_dict["session"][0]
    assert "outside the camp's dates" in message and "شستن دست‌ها" in message
    assert not CampSession.objects.exists()


def test_cancelled_duplicate_and_out_of_scope_sessions_are_refused(
    camps, world, users, make_session
):
    cancelled = make_session(in_days(21), status="cancelled", cancel_reason="x")
    other_district = make_session(in_days(21), venue=world.v12)
    fine = make_session(in_days(21), 14)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, cancelled)
    assert "cancelled" in err.value.message_dict["session"][0]
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, other_district)
    assert "in your area" in err.value.message_dict["session"][0]
    add(users, camps.d6, fine)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, fine)
    assert "already in the camp's programme" in " ".join(err.value.messages)
    with pytest.raises(PermissionDenied):
        add(users, camps.d6, fine, role="trainer")
    assert CampSession.objects.count() == 1


def test_the_page_offers_only_sessions_inside_the_dates_and_explains_a_refusal(
    camps, users, client_for, make_session
):
    inside, outside = make_session(in_days(21)), make_session(in_days(30))
    client = client_for("coordinator_d6")
    url = reverse("camps:programme_add", args=[camps.d6.pk])
    offered = [
        value for value, _ in client.get(url).context["form"].fields["session"].widget.choices
    ]
    assert inside.pk in offered and outside.pk not in offered
    response = client.post("/en" + url, {"session": outside.pk})
    assert response.status_code == 400
    assert "outside the camp&#x27;s dates" in response.content.decode()
    assert client.post(url, {"session": inside.pk}).status_code == 302
    assert list(camps.d6.sessions.all()) == [inside]


def test_the_programme_is_shown_day_by_day_in_jalali(camps, users, client_for, make_session):
    from hamafza.core import jalali

    session = make_session(in_days(21))
    add(users, camps.d6, session)
    page = client_for("trainer").get(camps.d6.get_absolute_url()).content.decode()
    with translation.override("fa"):
        for n in range(20, 24):
            assert jalali.format_date(in_days(n)) in page
    assert "شستن دست‌ها" in page
