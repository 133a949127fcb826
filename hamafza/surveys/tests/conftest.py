import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.org.middleware import scope_for_user
from hamafza.sessions.models import Registration, Session
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.surveys.models import Question, Survey
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture


def scope_of(user):
    return scope_for_user(user)


def _session(world, plan, pool, trainer, **place):  # noqa: F811
    start = timezone.now() - dt.timedelta(hours=2)
    district = place.get("venue", place.get("school")).district
    session = Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson, domain=pool.health,
        district=district, starts_at=start, ends_at=start + dt.timedelta(hours=1), **place,
    )  # fmt: skip
    session.trainers.set([trainer])
    return session


@pytest.fixture
def survey_world(world, users, plan, pool):  # noqa: F811
    """An open directorate survey for the health program, with one question of each kind; a
    public session at a venue of district 6 (trainer t6, who has the ``trainer`` account), a
    school session in district 12 (trainer t12) and a registration at the venue session."""
    s6 = _session(world, plan, pool, pool.t6, venue=world.v6, is_public=True)
    s12 = _session(world, plan, pool, pool.t12, school=world.s12)
    survey = Survey.objects.create(
        municipality=world.tehran, title="رضایت از کارگاه", program=plan.program, status="open"
    )
    kinds = [
        ("likert", "کارگاه مفید بود", True, [], "1-5"),
        ("single", "کدام بخش بهتر بود؟", True, ["بازی", "فیلم", "گفتگو"], "1-5"),
        ("multiple", "چه چیزهایی آموختید؟", False, ["شستن دست", "مسواک", "تغذیه"], "1-5"),
        ("rating", "به آموزشگر چه نمره‌ای می‌دهید؟", True, [], "0-10"),
        ("short_text", "یک کلمه", False, [], "1-5"),
        ("long_text", "پیشنهاد شما", False, [], "1-5"),
    ]
    qs = [
        Question.objects.create(
            municipality=world.tehran,
            survey=survey,
            order=i,
            kind=k,
            text=t,
            required=r,
            choices=c,
            scale=sc,
        )  # fmt: skip
        for i, (k, t, r, c, sc) in enumerate(kinds, start=1)
    ]
    registration = Registration.objects.create(
        municipality=world.tehran, session=s6, name="مینا", mobile="09121112233",
        status=Registration.Status.CONFIRMED, client_id=uuid.uuid4(),
    )  # fmt: skip
    return SimpleNamespace(
        s6=s6, s12=s12, survey=survey, q=SimpleNamespace(**{k: q for (k, *_), q in zip(kinds, qs, strict=True)}),
        registration=registration,
    )  # fmt: skip


def good_answers(sw) -> dict:
    q = sw.q
    return {
        f"q{q.likert.pk}": "4",
        f"q{q.single.pk}": "1",
        f"q{q.multiple.pk}": ["0", "2"],
        f"q{q.rating.pk}": "۹",  # Persian digits are accepted
        f"q{q.short_text.pk}": "عالی",
        f"q{q.long_text.pk}": "",
    }


@pytest.fixture
def api_for(users):
    def make(user):
        user = users[user] if isinstance(user, str) else user
        _, token = ApiToken.issue(user, "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
