import json
from types import SimpleNamespace

import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.core.scoping import Role
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.questions import services
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture


def as_(users, key):
    return scope_for_user(users[key])


def ask(users, key, domain, **extra):
    data = {
        "domain_id": domain.pk, "title": "بچه‌ها در جلسه حواسشان پرت می‌شود",
        "body": "در کلاس چهل‌نفره بعد از ده دقیقه تمرکز از دست می‌رود. چه کنیم؟", "tags": [],
        **extra,
    }  # fmt: skip
    return services.question_create(scope=as_(users, key), actor=users[key], data=data)


def answer(users, key, question, body="با یک بازی کوتاه دوباره توجهشان را جلب کنید."):
    return services.answer_create(
        scope=as_(users, key), actor=users[key], question=question, body=body
    )


def api(user):
    client = Client()
    key = ApiToken.issue(user, "test")[1]

    def call(method, url, body=None):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        if method == "get":
            return client.get(url, **auth)
        return client.post(url, json.dumps(body or {}), content_type="application/json", **auth)

    return call


@pytest.fixture
def qa(world, users, pool, plan):  # noqa: F811
    """The health domain is owned by the health agency (its liaison curates it), waste by nobody
    (the directorate curates it). Trainer t6 ("trainer", district 6) asked a health question
    about the program; trainer t12 ("trainer_d12", district 12) asked a waste question."""
    pool.health.owner_agency = world.health
    pool.health.save()
    users["trainer_d12"] = pool.t12.user
    users["bumehen_trainer"] = UserFactory(username="bahar.bumehen")
    MembershipFactory(
        user=users["bumehen_trainer"], municipality=world.bumehen, role=Role.TRAINER,
        district=world.b1,
    )  # fmt: skip
    health_q = ask(users, "trainer", pool.health, program_id=plan.program.pk, tags=["بهداشت"])
    waste_q = ask(users, "trainer_d12", pool.waste, title="سطل‌های تفکیک در مدرسه نیست")
    return SimpleNamespace(health_q=health_q, waste_q=waste_q, pool=pool, plan=plan)
