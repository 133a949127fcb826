"""Real Chromium: a missing page shows the Persian 404 in the site's layout (menu bar, font,
right to left) with a way home."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missing_page_is_the_persian_404_in_the_sites_layout(
    live_server, world, users, page_factory, shot
):
    director = users["directorate"]
    director.set_password("pass-1234")
    director.save()
    page = page_factory(width=1280, height=800)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", director.username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    response = page.goto(f"{live_server.url}/sessions/no-such-page/")
    page.wait_for_load_state("networkidle")

    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("nav.navbar-hz").is_visible()  # the site's menu bar
    assert page.locator("h1").inner_text() == "صفحه پیدا نشد"
    assert page.locator(".error-status").inner_text() == "۴۰۴"
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
    # the site's stylesheet is applied: the menu bar has the brand colour
    assert (
        page.evaluate("getComputedStyle(document.querySelector('nav.navbar-hz')).backgroundColor")
        == "rgb(15, 110, 110)"
    )
    assert not page.foreign_requests
    shot(page, "90-404-fa")

    page.click("#error-home")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/") == live_server.url
