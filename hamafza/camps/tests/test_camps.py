import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from hamafza.camps import services
from hamafza.camps.models import Camp
from hamafza.camps.tests.conftest import in_days, participant_data, scope_of
from hamafza.core import jalali

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def camp_data(world, **overrides) -> dict:
    data = {
        "title": "اردوی جهادی پاییزه",
        "district": world.d6,
        "venue": world.v6,
        "place": "",
        "start_date": in_days(10),
        "end_date": in_days(12),
        "capacity": 25,
        "grade_from": 7,
        "grade_to": 9,
        "audience": Camp.Audience.GIRLS,
        "status": Camp.Status.OPEN,
        "cancel_reason": "",
        "description": "",
    }
    data.update(overrides)
    return data


def save(users, world, role="coordinator_d6", instance=None, expected=None, **overrides):
    if instance is not None and expected is None:  # the version stored now, as a fresh form has it
        expected = Camp.objects.get(pk=instance.pk).updated_at
    return services.camp_save(
        scope=scope_of(users[role]),
        actor=users[role],
        data=camp_data(world, **overrides),
        instance=instance,
        expected_updated_at=expected,
    )


def test_a_coordinator_creates_a_camp_in_their_district(world, users):
    camp = save(users, world, title="  اردوی   جهادي ")
    assert camp.title == "اردوی جهادی" and camp.district == world.d6 and camp.days == 3
    assert camp.history.first().history_user == users["coordinator_d6"]


def test_a_coordinator_cannot_create_a_camp_in_another_district(world, users):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        save(users, world, district=world.d12, venue=world.v12)
    assert "in your area" in err.value.message_dict["district"][0]
    assert "in your area" in err.value.message_dict["venue"][0]
    assert not Camp.objects.exists()


@pytest.mark.parametrize("role", ["trainer", "volunteer", "school_contact_s6", "citizen"])
def test_only_managers_create_camps(world, users, role):
    with pytest.raises(PermissionDenied):
        save(users, world, role=role)
    assert not Camp.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"end_date": in_days(9)}, "end_date", "cannot end before it starts"),
        ({"end_date": in_days(60)}, "end_date", "at most 30 days"),
        ({"status": "cancelled"}, "cancel_reason", "why the camp is cancelled"),
        ({"status": "held"}, "status", "not started"),
        ({"venue": None, "place": ""}, None, "venue or write where"),
    ],
)
def test_bad_camps_are_refused_with_a_message(world, users, overrides, field, text):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        save(users, world, **overrides)
    messages = err.value.message_dict[field] if field else err.value.messages
    assert any(text in m for m in messages), messages
    assert not Camp.objects.exists()


def test_a_stale_edit_is_refused(world, users):
    camp = save(users, world)
    opened_at = camp.updated_at  # two people open the edit form
    save(users, world, instance=camp, expected=opened_at, title="نام تازه")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        save(users, world, instance=camp, expected=opened_at, capacity=99)
    assert "Someone else changed this camp" in err.value.messages[0]
    camp.refresh_from_db()
    assert camp.title == "نام تازه" and camp.capacity == 25


def test_a_stale_edit_is_refused_on_the_page(world, users, client_for):
    camp = save(users, world)
    client = client_for("coordinator_d6")
    form_page = client.get(reverse("camps:edit", args=[camp.pk]))
    version = form_page.context["form"].initial["version"]
    post = {
        "title": "اردو",
        "district": world.d6.pk,
        "venue": world.v6.pk,
        "start_date": jalali.format_numeric(in_days(10), persian=True),
        "end_date": jalali.format_numeric(in_days(12), persian=True),
        "capacity": "۲۵",
        "grade_from": 7,
        "grade_to": 9,
        "audience": "girls",
        "status": "open",
        "version": version,
    }
    url = f"/en/camps/{camp.pk}/edit/"
    first = client.post(url, {**post, "title": "اول"})
    assert first.status_code == 302
    second = client.post(url, {**post, "title": "دوم"})
    assert second.status_code == 400
    assert "Someone else changed this camp" in second.content.decode()
    camp.refresh_from_db()
    assert camp.title == "اول" and camp.capacity == 25


