"""Real Chromium on a phone-sized screen: the coordinator schedules a public session at a school,
people register on the public page, the trainer takes attendance on the roster and files the
report, the school contact confirms it."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from hamafza.catalogue.models import Lesson, Program, ProgramVersion
from hamafza.core import jalali
from hamafza.core.validators import normalize_mobile
from hamafza.sessions.models import Attendance, Registration, Session
from hamafza.sessions.tests.test_registration import texted_code
from hamafza.trainers.tests.factories import (
    CertificateFactory,
    DomainFactory,
    TrainerDomainFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PEOPLE = [
    ("زهرا کریمی", "09121110001"),
    ("علی رضایی", "۰۹۱۲۱۱۱۰۰۰۲"),
    ("مینا احمدی", "09121110003"),
]


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def close_date_picker(page):
    """The Jalali picker opens on focus and finishes opening 300 ms later (a timer that would
    undo an earlier hide); then it is closed, as a person taps away from it."""
    page.wait_for_timeout(400)
    page.evaluate("window.jalaliDatepicker.hide()")


def fits(page) -> bool:
    """No sideways scrolling on the phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def published_lesson(world):
    health = DomainFactory(municipality=world.tehran, code="health", name="سلامت")
    program = Program.objects.create(
        municipality=world.tehran, domain=health, code="H-2", title="کمک‌های اولیه", audience="adults",
        gender="any", session_count=1, session_minutes=60, objectives="x",
    )  # fmt: skip
    version = ProgramVersion.objects.create(
        municipality=world.tehran,
        program=program,
        number=1,
        status="published",
        published_at=timezone.now(),
    )
    lesson = Lesson.objects.create(
        municipality=world.tehran, version=version, order=1, title="بانداژ", plan="طرح", minutes=60
    )
    program.current_version, program.status = version, "active"
    program.save()
    return health, lesson


