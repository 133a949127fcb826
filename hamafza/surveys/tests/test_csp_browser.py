"""Real Chromium under the site's Content-Security-Policy: not one violation (a blocked inline
script, style attribute, event handler, eval or outside request) while an anonymous visitor
answers a survey and the directorate, a district coordinator and a trainer walk the pages with
charts (monitoring dashboard, survey results), the Jalali date picker and htmx search, the
calendar's filters and the API's Swagger UI."""

import pytest
from django.urls import reverse

from hamafza.surveys import services
from hamafza.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__hzViolation(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " +
                       e.sourceFile + ":" + e.lineNumber);
});
"""


def _watched(page_factory, **size):
    page = page_factory(**size)
    page.violations = []
    page.expose_function("__hzViolation", lambda text: page.violations.append(text))
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: page.violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page


def _login(page, live_server, user):
    user.set_password("pass-1234")
    user.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 500, (url, response.status)
    return response


def test_no_page_breaks_the_content_security_policy(
    live_server, survey_world, users, page_factory, shot
):
    sw = survey_world
    # anonymous: a participant answers on a phone (its charts are what the results show)
    phone = _watched(page_factory, width=390, height=844)
    header = _visit(
        phone,
        live_server.url + reverse("survey_short", args=[services.door_token(sw.survey, sw.s6)]),
    )
    policy = header.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    q = sw.q
    phone.check(f"#q{q.likert.pk}-4")
    phone.check(f"#q{q.single.pk}-1")
    phone.check(f"#q{q.multiple.pk}-0")
    phone.check(f"#q{q.rating.pk}-9")
    phone.click("#survey-form button[type=submit]")
    phone.wait_for_selector("#survey-done")
    assert Response.objects.count() == 1
    _visit(phone, f"{live_server.url}/accounts/login/")
    _visit(phone, f"{live_server.url}/sessions/public/")
    _visit(phone, f"{live_server.url}/no-such-page/")  # the 404 page and its back button
    assert not phone.violations, phone.violations

    # the directorate: charts, date picker, htmx search, filters, progress bars, Swagger UI
    page = _watched(page_factory, width=1366, height=900)
    _login(page, live_server, users["directorate"])
    _visit(page, live_server.url + reverse("surveys:results", args=[sw.survey.pk]))
    page.wait_for_selector("canvas")
    assert page.evaluate("document.querySelectorAll('canvas').length") >= 1
    shot(page, "csp-01-survey-results")
    _visit(page, live_server.url + reverse("monitoring:dashboard"))
    shot(page, "csp-02-monitoring")
    _visit(page, live_server.url + reverse("trainers:pool"))
    page.click("#f-date")
    page.wait_for_selector("jdp-container", state="visible")  # the Jalali date picker opened
    page.keyboard.press("Escape")
    with page.expect_response(lambda r: "/trainers/" in r.url and "q=" in r.url):
        page.fill("input[name=q]", "علی")  # htmx search swaps the results
    page.wait_for_load_state("networkidle")
    shot(page, "csp-03-trainer-search")
    _visit(page, live_server.url + reverse("sessions:calendar"))
    select = page.locator("#f-district")
    if select.count():
        with page.expect_navigation():  # the filter submits itself (data-hz-autosubmit)
            select.select_option(index=1)
    _visit(page, f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    shot(page, "csp-04-swagger")
    assert not page.violations, page.violations
    assert not page.foreign_requests
    # the watch itself sees a violation: an inline style attribute is refused and reported
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\\'color:red\\'>x</p>')")
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in page.violations), page.violations

    # a district coordinator and a trainer on their own pages
    for key in ("coordinator_d6", "trainer"):
        other = _watched(page_factory)
        _login(other, live_server, users[key])
        for href in other.eval_on_selector_all(
            "nav a.nav-link[href^='/'], nav a.dropdown-item[href^='/']",
            "els => els.map(e => e.getAttribute('href'))",
        )[:12]:
            _visit(other, live_server.url + href)
        assert not other.violations, (key, other.violations)
