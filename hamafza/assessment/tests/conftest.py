import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.catalogue.models import Question
from hamafza.org.middleware import scope_for_user
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture


def scope_of(user):
    return scope_for_user(user)


@pytest.fixture
def bank(world, users, plan, pool):  # noqa: F811
    """Four questions in the health program's bank (the right answer: choice 1, 2, 3, 1 on
    paper); a session in district 6 (trainer t6, the ``trainer`` account) and one in district 12."""
    questions = [
        Question.objects.create(
            municipality=world.tehran,
            program=plan.program,
            text=f"پرسش {i}",
            choices=["الف", "ب", "ج"],
            correct_index=correct,
        )  # fmt: skip
        for i, correct in enumerate([0, 1, 2, 0], start=1)
    ]
    start = timezone.now() - dt.timedelta(hours=1)
    sessions = {}
    for key, venue, trainer in (("s6", world.v6, pool.t6), ("s12", world.v12, pool.t12)):
        sessions[key] = Session.objects.create(
            municipality=world.tehran, version=plan.version, lesson=plan.lesson,
            domain=pool.health, district=venue.district, venue=venue, starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )  # fmt: skip
        sessions[key].trainers.set([trainer])
    return SimpleNamespace(questions=questions, **sessions)


@pytest.fixture
def api_for(users):
    def make(user):
        user = users[user] if isinstance(user, str) else user
        _, token = ApiToken.issue(user, "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
