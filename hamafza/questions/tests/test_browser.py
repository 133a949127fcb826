"""Real Chromium: the questions list and a question's page with nothing refused by the
Content-Security-Policy; a colleague votes for the question and the count changes in place
(htmx), and voting again takes the vote back."""

import pytest

from hamafza.questions.models import Vote
from hamafza.questions.tests.conftest import answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_a_vote_changes_the_count_in_place(live_server, qa, users, page_factory):
    answer(users, "trainer_d12", qa.health_q, body="با یک بازی کوتاه شروع کنید")
    page = page_factory()
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content-Security-Policy" in m.text else None
    )
    log_in(page, live_server.url, users["coordinator_d6"].username)
    page.goto(live_server.url + "/questions/")
    page.wait_for_load_state("networkidle")
    assert qa.health_q.title in page.inner_text("main")
    page.goto(live_server.url + qa.health_q.get_absolute_url())
    page.wait_for_load_state("networkidle")
    box = page.locator(f"#vote-q{qa.health_q.pk}")
    assert box.locator(".fw-bold").inner_text() == "۰"
    box.locator("button").click()
    page.locator(f"#vote-q{qa.health_q.pk} .fw-bold", has_text="۱").wait_for()
    assert Vote.objects.filter(question=qa.health_q, user=users["coordinator_d6"]).count() == 1
    page.locator(f"#vote-q{qa.health_q.pk} button").click()
    page.locator(f"#vote-q{qa.health_q.pk} .fw-bold", has_text="۰").wait_for()
    assert not Vote.objects.filter(question=qa.health_q).exists()
    assert "با یک بازی کوتاه" in page.inner_text("main")
    assert refused == []