def test_an_edit_cannot_strand_participants(world, users):
    camp = save(users, world)
    for i in range(2):
        services.participant_add(
            scope=scope_of(users["coordinator_d6"]),
            actor=users["coordinator_d6"],
            camp=camp,
            **participant_data(
                world, full_name=f"دختر {i}", guardian_mobile=f"0912000000{i}", grade=8
            ),
        )
    with translation.override("en"), pytest.raises(ValidationError) as err:
        save(users, world, instance=camp, capacity=1, grade_from=9, audience="boys")
    errors = err.value.message_dict
    assert "2 students are already on the list" in errors["capacity"][0]
    assert "outside these grades" in errors["grade_from"][0]
    assert "other gender" in errors["audience"][0]
    camp.refresh_from_db()
    assert camp.capacity == 25


def test_the_camp_form_shows_form_errors(world, users, client_for):
    response = client_for("coordinator_d6").post(
        "/en/camps/new/",
        {
            "title": "اردو",
            "district": world.d6.pk,
            "place": "لواسان",
            "start_date": "1405/13/01",
            "end_date": "",
            "capacity": "0",
            "grade_from": "13",
            "grade_to": "9",
            "audience": "mixed",
            "status": "open",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"start_date", "end_date", "capacity", "grade_from"}
    assert "between 1 and 12" in errors["grade_from"][0]
    assert not Camp.objects.exists()


def test_end_before_start_on_the_page(world, users, client_for):
    with translation.override("fa"):
        start = jalali.format_numeric(in_days(10), persian=True)
        end = jalali.format_numeric(in_days(8), persian=True)
    response = client_for("coordinator_d6").post(
        "/en/camps/new/",
        {
            "title": "اردو",
            "district": world.d6.pk,
            "place": "لواسان",
            "start_date": start,
            "end_date": end,
            "capacity": "10",
            "grade_from": "1",
            "grade_to": "6",
            "audience": "mixed",
            "status": "open",
        },
    )
    assert response.status_code == 400
    assert "A camp cannot end before it starts." in response.context["form"].errors["end_date"]
    assert not Camp.objects.exists()


def test_jalali_dates_are_entered_and_shown(world, users, client_for):
    client = client_for("coordinator_d6")
    start = in_days(10)
    response = client.post(
        reverse("camps:create"),
        {
            "title": "اردوی جهادی",
            "district": world.d6.pk,
            "place": "لواسان",
            "start_date": jalali.format_numeric(start, persian=True),
            "end_date": jalali.format_numeric(start + dt.timedelta(days=2), persian=True),
            "capacity": "10",
            "grade_from": "1",
            "grade_to": "6",
            "audience": "mixed",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    camp = Camp.objects.get()
    assert camp.start_date == start and camp.end_date == start + dt.timedelta(days=2)
    page = client.get(camp.get_absolute_url()).content.decode()
    with translation.override("fa"):
        assert jalali.format_date(start) in page


def test_a_held_camp_stays_held_and_a_cancelled_one_returns_only_as_a_draft(world, users):
    camp = save(users, world, start_date=in_days(-5), end_date=in_days(-3))
    held = save(users, world, instance=camp, start_date=in_days(-5), end_date=in_days(-3),
                status=Camp.Status.HELD)  # fmt: skip
    with pytest.raises(ValidationError) as err:
        save(users, world, instance=held, start_date=in_days(-5), end_date=in_days(-3),
             status=Camp.Status.OPEN)  # fmt: skip
    assert "status" in err.value.message_dict
    held.refresh_from_db()
    assert held.status == Camp.Status.HELD
    other = save(users, world, title="اردوی دوم")
    cancelled = save(users, world, instance=other, title="اردوی دوم", status=Camp.Status.CANCELLED,
                     cancel_reason="باران")  # fmt: skip
    with pytest.raises(ValidationError):
        save(users, world, instance=cancelled, title="اردوی دوم", status=Camp.Status.OPEN)
    again = save(users, world, instance=cancelled, title="اردوی دوم", status=Camp.Status.DRAFT)
    assert again.status == Camp.Status.DRAFT and again.cancel_reason == ""
