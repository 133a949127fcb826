import re

import pytest
from django.core import mail
from django.urls import reverse

from hamafza.notifications.testing import sent_sms
from hamafza.org.tests.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(username="maryam", mobile="09121234567", email="maryam@example.ir")


def login(client, username, password="pass-1234"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize(
    "identifier", ["maryam", "MARYAM", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+989121234567"]
)
def test_log_in_with_username_or_mobile(client, person, identifier):
    response = login(client, identifier)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_wrong_password_gives_a_clear_message(client, person):
    response = login(client, "maryam", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "رمز" in response.content.decode()


def test_login_is_rate_limited(client, person, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        login(client, "maryam", "wrong")
    response = login(client, "maryam")  # even the right password is refused while locked
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # another person is not locked out
    UserFactory(username="ali")
    assert login(client, "ali").status_code == 302


def test_password_reset_by_email(client, person):
    response = client.post(reverse("accounts:password_reset"), {"identifier": "maryam@example.ir"})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(
        form_url, {"new_password1": "a-new-Secret-99", "new_password2": "a-new-Secret-99"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-new-Secret-99")


def test_password_reset_by_sms(client, person):
    sent_sms().clear()  # what earlier steps queued goes first
    client.post(reverse("accounts:password_reset"), {"identifier": "۰۹۱۲۱۲۳۴۵۶۷"})
    assert len(sent_sms()) == 1
    message = sent_sms()[0]
    assert message.to == "09121234567"
    assert "/accounts/password-reset/" in message.body
    assert not mail.outbox


def test_password_reset_does_not_reveal_unknown_accounts(client, db):
    sent_sms().clear()  # what earlier steps queued goes first
    response = client.post(reverse("accounts:password_reset"), {"identifier": "09129999999"})
    assert response.status_code == 200
    assert not mail.outbox and not sent_sms()


def test_profile_edit_validates_mobile(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:profile"), {"first_name": "مريم", "mobile": "12345"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.mobile == "09121234567"
    response = client.post(
        reverse("accounts:profile"), {"first_name": "مريم", "mobile": "۰۹۳۵۱۱۱۲۲۳۳"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.mobile == "09351112233"
    assert person.first_name == "مریم"  # normalised


def test_profile_refuses_a_mobile_used_by_someone_else(client, person):
    other = UserFactory(mobile="09350000000")
    client.force_login(other)
    response = client.post(reverse("accounts:profile"), {"mobile": "09121234567"})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.mobile == "09350000000"


def test_profile_requires_login(client, db):
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_api_token_is_shown_once_and_works(client, world, users):
    client.force_login(users["directorate"])
    response = client.post(reverse("accounts:api_token_create"), {"name": "laptop"}, follow=True)
    key = re.search(r'id="new-token"[^>]*>([^<]+)<', response.content.decode()).group(1)
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/org/districts").status_code == 200
    assert key not in client.get(reverse("accounts:profile")).content.decode()


def test_switching_to_a_role_one_does_not_hold_is_refused(client, world, users):
    client.force_login(users["coordinator_d6"])
    other = users["directorate"].memberships.get()
    response = client.post(reverse("accounts:switch_scope"), {"value": other.pk})
    assert response.status_code == 400
    # the 400 page in the site's layout, saying what to choose, in Persian
    assert "navbar-hz" in response.content.decode()
    assert "یکی از نقش‌های خود را انتخاب کنید" in response.content.decode()
    # still only district 6
    html = client.get(reverse("org:school_list")).content.decode()
    assert "دبستان حافظ" not in html
