"""The catalogue's world: in Tehran a health domain (owned by the health agency, whose liaison is
in ``users``) and a traffic domain (no owner); in Bumehen one domain. Each has a published
program; the health program has questions."""

from types import SimpleNamespace

import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.catalogue.tests.factories import DomainFactory, QuestionFactory, published_program


@pytest.fixture
def cat(world, users):
    health = DomainFactory(
        municipality=world.tehran, code="health", name="سلامت", owner_agency=world.health
    )
    traffic = DomainFactory(municipality=world.tehran, code="traffic", name="ترافیک")
    citizenship_b = DomainFactory(municipality=world.bumehen, code="citizenship", name="شهروندی")
    prog_health = published_program(
        domain=health, code="H-1", title="بهداشت فردی کودکان", lessons=3
    )
    prog_traffic = published_program(
        domain=traffic, code="T-1", title="عابر پیاده هوشیار", lessons=2
    )
    prog_bumehen = published_program(
        domain=citizenship_b, code="B-1", title="شهروند مسئول بومهن", lessons=2
    )
    q1 = QuestionFactory(
        program=prog_health,
        text="چند بار در روز باید مسواک زد؟",
        choices=["یک بار", "دست‌کم دو بار", "هفته‌ای یک بار", "لازم نیست"],
        correct_index=1,
        explanation="EXPLAIN-دو بار در روز، صبح و شب",
    )
    q2 = QuestionFactory(
        program=prog_health,
        text="شستن دست‌ها چند ثانیه طول بکشد؟",
        choices=["۵ ثانیه", "۲۰ ثانیه", "یک دقیقه"],
        correct_index=1,
        explanation="EXPLAIN-دست‌کم بیست ثانیه",
    )
    return SimpleNamespace(
        health=health,
        traffic=traffic,
        citizenship_b=citizenship_b,
        prog_health=prog_health,
        prog_traffic=prog_traffic,
        prog_bumehen=prog_bumehen,
        q1=q1,
        q2=q2,
    )


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
