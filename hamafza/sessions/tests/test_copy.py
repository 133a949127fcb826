import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from hamafza.core.persian import to_latin_digits
from hamafza.org.middleware import scope_for_user
from hamafza.sessions import copying, services
from hamafza.sessions.models import Holiday, Session
from hamafza.sessions.tests.conftest import at
from hamafza.trainers.models import Certificate, WeeklyAvailability

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

SOURCE_FROM, SOURCE_TO = dt.date(2026, 12, 5), dt.date(2026, 12, 19)  # Saturdays
TARGET = dt.date(2027, 1, 4)  # a Monday, four Iranian weeks after the source's first week
PARAMS = {"source_from": "1405/09/14", "source_to": "1405/09/28", "target_start": "1405/10/14"}


def schedule(users, role="directorate", **kwargs):
    return services.session_schedule(scope=scope_for_user(users[role]), actor=users[role], **kwargs)


@pytest.fixture
def term(plan, world, pool, users):
    """Last term: a weekly series of three at school 6 (trainer t6), a single session at the venue
    of district 12 (trainer t12), and a cancelled session (never copied)."""
    series, _ = schedule(
        users,
        lesson_id=plan.lesson.pk,
        starts_at=at(plan.day, 9),
        ends_at=at(plan.day, 10),
        trainer_ids=[pool.t6.pk],
        school_id=world.s6.pk,
        class_label="5/2",
        repeat_weeks=3,
    )
    (single,), _ = schedule(
        users,
        lesson_id=plan.lesson.pk,
        starts_at=at(dt.date(2026, 12, 7), 14),
        ends_at=at(dt.date(2026, 12, 7), 15),
        trainer_ids=[pool.t12.pk],
        venue_id=world.v12.pk,
        capacity=40,
        is_public=True,
    )
    (cancelled,), _ = schedule(
        users,
        lesson_id=plan.lesson.pk,
        starts_at=at(dt.date(2026, 12, 8), 9),
        ends_at=at(dt.date(2026, 12, 8), 10),
        trainer_ids=[pool.t6.pk],
        school_id=world.s6.pk,
        class_label="6/1",
    )
    services.session_cancel(
        scope=scope_for_user(users["directorate"]),
        actor=users["directorate"],
        session=cancelled,
        reason="x",
    )
    return SimpleNamespace(series=series, single=single, cancelled=cancelled)


def plan_for(users, role="directorate", **kwargs):
    return copying.copy_plan(
        scope=scope_for_user(users[role]),
        source_from=SOURCE_FROM,
        source_to=SOURCE_TO,
        target_start=TARGET,
        **kwargs,
    )


def test_the_preview_counts_holidays_and_blocked_sessions(term, plan, world, pool, users):
    Holiday.objects.create(municipality=world.tehran, date=dt.date(2027, 1, 9), name="تعطیل")
    # t12 already teaches at school 12 when the single session would be copied
    schedule(
        users,
        lesson_id=plan.lesson.pk,
        starts_at=at(dt.date(2027, 1, 4), 14, 30),
        ends_at=at(dt.date(2027, 1, 4), 15, 30),
        trainer_ids=[pool.t12.pk],
        school_id=world.s12.pk,
    )
    with translation.override("en"):
        result = plan_for(users)
    assert result.shift_weeks == 4
    assert result.counts() == {"source": 4, "copy": 2, "warn": 0, "blocked": 1, "holiday": 1}
    assert [p.starts_at for p in result.to_copy] == [
        at(dt.date(2027, 1, 2), 9),
        at(dt.date(2027, 1, 16), 9),
    ]
    (blocked,) = result.having(copying.BLOCKED)
    assert blocked.source == term.single and blocked.starts_at == at(dt.date(2027, 1, 4), 14)
    assert "teaching elsewhere" in blocked.reasons[0] and "دبستان حافظ" in blocked.reasons[0]
    (holiday,) = result.having(copying.HOLIDAY)
    assert holiday.source == term.series[1] and "تعطیل" in holiday.reasons[0]
    assert term.cancelled not in [p.source for p in result.proposals]
    assert Session.objects.count() == 6  # the preview writes nothing


