"""Login throttling that holds: every spelling of an account shares one lock-out counter, the
lock-out and the reset limit see the person's address behind the proxy (not the proxy's), a
stranger cannot lock someone out from elsewhere, and an account tried from many addresses is
slowed down for everyone."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from hamafza.accounts import signals
from hamafza.accounts.identity import account_key
from hamafza.core import ratelimit
from hamafza.notifications.testing import sent_sms

PASSWORD = "a-Right-Secret-77"  # noqa: S105 - test data


@pytest.fixture
def person(db):
    user = get_user_model().objects.create_user(
        username="tehran.d6x", password=PASSWORD, mobile="09121112233", email="m@example.ir"
    )
    return user


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXIES = 1  # nginx in front, as docs/DEPLOY.md shows


def behind_proxy(address: str) -> Client:
    """A browser at ``address``; every request reaches the app from the proxy at 10.0.0.1."""
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)


def login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


SPELLINGS = ["Tehran.D6X", "TEHRAN.d6x", "۰۹۱۲۱۱۱۲۲۳۳", "+98 912 111 2233", "00989121112233"]


def test_every_spelling_of_one_account_shares_one_lockout(person, throttled):
    assert len({account_key(s) for s in [*SPELLINGS, "tehran.d6x"]}) == 1
    guesser = behind_proxy("203.0.113.7")
    for spelling in SPELLINGS:  # five wrong passwords, each under another spelling
        login(guesser, spelling, "wrong")
    for spelling in ["tehran.d6x", "٠٩١٢١١١٢٢٣٣"]:  # the right one, under yet other spellings
        response = login(guesser, spelling)
        assert response.status_code == 429
        assert not logged_in(guesser)


def test_a_stranger_elsewhere_cannot_lock_the_owner_out(person, throttled):
    stranger = behind_proxy("198.51.100.9")
    for _ in range(6):
        login(stranger, "tehran.d6x", "wrong")
    assert login(stranger, "tehran.d6x").status_code == 429  # the stranger's own pair is locked
    owner = behind_proxy("203.0.113.7")  # same proxy, another person
    assert login(owner, "tehran.d6x").status_code == 302
    assert logged_in(owner)


def test_an_account_tried_from_many_addresses_is_slowed_for_everyone(person, throttled):
    for n in range(signals.SLOW_AFTER):  # a botnet: one wrong guess from each address
        login(behind_proxy(f"198.51.100.{n + 1}"), "tehran.d6x", "wrong")
    first = behind_proxy("192.0.2.50")
    assert login(first, "tehran.d6x", "wrong").status_code == 200  # the first try goes through
    second = behind_proxy("192.0.2.51")
    response = login(second, "Tehran.D6X")  # the next, even right, waits its turn
    assert not logged_in(second)
    assert "صبر کنید" in response.content.decode() or "Wait a minute" in response.content.decode()
    # when the spacing has passed, the owner gets in, and the count starts again
    ratelimit.clear(f"login-slow:{account_key('tehran.d6x')}")
    assert login(second, "tehran.d6x").status_code == 302
    assert ratelimit.count(signals.failures_key(account_key("tehran.d6x"))) == 0


def test_reset_limit_is_per_person_behind_the_proxy(person, throttled, db):
    sent_sms().clear()  # what earlier steps queued goes first
    flooder = behind_proxy("198.51.100.9")
    for n in range(8):  # one address asks for many people's links
        get_user_model().objects.create_user(username=f"p{n}", mobile=f"0912000{n:04d}")
        flooder.post(reverse("accounts:password_reset"), {"identifier": f"0912000{n:04d}"})
    assert len(sent_sms()) == 5  # that address is limited
    # someone else in the city, through the same proxy, still gets their link
    neighbour = behind_proxy("203.0.113.7")
    neighbour.post(reverse("accounts:password_reset"), {"identifier": "m@example.ir"})
    assert len(mail.outbox) == 1


def test_reset_limit_counts_every_spelling_of_an_account(person, throttled):
    sent_sms().clear()  # what earlier steps queued goes first
    for n, spelling in enumerate(SPELLINGS * 2):  # from ten addresses, ten spellings
        behind_proxy(f"198.51.100.{n + 1}").post(
            reverse("accounts:password_reset"), {"identifier": spelling}
        )
    sent = len(sent_sms()) + len(mail.outbox)
    assert sent == 5
