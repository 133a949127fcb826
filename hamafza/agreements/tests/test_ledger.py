"""Progress, status and compliance of commitments, and the alerts."""

import datetime as dt

import pytest

from hamafza.agreements import selectors
from hamafza.agreements.models import Agreement, Commitment, Evidence
from hamafza.agreements.tests.conftest import j, session_on
from hamafza.plans import services as plan_services
from hamafza.plans.tests.conftest import add_line

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

TODAY = j(1405, 4, 15)


def evidence(commitment, *days):
    for day in days:
        Evidence.objects.create(
            municipality=commitment.municipality, commitment=commitment, description="انجام شد",
            done_on=day,
        )  # fmt: skip


def by_pk(agreement, today=TODAY):
    data = selectors.ledger(agreement=agreement, today=today)
    return data, {c.pk: c.progress for c in data["commitments"]}


def test_program_progress_counts_delivered_and_verified_sessions_in_the_term(deal, world):
    # given sessions of the linked program in every state, and one before the term
    for status in ("delivered", "delivered", "verified", "planned", "confirmed"):
        session_on(world, deal.plan, j(1405, 2, 10), status)
    session_on(world, deal.plan, j(1405, 2, 11), "cancelled")
    session_on(world, deal.plan, j(1404, 12, 20), "delivered")  # before the term
    session_on(world, deal.plan, j(1406, 1, 5), "delivered")  # after the term
    # when
    _, progress = by_pk(deal.agreement)
    # then only the delivered and verified ones inside the term count
    assert progress[deal.program.pk].done == 3
    assert progress[deal.program.pk].target == 10


def test_plan_line_progress_counts_sessions_of_that_line(deal, world, users, pool):
    plan = plan_services.plan_create(
        scope=selectors_scope(users), actor=users["directorate"], year=1405
    )
    part = plan.district_plans.get(district=world.d6)
    line = add_line(users, "directorate", part, pool.health, world.health, quarter=2)
    other = add_line(users, "directorate", part, pool.health, world.health, quarter=3)
    commitment = Commitment.objects.create(
        municipality=world.tehran, agreement=deal.agreement, clause=deal.c1, party=deal.school,
        description="جلسات سهم منطقه ۶", target_kind="plan_line", plan_line=line, target_count=4,
    )  # fmt: skip
    session_on(world, deal.plan, j(1405, 4, 2), "delivered", plan_line=line)
    session_on(world, deal.plan, j(1405, 4, 3), "verified", plan_line=line)
    session_on(world, deal.plan, j(1405, 4, 4), "planned", plan_line=line)
    session_on(world, deal.plan, j(1405, 7, 4), "delivered", plan_line=other)
    _, progress = by_pk(deal.agreement)
    assert progress[commitment.pk].done == 2


def selectors_scope(users):
    from hamafza.org.middleware import scope_for_user

    return scope_for_user(users["directorate"])


def test_monthly_recurrence_expects_one_per_month_elapsed(deal):
    # given two meetings held by 15 Tir: three Jalali months of the term are over
    evidence(deal.meeting, j(1405, 1, 20), j(1405, 2, 20))
    _, progress = by_pk(deal.agreement)
    p = progress[deal.meeting.pk]
    assert p.target == 12
    assert p.expected == 3
    assert p.ratio == pytest.approx(2 / 3)
    assert p.status == selectors.Standing.BEHIND
    # a third meeting puts it on track
    evidence(deal.meeting, j(1405, 3, 20))
    _, progress = by_pk(deal.agreement)
    assert progress[deal.meeting.pk].status == selectors.Standing.ON_TRACK


def test_months_between_counts_whole_jalali_months():
    assert selectors.months_between(j(1405, 1, 1), j(1405, 4, 15)) == 3
    assert selectors.months_between(j(1405, 1, 10), j(1405, 4, 9)) == 2
    assert selectors.months_between(j(1405, 1, 1), j(1406, 1, 1)) == 12
    assert selectors.months_between(j(1405, 1, 1), j(1405, 1, 1)) == 0


