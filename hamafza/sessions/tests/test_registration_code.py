"""Public registration holds a place only for a number shown to be the registrant's: a code is
texted to it and entered on the next page (or the browser entered one for that number lately).
A script typing made-up numbers holds nothing; check-in is limited per address and session."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hamafza.core.persian import to_persian_digits
from hamafza.notifications.testing import sent_sms
from hamafza.sessions import checkin, registration
from hamafza.sessions.models import Attendance, PendingRegistration, Registration, Session
from hamafza.sessions.tests.test_registration import open_session, reg, texted_code


@pytest.fixture
def public(plan, world, pool, users):
    session = open_session(plan, world, pool, users, capacity=2)
    sent_sms().clear()  # what earlier steps queued goes first
    return session


def register_url(session):
    return reverse("sessions:public_register", args=[session.pk])


def fill_form(client, session, mobile, name="مینا"):
    return client.post(
        register_url(session), {"name": name, "mobile": mobile, "client_id": str(uuid.uuid4())}
    )


def test_a_script_typing_30_made_up_numbers_holds_no_seat(public):
    script = Client(REMOTE_ADDR="198.51.100.9")
    answers = [fill_form(script, public, f"0912555{n:04d}").status_code for n in range(30)]
    assert Registration.objects.filter(session=public).count() == 0  # not a seat, not a waitlist
    assert answers.count(302) <= registration.CODES_PER_ADDRESS
    assert set(answers) <= {302, 400, 429}
    # each number only got a code, and at most the address's share of codes went out
    assert len(sent_sms()) == answers.count(302) <= registration.CODES_PER_ADDRESS
    assert all("confirmed" not in m.body for m in sent_sms())
    # the same script spread over 30 addresses holds nothing either
    for n in range(30):
        fill_form(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), public, f"0912666{n:04d}")
    assert Registration.objects.filter(session=public).count() == 0
    assert PendingRegistration.objects.filter(session=public).count() <= (
        registration.CODES_PER_SEAT * public.capacity + registration.CODES_PER_SESSION
    )
    # a real person still gets a place when they enter their code
    person = Client(REMOTE_ADDR="203.0.113.7")
    waiting = fill_form(person, public, "09121234567")
    done = person.post(waiting["Location"], {"code": texted_code("09121234567")})
    assert done.status_code == 302
    assert Registration.objects.get(session=public).status == "confirmed"


@pytest.mark.parametrize(
    "typed",
    [str, to_persian_digits, lambda c: c.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))],
)
def test_the_right_code_holds_the_seat_and_sends_the_confirmation(public, client, typed):
    form = fill_form(client, public, "09121234567")
    assert form.status_code == 302 and "/public/confirm/" in form["Location"]
    pending = PendingRegistration.objects.get()
    code = texted_code("09121234567")
    assert code not in pending.code_hash and len(pending.code_hash) == 64  # kept as a hash
    page = client.get(form["Location"])
    assert page.status_code == 200 and 'id="code-form"' in page.content.decode()
    assert not Registration.objects.exists()  # nothing held before the code
    done = client.post(form["Location"], {"code": typed(code)})
    assert done.status_code == 302
    person = Registration.objects.get()
    assert (person.status, person.mobile, person.name) == ("confirmed", "09121234567", "مینا")
    assert not PendingRegistration.objects.exists()
    assert sent_sms()[-1].to == "09121234567" and public.lesson.title in sent_sms()[-1].body
    assert len(sent_sms()) == 2  # the code, then the confirmation
    assert 'id="reg-status"' in client.get(done["Location"]).content.decode()
    # the code page sent again leads to the same registration, nothing doubled
    again = client.post(form["Location"], {"code": code})["Location"]
    # the same registration's page (the signed link carries the second it was made in)
    assert again.split(":")[0] == done["Location"].split(":")[0]
    assert Registration.objects.count() == 1 and len(sent_sms()) == 2


def test_pending_registrations_do_not_count_toward_capacity(public):
    first, second, third = Client(), Client(), Client()
    forms = {
        mobile: fill_form(c, public, mobile)
        for c, mobile in ((first, "09120000101"), (second, "09120000102"), (third, "09120000103"))
    }
    # the third confirms first: the seats go in the order codes are entered
    third.post(forms["09120000103"]["Location"], {"code": texted_code("09120000103")})
    second.post(forms["09120000102"]["Location"], {"code": texted_code("09120000102")})
    first.post(forms["09120000101"]["Location"], {"code": texted_code("09120000101")})
    status = dict(Registration.objects.values_list("mobile", "status"))
    assert status == {
        "09120000103": "confirmed",
        "09120000102": "confirmed",
        "09120000101": "waitlisted",
    }


def test_a_wrong_code_is_refused_and_holds_nothing(public, client):
    form = fill_form(client, public, "09121234567")
    code = texted_code("09121234567")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    texts = len(sent_sms())
    page = client.post(form["Location"], {"code": wrong})
    assert page.status_code == 400
    assert "کد درست نیست" in page.content.decode()
    assert not Registration.objects.exists() and len(sent_sms()) == texts
    for bad in ["", "12", "abcdef"]:
        assert client.post(form["Location"], {"code": bad}).status_code == 400
    # the last try left: still refused, and then even the right code is
    assert client.post(form["Location"], {"code": wrong}).status_code == 400
    assert PendingRegistration.objects.get().attempts == registration.CODE_ATTEMPTS
    late = client.post(form["Location"], {"code": code})
    assert late.status_code == 400 and "بیش از حد" in late.content.decode()
    assert not Registration.objects.exists() and len(sent_sms()) == texts
    # registering again sends a new code that works
    again = fill_form(client, public, "09121234567")
    assert client.post(again["Location"], {"code": texted_code("09121234567")}).status_code == 302
    assert Registration.objects.get().status == "confirmed"


def test_an_expired_code_is_refused_in_the_readers_language(public, client):
    with translation.override("en"):
        url = reverse("sessions:public_register", args=[public.pk])
    form = client.post(
        url, {"name": "Mina", "mobile": "09121234567", "client_id": str(uuid.uuid4())}
    )
    code = texted_code("09121234567")
    assert "Hamafza: your code" in sent_sms()[-1].body  # the text in the registrant's language
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        page = client.post(form["Location"], {"code": code})
        assert page.status_code == 400
        assert "This code has expired" in page.content.decode()
        assert not Registration.objects.exists()
        with pytest.raises(ValidationError):
            registration.confirm(client_id=PendingRegistration.objects.get().client_id, code=code)
        assert registration.purge_pending() == 1
    assert not PendingRegistration.objects.exists() and not Registration.objects.exists()


def test_codes_per_mobile_are_limited_and_a_resent_form_texts_once(public):
    client_id = str(uuid.uuid4())
    data = {"name": "مینا", "mobile": "09121234567", "client_id": client_id}
    first = Client(REMOTE_ADDR="203.0.113.1").post(register_url(public), data)
    again = Client(REMOTE_ADDR="203.0.113.1").post(register_url(public), data)
    assert first["Location"] == again["Location"] and len(sent_sms()) == 1
    for n in range(2, registration.CODES_PER_MOBILE + 1):
        assert (
            fill_form(Client(REMOTE_ADDR=f"203.0.113.{n}"), public, "09121234567").status_code
            == 302
        )
    refused = fill_form(Client(REMOTE_ADDR="203.0.113.99"), public, "۰۹۱۲۱۲۳۴۵۶۷")
    assert refused.status_code == 400 and "یک ساعت دیگر" in refused.content.decode()
    assert len(sent_sms()) == registration.CODES_PER_MOBILE
    assert PendingRegistration.objects.count() == registration.CODES_PER_MOBILE


def test_a_browser_that_entered_a_code_registers_that_number_again_without_one(
    plan, world, pool, users, public, client
):
    form = fill_form(client, public, "09121234567")
    client.post(form["Location"], {"code": texted_code("09121234567")})
    assert client.cookies[registration.VERIFIED_COOKIE]["httponly"]
    Session.objects.filter(pk=public.pk).update(  # a day later, so the second can take the slot
        starts_at=public.starts_at + dt.timedelta(days=1),
        ends_at=public.ends_at + dt.timedelta(days=1),
    )
    second = open_session(plan, world, pool, users, capacity=2)
    sent_sms().clear()
    direct = fill_form(client, second, "۰۹۱۲۱۲۳۴۵۶۷")
    assert "/public/registration/" in direct["Location"]
    assert Registration.objects.get(session=second).status == "confirmed"
    assert len(sent_sms()) == 1  # the confirmation, no code
    # the proof is for that number only: another number from the same browser needs its code
    other = fill_form(client, second, "09127654321")
    assert "/public/confirm/" in other["Location"]
    assert not Registration.objects.filter(mobile="09127654321").exists()
    # a forged or foreign cookie proves nothing
    stranger = Client()
    stranger.cookies[registration.VERIFIED_COOKIE] = "W10:forged:sig"
    assert "/public/confirm/" in fill_form(stranger, second, "09120000555")["Location"]


def test_a_made_up_confirmation_link_is_not_found(client):
    assert client.get(reverse("sessions:public_confirm", args=["nonsense"])).status_code == 404


@pytest.fixture
def running(plan, world, pool, users):
    session = open_session(plan, world, pool, users, capacity=3)
    people = [reg(session, f"091200001{i:02d}") for i in range(3)]
    started = timezone.now() - dt.timedelta(minutes=5)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + dt.timedelta(hours=1)
    )
    session.refresh_from_db()
    return session, people


def test_check_in_tries_are_limited_per_address_and_session(running, settings):
    session, people = running
    code = checkin.current_code(session)
    # one address replaying registered numbers is stopped after MAX_TRIES tries
    for _ in range(checkin.MAX_TRIES):
        checkin.check_in(code=code, mobile=people[0].mobile, client="10.0.0.9")
    with pytest.raises(ValidationError):
        checkin.check_in(code=code, mobile=people[1].mobile, client="10.0.0.9")
    assert not Attendance.objects.filter(registration=people[1]).exists()
    # guessing spread over many addresses stops for the session as a whole
    for n in range(checkin.MAX_SESSION_FAILURES):
        with pytest.raises(ValidationError):
            checkin.check_in(
                code=code, mobile=f"0912777{n:04d}", client=f"10.1.{n // 200}.{n % 200}"
            )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        checkin.check_in(code=code, mobile=people[2].mobile, client="10.2.0.1")
    assert "Too many tries" in " ".join(refused.value.messages)
    assert not Attendance.objects.filter(registration=people[2]).exists()
    # the page says so with the reason
    page = Client(REMOTE_ADDR="10.2.0.2").post(
        reverse("sessions:checkin", args=[code]), {"mobile": people[2].mobile}
    )
    assert page.status_code == 400 and 'id="checkin-error"' in page.content.decode()
    assert not Attendance.objects.filter(registration=people[2]).exists()
