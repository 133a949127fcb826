"""The rollups follow every write path of delivery facts and match a fresh computation."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamafza.monitoring import rollups, selectors
from hamafza.monitoring.models import ReachRollup, Rollup
from hamafza.monitoring.tests.conftest import YEAR, at, make_session
from hamafza.org.middleware import scope_for_user
from hamafza.sessions import delivery, registration, services
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

Q3 = selectors.Period.quarter(YEAR, 3)


def figures(users, key="directorate", period=Q3):
    rows = selectors.plan_vs_actual(scope=scope_for_user(users[key]), period=period)
    return {(r.district_id, r.domain_id): r for r in rows}


def test_delivery_with_head_counts_counts_sessions_participants_and_schools(
    world, users, pool, plan, facts
):
    # given a planned session at school 6
    session = make_session(world, plan)
    row = figures(users)[(world.d6.pk, pool.health.pk)]
    assert (row.actual["planned"], row.actual["delivered"], row.schools) == (1, 0, 0)
    # when it is delivered with a head count of 12 girls and 9 boys
    HeadCount.objects.bulk_create(
        [HeadCount(municipality=world.tehran, session=session, grade=3, girls=12, boys=9)]
    )
    session.status = Session.Status.DELIVERED
    session.save()
    # then the dashboard shows it at once
    row = figures(users)[(world.d6.pk, pool.health.pk)]
    assert (row.actual["planned"], row.actual["delivered"]) == (0, 1)
    assert row.actual["participants"] == 21
    assert row.schools == 1
    assert round(row.target_sessions) == 8  # the approved target of the line
    assert rollups.differences() == []


def test_a_school_reached_twice_in_a_year_counts_once_in_its_first_month(
    world, users, pool, plan, facts
):
    first = make_session(world, plan, when=at(dt.date(2026, 10, 5)), status="delivered")
    make_session(world, plan, when=at(dt.date(2026, 11, 9)), status="delivered")
    year = figures(users, period=selectors.Period.year(YEAR))
    assert year[(world.d6.pk, pool.health.pk)].schools == 1
    assert ReachRollup.objects.get(schools=1).month == 7  # Mehr
    # deleting the first moves the first reach to the next month
    first.delete()
    assert ReachRollup.objects.get(schools=1).month == 8
    assert rollups.differences() == []


def test_reschedule_cancel_and_delete_move_the_figures(world, users, pool, plan, facts):
    session = make_session(world, plan)
    session.starts_at = at(dt.date(2027, 1, 10))  # 20 Dey 1405, quarter 4
    session.ends_at = session.starts_at + dt.timedelta(hours=1)
    session.school = world.s12
    session.district = world.d12
    session.save()
    assert figures(users)[(world.d6.pk, pool.health.pk)].actual["planned"] == 0
    assert round(figures(users)[(world.d6.pk, pool.health.pk)].target_sessions) == 8
    q4 = figures(users, period=selectors.Period.quarter(YEAR, 4))
    assert q4[(world.d12.pk, pool.health.pk)].actual["planned"] == 1
    session.status, session.cancel_reason = "cancelled", "باران"
    session.save()
    q4 = figures(users, period=selectors.Period.quarter(YEAR, 4))
    assert q4[(world.d12.pk, pool.health.pk)].actual["cancelled"] == 1
    session.delete()
    assert sum(Rollup.objects.values_list("cancelled", flat=True)) == 0
    assert rollups.differences() == []


def test_roster_marks_and_cancelling_a_public_session_keep_rollups_right(
    world, users, pool, plan, facts
):
    # given a public session that has started, taught by the district-6 trainer
    pool.t6.user = users["trainer"]
    pool.t6.save()
    start = dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=5)
    session = make_session(world, plan, venue=world.v6, when=start, is_public=True, capacity=10)
    session.trainers.add(pool.t6)
    people = [
        Registration.objects.create(
            municipality=world.tehran,
            session=session,
            name=f"شهروند {i}",
            mobile=f"0912000000{i}",
            status="confirmed",
            client_id=uuid.uuid4(),
        )  # fmt: skip
        for i in range(3)
    ]
    scope = scope_for_user(users["trainer"])
    # when the trainer marks two present (a bulk upsert, no signal) and one absent again
    for person in people[:2]:
        delivery.roster_mark(
            scope=scope, session=session, registration_id=person.pk, mark="present"
        )
    delivery.roster_mark(scope=scope, session=session, registration_id=people[1].pk, mark="absent")
    contribution = rollups.compute([session.pk])[session.pk]
    assert (contribution["participants"], contribution["registrations"]) == (1, 3)
    assert rollups.differences() == []
    # when the session is cancelled: registrations go by a queryset update (no signal)
    services.session_cancel(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"],
        session=session, reason="تعطیلی",
    )  # fmt: skip
    assert Attendance.objects.filter(session=session).exists()
    assert rollups.differences() == []
    assert sum(Rollup.objects.values_list("registrations", flat=True)) == 0


def test_registration_service_and_cancel_keep_rollups_right(world, users, pool, plan, facts):
    start = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=2)
    session = make_session(world, plan, venue=world.v6, when=start, is_public=True, capacity=1)
    first = registration.register(
        session_id=session.pk, name="مریم", mobile="09120000001", client_id=uuid.uuid4()
    )
    registration.register(
        session_id=session.pk, name="سارا", mobile="09120000002", client_id=uuid.uuid4()
    )
    assert rollups.compute([session.pk])[session.pk]["registrations"] == 1
    registration.cancel(registration=first)  # the waitlisted one is promoted
    assert rollups.compute([session.pk])[session.pk]["registrations"] == 1
    assert rollups.differences() == []


def test_changing_a_plan_lines_agency_moves_its_sessions(world, users, pool, plan, facts):
    make_session(world, plan, plan_line=facts.lines[6])
    assert Rollup.objects.get(planned=1).agency_id == world.health.pk
    line = facts.lines[6]
    line.agency = facts.waste_agency
    line.save()
    assert Rollup.objects.get(planned=1).agency_id == facts.waste_agency.pk
    assert rollups.differences() == []


def test_rebuild_and_check_commands(world, users, pool, plan, facts, capsys):
    make_session(world, plan, status="delivered")
    make_session(world, plan, school=world.s12, status="verified")
    Rollup.objects.update(delivered=7)  # the rollups drift
    with pytest.raises(CommandError):
        call_command("check_rollups")
    assert "expected" in capsys.readouterr().out
    call_command("rebuild_rollups", "--municipality", "tehran")
    call_command("check_rollups")
    assert "match" in capsys.readouterr().out


def test_attendance_is_counted_by_trigger_on_every_write_path(world, users, pool, plan, facts):
    """Attendance rows keep the rollups right however they are written: an upsert, a queryset
    delete, a queryset update moving rows to another session, a cascade; a cancelled session
    counts nobody; rows loaded with the triggers paused count after a rebuild."""
    from hamafza.monitoring import triggers
    from hamafza.monitoring.models import Contribution

    start = dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=5)
    first = make_session(world, plan, venue=world.v6, when=start, is_public=True, capacity=10)
    second = make_session(
        world, plan, school=world.s6, when=start + dt.timedelta(hours=2), is_public=True
    )
    people = Registration.objects.bulk_create(
        Registration(
            municipality=world.tehran,
            session=first,
            name=f"شهروند {i}",
            mobile=f"0912100000{i}",
            status="confirmed",
            client_id=uuid.uuid4(),
        )  # fmt: skip
        for i in range(4)
    )
    rollups.refresh([first.pk])  # a bulk create sends no signal

    def participants(session):
        return Contribution.objects.get(session_id=session.pk).participants

    def upsert(person, mark="present"):
        Attendance.objects.bulk_create(
            [Attendance(municipality=world.tehran, session=first, registration=person, mark=mark)],
            update_conflicts=True, unique_fields=["registration"],
            update_fields=["session", "mark", "updated_at"],
        )  # fmt: skip

    for person in people:
        upsert(person)
    upsert(people[0], "late")  # a changed mark is not a second participant
    assert participants(first) == 4 and rollups.differences() == []
    Attendance.objects.filter(registration=people[3]).delete()
    assert participants(first) == 3 and rollups.differences() == []
    # moving two rows to the school session moves them in the school's buckets too
    Attendance.objects.filter(registration__in=people[:2]).update(session=second)
    assert (participants(first), participants(second)) == (1, 2)
    assert rollups.differences() == []
    # a cancelled session counts nobody, whatever is written to it afterwards
    second.status, second.cancel_reason = Session.Status.CANCELLED, "باران"
    second.save()
    Attendance.objects.filter(registration=people[2]).update(session=second)
    assert (participants(first), participants(second)) == (0, 0)
    assert rollups.differences() == []
    # rows written while the triggers are paused count after the rebuild
    with triggers.paused():
        upsert(people[3])
    assert participants(first) == 0 and rollups.differences() != []
    rollups.rebuild()
    assert participants(first) == 1 and rollups.differences() == []
    # after the pause the triggers are back, and a cascade delete takes the rows out
    upsert(people[1])  # moved back from the cancelled session
    assert participants(first) == 2
    first.delete()
    assert not Contribution.objects.filter(session_id=first.pk).exists()
    assert rollups.differences() == []
