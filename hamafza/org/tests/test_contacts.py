"""A school principal's and a partner agency's contact mobile are shown only to the people who
arrange sessions with them: the directorate, the school's district coordinator and the school's
own contact (an agency's: the directorate and the coordinators). A trainer, an agency's liaison
or a citizen sees the school and the principal's name, never the mobile — on the page or in the
API."""

import pytest
from django.test import Client

from hamafza.core.persian import to_latin_digits

MOBILE = "09127654321"
AGENCY_MOBILE = "09351112233"


@pytest.fixture
def contacts(world):
    world.s6.principal_name = "مریم رضایی"
    world.s6.principal_mobile = MOBILE
    world.s6.save()
    world.health.contact_name = "رضا کریمی"
    world.health.contact_mobile = AGENCY_MOBILE
    world.health.save()
    return world


def _api(user, path):
    client = Client()
    client.force_login(user)
    return client.get(path)


@pytest.mark.parametrize("role", ["directorate", "coordinator_d6", "school_contact_s6"])
def test_those_who_arrange_sessions_see_the_principals_mobile(contacts, users, client_for, role):
    page = client_for(role).get(f"/org/schools/{contacts.s6.pk}/")
    assert page.status_code == 200 and MOBILE in to_latin_digits(page.content.decode())
    api = _api(users[role], f"/api/org/schools/{contacts.s6.pk}")
    assert api.status_code == 200 and api.json()["principal_mobile"] == MOBILE


@pytest.mark.parametrize("role", ["trainer", "liaison_health"])
def test_a_trainer_or_liaison_sees_the_school_but_not_the_principals_mobile(
    contacts, users, client_for, role
):
    page = client_for(role).get(f"/org/schools/{contacts.s6.pk}/")
    assert page.status_code == 200
    body = to_latin_digits(page.content.decode())
    assert "مریم رضایی" in body and MOBILE not in body
    one = _api(users[role], f"/api/org/schools/{contacts.s6.pk}")
    assert one.status_code == 200 and one.json()["principal_mobile"] is None
    listed = _api(users[role], "/api/org/schools?page_size=100")
    assert listed.status_code == 200 and MOBILE not in listed.content.decode()
    assert all(item["principal_mobile"] is None for item in listed.json()["items"])


@pytest.mark.parametrize("role", ["trainer", "liaison_health"])
def test_an_agencys_contact_mobile_is_not_shown_to_a_trainer_or_liaison(
    contacts, users, client_for, role
):
    page = client_for(role).get(f"/org/agencies/{contacts.health.pk}/")
    assert page.status_code == 200 and AGENCY_MOBILE not in to_latin_digits(page.content.decode())
    api = _api(users[role], "/api/org/agencies")
    assert api.status_code == 200 and AGENCY_MOBILE not in api.content.decode()


def test_the_directorate_sees_an_agencys_contact_mobile(contacts, users, client_for):
    page = client_for("directorate").get(f"/org/agencies/{contacts.health.pk}/")
    assert AGENCY_MOBILE in to_latin_digits(page.content.decode())
    assert AGENCY_MOBILE in _api(users["directorate"], "/api/org/agencies").content.decode()


def test_a_citizen_gets_neither_page_nor_api(contacts, users, client_for):
    assert client_for("citizen").get(f"/org/schools/{contacts.s6.pk}/").status_code in (403, 404)
    response = _api(users["citizen"], f"/api/org/schools/{contacts.s6.pk}")
    assert response.status_code in (403, 404) and MOBILE not in response.content.decode()
