"""Real Chromium: the directorate's dashboard in Persian and English, desktop and phone — charts
drawn from the JSON, tables beside them, digits and direction of the language, nothing from
outside the server (screenshots in test-artifacts)."""

import time

import pytest

# the 1405 data of the monitoring fixtures; the server runs in this process, on that day
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.today]

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth + 1"
CHARTS_DRAWN = (
    "['league-chart', 'trend-chart'].every((id) => {"
    " const c = Chart.getChart(id); return c && c.data.datasets[0].data.length > 0; })"
)


def wait_until(page, expression: str, seconds: float = 15) -> None:
    """Poll ``expression`` through page.evaluate (DevTools, which the page's Content-Security-Policy
    does not govern); Playwright's wait_for_function evaluates a string in the page, which a
    policy without 'unsafe-eval' rightly refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        page.wait_for_timeout(100)


def test_directorate_dashboard_in_persian_and_english(
    live_server,
    users,
    pool,
    delivered,
    page_factory,
    shot,
):
    director = users["directorate"]
    director.set_password("pass-1234")
    director.save()
    query = "?period=quarter&year=1405&quarter=3"
    for width, height, device in ((1366, 900, "desktop"), (390, 844, "phone")):
        page = page_factory(width=width, height=height)
        errors = []
        page.on(
            "console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None
        )
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", director.username)
        page.fill("#id_password", "pass-1234")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for lang, prefix in (("fa", ""), ("en", "/en")):
            page.goto(f"{live_server.url}{prefix}/monitoring/{query}")
            wait_until(page, CHARTS_DRAWN)
            html = page.locator("html")
            assert html.get_attribute("lang") == lang
            assert html.get_attribute("dir") == ("rtl" if lang == "fa" else "ltr")
            league = page.locator("#league").inner_text()
            trend = page.locator("#trend").inner_text()
            table = page.locator("#plan-vs-actual").inner_text()
            if lang == "fa":
                assert "منطقه ۶" in league and "مهر ۱۴۰۵" in trend and "۴۵" in table
            else:
                assert "Mehr 1405" in trend and "45" in table and "۴" not in trend
            # the chart reads the same figures as the table: delivered to date in Mehr
            assert page.evaluate("Chart.getChart('trend-chart').data.datasets[0].data[0]") == 4
            assert page.locator("#coverage tbody tr").count() >= 1
            assert page.evaluate(NO_OVERFLOW), f"{lang} {device} scrolls sideways"
            shot(page, f"monitoring-dashboard-{lang}-{device}")
        # a trainer's delivery, as the directorate opens it from the trainer's record
        for session in delivered:
            session.trainers.add(pool.t6)
        page.goto(f"{live_server.url}/monitoring/trainers/{pool.t6.pk}/{query}")
        wait_until(page, "!!Chart.getChart('trainer-chart')")
        assert "۴۵" in page.locator("#trainer-totals").inner_text()
        assert page.evaluate("Chart.getChart('trainer-chart').data.datasets[0].data[0]") == 3
        assert page.evaluate(NO_OVERFLOW)
        shot(page, f"monitoring-trainer-fa-{device}")
        assert errors == [] and page.foreign_requests == []
