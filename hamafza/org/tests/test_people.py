import pytest
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.org.models import Membership


def add(client, world, **overrides):
    data = {
        "first_name": "نيلوفر",
        "last_name": "کاظمی",
        "username": "niloofar",
        "mobile": "۰۹۱۹۱۲۳۴۵۶۷",
        "role": "district_coordinator",
        "district": world.d12.pk,
    }
    data.update(overrides)
    return client.post(reverse("org:person_add"), data)


def test_directorate_adds_a_coordinator(world, client_for):
    response = add(client_for("directorate"), world)
    assert response.status_code == 302
    user = User.objects.get(username="niloofar")
    assert user.mobile == "09191234567" and user.first_name == "نیلوفر"
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert membership.role == "district_coordinator" and membership.district == world.d12
    assert membership.municipality == world.tehran


@pytest.mark.parametrize(
    "overrides",
    [
        {"district": ""},  # coordinator without a district
        {"role": "agency_liaison", "agency": ""},
        {"role": "platform_admin"},
        {"mobile": "0912"},
        {"username": "bad name!"},
    ],
)
def test_bad_person_input_is_refused(world, client_for, overrides):
    before = (User.objects.count(), Membership.objects.count())
    response = add(client_for("directorate"), world, **overrides)
    assert response.status_code == 400
    assert (User.objects.count(), Membership.objects.count()) == before


def test_units_of_another_municipality_cannot_be_assigned(world, client_for):
    before = Membership.objects.count()
    response = add(client_for("directorate"), world, district=world.b1.pk)
    assert response.status_code == 400
    assert Membership.objects.count() == before


@pytest.mark.parametrize(
    "role", ["coordinator_d6", "liaison_health", "trainer", "citizen", "school_contact_s6"]
)
def test_only_directorate_manages_people(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("org:people")).status_code == 403
    before = Membership.objects.count()
    assert add(client, world).status_code == 403
    assert Membership.objects.count() == before


def test_people_list_is_limited_to_the_municipality(world, client_for, users):
    html = client_for("directorate").get(reverse("org:people")).content.decode()
    assert users["coordinator_d6"].username in html
    assert users["bumehen_directorate"].username not in html


def test_ending_a_role_removes_access(world, client_for, users):
    membership = users["coordinator_d6"].memberships.get()
    response = client_for("directorate").post(reverse("org:membership_end", args=[membership.pk]))
    assert response.status_code == 302
    assert client_for("coordinator_d6").get(reverse("org:school_list")).status_code == 403


def test_roles_of_another_municipality_cannot_be_ended(world, client_for, users):
    membership = users["directorate"].memberships.get()
    client_for("bumehen_directorate").post(reverse("org:membership_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.is_active


@pytest.mark.parametrize("username", ["m.ahmadi", "coord_d6", "trainer-12", "ali.۱۲"])
def test_usernames_with_a_dot_underscore_hyphen_or_digits_are_accepted(world, client_for, username):
    response = add(client_for("directorate"), world, username=username)
    assert response.status_code == 302
    assert User.objects.filter(username=username.replace("۱۲", "12")).exists()


def test_a_refused_username_is_explained_in_plain_words(world, client_for):
    before = User.objects.count()
    response = add(client_for("directorate"), world, username="نیلوفر کاظمی")
    html = response.content.decode()
    assert response.status_code == 400
    assert "اسلاگ" not in html and "slug" not in html.lower()
    assert "فقط حروف انگلیسی، رقم، نقطه (.)، زیرخط (_) و خط تیره (-)" in html
    assert User.objects.count() == before
