"""Correcting an agreement (clauses edited; parties, clauses and commitments taken off a draft;
evidence withdrawn) and the reminders of commitments due."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamafza.agreements import reminders, services
from hamafza.agreements.models import Agreement, Clause, Commitment, Evidence, Party
from hamafza.agreements.tests.conftest import j, scope_of
from hamafza.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # the calendar of Azar 1405


def test_a_draft_loses_parts_a_signed_agreement_keeps_them(deal, users, client_for):
    scope, actor = scope_of(users, "directorate"), users["directorate"]
    with pytest.raises(ValidationError):  # active: the promises stay
        services.commitment_remove(scope=scope, actor=actor, commitment=deal.report)
    Agreement.objects.filter(pk=deal.agreement.pk).update(status="draft")
    deal.agreement.refresh_from_db()
    with pytest.raises(ValidationError):  # a party with commitments
        services.party_remove(scope=scope, actor=actor, party=deal.health)
    with pytest.raises(PermissionDenied):
        services.party_remove(
            scope=scope_of(users, "liaison_health"), actor=users["liaison_health"],
            party=deal.school,
        )  # fmt: skip
    client = client_for("directorate")
    base = f"/agreements/{deal.agreement.pk}"
    assert client.post(f"{base}/commitment/{deal.report.pk}/remove/").status_code == 302
    assert client.post(f"{base}/party/{deal.school.pk}/remove/").status_code == 302
    assert not Commitment.objects.filter(pk=deal.report.pk).exists()
    assert not Party.objects.filter(pk=deal.school.pk).exists()
    assert client.post(f"{base}/clause/{deal.c2.pk}/remove/").status_code == 302
    assert Clause.objects.filter(pk=deal.c2.pk).exists()  # it still has the meeting commitment
    assert (
        client_for("coordinator_d6").post(f"{base}/clause/{deal.c1.pk}/remove/").status_code == 403
    )
    assert client.post(f"{base}/nonsense/{deal.c1.pk}/remove/").status_code == 404


def test_a_clause_is_edited_without_clashing_numbers(deal, users, client_for):
    client = client_for("directorate")
    url = f"/agreements/{deal.agreement.pk}/clauses/{deal.c1.pk}/"
    version = deal.c1.updated_at.isoformat()
    taken = client.post(url, {"number": 2, "text": "آموزش", "version": version})
    assert taken.status_code == 400  # 2 is taken
    saved = client.post(url, {"number": 5, "text": "آموزش شهروندی", "version": version})
    assert saved.status_code == 302
    deal.c1.refresh_from_db()
    assert (deal.c1.number, deal.c1.text) == (5, "آموزش شهروندی")


def test_evidence_is_withdrawn_by_whoever_recorded_it(deal, users, client_for):
    scope = scope_of(users, "liaison_health")
    mine = services.evidence_record(
        scope=scope, actor=users["liaison_health"], commitment=deal.report, description="گزارش",
        done_on=j(1405, 2, 1),
    )  # fmt: skip
    theirs = Evidence.objects.create(
        municipality=deal.agreement.municipality, commitment=deal.report, description="دیگر",
        done_on=j(1405, 2, 2), recorded_by=users["directorate"],
    )  # fmt: skip
    liaison = client_for("liaison_health")
    assert liaison.post(f"/agreements/evidence/{theirs.pk}/remove/").status_code == 403
    assert Evidence.objects.filter(pk=theirs.pk).exists()
    assert liaison.post(f"/agreements/evidence/{mine.pk}/remove/").status_code == 302
    assert not Evidence.objects.filter(pk=mine.pk).exists()
    assert (
        client_for("citizen").post(f"/agreements/evidence/{theirs.pk}/remove/").status_code == 403
    )
    assert (
        client_for("directorate").post(f"/agreements/evidence/{theirs.pk}/remove/").status_code
        == 302
    )
    assert not Evidence.objects.exists()


def test_commitment_reminders_reach_the_party_once(deal, users):
    # 20 Ordibehesht: the health agency's four reports are due on the 31st, none filed;
    # the municipality's monthly meeting is behind (one month over, nothing recorded)
    today = j(1405, 2, 20)
    assert reminders.remind_commitments(today=today) == 2
    assert reminders.remind_commitments(today=today) == 0
    due = Notification.objects.get(key=f"commitment-due:{deal.report.pk}:{deal.report.due_on}")
    assert due.recipient == users["liaison_health"]
    behind = Notification.objects.get(key__startswith=f"commitment-behind:{deal.meeting.pk}:")
    assert behind.recipient == users["directorate"]
    assert "۰ از ۴" in due.body
    # past the due day: overdue, told once more
    later = deal.report.due_on + dt.timedelta(days=1)
    reminders.remind_commitments(today=later)
    assert (
        Notification.objects.filter(key__startswith=f"commitment-overdue:{deal.report.pk}:").count()
        == 1
    )
