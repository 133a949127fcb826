import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from hamafza.org.middleware import scope_for_user
from hamafza.sessions import services
from hamafza.sessions.holidays import seed_fixed_holidays
from hamafza.sessions.models import Holiday, Session
from hamafza.sessions.tests.conftest import at
from hamafza.trainers.models import Leave, WeeklyAvailability

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def schedule(users, role="directorate", **kwargs):
    return services.session_schedule(scope=scope_for_user(users[role]), actor=users[role], **kwargs)


def base(plan, world, pool, **overrides):
    data = {
        "lesson_id": plan.lesson.pk,
        "starts_at": at(plan.day, 9),
        "ends_at": at(plan.day, 10),
        "trainer_ids": [pool.t6.pk],
        "school_id": world.s6.pk,
        "class_label": "5/2",
    }
    data.update(overrides)
    return data


def test_a_session_is_scheduled_in_the_schools_district(plan, world, pool, users):
    (session,), skipped = schedule(users, **base(plan, world, pool))
    assert session.district == world.d6 and session.domain == pool.health and skipped == []
    assert list(session.trainers.all()) == [pool.t6]


def test_a_trainer_cannot_be_in_two_places_at_once(plan, world, pool, users):
    schedule(users, **base(plan, world, pool))
    with translation.override("en"), pytest.raises(ValidationError) as err:
        schedule(
            users,
            **base(
                plan,
                world,
                pool,
                school_id=world.s6.pk,
                class_label="6/1",
                starts_at=at(plan.day, 9, 30),
                ends_at=at(plan.day, 10, 30),
            ),
        )
    assert "teaching elsewhere" in err.value.messages[0] and "شستن دست‌ها" in err.value.messages[0]
    assert Session.objects.count() == 1


def test_travel_buffer_between_districts(plan, world, pool, users):
    schedule(users, **base(plan, world, pool))  # district 6, 9:00–10:00
    # district 12 at 10:15: not enough time to travel
    with pytest.raises(ValidationError):
        schedule(
            users,
            **base(
                plan,
                world,
                pool,
                school_id=world.s12.pk,
                starts_at=at(plan.day, 10, 15),
                ends_at=at(plan.day, 11),
            ),
        )
    # same district at 10:15: fine
    schedule(
        users,
        **base(
            plan,
            world,
            pool,
            class_label="6/1",
            starts_at=at(plan.day, 10, 15),
            ends_at=at(plan.day, 11),
        ),
    )
    # other district at 11:00: fine
    schedule(
        users,
        **base(
            plan,
            world,
            pool,
            school_id=world.s12.pk,
            starts_at=at(plan.day, 11, 45),
            ends_at=at(plan.day, 12, 30),
        ),
    )
    assert Session.objects.count() == 3


def test_a_class_or_a_venue_cannot_be_booked_twice(plan, world, pool, users):
    schedule(users, **base(plan, world, pool))
    with pytest.raises(ValidationError):
        schedule(
            users, **base(plan, world, pool, trainer_ids=[pool.t12.pk])
        )  # same class, same time
    schedule(
        users, **base(plan, world, pool, trainer_ids=[pool.t12.pk], class_label="6/1")
    )  # another class: fine
    venue = {
        "school_id": None,
        "class_label": "",
        "venue_id": world.v6.pk,
        "starts_at": at(plan.day, 15),
        "ends_at": at(plan.day, 16),
    }
    schedule(users, **base(plan, world, pool, **venue))
    with pytest.raises(ValidationError):
        schedule(users, **base(plan, world, pool, trainer_ids=[pool.t12.pk], **venue))


def test_a_trainer_without_a_valid_certificate_is_refused(plan, world, pool, users):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        schedule(users, **base(plan, world, pool, trainer_ids=[plan.uncertified.pk]))
    assert "certificate" in err.value.messages[0]
    assert not Session.objects.exists()


def test_a_trainer_on_leave_is_refused(plan, world, pool, users):
    Leave.objects.create(
        municipality=world.tehran, trainer=pool.t6, starts_on=plan.day, ends_on=plan.day
    )
    with pytest.raises(ValidationError):
        schedule(users, **base(plan, world, pool))


def test_soft_conflicts_need_confirmation(plan, world, pool, users):
    WeeklyAvailability.objects.create(
        municipality=world.tehran,
        trainer=pool.t6,
        weekday=5,
        starts_at=dt.time(14),
        ends_at=dt.time(18),
    )
    with translation.override("en"), pytest.raises(services.NeedsConfirmation) as needs:
        schedule(users, **base(plan, world, pool))
    assert "availability" in needs.value.warnings[0]
    assert not Session.objects.exists()
    schedule(users, **base(plan, world, pool), confirm_warnings=True)
    assert Session.objects.count() == 1