def test_compliance_per_party_and_agreement_by_hand(deal, world):
    # given on 15 Tir 1405:
    #   the municipality delivered 3 of 10 sessions due by 31 Khordad: overdue, 3/10 = 0.30
    #   the municipality met twice in three months: behind, 2/3 = 0.667
    #   the health agency filed its 4 reports: met, 1.0
    for _ in range(3):
        session_on(world, deal.plan, j(1405, 2, 10))
    evidence(deal.meeting, j(1405, 1, 20), j(1405, 2, 20))
    evidence(deal.report, *(j(1405, 2, d) for d in (1, 2, 3, 4)))
    # when
    data, progress = by_pk(deal.agreement)
    # then
    assert progress[deal.program.pk].status == selectors.Standing.OVERDUE
    assert progress[deal.program.pk].ratio == pytest.approx(0.3)
    assert progress[deal.report.pk].status == selectors.Standing.MET
    scores = {row.party.pk: row.score for row in data["parties"]}
    assert scores[deal.city.pk] == 48  # (0.30 + 0.667) / 2
    assert scores[deal.health.pk] == 100
    assert scores[deal.school.pk] is None  # promised nothing
    assert data["score"] == 66  # (0.30 + 0.667 + 1.0) / 3


def test_nothing_is_due_before_the_term_or_in_a_draft(deal):
    _, progress = by_pk(deal.agreement, today=j(1404, 12, 25))
    assert {p.status for p in progress.values()} == {selectors.Standing.NOT_DUE}
    Agreement.objects.filter(pk=deal.agreement.pk).update(status="draft")
    deal.agreement.refresh_from_db()
    data, progress = by_pk(deal.agreement)
    assert {p.status for p in progress.values()} == {selectors.Standing.NOT_DUE}
    assert data["score"] is None


def test_alerts_for_renewal_and_overdue_commitments(deal, world, users):
    from hamafza.org.middleware import scope_for_user

    scope = scope_for_user(users["directorate"])
    later = Agreement.objects.create(
        municipality=world.tehran, title="دیگری", starts_on=j(1405, 1, 1),
        ends_on=j(1405, 12, 29) + dt.timedelta(days=100), status="active",
    )  # fmt: skip
    # on 15 Tir nothing ends soon; the sessions commitment is overdue (and the report too)
    found = selectors.alerts(scope=scope, today=TODAY)
    assert found["renewal"] == []
    overdue = {c.pk for _, c in found["overdue"]}
    assert overdue == {deal.program.pk, deal.report.pk}
    # 50 days before its end the agreement asks for renewal; the other one does not yet
    found = selectors.alerts(scope=scope, today=deal.agreement.ends_on - dt.timedelta(days=50))
    assert [a.pk for a in found["renewal"]] == [deal.agreement.pk]
    assert later not in found["renewal"]
    # once renewed, the alert goes away
    from hamafza.agreements import services

    services.agreement_renew(scope=scope, actor=users["directorate"], agreement=deal.agreement)
    found = selectors.alerts(scope=scope, today=deal.agreement.ends_on - dt.timedelta(days=50))
    assert found["renewal"] == []


def test_the_agreement_page_asks_a_fixed_number_of_queries(
    deal, world, client_for, django_assert_max_num_queries
):
    for _ in range(3):
        session_on(world, deal.plan, j(1405, 2, 10))
    client = client_for("directorate")
    client.get(deal.agreement.get_absolute_url())  # warm caches (menus, session)
    with django_assert_max_num_queries(30) as few:
        assert client.get(deal.agreement.get_absolute_url()).status_code == 200
    for n in range(15):
        Commitment.objects.create(
            municipality=world.tehran, agreement=deal.agreement, clause=deal.c1,
            party=[deal.city, deal.health, deal.school][n % 3], description=f"تعهد {n}",
            target_kind=["program", "manual", "none"][n % 3],
            program=deal.plan.program if n % 3 == 0 else None, target_count=2,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(deal.agreement.get_absolute_url()).status_code == 200
