import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hamafza.org.middleware import scope_for_user
from hamafza.sessions import delivery, services
from hamafza.sessions.models import Session, SessionReport
from hamafza.trainers.selectors import ladder_status

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@pytest.fixture
def taught(plan, world, pool, users):
    """A session at school s6 taught by t6 (the 'trainer' user) that started an hour ago."""
    start = timezone.now() - dt.timedelta(hours=1)
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=start, ends_at=start + dt.timedelta(minutes=45), trainer_ids=[pool.t6.pk],
        school_id=world.s6.pk, class_label="5/2", confirm_warnings=True,
    )  # fmt: skip
    return session


def report(client, session, client_id=None, **overrides):
    data = {"client_id": client_id or str(uuid.uuid4()), "grade_0": "5", "girls_0": "12", "boys_0": "0",
            "late_0": "2", "summary": "جلسه خوب بود"}  # fmt: skip
    data.update(overrides)
    return client.post(reverse("sessions:deliver", args=[session.pk]), data)


def test_trainer_reports_with_head_count_and_photo(taught, client_for, pool):
    client = client_for("trainer")
    response = report(client, taught, photos=[SimpleUploadedFile("p.png", PNG)])
    assert response.status_code == 302
    taught.refresh_from_db()
    assert taught.status == Session.Status.DELIVERED and taught.delivered_at
    rep = taught.report
    assert (
        rep.present == 12
        and rep.photos.count() == 1
        and rep.photos.get().file.name.endswith(".png")
    )
    assert list(taught.head_counts.values_list("grade", "girls", "boys", "late")) == [(5, 12, 0, 2)]
    # the hours count on the ladder
    (row,) = [r for r in ladder_status(pool.t6) if r.domain == pool.health]
    assert row.hours == pytest.approx(0.75)


def test_a_form_sent_twice_files_one_report(taught, client_for):
    client = client_for("trainer")
    client_id = str(uuid.uuid4())
    assert report(client, taught, client_id).status_code == 302
    assert report(client, taught, client_id).status_code == 302
    assert SessionReport.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"summary": ""},
        {"girls_0": "0"},  # nobody counted
        {"late_0": "20"},  # more late than present
        {"grade_0": "13"},
        {"photos": [SimpleUploadedFile("p.png", b"<html>not an image</html>")]},
    ],
)
def test_bad_reports_are_refused_and_nothing_saved(taught, client_for, overrides):
    response = report(client_for("trainer"), taught, **overrides)
    assert response.status_code == 400
    taught.refresh_from_db()
    assert taught.status == Session.Status.PLANNED and not SessionReport.objects.exists()


def test_attendance_before_the_session_starts_is_refused(plan, world, pool, users, client_for):
    start = timezone.now() + dt.timedelta(days=1)
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), trainer_ids=[pool.t6.pk], school_id=world.s6.pk,
        confirm_warnings=True,
    )  # fmt: skip
    assert report(client_for("trainer"), session).status_code == 400
    assert not SessionReport.objects.exists()


@pytest.mark.parametrize("role", ["coordinator_d6", "directorate", "school_contact_s6"])
def test_only_the_sessions_trainer_reports(taught, client_for, role):
    assert report(client_for(role), taught).status_code == 404
    assert not SessionReport.objects.exists()


def test_another_trainer_cannot_report(taught, pool, client):
    client.force_login(pool.t12.user)  # a trainer, but not this session's
    assert report(client, taught).status_code == 404
    assert not SessionReport.objects.exists()


def test_school_confirms_from_the_link_without_an_account(taught, client_for, client):
    report(client_for("trainer"), taught)
    token = delivery.verification_token(taught)
    page = client.get(reverse("session_verify_link", args=[token]))
    assert page.status_code == 200
    client.post(reverse("session_verify_link", args=[token]), {"name": "مدیر مدرسه"})
    taught.refresh_from_db()
    assert taught.status == Session.Status.VERIFIED and taught.verified_by == "مدیر مدرسه"
    assert client.get(reverse("session_verify_link", args=[token + "x"])).status_code == 404