def test_the_preview_page_then_copy_keeps_the_series(term, plan, world, pool, users, client_for):
    Holiday.objects.create(municipality=world.tehran, date=dt.date(2027, 1, 9), name="تعطیل")
    client = client_for("directorate")
    response = client.get(reverse("sessions:copy"), PARAMS)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="count-copy">۳<' in page and 'id="count-holiday">۱<' in page
    token = response.context["token"]
    before = Session.objects.count()
    response = client.post(reverse("sessions:copy"), {"plan": token})
    assert response.status_code == 302
    copies = list(Session.objects.filter(starts_at__gte=at(TARGET, 0) - dt.timedelta(days=7)))
    assert Session.objects.count() == before + 3 == len(copies) + before
    at_school = sorted((s for s in copies if s.school_id), key=lambda s: s.starts_at)
    assert [s.starts_at for s in at_school] == [
        at(dt.date(2027, 1, 2), 9),
        at(dt.date(2027, 1, 16), 9),
    ]
    assert at_school[0].series and at_school[0].series == at_school[1].series
    assert at_school[0].series != term.series[0].series
    assert all(s.class_label == "5/2" and list(s.trainers.all()) == [pool.t6] for s in at_school)
    (at_venue,) = (s for s in copies if s.venue_id)
    assert at_venue.series is None and at_venue.capacity == 40 and at_venue.is_public
    assert at_venue.starts_at == at(dt.date(2027, 1, 4), 14)
    assert all(s.status == Session.Status.PLANNED for s in copies)
    assert at_venue.history.first().history_user == users["directorate"]


def test_the_copy_is_all_or_nothing_when_a_clash_appears_after_the_preview(
    term, plan, world, pool, users, client_for
):
    client = client_for("directorate")
    token = client.get(reverse("sessions:copy"), PARAMS).context["token"]
    # meanwhile t6 is booked at a venue at the time of the last copy of the series
    schedule(
        users,
        lesson_id=plan.lesson.pk,
        starts_at=at(dt.date(2027, 1, 16), 9),
        ends_at=at(dt.date(2027, 1, 16), 10),
        trainer_ids=[pool.t6.pk],
        venue_id=world.v6.pk,
    )
    before = Session.objects.count()
    with translation.override("en"):
        response = client.post(reverse("sessions:copy"), {"plan": token}, follow=True)
    assert Session.objects.count() == before
    page = response.content.decode()
    assert "Nothing was copied" in page and "فرهنگسرای یوسف‌آباد" in page
    assert "/sessions/copy/?source_from=" in response.redirect_chain[-1][0]


def test_a_source_cancelled_after_the_preview_stops_the_copy(term, users, client_for):
    client = client_for("directorate")
    token = client.get(reverse("sessions:copy"), PARAMS).context["token"]
    services.session_cancel(
        scope=scope_for_user(users["directorate"]),
        actor=users["directorate"],
        session=term.single,
        reason="x",
    )
    before = Session.objects.count()
    with translation.override("en"):
        response = client.post(reverse("sessions:copy"), {"plan": token}, follow=True)
    assert Session.objects.count() == before
    assert "changed since the preview" in response.content.decode()


def test_a_tampered_token_copies_nothing(term, client_for):
    client = client_for("directorate")
    token = client.get(reverse("sessions:copy"), PARAMS).context["token"]
    before = Session.objects.count()
    response = client.post(reverse("sessions:copy"), {"plan": token[:-3] + "abc"})
    assert response.status_code == 302 and Session.objects.count() == before


