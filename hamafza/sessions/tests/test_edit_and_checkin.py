"""Changing a session (optimistic locking, conflicts, plan line), confirming it, and QR check-in."""

import datetime as dt
import re
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hamafza.notifications.testing import sent_sms
from hamafza.org.middleware import scope_for_user
from hamafza.plans import services as plan_services
from hamafza.sessions import checkin, services
from hamafza.sessions.models import Attendance, Session
from hamafza.sessions.tests.conftest import at
from hamafza.sessions.tests.test_registration import reg

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def schedule(users, plan, world, pool, role="directorate", **extra):
    data = {
        "lesson_id": plan.lesson.pk, "starts_at": at(plan.day, 9), "ends_at": at(plan.day, 10),
        "trainer_ids": [pool.t6.pk], "school_id": world.s6.pk, "class_label": "5/2",
        "confirm_warnings": True,
    }  # fmt: skip
    data.update(extra)
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users[role]), actor=users[role], **data
    )
    return session


def move(users, session, role="directorate", **changes):
    data = {
        "starts_at": session.starts_at, "ends_at": session.ends_at,
        "trainer_ids": [t.pk for t in session.trainers.all()], "school_id": session.school_id,
        "class_label": session.class_label, "venue_id": session.venue_id,
        "capacity": session.capacity, "is_public": session.is_public, "confirm_warnings": True,
        "expected_updated_at": Session.objects.get(pk=session.pk).updated_at,
    }  # fmt: skip
    data.update(changes)
    return services.session_update(
        scope=scope_for_user(users[role]), actor=users[role], session=session, **data
    )


def form_data(session, **changes):
    start = timezone.localtime(session.starts_at)
    data = {
        "school": session.school_id or "", "class_label": session.class_label,
        "venue": session.venue_id or "", "date": f"{start.date():%Y-%m-%d}",
        "start": f"{start:%H:%M}", "end": f"{timezone.localtime(session.ends_at):%H:%M}",
        "trainers": [t.pk for t in session.trainers.all()], "capacity": session.capacity or "",
        "confirm_warnings": "on", "version": session.updated_at.isoformat(),
    }  # fmt: skip
    data.update(changes)
    return data


def test_two_coordinators_editing_the_same_session_the_second_is_refused(
    plan, world, pool, users, client_for
):
    session = schedule(users, plan, world, pool)
    url = reverse("sessions:edit", args=[session.pk])
    first, second = client_for("directorate"), client_for("coordinator_d6")
    first.get(url)
    second.get(url)  # both opened the same version
    stale = form_data(session)
    page = first.post(url, form_data(session, start="11:00", end="12:00"))
    assert page.status_code == 302
    page = second.post(url, {**stale, "start": "13:00", "end": "14:00"})
    assert page.status_code == 400
    assert "Reload" in page.content.decode() or "دوباره" in page.content.decode()
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).hour == 11  # the first save stands


def test_moving_a_session_checks_conflicts_without_clashing_with_itself(plan, world, pool, users):
    session = schedule(users, plan, world, pool)
    other = schedule(users, plan, world, pool, starts_at=at(plan.day, 12), ends_at=at(plan.day, 13))
    moved = move(users, session, starts_at=at(plan.day, 9, 30), ends_at=at(plan.day, 10, 30))
    assert timezone.localtime(moved.starts_at).minute == 30
    with pytest.raises(ValidationError) as error:
        move(users, moved, starts_at=at(plan.day, 12, 30), ends_at=at(plan.day, 13, 30))
    assert plan.lesson.title in " ".join(error.value.messages)  # names the clashing session
    other.refresh_from_db()
    moved.refresh_from_db()
    assert timezone.localtime(moved.starts_at).hour == 9


def test_only_planned_or_confirmed_sessions_change_and_only_in_scope(plan, world, pool, users):
    session = schedule(users, plan, world, pool)
    with pytest.raises(PermissionDenied):
        move(users, session, role="trainer", capacity=5)
    bumehen = scope_for_user(users["bumehen_directorate"])
    with pytest.raises(PermissionDenied):
        services.session_confirm(scope=bumehen, actor=users["bumehen_directorate"], session=session)
    services.session_cancel(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"],
        session=session, reason="تعطیلی مدرسه",
    )  # fmt: skip
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        move(users, session, capacity=5)


