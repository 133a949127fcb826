import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.plans.models import PlanLine

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def line_payload(joint, world, **extra):
    return {
        "domain_id": joint.health.pk, "agency_id": world.health.pk, "quarter": 2,
        "sessions": 20, "participants": 600, "schools_primary": 6, **extra,
    }  # fmt: skip


def test_the_plan_workflow_through_the_api(world, users, joint, api_for):
    coordinator, directorate = api_for("coordinator_d6"), api_for("directorate")
    url = f"/api/plans/districts/{joint.p6.pk}/lines"
    created = coordinator.post(url, line_payload(joint, world), content_type="application/json")
    assert created.status_code == 201, created.content
    line = created.json()
    assert (line["sessions"], line["approved"], line["sessions_done"]) == (20, None, 0)
    # a stale version is refused; the current one is accepted
    stale = "2000-01-01T00:00:00+00:00"
    answer = coordinator.put(
        f"{url}/{line['id']}", line_payload(joint, world, sessions=25, version=stale),
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 409
    answer = coordinator.put(
        f"{url}/{line['id']}",
        line_payload(joint, world, sessions=25, version=line["updated_at"]),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["sessions"] == 25, answer.content
    step = f"/api/plans/districts/{joint.p6.pk}"
    assert (
        coordinator.post(f"{step}/submit", {}, content_type="application/json").status_code == 200
    )
    assert (
        coordinator.post(f"{step}/approve", {}, content_type="application/json").status_code == 403
    )
    answer = directorate.post(f"{step}/return", {}, content_type="application/json")
    assert answer.status_code == 422  # a return needs a comment
    answer = directorate.post(f"{step}/approve", {}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    lines = directorate.get(url).json()
    assert lines[0]["approved"]["sessions"] == 25 and lines[0]["approved"]["revision"] == 1


def test_the_api_is_scoped_and_checks_input(world, users, joint, api_for):
    coordinator = api_for("coordinator_d6")
    other = f"/api/plans/districts/{joint.p12.pk}/lines"
    assert coordinator.get(other).status_code == 404
    answer = coordinator.post(other, line_payload(joint, world), content_type="application/json")
    assert answer.status_code == 404
    districts = coordinator.get("/api/plans/plans/1405/districts").json()
    assert [d["district_id"] for d in districts] == [world.d6.pk]
    answer = coordinator.post(
        f"/api/plans/districts/{joint.p6.pk}/lines",
        line_payload(joint, world, quarter=7, sessions=-1),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert api_for("citizen").get("/api/plans/plans").status_code == 403
    assert api_for("bumehen_directorate").get("/api/plans/plans").json() == []
    assert not PlanLine.objects.exists()
