"""Real Chromium on a phone-sized screen: the coordinator schedules a session, the trainer takes
the head count and reports it, the school contact confirms it."""

import datetime as dt

import pytest
from django.utils import timezone

from hamafza.catalogue.models import Lesson, Program, ProgramVersion
from hamafza.core import jalali
from hamafza.sessions.models import Session
from hamafza.trainers.tests.factories import (
    CertificateFactory,
    DomainFactory,
    TrainerDomainFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_schedule_deliver_confirm_on_a_phone(live_server, world, users, page_factory, shot):
    health = DomainFactory(municipality=world.tehran, code="health", name="سلامت")
    program = Program.objects.create(
        municipality=world.tehran, domain=health, code="H-1", title="بهداشت فردی", audience="primary_lower",
        gender="any", session_count=1, session_minutes=45, objectives="x",
    )  # fmt: skip
    version = ProgramVersion.objects.create(
        municipality=world.tehran,
        program=program,
        number=1,
        status="published",
        published_at=timezone.now(),
    )
    lesson = Lesson.objects.create(
        municipality=world.tehran,
        version=version,
        order=1,
        title="شستن دست‌ها",
        plan="طرح درس",
        minutes=45,
    )
    program.current_version, program.status = version, "active"
    program.save()
    trainer = TrainerFactory(home_district=world.d6, first_name="سمیرا", user=users["trainer"])
    TrainerDomainFactory(trainer=trainer, domain=health)
    CertificateFactory(
        trainer=trainer,
        domain=health,
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2031, 1, 1),
    )
    now = timezone.localtime()
    start = (now - dt.timedelta(minutes=30)).replace(second=0, microsecond=0)
    if start.date() != now.date():  # just after midnight: keep the session on today's date
        start = now.replace(hour=0, minute=1, second=0, microsecond=0)

    # the coordinator schedules it on a phone
    page = page_factory(**PHONE)
    log_in(page, live_server.url, users["coordinator_d6"].username)
    page.goto(f"{live_server.url}/sessions/new/")
    page.select_option("#id_lesson", str(lesson.pk))
    page.select_option("#id_school", str(world.s6.pk))
    page.fill("#id_class_label", "۵/۲")
    page.fill("#id_date", jalali.format_numeric(start.date(), persian=True))
    # the picker ends opening 300 ms after focus, undoing an earlier hide
    page.wait_for_timeout(400)
    page.evaluate("window.jalaliDatepicker.hide()")
    page.fill("#id_start", start.strftime("%H:%M"))
    page.fill("#id_end", (start + dt.timedelta(minutes=45)).strftime("%H:%M"))
    page.select_option("#id_trainers", str(trainer.pk))
    page.check("#id_confirm_warnings")
    shot(page, "30-schedule-phone-fa")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    session = Session.objects.get()
    assert session.school == world.s6 and session.class_label == "5/2"

    # the trainer takes the head count and reports
    phone = page_factory(**PHONE)
    log_in(phone, live_server.url, users["trainer"].username)
    phone.goto(f"{live_server.url}/sessions/today/")
    shot(phone, "31-trainer-today-phone-fa")
    phone.click(f"#session-{session.pk} a.btn-primary")
    phone.fill("input[name=grade_0]", "5")
    phone.fill("input[name=girls_0]", "14")
    phone.fill("input[name=boys_0]", "0")
    phone.fill("input[name=late_0]", "1")
    phone.fill("#summary", "دانش‌آموزان با علاقه شرکت کردند.")
    shot(phone, "32-deliver-phone-fa")
    phone.click("form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    session.refresh_from_db()
    assert session.status == Session.Status.DELIVERED and session.report.present == 14

    # the school contact confirms with one click
    school = page_factory(**PHONE)
    log_in(school, live_server.url, users["school_contact_s6"].username)
    school.goto(f"{live_server.url}/sessions/to-confirm/")
    shot(school, "33-school-confirm-phone-fa")
    school.click("form button[type=submit]")
    school.wait_for_load_state("networkidle")
    session.refresh_from_db()
    assert session.status == Session.Status.VERIFIED
    for p in (page, phone, school):
        assert p.foreign_requests == []
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
