import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamafza.meetings import reminders, selectors, services
from hamafza.meetings.models import ActionItem, AgendaItem, Meeting
from hamafza.meetings.tests.conftest import meeting_at, scope_of, when
from hamafza.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # the calendar of Azar 1405


def _action(meeting, owner, due_days, status="open", title="ارسال گزارش"):
    return ActionItem.objects.create(
        municipality=meeting.municipality, meeting=meeting, title=title, owner=owner,
        due_on=timezone.localdate() + dt.timedelta(days=due_days), status=status,
    )  # fmt: skip


def test_who_reads_which_meeting(committee, users, world):
    directorate = selectors.meetings(scope=scope_of(users, "directorate"))
    assert set(directorate) == {committee.past, committee.upcoming, committee.d6_past}
    # the coordinator reads their district's meetings (not the committee they are not invited to)
    assert set(selectors.meetings(scope=scope_of(users, "coordinator_d6"))) == {committee.d6_past}
    # the liaison reads only the meeting they are invited to
    assert set(selectors.meetings(scope=scope_of(users, "liaison_health"))) == {committee.past}
    assert not selectors.meetings(scope=scope_of(users, "citizen")).exists()
    assert not selectors.meetings(scope=scope_of(users, "bumehen_directorate")).exists()


def test_a_coordinator_schedules_only_in_their_district(users, world, committee):
    scope = scope_of(users, "coordinator_d6")
    meeting = services.meeting_save(
        scope=scope, actor=users["coordinator_d6"], title="جلسه مدارس", starts_at=when(3),
        ends_at=when(3, 12), place="سرای محله", district_id=world.d12.pk,
    )  # fmt: skip
    assert meeting.district == world.d6  # asked for district 12, got their own
    with pytest.raises(ValidationError):  # the municipality's committee is not theirs to run
        services.meeting_save(
            scope=scope, actor=users["coordinator_d6"], title="کمیته", starts_at=when(3),
            ends_at=when(3, 12), place="x", series_id=committee.joint.pk,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(scope=scope, actor=users["coordinator_d6"], meeting=committee.past)
    with pytest.raises(PermissionDenied):
        services.meeting_save(
            scope=scope_of(users, "liaison_health"), actor=users["liaison_health"], title="x",
            starts_at=when(3), ends_at=when(3, 12), place="x",
        )  # fmt: skip


def test_bad_meeting_input_is_refused_with_reasons(users):
    scope = scope_of(users, "directorate")
    with pytest.raises(ValidationError) as caught:
        services.meeting_save(
            scope=scope, actor=users["directorate"], title=" ", starts_at=when(2, 12),
            ends_at=when(2, 10),
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"title", "ends_at", "place"}
    assert not Meeting.objects.exists()


def test_overdue_actions_roll_into_the_next_meeting_once(committee, users):
    owner = users["liaison_health"]
    overdue = _action(committee.past, owner, -2, title="تهیه فهرست مدارس")
    _action(committee.past, owner, -2, status="done", title="انجام شده")
    _action(committee.past, owner, 20, title="هنوز وقت دارد")
    _action(committee.d6_past, owner, -2, title="از سری دیگر")
    nxt = services.meeting_save(
        scope=scope_of(users, "directorate"), actor=users["directorate"], title="کمیته — آذر",
        starts_at=when(30), ends_at=when(30, 12), place="ساختمان مرکزی",
        series_id=committee.joint.pk, agenda=["گزارش مناطق", ""],
    )  # fmt: skip
    agenda = list(nxt.agenda.all())
    assert [a.title for a in agenda] == ["گزارش مناطق", "تهیه فهرست مدارس"]
    assert agenda[1].carried == overdue
    # the daily job carries it into the series' next meeting (the one next week) and not twice
    assert reminders.carry_all_overdue() == 1
    assert reminders.carry_all_overdue() == 0
    assert AgendaItem.objects.filter(carried=overdue).count() == 2  # next week's and December's
    assert committee.upcoming.agenda.filter(carried=overdue).exists()


def test_holding_a_meeting_records_attendance_or_nothing(committee, users):
    scope, actor = scope_of(users, "directorate"), users["directorate"]
    with pytest.raises(ValidationError):  # someone who was not invited
        services.meeting_hold(
            scope=scope, actor=actor, meeting=committee.past,
            present_ids=[committee.liaison.pk, 999_999], minutes="x",
            expected_updated_at=committee.past.updated_at,
        )  # fmt: skip
    committee.past.refresh_from_db()
    assert committee.past.status == "scheduled" and committee.past.minutes == ""
    with pytest.raises(ValidationError):  # a meeting in the future
        services.meeting_hold(
            scope=scope, actor=actor, meeting=committee.upcoming, present_ids=[], minutes="",
            expected_updated_at=committee.upcoming.updated_at,
        )  # fmt: skip
    held = services.meeting_hold(
        scope=scope, actor=actor, meeting=committee.past, present_ids=[committee.liaison.pk],
        minutes="گزارش پیشرفت", expected_updated_at=committee.past.updated_at,
    )  # fmt: skip
    assert held.status == "held" and held.held_at is not None
    assert list(held.invitees.filter(present=True)) == [committee.liaison]
    with pytest.raises(ValidationError):  # a form read before that change
        services.meeting_hold(
            scope=scope, actor=actor, meeting=held, present_ids=[committee.guest.pk],
            minutes="دیگر", expected_updated_at=committee.past.updated_at,
        )  # fmt: skip


def test_invitation_and_new_action_tell_the_person(committee, users):
    scope, actor = scope_of(users, "directorate"), users["directorate"]
    services.invite(
        scope=scope, actor=actor, meeting=committee.upcoming, user_id=users["coordinator_d6"].pk
    )
    assert Notification.objects.filter(
        recipient=users["coordinator_d6"], kind="meeting_invitation"
    ).exists()
    with pytest.raises(ValidationError):
        services.invite(
            scope=scope, actor=actor, meeting=committee.upcoming,
            user_id=users["coordinator_d6"].pk,
        )  # fmt: skip
    with pytest.raises(ValidationError):  # someone of another municipality
        services.invite(
            scope=scope, actor=actor, meeting=committee.upcoming,
            user_id=users["bumehen_directorate"].pk,
        )  # fmt: skip
    item = services.action_add(
        scope=scope, actor=actor, meeting=committee.past, title="ارسال برنامه",
        owner_id=users["liaison_health"].pk, due_on=timezone.localdate() + dt.timedelta(days=5),
    )  # fmt: skip
    told = Notification.objects.get(recipient=users["liaison_health"], kind="action_item_due")
    assert told.link == services.action_link(item)
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            scope=scope, actor=actor, meeting=committee.past, title="x",
            owner_id=users["bumehen_directorate"].pk, due_on=timezone.localdate(),
        )  # fmt: skip
    assert "owner" in caught.value.message_dict


