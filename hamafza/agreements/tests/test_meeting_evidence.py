"""A commitment to meet (a monthly joint committee) is counted from the meetings held in its
series; the agreement's writes through the API."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.agreements import selectors
from hamafza.agreements.models import Agreement, Commitment
from hamafza.agreements.tests.conftest import j
from hamafza.meetings.models import Meeting, MeetingSeries

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # the calendar of Azar 1405


def held(world, series, day: dt.date, status="held"):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return Meeting.objects.create(
        municipality=world.tehran, series=series, title="کمیته", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="تالار", status=status,
    )  # fmt: skip


def test_held_meetings_of_the_series_fulfil_the_commitment(deal, world):
    series = MeetingSeries.objects.create(municipality=world.tehran, title="کمیته مشترک")
    deal.meeting.target_kind = Commitment.TargetKind.MEETINGS
    deal.meeting.meeting_series = series
    deal.meeting.save()
    today = j(1405, 4, 15)  # three whole months of the term are over: three meetings were due
    before = selectors.ledger(agreement=deal.agreement, today=today)
    row = next(c for c in before["commitments"] if c.pk == deal.meeting.pk)
    assert (row.progress.done, row.progress.expected, row.progress.status) == (0, 3.0, "behind")
    for month in (1, 2, 3):
        held(world, series, j(1405, month, 10))
    held(world, series, j(1405, 3, 20), status="cancelled")  # not held: does not count
    held(world, series, j(1404, 12, 10))  # before the term: does not count
    after = selectors.ledger(agreement=deal.agreement, today=today)
    row = next(c for c in after["commitments"] if c.pk == deal.meeting.pk)
    assert (row.progress.done, row.progress.target, row.progress.status) == (3, 12, "on_track")
    assert after["score"] > before["score"]


def test_the_directorate_builds_an_agreement_through_the_api(world, users):
    _, token = ApiToken.issue(users["directorate"], "t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def post(url, body):
        return api.post(url, body, content_type="application/json")

    made = post(
        "/api/agreements/agreements",
        {"title": "تفاهم‌نامه ترافیک", "starts_on": "2026-03-21", "ends_on": "2027-03-20"},
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    party = post(
        f"/api/agreements/agreements/{pk}/parties", {"kind": "agency", "agency_id": world.health.pk}
    )
    assert party.status_code == 201 and party.json()["name"] == world.health.name
    clause = post(f"/api/agreements/agreements/{pk}/clauses", {"number": 1, "text": "آموزش"})
    assert clause.status_code == 201
    series = MeetingSeries.objects.create(municipality=world.tehran, title="کمیته")
    commitment = post(f"/api/agreements/agreements/{pk}/commitments", {
        "clause_id": clause.json()["id"], "party_id": party.json()["id"],
        "description": "نشست ماهانه", "target_kind": "meetings", "meeting_series_id": series.pk,
        "target_count": 1, "recurrence": "monthly",
    })  # fmt: skip
    assert commitment.status_code == 201, commitment.content
    missing = post(f"/api/agreements/agreements/{pk}/commitments", {
        "clause_id": clause.json()["id"], "party_id": party.json()["id"],
        "description": "نشست", "target_kind": "meetings", "target_count": 1,
    })  # fmt: skip
    assert missing.status_code == 422 and "meeting_series" in missing.json()["detail"]
    stale = api.put(f"/api/agreements/agreements/{pk}", {
        "title": "دیگر", "starts_on": "2026-03-21", "ends_on": "2027-03-20",
        "version": "2020-01-01T00:00:00Z",
    }, content_type="application/json")  # fmt: skip
    assert stale.status_code == 409
    assert Agreement.objects.get(pk=pk).title == "تفاهم‌نامه ترافیک"
    signed = post(f"/api/agreements/agreements/{pk}/status", {"to": "signed"})
    assert signed.status_code == 422  # no signing date yet


def test_only_the_directorate_writes_agreements_through_the_api(world, users):
    for key in ("liaison_health", "coordinator_d6", "citizen"):
        _, token = ApiToken.issue(users[key], "t")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        made = api.post("/api/agreements/agreements",
                        {"title": "x", "starts_on": "2026-03-21", "ends_on": "2027-03-20"},
                        content_type="application/json")  # fmt: skip
        assert made.status_code == 403
    assert not Agreement.objects.exists()