def test_weekly_hours_limit_warns(plan, world, pool, users):
    pool.t6.max_hours_per_week = 1
    pool.t6.save()
    schedule(users, **base(plan, world, pool))
    with translation.override("en"), pytest.raises(services.NeedsConfirmation) as needs:
        schedule(
            users,
            **base(
                plan,
                world,
                pool,
                class_label="6/1",
                starts_at=at(plan.day, 11),
                ends_at=at(plan.day, 12),
            ),
        )
    assert "limit" in needs.value.warnings[0]


def test_a_weekly_series_skips_holidays(plan, world, pool, users):
    Holiday.objects.create(
        municipality=world.tehran, date=plan.day + dt.timedelta(weeks=2), name="تعطیل"
    )
    created, skipped = schedule(users, **base(plan, world, pool), repeat_weeks=4)
    assert len(created) == 3 and skipped == [plan.day + dt.timedelta(weeks=2)]
    assert len({s.series for s in created}) == 1
    assert [s.starts_at.date() for s in created] == [
        plan.day,
        plan.day + dt.timedelta(weeks=1),
        plan.day + dt.timedelta(weeks=3),
    ]


def test_a_series_with_one_clash_saves_nothing(plan, world, pool, users):
    schedule(
        users,
        **base(
            plan,
            world,
            pool,
            starts_at=at(plan.day + dt.timedelta(weeks=2), 9),
            ends_at=at(plan.day + dt.timedelta(weeks=2), 10),
        ),
    )
    with pytest.raises(ValidationError):
        schedule(users, **base(plan, world, pool, class_label="6/1"), repeat_weeks=4)
    assert Session.objects.count() == 1


def test_fixed_holidays_are_seeded_for_a_jalali_year(world):
    assert seed_fixed_holidays(world.tehran, 1405) == 10
    assert seed_fixed_holidays(world.tehran, 1405) == 0  # idempotent
    assert Holiday.objects.filter(date=dt.date(2026, 3, 21)).exists()  # 1 Farvardin 1405


def test_coordinator_schedules_only_in_their_district(plan, world, pool, users):
    schedule(users, "coordinator_d6", **base(plan, world, pool))
    with pytest.raises(ValidationError):
        schedule(
            users,
            "coordinator_d6",
            **base(
                plan,
                world,
                pool,
                school_id=world.s12.pk,
                starts_at=at(plan.day, 13),
                ends_at=at(plan.day, 14),
            ),
        )


@pytest.mark.parametrize("role", ["liaison_health", "trainer", "school_contact_s6", "citizen"])
def test_others_cannot_schedule(plan, world, pool, users, role):
    with pytest.raises(PermissionDenied):
        schedule(users, role, **base(plan, world, pool))
    assert not Session.objects.exists()


def test_pages_scope_and_cancel(plan, world, pool, users, client_for):
    (s6,), _ = schedule(users, **base(plan, world, pool))
    (s12,), _ = schedule(
        users, **base(plan, world, pool, school_id=world.s12.pk, trainer_ids=[pool.t12.pk])
    )
    html = client_for("coordinator_d6").get(reverse("sessions:list")).content.decode()
    assert s6.get_absolute_url() in html and s12.get_absolute_url() not in html
    assert client_for("coordinator_d6").get(s12.get_absolute_url()).status_code == 404
    assert client_for("bumehen_directorate").get(s6.get_absolute_url()).status_code == 404
    assert client_for("citizen").get(reverse("sessions:list")).status_code == 403
    client_for("coordinator_d6").post(reverse("sessions:cancel", args=[s6.pk]), {"reason": ""})
    s6.refresh_from_db()
    assert s6.status == Session.Status.PLANNED  # a reason is required
    client_for("coordinator_d6").post(
        reverse("sessions:cancel", args=[s6.pk]), {"reason": "تعطیلی مدرسه"}
    )
    s6.refresh_from_db()
    assert s6.status == Session.Status.CANCELLED


def test_schedule_page_shows_warnings_then_saves_on_confirmation(plan, world, pool, client_for):
    WeeklyAvailability.objects.create(
        municipality=world.tehran,
        trainer=pool.t6,
        weekday=5,
        starts_at=dt.time(14),
        ends_at=dt.time(18),
    )
    data = {"lesson": plan.lesson.pk, "school": world.s6.pk, "class_label": "۵/۲", "date": "1405/09/14",
            "start": "09:00", "end": "10:00", "trainers": [pool.t6.pk], "repeat_weeks": 1}  # fmt: skip
    client = client_for("coordinator_d6")
    response = client.post(reverse("sessions:create"), data)
    assert response.status_code == 400 and 'id="warnings"' in response.content.decode()
    assert not Session.objects.exists()
    response = client.post(reverse("sessions:create"), {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.class_label == "5/2" and session.starts_at == at(plan.day, 9)