def test_the_owner_updates_from_the_link_and_nobody_else(committee, users, client, client_for):
    item = _action(committee.past, users["liaison_health"], 5)
    link = services.action_link(item)
    page = client.get(link)
    assert page.status_code == 200 and item.title in page.content.decode()
    assert "dropped" not in page.content.decode()  # only organisers drop an action
    version = page.context["form"].initial["version"]
    done = client.post(link, {"status": "done", "note": "ارسال شد", "version": version})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == timezone.localdate()
    # closed: the owner cannot reopen it from the link
    reopen = {"status": "open", "note": "", "version": item.updated_at.isoformat()}
    assert client.post(link, reopen).status_code == 400
    assert client.get(link[:-3] + "xyz/").status_code == 404  # a tampered link
    # another owner now: the old link stops working
    item.owner = users["coordinator_d6"]
    item.save()
    assert client.get(link).status_code == 404
    # someone else signed in cannot update it
    other = _action(committee.past, users["coordinator_d6"], 5)
    edit = f"/meetings/actions/{other.pk}/"
    version = other.updated_at.isoformat()
    refused = client_for("liaison_health").post(edit, {"status": "done", "version": version})
    assert refused.status_code in (403, 404)
    other.refresh_from_db()
    assert other.status == "open"
    moved = client_for("coordinator_d6").post(edit, {"status": "in_progress", "version": version})
    assert moved.status_code == 302


