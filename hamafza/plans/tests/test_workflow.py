import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamafza.org.middleware import scope_for_user
from hamafza.plans import selectors, services
from hamafza.plans.models import DistrictPlan, PlanEvent, PlanLine, TargetVersion
from hamafza.plans.tests.conftest import TARGETS, add_line

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def act(users, role, fn, part, **kwargs):
    return fn(scope=scope_for_user(users[role]), actor=users[role], district_plan=part, **kwargs)


def test_starting_a_year_gives_every_district_a_draft_and_the_terms(world, users, joint):
    assert joint.plan.district_plans.count() == joint.districts == 2
    assert set(joint.plan.district_plans.values_list("status", flat=True)) == {"draft"}
    terms = list(joint.plan.terms.all())
    assert len(terms) == 4
    # the year runs from 1 Farvardin 1405 (21 March 2026) to the end of Esfand (20 March 2027)
    assert terms[0].starts_on == dt.date(2026, 3, 21) and terms[-1].ends_on == dt.date(2027, 3, 20)
    assert all(
        a.ends_on + dt.timedelta(days=1) == b.starts_on
        for a, b in zip(terms, terms[1:], strict=False)
    )


def test_a_year_has_one_plan_and_only_the_directorate_starts_it(world, users, joint):
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            scope=scope_for_user(users["directorate"]), actor=users["directorate"], year=1405
        )
    assert "already has a joint plan" in " ".join(error.value.messages) or "برنامه" in str(
        error.value
    )
    with pytest.raises(PermissionDenied):
        services.plan_create(
            scope=scope_for_user(users["coordinator_d6"]), actor=users["coordinator_d6"], year=1406
        )
    with pytest.raises(ValidationError):
        services.plan_create(
            scope=scope_for_user(users["directorate"]), actor=users["directorate"], year=99999
        )


def test_draft_submitted_approved_records_the_approved_targets(world, users, joint):
    line = add_line(users, "coordinator_d6", joint.p6, joint.health, world.health, quarter=2)
    part = act(users, "coordinator_d6", services.plan_submit, joint.p6, comment="آماده")
    assert part.status == "submitted"
    part = act(users, "directorate", services.plan_approve, joint.p6)
    assert part.status == "approved"
    version = TargetVersion.objects.get(line=line)
    assert (version.revision, version.sessions, version.budget) == (1, 40, 150_000_000)
    kinds = list(PlanEvent.objects.filter(district_plan=joint.p6).values_list("kind", flat=True))
    assert kinds == ["submitted", "approved"]


def test_approved_targets_are_not_silently_edited(world, users, joint):
    line = add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    act(users, "coordinator_d6", services.plan_submit, joint.p6)
    act(users, "directorate", services.plan_approve, joint.p6)
    with pytest.raises(ValidationError):
        add_line(users, "directorate", joint.p6, joint.health, world.health, quarter=3)
    with pytest.raises(ValidationError):
        services.line_save(
            scope=scope_for_user(users["coordinator_d6"]), actor=users["coordinator_d6"],
            district_plan=joint.p6, line=line, domain_id=joint.health.pk,
            agency_id=world.health.pk, quarter=1, targets={**TARGETS, "sessions": 99},
            expected_updated_at=PlanLine.objects.get(pk=line.pk).updated_at,
        )  # fmt: skip
    line.refresh_from_db()
    assert line.sessions == 40

    # reopening needs a reason, makes revision 2, and keeps revision 1 in force until approved
    with pytest.raises(ValidationError):
        act(users, "coordinator_d6", services.plan_reopen, joint.p6, comment="  ")
    act(users, "coordinator_d6", services.plan_reopen, joint.p6, comment="بودجه کم شد")
    services.line_save(
        scope=scope_for_user(users["coordinator_d6"]), actor=users["coordinator_d6"],
        district_plan=joint.p6, line=line, domain_id=joint.health.pk,
        agency_id=world.health.pk, quarter=1, targets={**TARGETS, "sessions": 30},
        expected_updated_at=PlanLine.objects.get(pk=line.pk).updated_at,
    )  # fmt: skip
    row = selectors.lines(scope=scope_for_user(users["directorate"]), part=joint.p6).get()
    assert (row.sessions, row.approved_sessions, row.approved_revision) == (30, 40, 1)
    act(users, "coordinator_d6", services.plan_submit, joint.p6)
    act(users, "directorate", services.plan_approve, joint.p6)
    assert list(
        TargetVersion.objects.filter(line=line)
        .order_by("revision")
        .values_list("revision", "sessions")
    ) == [(1, 40), (2, 30)]
    row = selectors.lines(scope=scope_for_user(users["directorate"]), part=joint.p6).get()
    assert (row.approved_sessions, row.approved_revision) == (30, 2)


def test_returning_needs_a_reason_and_lets_the_district_edit_again(world, users, joint):
    add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    act(users, "coordinator_d6", services.plan_submit, joint.p6)
    with pytest.raises(ValidationError):
        act(users, "directorate", services.plan_return, joint.p6, comment="")
    act(users, "directorate", services.plan_return, joint.p6, comment="سهم مدارس کم است")
    joint.p6.refresh_from_db()
    assert joint.p6.status == "returned" and joint.p6.editable
    add_line(users, "coordinator_d6", joint.p6, joint.health, world.health, quarter=3)
    assert joint.p6.lines.count() == 2


def test_wrong_steps_are_refused_with_a_reason(world, users, joint):
    with pytest.raises(ValidationError) as error:
        act(users, "coordinator_d6", services.plan_submit, joint.p6)
    assert error.value.messages  # an empty plan cannot be submitted
    with pytest.raises(ValidationError):
        act(users, "directorate", services.plan_approve, joint.p6)  # not submitted
    with pytest.raises(ValidationError):
        act(users, "coordinator_d6", services.plan_reopen, joint.p6, comment="x")  # not approved
    assert DistrictPlan.objects.get(pk=joint.p6.pk).status == "draft"
    assert not PlanEvent.objects.exists()


