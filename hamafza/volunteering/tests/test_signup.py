import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from hamafza.notifications.models import Notification
from hamafza.volunteering import services
from hamafza.volunteering.models import Opportunity, Signup
from hamafza.volunteering.tests.conftest import make_shift, make_volunteer, scope_of

pytestmark = pytest.mark.django_db


def sign(person, shift):
    return services.signup_create(scope=scope_of(person.user), actor=person.user, shift=shift)


def test_places_then_waitlist_in_order_and_the_first_waiting_is_promoted(vol):
    a, b, c = vol.people
    first, second, third = sign(a, vol.shift), sign(b, vol.shift), sign(c, vol.shift)
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    kinds = set(Notification.objects.filter(recipient=c.user).values_list("kind", flat=True))
    assert kinds == {"volunteer_waitlisted"}
    assert Notification.objects.filter(recipient=a.user, kind="volunteer_signup_confirmed").exists()

    promoted = services.signup_withdraw(scope=scope_of(a.user), actor=a.user, signup=first)

    assert promoted.pk == third.pk
    third.refresh_from_db()
    first.refresh_from_db()
    assert third.status == "confirmed" and first.status == "withdrawn"
    assert Notification.objects.filter(recipient=c.user, kind="volunteer_promoted").exists()
    assert vol.shift.signups.filter(status="confirmed").count() == 2


def test_withdrawing_a_waitlist_place_promotes_nobody(vol):
    a, b, c = vol.people
    sign(a, vol.shift), sign(b, vol.shift)
    waiting = sign(c, vol.shift)
    assert services.signup_withdraw(scope=scope_of(c.user), actor=c.user, signup=waiting) is None
    assert vol.shift.signups.filter(status="confirmed").count() == 2


def test_the_volunteer_signs_up_and_withdraws_on_the_page(vol, client_for):
    client = client_for("volunteer")
    page = client.get(reverse("volunteering:detail", args=[vol.opportunity.pk]))
    assert "پاکسازی" in page.content.decode()
    response = client.post(reverse("volunteering:signup", args=[vol.shift.pk]), follow=True)
    row = Signup.objects.get(volunteer=vol.people[0])
    assert row.status == "confirmed"
    assert response.status_code == 200
    client.post(reverse("volunteering:withdraw", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == "withdrawn"


def test_an_overlapping_shift_is_refused_naming_the_clash(vol):
    a = vol.people[0]
    other = Opportunity.objects.create(
        municipality=vol.opportunity.municipality, title="رزمایش بحران", district=vol.opportunity.district,
        kind="event", status="published",
    )  # fmt: skip
    clash = make_shift(other, starts=11, ends=14, place="مدرسه")
    clash.role_name = "امدادگر"
    clash.save()
    sign(a, vol.shift)
    with pytest.raises(ValidationError) as error:
        sign(a, clash)
    message = " ".join(error.value.messages)
    assert "هم‌پوشانی" in message and "پاکسازی" in message  # the clashing shift is named
    assert not Signup.objects.filter(shift=clash).exists()
    later = make_shift(other, starts=12, ends=14)  # starts when the first ends: no clash
    assert sign(a, later).status == "confirmed"


def test_signing_up_twice_is_refused(vol):
    a = vol.people[0]
    sign(a, vol.shift)
    with pytest.raises(ValidationError):
        sign(a, vol.shift)
    assert Signup.objects.filter(volunteer=a).count() == 1


def test_a_coordinator_signs_up_a_volunteer_of_their_district_only(vol, world, users):
    coordinator = users["coordinator_d6"]
    row = services.signup_create(
        scope=scope_of(coordinator), actor=coordinator, shift=vol.shift,
        volunteer_id=vol.people[1].pk,
    )  # fmt: skip
    assert row.signed_up_by == coordinator and row.status == "confirmed"
    stranger = make_volunteer(world, name="رضا نوری", gender="male", home_district=world.d12)
    with pytest.raises((ValidationError, PermissionDenied)):
        services.signup_create(
            scope=scope_of(coordinator),
            actor=coordinator,
            shift=vol.shift,
            volunteer_id=stranger.pk,
        )
    assert not Signup.objects.filter(volunteer=stranger).exists()


def test_draft_and_closed_opportunities_take_no_sign_ups(vol):
    Opportunity.objects.filter(pk=vol.opportunity.pk).update(status="closed")
    with pytest.raises(ValidationError):
        sign(vol.people[0], vol.shift)
    assert not Signup.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_last_place_goes_to_exactly_one_of_two_racing(world, users):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL guarantee; SQLite serialises writers anyway")
    from hamafza.volunteering.tests.conftest import volunteer_user  # the fixture's helper

    opportunity = Opportunity.objects.create(
        municipality=world.tehran, title="اردو", district=world.d6, kind="camp", status="published"
    )
    shift = make_shift(opportunity, needed=5)
    people = [
        make_volunteer(world, name=f"داوطلب {i}", user=volunteer_user(world)) for i in range(20)
    ]
    barrier = threading.Barrier(len(people))
    errors = []

    def worker(person):
        try:
            barrier.wait()
            sign(person, shift)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert shift.signups.filter(status="confirmed").count() == 5
    assert shift.signups.filter(status="waitlisted").count() == 15


def test_a_shift_in_the_past_takes_no_sign_up(vol):
    past = make_shift(vol.opportunity, days=-1)
    with pytest.raises(ValidationError):
        sign(vol.people[0], past)
    assert not Signup.objects.exists()