def test_warnings_are_copied_only_when_accepted(term, plan, world, pool, users):
    # t6 is available only on Sundays: every copy of the series (Saturdays) is outside it
    WeeklyAvailability.objects.create(
        municipality=world.tehran, trainer=pool.t6, weekday=6, starts_at=dt.time(8), ends_at=dt.time(12)
    )  # fmt: skip
    with translation.override("en"):
        cautious = plan_for(users)
        bold = plan_for(users, confirm_warnings=True)
    assert cautious.counts()["warn"] == 3 and cautious.counts()["copy"] == 1
    assert "outside their weekly availability" in cautious.having(copying.WARN)[0].reasons[0]
    assert bold.counts()["copy"] == 4
    ids = {p.source.pk for p in cautious.having(copying.WARN)}
    kwargs = {"source_from": SOURCE_FROM, "source_to": SOURCE_TO, "target_start": TARGET}
    scope, actor = scope_for_user(users["directorate"]), users["directorate"]
    before = Session.objects.count()
    with pytest.raises(ValidationError):
        copying.copy_apply(scope=scope, actor=actor, session_ids=ids, **kwargs)
    assert Session.objects.count() == before
    created = copying.copy_apply(
        scope=scope, actor=actor, session_ids=ids, confirm_warnings=True, **kwargs
    )
    assert len(created) == 3 and Session.objects.count() == before + 3


def test_expired_certificates_are_reported_and_block(term, plan, pool, users):
    Certificate.objects.filter(trainer=pool.t6).update(expires_on=dt.date(2027, 1, 10))
    with translation.override("en"):
        result = plan_for(users)
    blocked = result.having(copying.BLOCKED)
    assert [p.starts_at for p in blocked] == [at(dt.date(2027, 1, 16), 9)]
    assert "certificate for this domain expired" in blocked[0].reasons[0]
    assert any(str(pool.t6) in m and "expired" in m for m in result.certificate_problems), (
        result.certificate_problems
    )


def test_a_coordinator_copies_only_their_districts_sessions(term, world, client_for, users):
    result = plan_for(users, role="coordinator_d6")
    assert {p.source.district_id for p in result.proposals} == {world.d6.pk}
    assert result.counts()["source"] == 3
    client = client_for("coordinator_d6")
    token = client.get(reverse("sessions:copy"), PARAMS).context["token"]
    client.post(reverse("sessions:copy"), {"plan": token})
    copies = Session.objects.filter(starts_at__gte=at(dt.date(2027, 1, 1), 0))
    assert copies.count() == 3 and set(copies.values_list("district", flat=True)) == {world.d6.pk}


def test_a_token_from_another_district_copies_nothing_outside_it(term, world, client_for):
    token = client_for("directorate").get(reverse("sessions:copy"), PARAMS).context["token"]
    before = Session.objects.count()
    client_for("coordinator_d6").post(reverse("sessions:copy"), {"plan": token})
    assert Session.objects.count() == before  # the d12 session is not theirs: nothing at all


@pytest.mark.parametrize("role", ["citizen", "trainer", "liaison_health", "school_contact_s6"])
def test_copy_denied(term, users, client_for, role):
    client = client_for(role)
    assert client.get(reverse("sessions:copy"), PARAMS).status_code == 403
    token = client_for("directorate").get(reverse("sessions:copy"), PARAMS).context["token"]
    before = Session.objects.count()
    assert client.post(reverse("sessions:copy"), {"plan": token}).status_code == 403
    assert Session.objects.count() == before
    with pytest.raises(PermissionDenied):
        plan_for(users, role=role)


def test_too_many_sessions_and_bad_periods_are_explained(term, users, client_for, monkeypatch):
    monkeypatch.setattr(copying, "MAX_SESSIONS", 3)
    client = client_for("directorate")
    with translation.override("en"):
        response = client.get(reverse("sessions:copy"), PARAMS)
        assert response.status_code == 400
        assert "The period has 4 sessions; at most 3" in response.content.decode()
        same_week = {**PARAMS, "target_start": "1405/09/16"}
        response = client.get(reverse("sessions:copy"), same_week)
        assert "later week" in response.content.decode()
        backwards = {**PARAMS, "source_to": "1405/09/01"}
        assert "end on or after" in client.get(reverse("sessions:copy"), backwards).content.decode()
    assert response.context["plan"] is None


def test_persian_digits_in_the_dates(term, client_for):
    params = {k: v.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) for k, v in PARAMS.items()}
    assert to_latin_digits(params["target_start"]) == PARAMS["target_start"]
    response = client_for("directorate").get(reverse("sessions:copy"), params)
    assert response.context["plan"].counts()["source"] == 4
