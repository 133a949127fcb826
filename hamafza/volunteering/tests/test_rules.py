"""Requirements, minors, who may do what, and bad input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamafza.camps.tests.factories import CampFactory
from hamafza.core.persian import to_latin_digits
from hamafza.core.scoping import Role
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.volunteering import services
from hamafza.volunteering.models import Opportunity, Shift, Signup, Volunteer
from hamafza.volunteering.tests.conftest import make_shift, make_volunteer, scope_of, volunteer_user

pytestmark = pytest.mark.django_db


def sign(person, shift):
    return services.signup_create(scope=scope_of(person.user), actor=person.user, shift=shift)


@pytest.fixture
def student(world):
    return make_volunteer(
        world, name="علی محمدی", gender="male", birth_year=1391, user=volunteer_user(world),
        is_minor=True, school=world.s6, grade=8, guardian_name="محمد محمدی",
        guardian_mobile="09123334455",
    )  # fmt: skip


def test_a_minor_is_refused_where_minors_may_not_take_part(vol, student):
    with pytest.raises(ValidationError) as error:
        sign(student, vol.shift)
    assert "۱۸" in str(error.value) or "Minors" in str(error.value)
    assert not Signup.objects.exists()


def test_a_minor_s_place_waits_for_consent_and_is_never_confirmed(vol, student):
    Opportunity.objects.filter(pk=vol.opportunity.pk).update(minors_allowed=True)
    row = sign(student, vol.shift)
    assert row.status == "pending_consent"
    # a promoted minor also waits for the guardian
    a, b = vol.people[:2]
    sign(a, vol.shift)
    waiting = sign(b, vol.shift)
    assert waiting.status == "waitlisted"
    services.signup_withdraw(scope=scope_of(a.user), actor=a.user, signup=a.signups.get())
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # an adult: confirmed at once
    assert not Signup.objects.filter(volunteer=student, status="confirmed").exists()


def test_a_promoted_minor_waits_for_consent(vol, student):
    Opportunity.objects.filter(pk=vol.opportunity.pk).update(minors_allowed=True)
    a, b = vol.people[:2]
    first = sign(a, vol.shift)
    sign(b, vol.shift)
    assert sign(student, vol.shift).status == "waitlisted"
    promoted = services.signup_withdraw(scope=scope_of(a.user), actor=a.user, signup=first)
    assert promoted.volunteer == student and promoted.status == "pending_consent"


def test_the_page_says_a_minor_s_place_waits_for_the_guardian(vol, student, client):
    Opportunity.objects.filter(pk=vol.opportunity.pk).update(minors_allowed=True)
    sign(student, vol.shift)
    client.force_login(student.user)
    text = client.get(reverse("volunteering:mine")).content.decode()
    assert "guardian" in text or "ولی" in text


@pytest.mark.parametrize(
    ("requirement", "field"),
    [
        ({"min_age": 40}, "age"),
        ({"gender": "male"}, "gender"),
        ({"skills": ["first_aid"]}, "skill"),
    ],
)
def test_requirements_not_met_are_refused_with_nothing_written(vol, requirement, field):
    Opportunity.objects.filter(pk=vol.opportunity.pk).update(**requirement)
    with pytest.raises(ValidationError):
        sign(vol.people[0], vol.shift)  # born 1370, female, no skills
    assert not Signup.objects.exists()


def test_requirements_met_are_accepted(vol):
    Opportunity.objects.filter(pk=vol.opportunity.pk).update(
        min_age=18, gender="female", skills=["first_aid"]
    )
    Volunteer.objects.filter(pk=vol.people[0].pk).update(skills=["first_aid", "media"])
    vol.people[0].refresh_from_db()
    assert sign(vol.people[0], vol.shift).status == "confirmed"


# ----- who may do what -----


def test_a_volunteer_sees_only_their_own_sign_ups(vol, client_for):
    a, b = vol.people[:2]
    sign(a, vol.shift)
    others = sign(b, vol.shift)
    client = client_for("volunteer")
    mine = client.get("/api/volunteering/signups/mine").json()
    assert [row["volunteer_id"] for row in mine["items"]] == [a.pk]
    response = client.post(f"/api/volunteering/signups/{others.pk}/withdraw")
    assert response.status_code == 404
    others.refresh_from_db()
    assert others.status == "confirmed"


def test_a_school_adds_only_its_own_students_and_sees_only_them(world, users, client_for):
    client = client_for("school_contact_s6")
    response = client.post(
        reverse("volunteering:volunteer_add"),
        {
            "name": "نرگس صالحی", "gender": "female", "birth_year": "1392", "grade": "7",
            "guardian_name": "فاطمه صالحی", "guardian_mobile": "۰۹۱۲۵۵۵۶۶۷۷", "school_id": world.s12.pk,
        },
    )  # fmt: skip
    assert response.status_code == 302
    added = Volunteer.objects.get(name="نرگس صالحی")
    assert added.school == world.s6 and added.is_minor and added.home_district == world.d6
    assert added.guardian_mobile == "09125556677" and added.mobile == ""
    elsewhere = make_volunteer(
        world, name="امیر حافظی", gender="male", is_minor=True, school=world.s12,
        home_district=world.d12, guardian_name="حسن حافظی", guardian_mobile="09120001122",
    )  # fmt: skip
    adult = make_volunteer(world, name="مینا رستمی")
    text = client.get(reverse("volunteering:volunteers")).content.decode()
    assert "نرگس صالحی" in text and "09125556677" in to_latin_digits(text)
    assert elsewhere.name not in text and adult.name not in text
    assert client.get(reverse("volunteering:browse")).status_code == 403


def test_another_district_s_coordinator_cannot_publish_or_see_them(vol, world, users):
    draft = Opportunity.objects.create(
        municipality=world.tehran, title="کارزار", district=world.d6, kind="campaign"
    )
    make_shift(draft)
    d12 = UserFactory()
    MembershipFactory(
        user=d12, municipality=world.tehran, role=Role.DISTRICT_COORDINATOR, district=world.d12
    )
    with pytest.raises(PermissionDenied):
        services.opportunity_publish(scope=scope_of(d12), actor=d12, opportunity=draft)
    draft.refresh_from_db()
    assert draft.status == "draft"
    client = Client()
    client.force_login(d12)
    assert client.get(reverse("volunteering:detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("volunteering:publish", args=[draft.pk])).status_code == 404
    text = client.get(reverse("volunteering:volunteers")).content.decode()
    assert vol.people[0].name not in text
    made = services.opportunity_create(  # a district named in the data is not theirs to choose
        scope=scope_of(d12),
        actor=d12,
        data={"title": "x", "kind": "event", "district_id": world.d6.pk},
    )
    assert made.district == world.d12


def test_citizens_and_trainers_reach_nothing(vol, client_for):
    for key in ("citizen", "trainer", "liaison_health"):
        client = client_for(key)
        assert client.get(reverse("volunteering:browse")).status_code == 403
        assert client.get("/api/volunteering/opportunities").status_code == 403
        assert client.post(reverse("volunteering:signup", args=[vol.shift.pk])).status_code == 404
    assert not Signup.objects.exists()


def test_drafts_are_hidden_from_volunteers(vol, world, client_for):
    draft = Opportunity.objects.create(
        municipality=world.tehran, title="پیش‌نویس پنهان", district=world.d6, kind="event"
    )
    client = client_for("volunteer")
    assert "پیش‌نویس پنهان" not in client.get(reverse("volunteering:browse")).content.decode()
    assert client.get(reverse("volunteering:detail", args=[draft.pk])).status_code == 404


def test_guardian_mobile_is_shown_to_the_coordinator(world, client_for):
    make_volunteer(
        world, name="هستی کاظمی", is_minor=True, school=world.s6, guardian_name="مهدی کاظمی",
        guardian_mobile="09127778899",
    )  # fmt: skip
    text = client_for("coordinator_d6").get(reverse("volunteering:volunteers")).content.decode()
    assert "مهدی کاظمی" in text
    assert "۰۹۱۲۷۷۷۸۸۹۹" in text or "09127778899" in text


# ----- bad input -----


def test_an_opportunity_without_a_title_is_refused(world, users, client_for):
    client = client_for("coordinator_d6")
    response = client.post(reverse("volunteering:create"), {"title": "  ", "kind": "event"})
    assert response.status_code == 200
    assert not Opportunity.objects.exists()
    with pytest.raises(ValidationError):
        services.opportunity_create(
            scope=scope_of(users["coordinator_d6"]), actor=users["coordinator_d6"],
            data={"title": "", "kind": "event"},
        )  # fmt: skip
    assert not Opportunity.objects.exists()


def test_a_coordinator_creates_publishes_and_closes(world, users, client_for):
    client = client_for("coordinator_d6")
    response = client.post(
        reverse("volunteering:create"), {"title": "پاکسازی پارک", "kind": "campaign"}
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and opportunity.district == world.d6
    client.post(reverse("volunteering:publish", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert opportunity.status == "draft"  # no shift yet
    day = timezone.localdate() + dt.timedelta(days=3)
    from hamafza.core import jalali  # the date as a person types it

    client.post(
        reverse("volunteering:shift_add", args=[opportunity.pk]),
        {
            "date": jalali.format_numeric(day),
            "starts": "۰۸:۰۰",
            "ends": "۱۱:۰۰",
            "place": "پارک",
            "needed": "۴",
        },
    )
    assert opportunity.shifts.get().needed == 4
    client.post(reverse("volunteering:publish", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert opportunity.status == "published"
    client.post(reverse("volunteering:close", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert opportunity.status == "closed"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts": dt.time(12), "ends": dt.time(9), "needed": 2, "place": "پارک"}, "ends"),
        ({"starts": dt.time(9), "ends": dt.time(12), "needed": 0, "place": "پارک"}, "needed"),
        ({"starts": dt.time(9), "ends": dt.time(12), "needed": -3, "place": "پارک"}, "needed"),
        ({"starts": dt.time(9), "ends": dt.time(12), "needed": 2, "place": " "}, "place"),
    ],
)
def test_a_bad_shift_is_refused_with_its_message_and_nothing_saved(vol, users, data, field):
    coordinator = users["coordinator_d6"]
    before = Shift.objects.count()
    with pytest.raises(ValidationError) as error:
        services.shift_add(
            scope=scope_of(coordinator), actor=coordinator, opportunity=vol.opportunity,
            data={"date": timezone.localdate(), **data},
        )  # fmt: skip
    assert field in error.value.message_dict
    assert Shift.objects.count() == before


def test_an_adult_needs_a_valid_mobile(world, users):
    coordinator = users["coordinator_d6"]
    with pytest.raises(ValidationError) as error:
        services.volunteer_create(
            scope=scope_of(coordinator), actor=coordinator,
            data={"name": "رضا", "gender": "male", "mobile": "12345"},
        )  # fmt: skip
    assert "mobile" in error.value.message_dict
    assert not Volunteer.objects.exists()


def test_a_student_needs_a_guardian(world, users):
    school = users["school_contact_s6"]
    with pytest.raises(ValidationError) as error:
        services.volunteer_create(
            scope=scope_of(school), actor=school, data={"name": "سینا", "gender": "male"}
        )
    assert "guardian_name" in error.value.message_dict
    assert not Volunteer.objects.exists()


# ----- the home page and the API -----


def test_the_home_page_shows_the_volunteer_s_next_shift(vol, client_for):
    sign(vol.people[0], vol.shift)
    later = make_shift(vol.opportunity, days=5, place="بوستان")
    sign(vol.people[0], later)
    text = client_for("volunteer").get("/").content.decode()
    assert 'id="volunteer-panel"' in text
    assert "پارک لاله" in text and "بوستان" not in text  # the next shift is the nearer one
    assert text.count(vol.opportunity.title) == 3  # the next, and both sign-ups ahead
    assert reverse("volunteering:browse") in text


def test_the_home_page_of_other_roles_has_no_volunteer_panel(vol, client_for):
    assert 'id="volunteer-panel"' not in client_for("citizen").get("/").content.decode()


def test_the_api_signs_up_lists_shifts_and_withdraws(vol, client_for):
    client = client_for("volunteer")
    items = client.get("/api/volunteering/opportunities").json()["items"]
    assert [o["id"] for o in items] == [vol.opportunity.pk]
    shifts = client.get(f"/api/volunteering/opportunities/{vol.opportunity.pk}/shifts").json()
    assert shifts["items"][0]["needed"] == 2
    made = client.post(
        f"/api/volunteering/shifts/{vol.shift.pk}/signup",
        data="{}",
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == "confirmed"
    again = client.post(
        f"/api/volunteering/shifts/{vol.shift.pk}/signup",
        data="{}",
        content_type="application/json",
    )
    assert again.status_code in (400, 422)
    out = client.post(f"/api/volunteering/signups/{made.json()['id']}/withdraw")
    assert out.status_code == 200 and out.json()["status"] == "withdrawn"


def test_an_opportunity_is_linked_to_a_camp_of_its_district_only(world, users, client_for):
    here = CampFactory(municipality=world.tehran, district=world.d6)
    there = CampFactory(municipality=world.tehran, district=world.d12)
    coordinator = users["coordinator_d6"]
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(
            scope=scope_of(coordinator), actor=coordinator,
            data={"title": "یاری اردو", "kind": "camp", "camp_id": there.pk},
        )  # fmt: skip
    assert "camp" in error.value.message_dict
    assert not Opportunity.objects.exists()
    client = client_for("coordinator_d6")
    client.post(
        reverse("volunteering:create"), {"title": "یاری اردو", "kind": "camp", "camp_id": here.pk}
    )
    assert Opportunity.objects.get().camp == here