def test_confirming_a_planned_session(plan, world, pool, users, client_for):
    session = schedule(users, plan, world, pool)
    client_for("trainer").post(reverse("sessions:confirm", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "planned"  # a trainer does not confirm the date
    client_for("coordinator_d6").post(reverse("sessions:confirm", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "confirmed"
    with pytest.raises(ValidationError):
        services.session_confirm(
            scope=scope_for_user(users["directorate"]), actor=users["directorate"], session=session
        )


def test_people_registered_are_told_when_a_public_session_moves(
    plan, world, pool, users, django_capture_on_commit_callbacks
):
    sent_sms().clear()  # what earlier steps queued goes first
    start = timezone.now() + dt.timedelta(days=3)
    session = schedule(
        users, plan, world, pool, school_id=None, venue_id=world.v6.pk, class_label="",
        starts_at=start, ends_at=start + dt.timedelta(hours=1), is_public=True, capacity=5,
    )  # fmt: skip
    reg(session, "09120000101")
    reg(session, "09120000102")
    sent = len(sent_sms())
    with pytest.raises(ValidationError):  # two are registered: capacity cannot go under two
        move(users, session, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        move(users, session, capacity=4)  # same time and place: nobody is told
    assert len(sent_sms()) == sent
    with django_capture_on_commit_callbacks(execute=True):
        move(
            users,
            session,
            starts_at=start + dt.timedelta(days=1),
            ends_at=start + dt.timedelta(days=1, hours=1),
        )
    told = sent_sms()[sent:]
    assert sorted(m.to for m in told) == ["09120000101", "09120000102"]
    assert plan.lesson.title in told[0].body


def test_the_session_links_to_the_plan_line_of_its_district_domain_and_quarter(
    plan, world, pool, users
):
    scope = scope_for_user(users["directorate"])
    year_plan = plan_services.plan_create(scope=scope, actor=users["directorate"], year=1405)
    part6 = year_plan.district_plans.get(district=world.d6)
    part12 = year_plan.district_plans.get(district=world.d12)
    targets = {"sessions": 10, "participants": 100}

    def line(part, quarter):
        return plan_services.line_save(
            scope=scope, actor=users["directorate"], district_plan=part, domain_id=pool.health.pk,
            agency_id=world.health.pk, quarter=quarter, targets=targets,
        )  # fmt: skip

    # plan.day is 5 December 2026 = 14 Azar 1405, the third quarter
    q3, q4 = line(part6, 3), line(part6, 4)
    other = line(part12, 3)
    session = schedule(users, plan, world, pool)
    assert session.plan_line == q3  # found by itself: the only line for it
    with pytest.raises(ValidationError) as error:  # a line of another district
        schedule(users, plan, world, pool, starts_at=at(plan.day, 14), ends_at=at(plan.day, 15),
                 plan_line_id=other.pk)  # fmt: skip
    assert "plan_line" in error.value.error_dict
    # a weekly series crossing into the next quarter counts toward the same agency's next line
    series, _ = services.session_schedule(
        scope=scope, actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=at(plan.day, 14), ends_at=at(plan.day, 15), trainer_ids=[pool.t6.pk],
        school_id=world.s6.pk, class_label="4/1", repeat_weeks=6, plan_line_id=q3.pk,
        confirm_warnings=True,
    )  # fmt: skip
    lines = {s.plan_line for s in series}
    assert lines == {q3, q4}
    from hamafza.plans import selectors as plan_selectors

    row = plan_selectors.lines(scope=scope, part=part6).get(pk=q3.pk)
    assert row.sessions_linked == 1 + sum(1 for s in series if s.plan_line == q3)


# ----- QR check-in -----


@pytest.fixture
def running(plan, world, pool, users):
    """A public session that started 5 minutes ago, with two confirmed and one waitlisted."""
    cache.clear()
    start = timezone.now() + dt.timedelta(hours=1)
    session = Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson, domain=pool.health,
        district=world.d6, venue=world.v6, starts_at=start, ends_at=start + dt.timedelta(hours=1),
        capacity=2, is_public=True,
    )  # fmt: skip
    session.trainers.set([pool.t6])
    people = [reg(session, m) for m in ("09120000101", "09120000102", "09120000103")]
    assert [p.status for p in people] == ["confirmed", "confirmed", "waitlisted"]
    started = timezone.now() - dt.timedelta(minutes=5)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + dt.timedelta(hours=1)
    )
    session.refresh_from_db()
    return session


def test_a_registered_person_checks_in_with_the_current_code(running, client_for):
    code = checkin.current_code(running)
    page = client_for("citizen").post(
        reverse("sessions:checkin", args=[code]), {"mobile": "۰۹۱۲۰۰۰۰۱۰۱"}
    )
    assert page.status_code == 200 and 'id="checkin-done"' in page.content.decode()
    mark = Attendance.objects.get(session=running)
    assert mark.mark == "present" and mark.registration.mobile == "09120000101"
    # scanning again keeps one mark
    checkin.check_in(code=code, mobile="09120000101")
    assert Attendance.objects.filter(session=running).count() == 1


def test_codes_expire_and_cannot_be_forged(running):
    old = checkin.current_code(running, now=time.time() - 5 * checkin.WINDOW)
    with pytest.raises(ValidationError) as error:
        checkin.check_in(code=old, mobile="09120000101")
    assert error.value.messages
    forged = re.sub(r"\.\d+:", f".{int(time.time() // checkin.WINDOW)}:", old)
    with pytest.raises(ValidationError):
        checkin.check_in(code=forged, mobile="09120000101")
    recent = checkin.current_code(running, now=time.time() - checkin.WINDOW)
    assert checkin.check_in(code=recent, mobile="09120000101").mark == "present"


def test_check_in_refuses_people_not_registered_and_sessions_not_started(running, plan, world):
    code = checkin.current_code(running)
    with pytest.raises(ValidationError):
        checkin.check_in(code=code, mobile="09129999999")  # never registered
    with pytest.raises(ValidationError) as error:
        checkin.check_in(code=code, mobile="09120000103")  # on the waitlist
    assert error.value.messages
    running.starts_at = timezone.now() + dt.timedelta(minutes=30)
    running.ends_at = running.starts_at + dt.timedelta(hours=1)
    running.save()
    with pytest.raises(ValidationError):
        checkin.check_in(code=checkin.current_code(running), mobile="09120000101")
    assert not Attendance.objects.exists()


def test_late_arrivals_are_marked_late(running):
    running.starts_at = timezone.now() - dt.timedelta(minutes=25)
    running.save()
    mark = checkin.check_in(code=checkin.current_code(running), mobile="09120000102")
    assert mark.mark == "late"


def test_guessing_numbers_is_limited(running):
    code = checkin.current_code(running)
    for i in range(checkin.MAX_FAILURES):
        with pytest.raises(ValidationError):
            checkin.check_in(code=code, mobile=f"0912888{i:04d}", client="10.0.0.9")
    with pytest.raises(ValidationError):  # even the right number, from that address
        checkin.check_in(code=code, mobile="09120000101", client="10.0.0.9")
    assert checkin.check_in(code=code, mobile="09120000101", client="10.0.0.8").mark == "present"


def test_only_the_trainer_or_a_scheduler_shows_the_code(running, client_for):
    url = reverse("sessions:checkin_code", args=[running.pk])
    page = client_for("trainer").get(url)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert client_for("coordinator_d6").get(url).status_code == 200
    for role in ("citizen", "school_contact_s6", "bumehen_directorate"):
        assert client_for(role).get(url).status_code == 404


def test_raising_the_capacity_seats_the_waitlist_first(
    plan, world, pool, users, django_capture_on_commit_callbacks
):
    start = timezone.now() + dt.timedelta(days=3)
    session = schedule(
        users, plan, world, pool, school_id=None, venue_id=world.v6.pk, class_label="",
        starts_at=start, ends_at=start + dt.timedelta(hours=1), is_public=True, capacity=1,
    )  # fmt: skip
    reg(session, "09120000101")
    waiting = reg(session, "09120000102")
    assert waiting.status == "waitlisted"
    sent_sms().clear()  # what earlier steps queued goes first
    with django_capture_on_commit_callbacks(execute=True):
        move(users, session, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [m.to for m in sent_sms()] == ["09120000102"]
    assert reg(session, "09120000103").status == "waitlisted"  # a newcomer does not jump ahead


def test_moving_a_confirmed_session_asks_for_confirmation_again(plan, world, pool, users):
    session = schedule(users, plan, world, pool)
    services.session_confirm(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], session=session
    )
    session.refresh_from_db()
    same = move(users, session, capacity=25)
    assert same.status == "confirmed"  # nothing about the date or place changed
    moved = move(users, same, starts_at=at(plan.day, 11), ends_at=at(plan.day, 12))
    assert moved.status == "planned"


def test_approved_targets_keep_their_domain_agency_and_quarter(plan, world, pool, users):
    from hamafza.plans import services as ps

    scope = scope_for_user(users["directorate"])
    year_plan = ps.plan_create(scope=scope, actor=users["directorate"], year=1405)
    part = year_plan.district_plans.get(district=world.d6)
    common = {"scope": scope, "actor": users["directorate"], "district_plan": part,
              "domain_id": pool.health.pk, "agency_id": world.health.pk}  # fmt: skip
    line = ps.line_save(quarter=3, targets={"sessions": 5}, **common)
    schedule(users, plan, world, pool)  # counts toward the Q3 line
    with pytest.raises(ValidationError):  # sessions count toward it: it cannot move to Q1
        ps.line_save(
            line=line, quarter=1, targets={"sessions": 5}, expected_updated_at=line.updated_at,
            **common,
        )  # fmt: skip
    line.refresh_from_db()
    assert line.quarter == 3
    ps.line_save(  # figures may change
        line=line, quarter=3, targets={"sessions": 8}, expected_updated_at=line.updated_at,
        **common,
    )  # fmt: skip
    line.refresh_from_db()
    assert line.sessions == 8


def test_an_edit_form_without_its_version_is_refused(plan, world, pool, users, client_for):
    session = schedule(users, plan, world, pool)
    data = form_data(session, start="11:00", end="12:00")
    data.pop("version")
    page = client_for("directorate").post(reverse("sessions:edit", args=[session.pk]), data)
    assert page.status_code == 400
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).hour == 9


def test_the_client_address_behind_a_proxy(rf, settings):
    from hamafza.core.net import client_address

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 5.5.5.5")
    assert client_address(request) == "127.0.0.1"
    settings.TRUSTED_PROXIES = 1
    assert client_address(request) == "5.5.5.5"  # the left entry was written by the client
