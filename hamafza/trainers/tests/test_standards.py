"""The ladder, certificates (upload, review, expiry), courses and availability."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hamafza.core.scoping import Role, Scope
from hamafza.trainers import selectors, services
from hamafza.trainers.models import Certificate, Enrolment, TrainerDomain, TrainingCourse
from hamafza.trainers.tests.factories import CertificateFactory

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def directorate_scope(world, users):
    return Scope(
        user_id=users["directorate"].pk, role=Role.DIRECTORATE, municipality_id=world.tehran.pk
    )


def test_ladder_shows_level_and_whats_missing(pool):
    td = pool.t6.trainer_domains.get(domain=pool.health)
    td.prior_hours = 10
    td.observation_score = 55
    td.save()
    with translation.override("en"):
        (row,) = selectors.ladder_status(pool.t6)
    assert row.level == pool.levels[1]
    assert row.next_level == pool.levels[2]
    assert row.eligible == pool.levels[1]
    text = " ".join(row.missing)
    assert (
        "1 more train-the-trainer course" in text
        and "10 more teaching hours" in text
        and "60" in text
    )


def test_ladder_eligibility_climbs_with_the_record(pool, world):
    td = pool.t6.trainer_domains.get(domain=pool.health)
    td.prior_hours, td.observation_score = 150, 80
    td.save()
    course = TrainingCourse.objects.create(
        municipality=world.tehran,
        domain=pool.health,
        title="c",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 1, 2),
    )
    course2 = TrainingCourse.objects.create(
        municipality=world.tehran,
        domain=pool.health,
        title="d",
        starts_on=dt.date(2025, 2, 1),
        ends_on=dt.date(2025, 2, 2),
    )
    for c in (course, course2):
        Enrolment.objects.create(
            municipality=world.tehran, course=c, trainer=pool.t6, status=Enrolment.Status.COMPLETED
        )
    (row,) = selectors.ladder_status(pool.t6)
    assert row.eligible == pool.levels[3]
    assert row.missing == []  # meets level 2, the next rung above the granted level 1


def test_expired_certificate_blocks_assignment(pool):
    on = dt.date(2026, 6, 1)
    assert selectors.assignment_blockers(pool.t6, pool.health.pk, on)  # no certificate at all
    CertificateFactory(
        trainer=pool.t6,
        domain=pool.health,
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2026, 1, 1),
    )
    with translation.override("en"):
        reasons = selectors.assignment_blockers(pool.t6, pool.health.pk, on)
    assert len(reasons) == 1 and "expired" in reasons[0]
    CertificateFactory(
        trainer=pool.t6,
        domain=pool.health,
        issued_on=dt.date(2026, 1, 1),
        expires_on=dt.date(2027, 1, 1),
    )
    assert selectors.assignment_blockers(pool.t6, pool.health.pk, on) == []
    # a certificate of another domain does not help
    assert selectors.assignment_blockers(pool.t6, pool.waste.pk, on)


def test_pending_certificate_does_not_count(pool):
    CertificateFactory(trainer=pool.t6, domain=pool.health, status=Certificate.Status.PENDING)
    assert selectors.assignment_blockers(pool.t6, pool.health.pk, dt.date(2026, 6, 1))


def test_expiring_list_by_window(pool, world, users):
    today = selectors.today()
    CertificateFactory(
        trainer=pool.t6,
        domain=pool.health,
        issued_on=today - dt.timedelta(days=300),
        expires_on=today + dt.timedelta(days=20),
    )
    CertificateFactory(
        trainer=pool.t12,
        domain=pool.waste,
        issued_on=today - dt.timedelta(days=300),
        expires_on=today + dt.timedelta(days=75),
    )
    CertificateFactory(
        trainer=pool.tb,
        domain=pool.b_health,
        issued_on=today - dt.timedelta(days=300),
        expires_on=today + dt.timedelta(days=10),
    )
    scope = directorate_scope(world, users)
    assert [c.trainer for c in selectors.certificates_expiring(scope=scope, days=30)] == [pool.t6]
    assert {c.trainer for c in selectors.certificates_expiring(scope=scope, days=90)} == {
        pool.t6,
        pool.t12,
    }


def cert_post(domain, content=PDF, name="scan.pdf", **overrides):
    data = {
        "domain": domain.pk,
        "title": "گواهی کمک‌های اولیه",
        "issuer": "هلال احمر",
        "issued_on": "۱۴۰۳/۰۲/۱۰",
        "expires_on": "۱۴۰۵/۰۲/۱۰",
        "file": SimpleUploadedFile(name, content),
    }
    data.update(overrides)
    return data


def test_trainer_uploads_a_certificate_and_directorate_verifies_it(pool, client_for):
    response = client_for("trainer").post(
        reverse("trainers:certificate_add", args=[pool.t6.pk]), cert_post(pool.health)
    )
    assert response.status_code == 302
    cert = pool.t6.certificates.get()
    assert cert.status == Certificate.Status.PENDING
    assert cert.issued_on == dt.date(2024, 4, 29)
    client = client_for("directorate")
    assert (
        "گواهی کمک‌های اولیه"
        in client.get(reverse("trainers:certificates_pending")).content.decode()
    )
    client.post(reverse("trainers:certificate_review", args=[cert.pk]), {"decision": "approve"})
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VERIFIED and cert.verified_at


def test_rejection_needs_a_reason(pool, client_for):
    client_for("trainer").post(
        reverse("trainers:certificate_add", args=[pool.t6.pk]), cert_post(pool.health)
    )
    cert = pool.t6.certificates.get()
    client_for("directorate").post(
        reverse("trainers:certificate_review", args=[cert.pk]), {"decision": "reject"}
    )
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.PENDING


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        (
            {"file": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is an exe")},
            True,
        ),  # lies about its type
        (
            {"file": SimpleUploadedFile("big.pdf", PDF + b"0" * (6 * 1024 * 1024))},
            True,
        ),  # too large
        ({"expires_on": "۱۴۰۲/۰۱/۰۱"}, False),  # expiry before issue
        ({"issued_on": "۱۴۰۲/۱۲/۳۰"}, True),  # not a real date
    ],
)
def test_bad_certificates_are_refused_and_nothing_saved(pool, client_for, overrides, field_error):
    response = client_for("trainer").post(
        reverse("trainers:certificate_add", args=[pool.t6.pk]), cert_post(pool.health, **overrides)
    )
    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_trainer_cannot_upload_for_someone_else(pool, client_for):
    response = client_for("trainer").post(
        reverse("trainers:certificate_add", args=[pool.t12.pk]), cert_post(pool.health)
    )
    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_course_completion_issues_verifiable_certificates(pool, world, users, client):
    scope = directorate_scope(world, users)
    actor = users["directorate"]
    course = services.course_save(
        scope=scope, actor=actor,
        data={"domain_id": pool.health.pk, "title": "دوره مقدماتی", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 1, 30)},
    )  # fmt: skip
    sessions = [
        services.course_session_add(
            scope=scope, course=course, date=dt.date(2026, 1, d), topic=f"جلسه {d}", hours=2
        )
        for d in (5, 12, 19, 26)
    ]
    good = services.course_enrol(scope=scope, course=course, trainer=pool.t6)
    poor = services.course_enrol(scope=scope, course=course, trainer=pool.t12)
    for i, session in enumerate(sessions):
        present = {good.pk} | ({poor.pk} if i == 0 else set())
        services.course_attendance_record(
            scope=scope, session=session, present_enrolment_ids=present
        )
    issued = services.course_complete(scope=scope, actor=actor, course=course)
    assert [c.trainer for c in issued] == [pool.t6]
    good.refresh_from_db()
    poor.refresh_from_db()
    assert good.status == Enrolment.Status.COMPLETED and good.attended_percent == 100
    assert poor.status == Enrolment.Status.NOT_COMPLETED and poor.attended_percent == 25
    cert = issued[0]
    assert cert.expires_on == dt.date(2028, 1, 30)
    # closing twice issues nothing twice
    with pytest.raises(Exception):  # noqa: B017 - ValidationError
        services.course_complete(scope=scope, actor=actor, course=course)
    assert Certificate.objects.filter(course=course).count() == 1
    # the public page confirms it without a login
    page = client.get(reverse("verify_certificate", args=[cert.verification_code]))
    assert page.status_code == 200 and "سمیرا" in page.content.decode()
    assert client.get(reverse("verify_certificate", args=["NOPE123"])).status_code == 404
    # the PDF is a real PDF
    client.force_login(users["trainer"])
    pdf = client.get(reverse("trainers:certificate_pdf", args=[cert.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_course_session_outside_the_course_dates_is_refused(pool, world, users):
    scope = directorate_scope(world, users)
    course = services.course_save(
        scope=scope, actor=users["directorate"],
        data={"domain_id": pool.health.pk, "title": "x", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 1, 30)},
    )  # fmt: skip
    with pytest.raises(Exception):  # noqa: B017
        services.course_session_add(
            scope=scope, course=course, date=dt.date(2026, 3, 1), topic="y", hours=2
        )
    assert not course.sessions.exists()


def test_availability_and_pool_filter(pool, client_for, world):
    client = client_for("trainer")
    response = client.post(
        reverse("trainers:availability", args=[pool.t6.pk]),
        {
            "start_5": "08:00",
            "end_5": "12:00",
            "start_0": "14:00",
            "end_0": "18:00",
            "max_hours": "12",
        },
    )
    assert response.status_code == 302
    pool.t6.refresh_from_db()
    assert pool.t6.max_hours_per_week == 12 and pool.t6.availability.count() == 2
    saturday = dt.date(2026, 11, 28)
    assert saturday.weekday() == 5
    html = (
        client_for("directorate")
        .get(reverse("trainers:pool"), {"available_on": "1405/09/07"})
        .content.decode()
    )
    assert "سمیرا" in html and "کاوه" not in html
    # on leave that day: not available
    client.post(
        reverse("trainers:leave_add", args=[pool.t6.pk]),
        {"starts_on": "1405/09/06", "ends_on": "1405/09/08"},
    )
    html = (
        client_for("directorate")
        .get(reverse("trainers:pool"), {"available_on": "1405/09/07"})
        .content.decode()
    )
    assert "سمیرا" not in html


def test_bad_availability_is_refused(pool, client_for):
    response = client_for("trainer").post(
        reverse("trainers:availability", args=[pool.t6.pk]),
        {"start_5": "12:00", "end_5": "08:00", "max_hours": "12"},
    )
    assert response.status_code == 400
    assert not pool.t6.availability.exists()


def test_duplicate_national_code_after_digit_normalisation(pool, client_for, world):
    before = TrainerDomain.objects.count()
    code = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in pool.t12.national_code)
    response = client_for("directorate").post(
        reverse("trainers:create"),
        {"first_name": "نو", "last_name": "تکراری", "national_code": code, "mobile": "09120001122", "gender": "male",
         "home_district": world.d6.pk, "status": "active", "max_hours_per_week": 10},
    )  # fmt: skip
    assert response.status_code == 400
    assert TrainerDomain.objects.count() == before


@pytest.mark.parametrize(
    "field,value", [("national_code", "1234567890"), ("mobile", "0912"), ("national_code", "12")]
)
def test_invalid_identifiers_are_refused(pool, client_for, world, field, value):
    data = {"first_name": "نو", "last_name": "ب", "national_code": "0499370899", "mobile": "09120001122",
            "gender": "male", "home_district": world.d6.pk, "status": "active", "max_hours_per_week": 10}  # fmt: skip
    data[field] = value
    response = client_for("directorate").post(reverse("trainers:create"), data)
    assert response.status_code == 400
    assert not pool.t6.__class__.objects.filter(last_name="ب").exists()
