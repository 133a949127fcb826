"""Real Chromium: the library's list, a resource's page and the contribute form, in Persian and
English, at desktop and phone width, with nothing refused by the Content-Security-Policy; a
trainer rates a published resource and links it to a session they delivered."""

import pytest
from django.urls import reverse

from hamafza.library.models import Rating, Use

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_library_pages_render_in_both_languages(
    live_server, lib, users, page_factory, shot, lang, size
):
    page = page_factory(*SIZES[size])
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content-Security-Policy" in m.text else None
    )
    log_in(page, live_server.url, users["trainer"].username)
    prefix = "" if lang == "fa" else "/en"
    for name, url in [
        ("list", reverse("library:list")),
        ("detail", reverse("library:detail", args=[lib.published.pk])),
        ("form", reverse("library:create")),
    ]:
        page.goto(live_server.url + prefix + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == lang
        if name != "form":
            assert lib.published.title in page.inner_text("main")
        shot(page, f"library-{name}-{lang}-{size}")
    assert refused == []


def test_a_trainer_rates_and_links_a_delivered_session(live_server, lib, users, page_factory):
    page = page_factory()
    log_in(page, live_server.url, users["trainer"].username)
    page.goto(live_server.url + reverse("library:detail", args=[lib.published.pk]))
    page.click("button[name=stars][value='4']")
    page.wait_for_load_state("networkidle")
    assert Rating.objects.get(resource=lib.published).stars == 4
    page.select_option("#use-session", str(lib.delivered.pk))
    page.click("text=در این جلسه به کارش بردم")
    page.wait_for_load_state("networkidle")
    assert Use.objects.filter(resource=lib.published, session=lib.delivered).exists()
    assert "در ۱ جلسه" in page.inner_text("main")