def test_who_may_do_what(world, users, joint):
    add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    # a coordinator cannot approve their own plan, nor touch another district's
    act(users, "coordinator_d6", services.plan_submit, joint.p6)
    with pytest.raises(PermissionDenied):
        act(users, "coordinator_d6", services.plan_approve, joint.p6)
    with pytest.raises(PermissionDenied):
        add_line(users, "coordinator_d6", joint.p12, joint.health, world.health)
    # a liaison reads but does not write; Bumehen's directorate cannot reach Tehran's plan
    with pytest.raises(PermissionDenied):
        add_line(users, "liaison_health", joint.p12, joint.health, world.health)
    with pytest.raises(PermissionDenied):
        act(users, "bumehen_directorate", services.plan_approve, joint.p6)
    for role in ("trainer", "school_contact_s6", "citizen"):
        with pytest.raises(PermissionDenied):
            add_line(users, role, joint.p12, joint.health, world.health)
    assert DistrictPlan.objects.get(pk=joint.p6.pk).status == "submitted"


def test_bad_targets_are_refused_and_nothing_is_written(world, users, joint):
    with pytest.raises(ValidationError) as error:
        add_line(users, "coordinator_d6", joint.p6, joint.health, world.health, sessions=-3)
    assert "sessions" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        add_line(users, "coordinator_d6", joint.p6, joint.health, world.health, quarter=5)
    assert "quarter" in error.value.error_dict
    with pytest.raises(ValidationError) as error:  # a domain of another municipality
        add_line(users, "coordinator_d6", joint.p6, joint.b_health, world.health)
    assert "domain" in error.value.error_dict
    with pytest.raises(ValidationError) as error:  # an agency of another municipality
        add_line(users, "coordinator_d6", joint.p6, joint.health, world.education_b)
    assert "agency" in error.value.error_dict
    add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    with pytest.raises(ValidationError):  # the same domain, agency and quarter twice
        add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    assert joint.p6.lines.count() == 1


def test_an_owner_must_belong_to_the_plan(world, users, joint):
    scope = scope_for_user(users["coordinator_d6"])
    common = {
        "scope": scope, "actor": users["coordinator_d6"], "district_plan": joint.p6,
        "domain_id": joint.health.pk, "agency_id": world.health.pk, "quarter": 1, "targets": TARGETS,
    }  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.line_save(owner_id=users["citizen"].pk, **common)
    assert "owner" in error.value.error_dict
    line = services.line_save(owner_id=users["liaison_health"].pk, **common)
    assert line.owner == users["liaison_health"]


def test_a_stale_edit_of_targets_is_refused(world, users, joint):
    line = add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    opened = line.updated_at
    common = {
        "scope": scope_for_user(users["directorate"]), "district_plan": joint.p6, "line": line,
        "domain_id": joint.health.pk, "agency_id": world.health.pk, "quarter": 1,
        "expected_updated_at": opened,
    }  # fmt: skip
    services.line_save(actor=users["directorate"], targets={**TARGETS, "sessions": 50}, **common)
    with pytest.raises(ValidationError) as error:
        services.line_save(
            actor=users["directorate"], targets={**TARGETS, "sessions": 60}, **common
        )
    assert "Reload" in error.value.messages[0] or "دوباره" in error.value.messages[0]
    line.refresh_from_db()
    assert line.sessions == 50


def test_a_line_approved_before_or_with_sessions_is_not_removed(world, users, joint):
    line = add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    act(users, "coordinator_d6", services.plan_submit, joint.p6)
    act(users, "directorate", services.plan_approve, joint.p6)
    act(users, "coordinator_d6", services.plan_reopen, joint.p6, comment="تغییر")
    with pytest.raises(ValidationError):
        services.line_delete(
            scope=scope_for_user(users["coordinator_d6"]), actor=users["coordinator_d6"], line=line
        )
    other = add_line(users, "coordinator_d6", joint.p6, joint.health, world.health, quarter=4)
    services.line_delete(
        scope=scope_for_user(users["coordinator_d6"]), actor=users["coordinator_d6"], line=other
    )
    assert list(joint.p6.lines.all()) == [line]


def test_a_coordinator_sees_only_their_district(world, users, joint):
    parts = selectors.district_parts(scope=scope_for_user(users["coordinator_d6"]), plan=joint.plan)
    assert [p.district for p in parts] == [world.d6]
    assert (
        selectors.part_get(scope=scope_for_user(users["coordinator_d6"]), pk=joint.p12.pk) is None
    )
    assert selectors.plans(scope=scope_for_user(users["bumehen_directorate"])).count() == 0


def test_each_side_is_notified_of_the_other_sides_step(world, users, joint):
    from hamafza.notifications.models import Notification

    add_line(users, "coordinator_d6", joint.p6, joint.health, world.health)
    act(users, "coordinator_d6", services.plan_submit, joint.p6)
    told = Notification.objects.filter(kind="plan_submitted")
    assert set(told.values_list("recipient", flat=True)) == {users["directorate"].pk}
    assert "۶" in told.get().title or "6" in told.get().title  # names the district
    act(users, "directorate", services.plan_return, joint.p6, comment="سهم مدارس کم است")
    back = Notification.objects.get(kind="plan_returned")
    assert back.recipient == users["coordinator_d6"] and "سهم مدارس" in back.body
    assert back.link == joint.p6.get_absolute_url()
    # nobody outside the district or the municipality hears of it
    assert not Notification.objects.filter(recipient=users["bumehen_directorate"]).exists()
