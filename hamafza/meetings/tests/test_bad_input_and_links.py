"""Malformed or out-of-range ids in query strings and forms are answered without a server
error; an action link stops working once its owner has left."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.meetings import services
from hamafza.meetings.tests.conftest import scope_of

pytestmark = pytest.mark.django_db
HUGE = 10**25


def test_a_malformed_series_on_the_new_meeting_page_is_ignored(client_for, committee):
    client = client_for("directorate")
    assert client.get("/meetings/new/?series=abc").status_code == 200
    assert client.get(f"/meetings/new/?series={HUGE}").status_code == 200


def test_a_huge_or_odd_series_filter_on_the_index_is_ignored(client_for, committee):
    client = client_for("directorate")
    assert client.get(f"/meetings/?series={HUGE}").status_code == 200
    assert client.get("/meetings/?series=²").status_code == 200


def test_a_huge_series_filter_in_the_api_is_refused(committee, users):
    _, token = ApiToken.issue(users["directorate"], "t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/meetings/meetings?series_id={HUGE}").status_code == 422


def test_odd_present_values_on_the_hold_page_are_ignored(client_for, committee):
    client = client_for("directorate")
    response = client.post(
        f"/meetings/{committee.past.pk}/hold/",
        {
            "present": ["²", str(HUGE), str(committee.liaison.pk)],
            "minutes": "صورتجلسه",
            "version": committee.past.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    committee.liaison.refresh_from_db()
    assert committee.liaison.present


@pytest.mark.parametrize("leaves", ["user", "membership"])
def test_an_action_link_dies_when_its_owner_leaves(committee, users, leaves):
    owner = users["liaison_health"]
    item = services.action_add(
        scope=scope_of(users, "directorate"), actor=users["directorate"], meeting=committee.past,
        title="گزارش", owner_id=owner.pk, due_on=timezone.localdate() + dt.timedelta(days=3),
    )  # fmt: skip
    link = services.action_link(item)
    assert Client().get(link).status_code == 200
    if leaves == "user":
        owner.is_active = False
        owner.save()
    else:
        owner.memberships.update(is_active=False)
    assert Client().get(link).status_code == 404
    assert Client().post(link, {"status": "done"}).status_code == 404
    item.refresh_from_db()
    assert item.status == "open"
