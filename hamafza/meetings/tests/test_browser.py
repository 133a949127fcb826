"""The coordination journey in Chromium: the directorate writes an agreement with two clauses,
one of them a promise to meet; holds the meeting with its minutes; records an action item; and
sees the agreement's compliance change. Then the action's owner updates it from their link on a
phone."""

import datetime as dt

import pytest
from django.utils import timezone

from hamafza.agreements.models import Agreement
from hamafza.core import jalali
from hamafza.meetings.models import ActionItem, Meeting, MeetingSeries
from hamafza.meetings.services import action_link
from hamafza.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jd(day: dt.date) -> str:
    return jalali.format_numeric(day, persian=True)


def login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def submit(page):
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_agreement_meeting_action_and_compliance(live_server, world, users, page_factory, shot):
    base = live_server.url
    director = users["directorate"]
    director.set_password("pass-1234")
    director.save()
    today = timezone.localdate()
    page = page_factory(width=1280, height=900)
    login(page, base, director)

    # the joint committee
    page.goto(f"{base}/meetings/series/new/")
    page.fill("#id_title", "کمیته مشترک سلامت")
    submit(page)
    series = MeetingSeries.objects.get()

    # the agreement: two parties, two clauses, a commitment to meet and one to report
    page.goto(f"{base}/agreements/new/")
    page.fill("#id_title", "تفاهم‌نامه آموزش سلامت")
    page.fill("#id_signed_on", jd(today - dt.timedelta(days=40)))
    page.fill("#id_starts_on", jd(today - dt.timedelta(days=30)))
    page.fill("#id_ends_on", jd(today + dt.timedelta(days=330)))
    submit(page)
    agreement = Agreement.objects.get()
    url = f"{base}/agreements/{agreement.pk}/"
    for kind, agency in (("municipality", None), ("agency", world.health.pk)):
        page.goto(f"{url}parties/new/")
        page.select_option("#id_kind", kind)
        if agency:
            page.select_option("#id_agency", str(agency))
        submit(page)
    for number, text in ((1, "برگزاری نشست مشترک"), (2, "ارسال گزارش فصلی")):
        page.goto(f"{url}clauses/new/")
        page.fill("#id_number", str(number))
        page.fill("#id_text", text)
        submit(page)
    parties = {p.kind: p.pk for p in agreement.parties.all()}
    clauses = {c.number: c.pk for c in agreement.clauses.all()}
    page.goto(f"{url}commitments/new/")
    page.select_option("#id_clause", str(clauses[1]))
    page.select_option("#id_party", str(parties["municipality"]))
    page.fill("#id_description", "یک نشست مشترک در ماه نخست")
    page.select_option("#id_target_kind", "meetings")
    page.select_option("#id_meeting_series", str(series.pk))
    page.fill("#id_target_count", "1")
    page.fill("#id_due_on", jd(today + dt.timedelta(days=10)))
    submit(page)
    page.goto(f"{url}commitments/new/")
    page.select_option("#id_clause", str(clauses[2]))
    page.select_option("#id_party", str(parties["agency"]))
    page.fill("#id_description", "گزارش فصلی")
    page.select_option("#id_target_kind", "manual")
    page.fill("#id_target_count", "1")
    page.fill("#id_due_on", jd(today + dt.timedelta(days=60)))
    submit(page)
    for status in ("signed", "active"):
        page.goto(url)
        page.click(f"button[name=to][value={status}]")
        page.wait_for_load_state("networkidle")
    page.goto(url)
    assert page.locator("#parties .commitment").count() == 2
    before = page.locator("#overall-score").inner_text().strip()
    assert before == "۰٪"

    # the meeting (yesterday), its invitee, attendance and minutes
    yesterday = today - dt.timedelta(days=1)
    page.goto(f"{base}/meetings/new/?series={series.pk}")
    page.fill("#id_date", jd(yesterday))
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "12:00")
    page.fill("#id_place", "تالار شهرداری")
    page.fill("#id_agenda", "برنامه سال\nبودجه")
    submit(page)
    meeting = Meeting.objects.get()
    page.click("#invite summary")
    page.select_option("#id_user", str(users["liaison_health"].pk))
    page.click("form[action$='/invite/'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#invitees li").count() == 1
    page.click("a[href$='/hold/']")
    page.check("#hold-form input[name=present]")
    page.fill("#minutes", "برنامه سال و بودجه تصویب شد.")
    page.click("#hold-form button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#meeting-status").inner_text().strip() == "برگزارشده"
    page.select_option("#action-form #id_owner", str(users["liaison_health"].pk))
    page.fill("#action-form #id_title", "ارسال فهرست مدارس")
    page.fill("#action-form #id_due_on", jd(today + dt.timedelta(days=7)))
    page.click("#action-form button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#actions .action-item").count() == 1
    shot(page, "meeting-held-desktop")
    item = ActionItem.objects.get()
    assert item.meeting == meeting and item.owner == users["liaison_health"]
    assert Notification.objects.filter(recipient=users["liaison_health"]).count() == 2

    # the promise to meet is met: the agreement's compliance changed
    page.goto(url)
    after = page.locator("#overall-score").inner_text().strip()
    # the meeting commitment is met (1 of 1), the report is still behind: (100 + 0) / 2
    assert after != before and after == "۵۰٪"
    meet = agreement.commitments.get(target_kind="meetings")
    assert "۱ از ۱" in page.locator(f"#commitment-{meet.pk} .done").inner_text()
    shot(page, "agreement-after-meeting-desktop")

    # the owner, on a phone, reports from the link in their notification
    phone = page_factory(width=390, height=844)
    phone.goto(f"{base}{action_link(item)}")
    phone.select_option("#id_status", "done")
    phone.fill("#id_note", "فهرست ارسال شد")
    phone.click("#action-update button")
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(phone, "action-link-phone")
    item.refresh_from_db()
    assert item.status == "done"
    assert page.foreign_requests == [] and phone.foreign_requests == []