def test_pages_follow_the_permissions(committee, users, client_for):
    assert client_for("directorate").get("/meetings/").status_code == 200
    detail = f"/meetings/{committee.past.pk}/"
    liaison = client_for("liaison_health")
    page = liaison.get(detail)
    assert page.status_code == 200 and "ثبت حضور" not in page.content.decode()
    assert liaison.get(f"/meetings/{committee.upcoming.pk}/").status_code == 404
    assert liaison.get(f"{detail}hold/").status_code == 403
    assert client_for("coordinator_d6").get(detail).status_code == 404
    assert client_for("citizen").get(detail).status_code == 404
    assert client_for("bumehen_directorate").get(detail).status_code == 404
    assert (
        client_for("coordinator_d6").get(f"/meetings/{committee.d6_past.pk}/hold/").status_code
        == 200
    )


def test_the_minutes_pdf_is_made_for_a_held_meeting(committee, users, client_for):
    client = client_for("directorate")
    url = f"/meetings/{committee.past.pk}/minutes.pdf"
    assert client.get(url).status_code == 404  # not held yet
    form = client.post(
        f"/meetings/{committee.past.pk}/hold/",
        {"present": [committee.liaison.pk], "minutes": "بحث درباره برنامه",
         "version": committee.past.updated_at.isoformat()},
    )  # fmt: skip
    assert form.status_code == 302
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5_000
    assert client_for("liaison_health").get(url).status_code == 200
    assert client_for("citizen").get(url).status_code == 404


def test_reminders_are_sent_once(committee, users):
    due = _action(committee.past, users["liaison_health"], 1, title="فردا")
    late = _action(committee.past, users["coordinator_d6"], -3, title="دیر")
    _action(committee.past, users["coordinator_d6"], -3, status="done")
    _action(committee.past, users["coordinator_d6"], 4)
    assert reminders.remind_actions() == 2
    assert reminders.remind_actions() == 0
    assert Notification.objects.filter(key=f"action-due:{due.pk}:{due.due_on:%Y%m%d}").count() == 1
    assert Notification.objects.filter(key__startswith=f"action-overdue:{late.pk}:").count() == 1
    # moving the due day makes a new reminder
    late.due_on = timezone.localdate() - dt.timedelta(days=1)
    late.save()
    assert reminders.remind_actions() == 1


def test_the_weekly_digest_reaches_each_coordinator_once(committee, users, world):
    meeting_at(world, committee.council, 2, title="شورای هفته")
    _action(committee.d6_past, users["coordinator_d6"], -1)
    assert reminders.send_weekly_digest() == 1
    assert reminders.send_weekly_digest() == 0
    note = Notification.objects.get(kind="weekly_digest")
    assert note.recipient == users["coordinator_d6"]
    counts = reminders.digest_for(
        municipality_id=world.tehran.pk, district_id=world.d6.pk,
        user_id=users["coordinator_d6"].pk, today=timezone.localdate(),
    )  # fmt: skip
    assert counts == {
        "coming": 0, "unconfirmed": 0, "unverified": 0, "unreported": 0, "meetings": 1,
        "actions_open": 1, "actions_overdue": 1,
    }  # fmt: skip
    assert "۱ باز" in note.body and "1" not in note.body  # Persian digits for a Persian reader
    # the next week: a new digest
    assert reminders.send_weekly_digest(today=timezone.localdate() + dt.timedelta(days=7)) == 1


def test_week_of_is_the_saturday():
    assert reminders.week_of(dt.date(2026, 11, 28)) == dt.date(2026, 11, 28)  # a Saturday
    assert reminders.week_of(dt.date(2026, 12, 4)) == dt.date(2026, 11, 28)  # the Friday after


def test_a_cancelled_meeting_drops_its_open_actions(committee, users):
    item = _action(committee.upcoming, users["liaison_health"], -1)
    done = _action(committee.upcoming, users["liaison_health"], -1, status="done")
    services.meeting_cancel(
        scope=scope_of(users, "directorate"), actor=users["directorate"], meeting=committee.upcoming
    )
    item.refresh_from_db()
    done.refresh_from_db()
    assert (item.status, done.status) == ("dropped", "done")
    assert reminders.remind_actions() == 0
