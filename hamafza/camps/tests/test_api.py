import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.camps.models import CampParticipant
from hamafza.camps.tests.factories import ParticipantFactory

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


@pytest.fixture
def api_for(users):
    def make(user):
        user = users[user] if isinstance(user, str) else user
        _, token = ApiToken.issue(user, "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def test_camps_are_listed_with_counts_within_the_scope(camps, world, api_for):
    ParticipantFactory(camp=camps.d6, school=world.s6, consent_given_at="2026-01-01T10:00Z",
                       consent_method="paper", status="going")  # fmt: skip
    ParticipantFactory(camp=camps.d6, school=world.s6)
    rows = api_for("coordinator_d6").get("/api/camps/camps").json()["items"]
    assert [r["id"] for r in rows] == [camps.d6.pk]
    row = rows[0]
    assert (row["participant_count"], row["going_count"], row["consent_count"]) == (2, 1, 1)
    assert row["staff_count"] == 2
    both = api_for("directorate").get("/api/camps/camps?when=upcoming").json()["items"]
    assert {r["id"] for r in both} == {camps.d6.pk, camps.d12.pk}
    assert api_for("bumehen_directorate").get("/api/camps/camps").json()["items"] == []


def test_camp_detail_counts_and_scope(camps, world, api_for):
    ParticipantFactory(camp=camps.d6, school=world.s6, grade=4, gender="boy")
    detail = api_for("directorate").get(f"/api/camps/camps/{camps.d6.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["by_grade"] == [{"grade": 4, "girls": 0, "boys": 1}] and body["boys"] == 1
    assert {m["role"] for m in body["staff"]} == {"leader", "volunteer"}
    other = api_for("coordinator_d6").get(f"/api/camps/camps/{camps.d12.pk}")
    assert other.status_code == 404
    assert api_for("bumehen_directorate").get(f"/api/camps/camps/{camps.d6.pk}").status_code == 404


def test_participants_through_the_api(camps, world, api_for):
    mine = ParticipantFactory(camp=camps.d6, school=world.s6, guardian_mobile="09127777777")
    ParticipantFactory(camp=camps.d6, school=world.s12)
    url = f"/api/camps/camps/{camps.d6.pk}/participants"
    rows = api_for("coordinator_d6").get(url).json()["items"]
    assert len(rows) == 2 and "09127777777" in {r["guardian_mobile"] for r in rows}
    # a school contact: only their own students
    rows = api_for("school_contact_s6").get(url).json()["items"]
    assert [r["id"] for r in rows] == [mine.pk]
    # a volunteer on the staff: the list, without guardians' mobiles
    rows = api_for("volunteer").get(url).json()["items"]
    assert len(rows) == 2 and {r["guardian_mobile"] for r in rows} == {None}
    assert (
        api_for("coordinator_d6").get(f"/api/camps/camps/{camps.d12.pk}/participants").status_code
        == 404
    )


@pytest.mark.parametrize("role", ["citizen", "liaison_health"])
def test_the_api_refuses_those_who_see_no_camps(camps, api_for, role):
    client = api_for(role)
    assert client.get("/api/camps/camps").status_code == 403
    assert client.get(f"/api/camps/camps/{camps.d6.pk}").status_code == 403
    assert client.get(f"/api/camps/camps/{camps.d6.pk}/participants").status_code == 403


def test_the_api_needs_authentication(camps):
    assert Client().get("/api/camps/camps").status_code == 401
    assert not CampParticipant.objects.exists()


def test_camps_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/camps/camps" in paths and "/api/camps/camps/{pk}/participants" in paths
