"""Regressions from the review: uploads renamed by content, levels saved atomically, course
rules exact, the public check only for issued certificates, the expiring list only for real
losses, far dates refused politely."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamafza.trainers import selectors
from hamafza.trainers.models import Certificate, TrainingCourse
from hamafza.trainers.tests.factories import CertificateFactory

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


def test_an_html_file_disguised_as_pdf_is_stored_and_served_as_pdf(pool, client_for):
    client_for("trainer").post(
        reverse("trainers:certificate_add", args=[pool.t6.pk]),
        {"domain": pool.health.pk, "title": "t", "issuer": "i", "issued_on": "1403/01/10",
         "file": SimpleUploadedFile("scan.html", POLYGLOT)},
    )  # fmt: skip
    cert = Certificate.objects.get()
    assert cert.file.name.endswith(".pdf") and "scan" not in cert.file.name
    response = client_for("directorate").get(reverse("trainers:certificate_file", args=[cert.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_level_and_record_are_saved_together(pool, client_for):
    client_for("directorate").post(
        reverse("trainers:set_level", args=[pool.t6.pk]),
        {
            "domain": pool.health.pk,
            "level": pool.levels[3].pk,
            "prior_hours": "10",
            "observation_score": "250",
        },
    )
    td = pool.t6.trainer_domains.get(domain=pool.health)
    assert td.level == pool.levels[1] and td.observation_score is None  # nothing half-saved


def test_course_needs_at_least_one_year_of_validity(pool, client_for):
    response = client_for("directorate").post(
        reverse("trainers:course_create"),
        {"domain": pool.health.pk, "title": "c", "starts_on": "1405/01/01", "ends_on": "1405/01/10",
         "capacity": 10, "pass_percent": 80, "certificate_years": 0},
    )  # fmt: skip
    assert response.status_code == 400
    assert not TrainingCourse.objects.exists()


def test_pass_rule_does_not_round_up(pool, world, users):
    from hamafza.org.middleware import scope_for_user
    from hamafza.trainers import services

    scope = scope_for_user(users["directorate"])
    course = services.course_save(
        scope=scope, actor=users["directorate"],
        data={"domain_id": pool.health.pk, "title": "c", "starts_on": dt.date(2026, 1, 1),
              "ends_on": dt.date(2026, 1, 30), "pass_percent": 67},
    )  # fmt: skip
    sessions = [
        services.course_session_add(
            scope=scope, course=course, date=dt.date(2026, 1, d), topic="t", hours=1
        )
        for d in (2, 9, 16)
    ]
    enrolment = services.course_enrol(scope=scope, course=course, trainer=pool.t6)
    for session in sessions[:2]:  # 2 of 3 = 66.7 %
        services.course_attendance_record(
            scope=scope, session=session, present_enrolment_ids={enrolment.pk}
        )
    assert services.course_complete(scope=scope, actor=users["directorate"], course=course) == []


def test_public_check_only_for_certificates_hamafza_issued(pool, client):
    uploaded = CertificateFactory(
        trainer=pool.t6, domain=pool.health, status=Certificate.Status.REJECTED
    )
    assert (
        client.get(reverse("verify_certificate", args=[uploaded.verification_code])).status_code
        == 404
    )


def test_expiring_list_leaves_out_renewed_and_departed_trainers(pool, world, users):
    from hamafza.org.middleware import scope_for_user

    today = selectors.today()
    soon = today + dt.timedelta(days=10)
    CertificateFactory(
        trainer=pool.t6,
        domain=pool.health,
        issued_on=today - dt.timedelta(days=400),
        expires_on=soon,
    )
    CertificateFactory(
        trainer=pool.t6,
        domain=pool.health,
        issued_on=today,
        expires_on=today + dt.timedelta(days=700),
    )
    CertificateFactory(
        trainer=pool.t12,
        domain=pool.waste,
        issued_on=today - dt.timedelta(days=400),
        expires_on=soon,
    )
    pool.t12.status = "left"
    pool.t12.save()
    assert (
        list(selectors.certificates_expiring(scope=scope_for_user(users["directorate"]), days=30))
        == []
    )


def test_a_certificate_issued_after_the_session_day_does_not_count(pool):
    CertificateFactory(
        trainer=pool.t6,
        domain=pool.health,
        issued_on=dt.date(2026, 6, 1),
        expires_on=dt.date(2028, 1, 1),
    )
    assert selectors.assignment_blockers(pool.t6, pool.health.pk, dt.date(2026, 5, 1))


def test_far_dates_are_answered_politely(pool, client_for):
    assert (
        client_for("trainer")
        .get(reverse("trainers:calendar", args=[pool.t6.pk]), {"start": "9999/12/30"})
        .status_code
        == 200
    )
