"""Real Chromium: public registration asks for the texted code before holding a place; the code
page in Persian and English, on a desktop and a phone, fits the screen and reads the code in any
digits."""

import pytest
from django.urls import reverse
from django.utils import translation

from hamafza.core.persian import to_persian_digits
from hamafza.sessions.models import PendingRegistration, Registration
from hamafza.sessions.tests.test_registration import open_session, texted_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_code_page_on_a_desktop_and_a_phone(
    live_server, plan, world, pool, users, page_factory, shot, language
):
    session = open_session(plan, world, pool, users, capacity=5)
    with translation.override(language):
        form_url = live_server.url + reverse("sessions:public_register", args=[session.pk])
    for n, (screen, size) in enumerate(SCREENS.items()):
        mobile = f"0912123456{n}"
        page = page_factory(**size)
        page.goto(form_url)
        page.fill("#name", "مینا کریمی" if language == "fa" else "Mina Karimi")
        page.fill("#mobile", mobile)
        page.click("form button[type=submit]")
        page.wait_for_selector("#code-form")
        assert page.locator("html").get_attribute("lang") == language
        assert not Registration.objects.filter(mobile=mobile).exists()  # nothing held yet
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        shot(page, f"sessions-code-{screen}-{language}")
        # a wrong code: refused with the reason, the form stays
        page.fill("#code", "000000" if texted_code(mobile) != "000000" else "111111")
        page.click("#code-form button[type=submit]")
        page.wait_for_selector("#code-error")
        assert page.locator("#code-form").is_visible()
        assert not Registration.objects.filter(mobile=mobile).exists()
        shot(page, f"sessions-code-wrong-{screen}-{language}")
        # the right code, typed in Persian digits
        page.fill("#code", to_persian_digits(texted_code(mobile)))
        page.click("#code-form button[type=submit]")
        page.wait_for_selector("#reg-status")
        assert "text-success" in page.get_attribute("#reg-status", "class")
        assert page.foreign_requests == []
    assert Registration.objects.filter(session=session, status="confirmed").count() == 2
    assert not PendingRegistration.objects.exists()
