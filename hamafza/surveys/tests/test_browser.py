"""Real Chromium on a phone-sized screen: a participant answers through the session's link, then
sending the same page again is refused."""

import pytest
from django.urls import reverse

from hamafza.surveys import services
from hamafza.surveys.models import Answer, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_answers_on_a_phone_and_cannot_send_twice(
    live_server, survey_world, page_factory, shot
):
    sw = survey_world
    page = page_factory(width=390, height=844)
    link = live_server.url + reverse("survey_short", args=[services.door_token(sw.survey, sw.s6)])
    page.goto(link)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "/surveys/answer/" in page.url
    answer_url = page.url
    # no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # sending without the required answers: refused, nothing saved
    page.click("#survey-form button[type=submit]")
    page.wait_for_selector("#survey-errors")
    assert Response.objects.count() == 0
    shot(page, "surveys-01-missing-answers-phone")
    q = sw.q
    # the same link is also open in a second tab of the phone
    second = page.context.new_page()
    second.goto(answer_url)
    page.check(f"#q{q.likert.pk}-4")
    page.check(f"#q{q.single.pk}-1")
    page.check(f"#q{q.multiple.pk}-0")
    page.check(f"#q{q.rating.pk}-9")
    page.fill(f"input[name=q{q.short_text.pk}]", "عالی بود")
    shot(page, "surveys-02-answering-phone")
    page.click("#survey-form button[type=submit]")
    page.wait_for_selector("#survey-done")
    assert Response.objects.count() == 1 and Answer.objects.count() == 5
    shot(page, "surveys-03-done-phone")
    # sending the same link again from the second tab: refused with a message, nothing saved
    second.check(f"#q{q.likert.pk}-2")
    second.check(f"#q{q.single.pk}-0")
    second.check(f"#q{q.rating.pk}-3")
    second.click("#survey-form button[type=submit]")
    second.wait_for_selector("#survey-error")
    assert Response.objects.count() == 1
    shot(second, "surveys-04-second-submit-refused-phone")
    # the same personal link again: refused with a message
    page.goto(answer_url)
    assert page.locator("#survey-error").is_visible()
    # and the session's link on the same phone: already answered
    page.goto(link)
    assert page.locator("#survey-error").is_visible()
    shot(page, "surveys-05-refused-phone")
    assert Response.objects.count() == 1
    assert page.foreign_requests == []
