import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hamafza.catalogue.models import Lesson, Program, ProgramVersion
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture
from hamafza.trainers.tests.factories import (
    CertificateFactory,
    TrainerDomainFactory,
    TrainerFactory,
)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def plan(world, pool):  # noqa: F811
    """A published health program with one lesson; trainers t6 and t12 certified for health."""
    program = Program.objects.create(
        municipality=world.tehran, domain=pool.health, code="H-1", title="بهداشت فردی",
        audience="primary_lower", gender="any", session_count=1, session_minutes=45, objectives="x",
    )  # fmt: skip
    version = ProgramVersion.objects.create(
        municipality=world.tehran,
        program=program,
        number=1,
        status="published",
        published_at=timezone.now(),
    )
    lesson = Lesson.objects.create(
        municipality=world.tehran,
        version=version,
        order=1,
        title="شستن دست‌ها",
        plan="طرح",
        minutes=45,
    )
    program.current_version = version
    program.status = "active"
    program.save()
    TrainerDomainFactory(trainer=pool.t12, domain=pool.health)
    for trainer in (pool.t6, pool.t12):
        CertificateFactory(
            trainer=trainer,
            domain=pool.health,
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date(2030, 1, 1),
        )
    uncertified = TrainerFactory(home_district=world.d6, first_name="بی‌گواهی")
    day = dt.date(2026, 12, 5)  # a Saturday
    return SimpleNamespace(
        program=program, version=version, lesson=lesson, day=day, uncertified=uncertified
    )
