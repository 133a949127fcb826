import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.meetings.models import ActionItem, Meeting
from hamafza.meetings.tests.conftest import when

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_meeting_from_schedule_to_action_through_the_api(committee, users, api_for):
    api = api_for("directorate")
    made = post(api, "/api/meetings/meetings", {
        "title": "کمیته فوق‌العاده", "starts_at": when(-1).isoformat(),
        "ends_at": when(-1, 12).isoformat(), "place": "تالار", "series_id": committee.joint.pk,
        "agenda": ["بودجه"],
    })  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    invited = post(api, f"/api/meetings/meetings/{pk}/invitees",
                   {"user_id": users["liaison_health"].pk})  # fmt: skip
    assert invited.status_code == 201
    detail = api.get(f"/api/meetings/meetings/{pk}").json()
    held = post(api, f"/api/meetings/meetings/{pk}/hold", {
        "present": [invited.json()["id"]], "minutes": "تصویب بودجه",
        "version": detail["updated_at"],
    })  # fmt: skip
    assert held.status_code == 200 and held.json()["status"] == "held"
    assert [i["present"] for i in held.json()["invitees"]] == [True]
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    action = post(
        api,
        f"/api/meetings/meetings/{pk}/actions",
        {"title": "ارسال بودجه", "owner_id": users["liaison_health"].pk, "due_on": due},
    )
    assert action.status_code == 201
    liaison = api_for("liaison_health")
    assert [a["id"] for a in liaison.get("/api/meetings/actions/mine").json()] == [
        action.json()["id"]
    ]
    url = f"/api/meetings/actions/{action.json()['id']}"
    # the owner may not drop it; they may finish it
    version = action.json()["version"]
    dropped = liaison.patch(
        url, {"status": "dropped", "version": version}, content_type="application/json"
    )
    assert dropped.status_code == 422
    done = liaison.patch(
        url, {"status": "done", "note": "ok", "version": version}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_the_api_refuses_who_may_not(committee, users, api_for):
    body = {"title": "x", "starts_at": when(2).isoformat(), "ends_at": when(2, 12).isoformat(),
            "place": "x"}  # fmt: skip
    assert post(api_for("liaison_health"), "/api/meetings/meetings", body).status_code == 403
    assert post(api_for("citizen"), "/api/meetings/meetings", body).status_code == 403
    assert Meeting.objects.count() == 3
    # a meeting they are not invited to does not exist for them
    assert (
        api_for("liaison_health").get(f"/api/meetings/meetings/{committee.upcoming.pk}").status_code
        == 404
    )
    item = ActionItem.objects.create(
        municipality=committee.past.municipality, meeting=committee.past, title="x",
        owner=users["directorate"], due_on=timezone.localdate(),
    )  # fmt: skip
    # the liaison reads the meeting but the item is not theirs
    patched = api_for("liaison_health").patch(
        f"/api/meetings/actions/{item.pk}",
        {"status": "done", "version": item.updated_at.isoformat()},
        content_type="application/json",
    )
    assert patched.status_code == 403
    assert api_for("bumehen_directorate").get(f"/api/meetings/actions/{item.pk}").status_code in (
        404,
        405,
    )
    item.refresh_from_db()
    assert item.status == "open"
    bad = post(
        api_for("directorate"), "/api/meetings/meetings", {**body, "ends_at": when(1).isoformat()}
    )
    assert bad.status_code == 422 and "ends_at" in bad.json()["detail"]
