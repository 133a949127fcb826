"""Real Chromium: the directorate adds a program with a lesson plan and publishes it."""

import pytest
from django.urls import reverse

from hamafza.catalogue.models import Program
from hamafza.trainers.tests.factories import DomainFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_directorate_adds_a_program_with_a_lesson_plan(
    live_server, world, users, page_factory, shot
):
    domain = DomainFactory(municipality=world.tehran, code="waste", name="پسماند")
    page = page_factory()
    log_in(page, live_server.url, users["directorate"].username)
    page.goto(live_server.url + reverse("catalogue:program_create"))
    page.fill("#id_code", "W-101")
    page.fill("#id_title", "تفکیک پسماند از مبدأ")
    page.select_option("#id_domain", str(domain.pk))
    page.select_option("#id_audience", "primary_upper")
    page.fill("#id_session_count", "1")
    page.fill("#id_session_minutes", "45")
    page.fill("#id_objectives", "شناخت انواع پسماند\nتفکیک درست در خانه و مدرسه")
    shot(page, "20-program-form-fa")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    program = Program.objects.get(code="W-101")
    page.click("#add-lesson")
    page.fill("#id_title", "پسماند چیست؟")
    page.fill("#id_plan", "۵ دقیقه: پرسش از دانش‌آموزان\n۲۰ دقیقه: بازی تفکیک\n۱۰ دقیقه: جمع‌بندی")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "پسماند چیست؟" in page.inner_text("main")
    page.click("#publish")
    page.wait_for_load_state("networkidle")
    program.refresh_from_db()
    version = program.current_version
    assert version is not None and version.status == "published"
    lesson = version.lessons.get()
    assert lesson.title == "پسماند چیست؟" and "بازی تفکیک" in lesson.plan
    shot(page, "21-program-published-fa")
    page.goto(live_server.url + "/en" + reverse("catalogue:program_detail", args=[program.pk]))
    assert page.locator("html").get_attribute("dir") == "ltr"
    shot(page, "22-program-detail-en")
    assert page.foreign_requests == []
