"""Real Chromium on a phone (390×844): a supervisor of the directorate observes a delivered
session, marks the rubric with a comment, saves and sees the weighted score on the trainer's
record (screenshots in test-artifacts)."""

import pytest
from django.urls import reverse

from hamafza.assessment import observations
from hamafza.assessment.models import Observation
from hamafza.assessment.tests.conftest import scope_of
from hamafza.trainers.models import TrainerDomain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_a_supervisor_observes_a_session_on_a_phone(
    live_server, bank, users, pool, page_factory, shot
):
    """Weights 3, 1, 2 marked 4, 2, 1: (12 + 2 + 2)/24 · 100 = 66.7; on the ladder 67."""
    director = users["directorate"]
    director.set_password("pass-1234")
    director.save()
    rubric = observations.rubric_create(
        scope=scope_of(director), actor=director, title="نظارت کلاس",
        lines="3، مدیریت کلاس\n1, وقت‌شناسی\n۲، مشارکت دادن",
    )  # fmt: skip
    bank.s6.status = "delivered"
    bank.s6.save()
    first, second, third = rubric.criteria.order_by("order")
    page = page_factory(width=390, height=844)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", director.username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + reverse("assessment:observe", args=[bank.s6.pk]))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate(NO_OVERFLOW)
    page.check(f"#c{first.pk}-4")
    page.check(f"#c{second.pk}-2")
    page.check(f"#c{third.pk}-1")
    page.fill(f"input[name=n{first.pk}]", "کلاس آرام و منظم")
    page.fill("#comments", "جلسه خوبی بود")
    shot(page, "assessment-01-observation-form-phone")
    page.click("form:has(#trainer) button.btn-primary")
    page.wait_for_url("**" + reverse("assessment:trainer_observations", args=[pool.t6.pk]) + "*")
    summary = page.locator("#observation-summary").inner_text()
    table = page.locator("table").inner_text()
    assert "۶۶٫۷" in table, table
    assert "جلسه خوبی بود" in table and "۱" in summary
    assert page.evaluate(NO_OVERFLOW)
    shot(page, "assessment-02-trainer-record-phone")
    observation = Observation.objects.get()
    assert str(observation.score) == "66.7" and observation.comments == "جلسه خوبی بود"
    assert observation.marks.get(criterion=first).comment == "کلاس آرام و منظم"
    assert TrainerDomain.objects.get(trainer=pool.t6, domain=pool.health).observation_score == 67
    assert page.foreign_requests == []