def test_roster_on_a_phone_from_scheduling_to_confirmation(
    live_server, world, users, page_factory, shot
):
    base = live_server.url
    health, lesson = published_lesson(world)
    trainer = TrainerFactory(home_district=world.d6, first_name="سمیرا", user=users["trainer"])
    TrainerDomainFactory(trainer=trainer, domain=health)
    CertificateFactory(
        trainer=trainer,
        domain=health,
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2031, 1, 1),
    )
    # starts shortly, so people can still register; late in the evening, tomorrow morning
    start = (timezone.localtime() + dt.timedelta(minutes=15)).replace(second=0, microsecond=0)
    if start.hour >= 22:
        start = (start + dt.timedelta(days=1)).replace(hour=8, minute=0)

    # the coordinator schedules a public session at a school of their district, on a phone
    coordinator = page_factory(**PHONE)
    log_in(coordinator, base, users["coordinator_d6"].username)
    coordinator.goto(f"{base}/sessions/new/")
    coordinator.select_option("#id_lesson", str(lesson.pk))
    coordinator.select_option("#id_school", str(world.s6.pk))
    coordinator.fill("#id_class_label", "سالن اجتماعات")
    coordinator.fill("#id_date", jalali.format_numeric(start.date(), persian=True))
    close_date_picker(coordinator)
    coordinator.fill("#id_start", start.strftime("%H:%M"))
    coordinator.fill("#id_end", (start + dt.timedelta(hours=1)).strftime("%H:%M"))
    coordinator.select_option("#id_trainers", str(trainer.pk))
    coordinator.fill("#id_capacity", "30")
    coordinator.check("#id_is_public")
    coordinator.check("#id_confirm_warnings")
    shot(coordinator, "40-schedule-public-phone-fa")
    coordinator.click("form button[type=submit]")
    coordinator.wait_for_load_state("networkidle")
    session = Session.objects.get()
    assert session.is_public and session.capacity == 30 and session.school == world.s6
    assert fits(coordinator)

    # people register on the public page, with no account
    citizen = page_factory(**PHONE)
    for name, mobile in PEOPLE:
        citizen.goto(f"{base}/sessions/public/")
        citizen.click(f'a[href="/sessions/public/{session.pk}/register/"]')
        citizen.fill("#name", name)
        citizen.fill("#mobile", mobile)
        citizen.click("form button[type=submit]")
        citizen.wait_for_selector("#code-form")  # nothing is held before the texted code
        citizen.fill("#code", texted_code(normalize_mobile(mobile)))
        citizen.click("#code-form button[type=submit]")
        citizen.wait_for_selector("#reg-status")
        assert "text-success" in citizen.get_attribute("#reg-status", "class")  # confirmed
    shot(citizen, "41-registered-phone-fa")
    assert fits(citizen)
    people = {r.name: r for r in Registration.objects.filter(session=session, status="confirmed")}
    assert set(people) == {name for name, _mobile in PEOPLE}

    # the clock moves on: the session has begun (registration closes, attendance opens)
    now = timezone.localtime()
    began = max(now - dt.timedelta(minutes=10), now.replace(hour=0, minute=0, second=0))
    Session.objects.filter(pk=session.pk).update(
        starts_at=began, ends_at=began + dt.timedelta(hours=1)
    )

    # the trainer opens the roster on the phone and taps: two present, one late
    phone = page_factory(**PHONE)
    log_in(phone, base, users["trainer"].username)
    phone.goto(f"{base}/sessions/today/")
    shot(phone, "42-trainer-today-phone-fa")
    phone.click(f'#session-{session.pk} a[href="/sessions/{session.pk}/roster/"]')
    phone.wait_for_selector("#roster")
    assert phone.locator("#roster li").count() == 3
    shot(phone, "43-roster-before-phone-fa")
    marks = {"زهرا کریمی": "present", "علی رضایی": "present", "مینا احمدی": "late"}
    for name, mark in marks.items():
        row = f"#person-{people[name].pk}"
        phone.click(f"{row} button[value={mark}]")
        phone.wait_for_selector(f"{row} .roster-marks[data-mark={mark}]")  # htmx swapped it in
    # the pressed button stands out (filled), the others stay outlined
    pressed = phone.locator(f"#person-{people['مینا احمدی'].pk} button[value=late]")
    assert pressed.evaluate("b => getComputedStyle(b).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert phone.locator(".alert-danger").count() == 0
    shot(phone, "44-roster-marked-phone-fa")
    assert fits(phone)
    assert (
        dict(Attendance.objects.filter(session=session).values_list("registration__name", "mark"))
        == marks
    )

    # …and files the report: the head count comes from the roster
    phone.click(f'a[href="/sessions/{session.pk}/deliver/"]')
    phone.fill("#summary", "شرکت‌کنندگان بانداژ دست و پا را تمرین کردند.")
    shot(phone, "45-report-phone-fa")
    phone.click("form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    session.refresh_from_db()
    assert session.status == Session.Status.DELIVERED and session.report.present == 3

    # the school contact confirms the delivery
    school = page_factory(**PHONE)
    log_in(school, base, users["school_contact_s6"].username)
    school.goto(f"{base}/sessions/to-confirm/")
    assert lesson.title in school.inner_text("main")
    school.click(f'form:has(input[name=session][value="{session.pk}"]) button[type=submit]')
    school.wait_for_load_state("networkidle")
    assert school.locator(".alert-success").count() == 1
    assert lesson.title not in school.inner_text("main")  # nothing left to confirm
    shot(school, "46-school-confirmed-phone-fa")
    session.refresh_from_db()
    assert session.status == Session.Status.VERIFIED
    assert Attendance.objects.filter(session=session).count() == 3

    # the coordinator sees it verified
    coordinator.goto(f"{base}/sessions/{session.pk}/")
    with translation.override("fa"):
        verified = str(Session.Status.VERIFIED.label)
    assert verified in coordinator.inner_text("h1")
    shot(coordinator, "47-session-verified-phone-fa")
    for page in (coordinator, citizen, phone, school):
        assert page.foreign_requests == []
        assert fits(page)
