"""API tokens people can see and end: made once per click (POST, redirect, GET), listed with
their expiry, revoked by their owner, by a new password, by the end of the role and by the
directorate for its members; an expired or revoked token opens nothing."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamafza.accounts.models import ApiToken

API = "/api/notifications/"


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def make_token(client: Client) -> str:
    response = client.post(reverse("accounts:api_token_create"), {"name": "laptop"})
    assert response.status_code == 302  # redirected, so a reload cannot make a second one
    page = client.get(response["Location"]).content.decode()
    return re.search(r'id="new-token"[^>]*>([^<]+)<', page).group(1)


def test_a_token_is_made_once_shown_once_and_expires(users, settings):
    settings.API_TOKEN_DAYS = 90
    client = Client()
    client.force_login(users["directorate"])
    key = make_token(client)
    assert ApiToken.objects.filter(user=users["directorate"]).count() == 1
    again = client.get(reverse("accounts:profile")).content.decode()
    assert key not in again  # shown once
    token = ApiToken.objects.get()
    assert dt.timedelta(days=89) < token.expires_at - timezone.now() <= dt.timedelta(days=90)
    assert bearer(key).get(API).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert bearer(key).get(API).status_code == 401


def test_the_owner_revokes_a_token_and_nobody_else_can(users):
    owner, other = Client(), Client()
    owner.force_login(users["directorate"])
    other.force_login(users["coordinator_d6"])
    key = make_token(owner)
    token = ApiToken.objects.get()
    # someone else cannot end it, and it still works
    assert other.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    assert bearer(key).get(API).status_code == 200
    # its owner can
    assert owner.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 302
    assert bearer(key).get(API).status_code == 401
    page = owner.get(reverse("accounts:profile")).content.decode()
    assert "باطل" in page  # listed as revoked


def test_a_new_password_revokes_the_tokens_but_a_login_does_not(users):
    person = users["trainer"]
    person.set_password("the-Old-Secret-1")
    person.save()
    _token, key = ApiToken.issue(person, "phone")
    signed_in = Client().post(
        reverse("accounts:login"), {"username": person.username, "password": "the-Old-Secret-1"}
    )
    assert signed_in.status_code == 302
    assert bearer(key).get(API).status_code == 200  # logging in (and any hash upgrade) keeps it
    person.set_password("a-New-Secret-2")
    person.save()
    assert bearer(key).get(API).status_code == 401


def test_ending_the_role_or_the_directorate_revokes_a_members_tokens(users, world):
    from hamafza.org.models import Membership

    _t1, key1 = ApiToken.issue(users["trainer"], "phone")
    _t2, key2 = ApiToken.issue(users["coordinator_d6"], "laptop")
    directorate = Client()
    directorate.force_login(users["directorate"])
    trainer_role = Membership.objects.get(user=users["trainer"])
    coordinator_role = Membership.objects.get(user=users["coordinator_d6"])
    # a coordinator of another district cannot touch them
    outsider = Client()
    outsider.force_login(users["bumehen_directorate"])
    denied = outsider.post(reverse("org:member_tokens_revoke", args=[trainer_role.pk]))
    assert denied.status_code == 403
    assert bearer(key1).get(API).status_code == 200
    # the directorate revokes the trainer's tokens
    directorate.post(reverse("org:member_tokens_revoke", args=[trainer_role.pk]))
    assert bearer(key1).get(API).status_code == 401
    # ending the coordinator's role ends theirs
    assert bearer(key2).get(API).status_code == 200
    directorate.post(reverse("org:membership_end", args=[coordinator_role.pk]))
    assert bearer(key2).get(API).status_code == 401
