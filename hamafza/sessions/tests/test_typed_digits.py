"""A session's numbers and times typed with a Persian keyboard: the schedule form (capacity and
times, in real Chromium) and the delivery report's head count (raw inputs the view reads)."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.core import jalali
from hamafza.org.middleware import scope_for_user
from hamafza.sessions import services
from hamafza.sessions.models import Session, SessionReport
from hamafza.sessions.tests.conftest import at

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


@pytest.fixture
def taught(plan, world, pool, users):
    """A session at school s6 taught by t6 (the 'trainer' user) that started an hour ago."""
    start = timezone.now() - dt.timedelta(hours=1)
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=start, ends_at=start + dt.timedelta(minutes=45), trainer_ids=[pool.t6.pk],
        school_id=world.s6.pk, class_label="5/2", confirm_warnings=True,
    )  # fmt: skip
    return session


def deliver(client, session, **counts):
    data = {"client_id": str(uuid.uuid4()), "summary": "جلسه خوب بود", **counts}
    return client.post(reverse("sessions:deliver", args=[session.pk]), data)


def test_a_head_count_typed_in_persian_or_arabic_digits_is_saved(taught, client_for):
    response = deliver(
        client_for("trainer"), taught, grade_0="۵", girls_0="۱۲", boys_0="٣", late_0="۲"
    )
    assert response.status_code == 302
    report = SessionReport.objects.get(session=taught)
    assert report.present == 15


def test_a_head_count_that_is_not_a_number_is_refused_and_shown_again(taught, client_for):
    response = deliver(client_for("trainer"), taught, grade_0="۵", girls_0="دوازده", boys_0="۳")
    assert response.status_code == 400
    html = response.content.decode()
    assert "پایه و شمار افراد را با عدد صحیح بنویسید" in html
    assert 'value="دوازده"' in html and 'value="۵"' in html and 'value="۳"' in html
    assert 'type="number"' not in html
    taught.refresh_from_db()
    assert taught.status == Session.Status.PLANNED and not SessionReport.objects.exists()


# ----- real Chromium -----


def login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def submit(page):
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_capacity_and_times_typed_with_a_persian_keyboard(
    live_server, plan, world, pool, users, page_factory
):
    coordinator = users["coordinator_d6"]
    coordinator.set_password("pass-1234")
    coordinator.save()
    page = page_factory()
    login(page, live_server.url, coordinator)

    # given the schedule form, whose capacity and times are text inputs with a numeric keyboard
    page.goto(f"{live_server.url}{reverse('sessions:create')}")
    assert page.get_attribute("#id_capacity", "type") == "text"
    assert page.get_attribute("#id_capacity", "inputmode") == "numeric"
    assert page.get_attribute("#id_start", "type") == "text"
    assert page.get_attribute("#id_start", "placeholder") == "۰۹:۳۰"

    # when a coordinator types the figures with a Persian keyboard
    page.select_option("#id_lesson", str(plan.lesson.pk))
    page.select_option("#id_school", str(world.s6.pk))
    page.locator("#id_class_label").type("۵/۲")
    page.fill("#id_date", jalali.format_numeric(plan.day, persian=True))
    page.locator("#id_start").type("۰۹:۳۰")
    page.locator("#id_end").type("۱۰:۴۵")
    page.select_option("#id_trainers", [str(pool.t6.pk)])
    page.locator("#id_capacity").type("۲۵")
    assert page.input_value("#id_capacity") == "۲۵"  # a number input would have dropped them
    submit(page)
    if page.locator("#warnings").count():  # soft warnings (availability, weekly hours)
        page.check("#id_confirm_warnings")
        submit(page)

    # then the session is stored with the numbers and times that were typed
    session = Session.objects.get()
    assert session.capacity == 25
    assert session.starts_at == at(plan.day, 9, 30) and session.ends_at == at(plan.day, 10, 45)

    # and the edit form shows them again in Persian digits, on a 24-hour clock
    page.goto(f"{live_server.url}{reverse('sessions:edit', args=[session.pk])}")
    assert page.input_value("#id_capacity") == "۲۵"
    assert page.input_value("#id_start") == "۰۹:۳۰" and page.input_value("#id_end") == "۱۰:۴۵"

    # an hour that does not exist is refused with a message, and nothing changes
    page.locator("#id_end").fill("")
    page.locator("#id_end").type("۲۵:۰۰")
    submit(page)
    assert "ساعت را از ۰۰:۰۰ تا ۲۳:۵۹ بنویسید" in page.content()
    session.refresh_from_db()
    assert session.ends_at == at(plan.day, 10, 45)
