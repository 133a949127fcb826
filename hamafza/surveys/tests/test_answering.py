"""Participants answer on a phone through a signed link, without an account."""

import pytest
from django.urls import reverse

from hamafza.surveys import services
from hamafza.surveys.models import Answer, Response
from hamafza.surveys.tests.conftest import good_answers


def personal_url(survey, session, **kwargs) -> str:
    token = services.answer_token(survey, session, **kwargs)
    return reverse("surveys:answer", args=[services.occasion_key(session), token])


def test_the_short_link_hands_the_phone_a_personal_link_that_answers_once(survey_world, client):
    sw = survey_world
    # given the link of the QR shown at the session
    door = reverse("survey_short", args=[services.door_token(sw.survey, sw.s6)])
    # when a phone opens it, it is sent to its own answer form
    opened = client.get(door)
    assert opened.status_code == 302 and "/surveys/answer/s" in opened.url
    form = client.get(opened.url)
    assert form.status_code == 200 and "کارگاه مفید بود" in form.content.decode()
    # then the answers are recorded, all of them
    done = client.post(opened.url, good_answers(sw))
    assert done.status_code == 200 and "survey-done" in done.content.decode()
    response = Response.objects.get()
    assert (response.session, response.district, response.registration) == (
        sw.s6,
        sw.s6.district,
        None,
    )
    given = {a.question_id: a for a in response.answers.all()}
    assert given[sw.q.likert.pk].value == 4 and given[sw.q.rating.pk].value == 9
    assert given[sw.q.multiple.pk].values == [0, 2] and given[sw.q.short_text.pk].text == "عالی"
    assert sw.q.long_text.pk not in given  # optional, left empty
    # and the same link a second time is refused, nothing more is saved
    again = client.post(opened.url, good_answers(sw))
    assert again.status_code == 409
    assert "پیوند پیش‌تر برای پاسخ" in again.content.decode()  # “this link already answered”
    assert Response.objects.count() == 1 and Answer.objects.count() == 5
    # the same phone opening the shared link again is told it has answered
    assert client.get(door).status_code == 409


def test_two_phones_scanning_the_same_code_answer_separately(survey_world, client):
    sw = survey_world
    door = reverse("survey_short", args=[services.door_token(sw.survey, sw.s6)])
    for _ in range(2):
        from django.test import Client

        phone = Client()
        url = phone.get(door).url
        assert phone.post(url, good_answers(sw)).status_code == 200
    assert Response.objects.filter(session=sw.s6).count() == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("likert", "6"),  # a 5-point scale
        ("likert", "0"),
        ("rating", "11"),  # 0 to 10
        ("rating", "-1"),
        ("single", "3"),  # three choices: 0, 1, 2
        ("single", "x"),
        ("multiple", ["0", "0"]),
        ("multiple", ["7"]),
        ("likert", ""),  # required
        ("rating", ""),  # required
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(survey_world, client, field, value):
    sw = survey_world
    url = personal_url(sw.survey, sw.s6)
    data = good_answers(sw)
    question = getattr(sw.q, field)
    data[f"q{question.pk}"] = value
    page = client.post(url, data)
    assert page.status_code == 400
    assert "survey-errors" in page.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    # the link is still good: corrected answers go through
    assert client.post(url, good_answers(sw)).status_code == 200


def test_a_too_long_text_is_refused(survey_world, client):
    sw = survey_world
    data = good_answers(sw) | {f"q{sw.q.short_text.pk}": "ا" * 201}
    assert client.post(personal_url(sw.survey, sw.s6), data).status_code == 400
    assert not Response.objects.exists()


def test_a_link_for_another_session_is_refused(survey_world, client):
    sw = survey_world
    token = services.answer_token(sw.survey, sw.s6)
    url = reverse("surveys:answer", args=[services.occasion_key(sw.s12), token])
    page = client.post(url, good_answers(sw))
    assert page.status_code == 409
    assert not Response.objects.exists()


def test_a_forged_or_expired_link_is_refused(survey_world, client, monkeypatch):
    sw = survey_world
    url = personal_url(sw.survey, sw.s6)
    forged = url.rstrip("/") + "x/"
    assert client.get(forged).status_code == 400
    assert client.get(reverse("survey_short", args=["nonsense"])).status_code == 400
    monkeypatch.setattr(services, "ANSWER_MAX_AGE", -1)
    page = client.post(url, good_answers(sw))
    assert page.status_code == 409
    assert "منقضی" in page.content.decode() or "expired" in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_a_survey_that_is_not_open_takes_no_answers(survey_world, client, status):
    sw = survey_world
    sw.survey.status = status
    sw.survey.save()
    assert client.post(personal_url(sw.survey, sw.s6), good_answers(sw)).status_code == 409
    assert not Response.objects.exists()


def test_a_session_of_another_program_cannot_use_the_survey(survey_world, client, world, plan):
    from hamafza.catalogue.tests.factories import ProgramFactory

    sw = survey_world
    sw.survey.program = ProgramFactory(municipality=world.tehran)
    sw.survey.save()
    assert client.get(personal_url(sw.survey, sw.s6)).status_code == 400


def test_identity_is_kept_only_when_not_anonymous_and_never_for_minors(survey_world, client):
    sw = survey_world
    sw.survey.is_anonymous = False
    sw.survey.save()
    # an adult registered at the public venue session: kept
    url = personal_url(sw.survey, sw.s6, registration=sw.registration)
    assert client.post(url, good_answers(sw)).status_code == 200
    assert Response.objects.get().registration == sw.registration
    # a school session (children): never kept, even with a registration in the link
    url = personal_url(sw.survey, sw.s12, registration=sw.registration)
    assert client.post(url, good_answers(sw)).status_code == 200
    assert Response.objects.get(session=sw.s12).registration is None


def test_anonymous_surveys_keep_no_identity(survey_world, client):
    sw = survey_world
    url = personal_url(sw.survey, sw.s6, registration=sw.registration)
    assert client.post(url, good_answers(sw)).status_code == 200
    assert Response.objects.get().registration is None


def test_the_answer_form_is_in_english_too(survey_world, client):
    sw = survey_world
    token = services.answer_token(sw.survey, sw.s6)
    page = client.get("/en" + reverse("surveys:answer", args=[f"s{sw.s6.pk}", token]))
    assert page.status_code == 200 and "Send my answers" in page.content.decode()


def test_dropping_the_cookie_does_not_let_one_address_stuff_a_survey(survey_world):
    from django.test import Client

    from hamafza.core.ratelimit import ANONYMOUS_LIMITS

    sw = survey_world
    door = reverse("survey_short", args=[services.door_token(sw.survey, sw.s6)])
    per_address, _per_occasion = ANONYMOUS_LIMITS["survey"]
    answered = 0
    for _ in range(per_address + 3):
        phone = Client(REMOTE_ADDR="198.51.100.9")  # a fresh cookie jar each time, one address
        opened = phone.get(door)
        if opened.status_code == 302:
            answered += phone.post(opened.url, good_answers(sw)).status_code == 200
        else:
            assert opened.status_code == 429
            assert "کمی بعد" in opened.content.decode()
    assert answered == per_address
    assert Response.objects.filter(session=sw.s6).count() == per_address
    # a phone elsewhere still answers
    other = Client(REMOTE_ADDR="203.0.113.7")
    assert other.post(other.get(door).url, good_answers(sw)).status_code == 200
