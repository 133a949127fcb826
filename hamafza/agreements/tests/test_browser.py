"""The agreement page in Chromium, on a phone and on a desktop (screenshots in test-artifacts)."""

import datetime as dt

import pytest
from django.utils import timezone

from hamafza.agreements.models import Agreement, Evidence
from hamafza.agreements.tests.conftest import session_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agreement_page_at_a_glance(live_server, world, users, deal, page_factory, shot):
    today = timezone.localdate()
    Agreement.objects.filter(pk=deal.agreement.pk).update(
        starts_on=today - dt.timedelta(days=120), ends_on=today + dt.timedelta(days=40)
    )
    deal.agreement.refresh_from_db()
    deal.program.due_on = None
    deal.program.save()
    deal.report.due_on = None
    deal.report.save()
    for days in (10, 20, 30, 40):
        session_on(world, deal.plan, today - dt.timedelta(days=days))
    for days in (15, 45):
        Evidence.objects.create(
            municipality=world.tehran, commitment=deal.meeting, description="صورت‌جلسه",
            done_on=today - dt.timedelta(days=days),
        )  # fmt: skip
    Evidence.objects.create(
        municipality=world.tehran, commitment=deal.report, description="گزارش",
        done_on=today - dt.timedelta(days=5),
    )  # fmt: skip
    user = users["directorate"]
    user.set_password("pass-1234")
    user.save()
    for width, name in ((390, "agreement-phone"), (1280, "agreement-desktop")):
        page = page_factory(width=width, height=900)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pass-1234")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}{deal.agreement.get_absolute_url()}")
        assert page.locator("#parties .commitment").count() == 3
        assert page.locator("#overall-score").inner_text().strip() != "—"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert page.foreign_requests == []
        shot(page, name)