def test_school_contact_confirms_only_their_school(taught, client_for, world, users):
    report(client_for("trainer"), taught)
    # a contact of another school sees nothing to confirm and cannot confirm this one
    from hamafza.core.scoping import Role
    from hamafza.org.models import Membership
    from hamafza.org.tests.factories import UserFactory

    other = UserFactory()
    Membership.objects.create(
        user=other, municipality=world.tehran, role=Role.SCHOOL_CONTACT, school=world.s12
    )
    from django.test import Client

    c = Client()
    c.force_login(other)
    assert c.post(reverse("sessions:school_verify"), {"session": taught.pk}).status_code == 404
    taught.refresh_from_db()
    assert taught.status == Session.Status.DELIVERED
    client_for("school_contact_s6").post(reverse("sessions:school_verify"), {"session": taught.pk})
    taught.refresh_from_db()
    assert taught.status == Session.Status.VERIFIED


def test_unverified_follow_up_list(taught, client_for):
    report(client_for("trainer"), taught)
    Session.objects.filter(pk=taught.pk).update(delivered_at=timezone.now() - dt.timedelta(days=10))
    html = (
        client_for("coordinator_d6")
        .get(reverse("sessions:unverified"), {"days": 7})
        .content.decode()
    )
    assert taught.get_absolute_url() in html
    html = (
        client_for("coordinator_d6")
        .get(reverse("sessions:unverified"), {"days": 30})
        .content.decode()
    )
    assert taught.get_absolute_url() not in html


def test_trainer_today_page_lists_own_sessions(taught, client_for):
    html = client_for("trainer").get(reverse("sessions:today")).content.decode()
    assert (
        f'id="session-{taught.pk}"' in html
        and reverse("sessions:deliver", args=[taught.pk]) in html
    )


def test_calendar_week_and_month_are_scoped(taught, client_for, world):
    at = timezone.localdate().isoformat()
    html = (
        client_for("coordinator_d6").get(reverse("sessions:calendar"), {"at": at}).content.decode()
    )
    assert taught.get_absolute_url() in html
    html = (
        client_for("coordinator_d6")
        .get(reverse("sessions:calendar"), {"at": at, "view": "month"})
        .content.decode()
    )
    assert taught.get_absolute_url() in html and 'id="cal-title"' in html
    html = (
        client_for("directorate")
        .get(reverse("sessions:calendar"), {"at": at, "district": world.d12.pk})
        .content.decode()
    )
    assert taught.get_absolute_url() not in html
    assert (
        client_for("bumehen_directorate").get(reverse("sessions:calendar"), {"at": at}).status_code
        == 200
    )
    assert (
        taught.get_absolute_url()
        not in client_for("bumehen_directorate")
        .get(reverse("sessions:calendar"), {"at": at})
        .content.decode()
    )
    assert client_for("citizen").get(reverse("sessions:calendar")).status_code == 403
    assert (
        client_for("directorate")
        .get(reverse("sessions:calendar"), {"at": "not-a-date"})
        .status_code
        == 200
    )


def test_calendar_trainer_picker_shows_one_trainers_sessions(taught, client_for, pool):
    at = timezone.localdate().isoformat()
    page = client_for("coordinator_d6").get(reverse("sessions:calendar"), {"at": at})
    html = page.content.decode()
    # the picker lists the municipality's pool (trainers travel between districts), not Bumehen's
    assert f'<option value="{pool.t6.pk}"' in html and f'<option value="{pool.t12.pk}"' in html
    assert f'<option value="{pool.tb.pk}"' not in html
    mine = client_for("directorate").get(
        reverse("sessions:calendar"), {"at": at, "trainer": pool.t6.pk}
    )
    theirs = client_for("directorate").get(
        reverse("sessions:calendar"), {"at": at, "trainer": pool.t12.pk}
    )
    assert taught.get_absolute_url() in mine.content.decode()
    assert taught.get_absolute_url() not in theirs.content.decode()
