"""Real Chromium: a trainer uploads a certificate on a phone; the directorate verifies it."""

import pytest

from hamafza.trainers.models import Certificate
from hamafza.trainers.tests.factories import DomainFactory, TrainerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_trainer_uploads_a_certificate_and_directorate_verifies_it(
    live_server, world, users, page_factory, shot, tmp_path
):
    domain = DomainFactory(municipality=world.tehran, code="health", name="سلامت")
    trainer = TrainerFactory(home_district=world.d6, first_name="سمیرا", user=users["trainer"])
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)

    phone = page_factory(width=390, height=844)
    log_in(phone, live_server.url, users["trainer"].username)
    phone.goto(f"{live_server.url}/trainers/me/")
    assert "سمیرا" in phone.inner_text("h1")
    shot(phone, "10-trainer-profile-phone-fa")
    phone.click(f'a[href="/trainers/{trainer.pk}/certificates/new/"]')
    phone.select_option("#id_domain", str(domain.pk))
    phone.fill("#id_title", "گواهی کمک‌های اولیه")
    phone.fill("#id_issuer", "جمعیت هلال احمر")
    phone.fill("#id_issued_on", "۱۴۰۴/۰۲/۱۰")
    phone.fill("#id_expires_on", "۱۴۰۶/۰۲/۱۰")
    # the picker ends opening 300 ms after focus, undoing an earlier hide
    phone.wait_for_timeout(400)
    phone.evaluate(
        "window.jalaliDatepicker.hide()"
    )  # the picker opened on focus; a person taps away
    phone.set_input_files("#id_file", str(scan))
    shot(phone, "10b-certificate-form-phone-fa")
    phone.click("button[type=submit]")
    phone.wait_for_load_state("networkidle")
    cert = Certificate.objects.get(trainer=trainer)
    assert cert.status == Certificate.Status.PENDING
    shot(phone, "11-certificate-uploaded-phone-fa")

    desk = page_factory()
    log_in(desk, live_server.url, users["directorate"].username)
    desk.goto(f"{live_server.url}/trainers/certificates/pending/")
    assert "گواهی کمک‌های اولیه" in desk.inner_text(f"#cert-{cert.pk}")
    shot(desk, "12-certificates-pending-fa")
    desk.click(f"#cert-{cert.pk} button[value=approve]")
    desk.wait_for_load_state("networkidle")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VERIFIED
    desk.goto(f"{live_server.url}/en{trainer.get_absolute_url()}")
    assert "Verified" in desk.inner_text("body") and "Health" not in desk.inner_text("h1")
    shot(desk, "13-trainer-detail-en")
    assert desk.foreign_requests == [] and phone.foreign_requests == []
