from types import SimpleNamespace

import pytest

from hamafza.core.scoping import Role
from hamafza.org.models import Membership
from hamafza.org.tests.factories import UserFactory
from hamafza.trainers.tests.factories import (
    DomainFactory,
    LevelFactory,
    TrainerDomainFactory,
    TrainerFactory,
)


@pytest.fixture
def pool(world, users):
    """Two domains with a ladder, trainers homed in districts 6 and 12 and one in Bumehen; the
    trainer of district 6 has an account with the trainer role."""
    health = DomainFactory(municipality=world.tehran, code="health", name="سلامت")
    waste = DomainFactory(municipality=world.tehran, code="waste", name="پسماند")
    b_health = DomainFactory(municipality=world.bumehen, code="health", name="سلامت")
    levels = {
        rank: LevelFactory(
            domain=health, rank=rank, name=name, min_courses=c, min_hours=h, min_observation_score=s
        )
        for rank, name, c, h, s in [
            (1, "کارآموز", 0, 0, None),
            (2, "تأییدشده", 1, 20, 60),
            (3, "ارشد", 2, 100, 75),
        ]
    }
    t6 = TrainerFactory(home_district=world.d6, first_name="سمیرا", user=users["trainer"])
    t12 = TrainerFactory(home_district=world.d12, first_name="کاوه")
    tb = TrainerFactory(home_district=world.b1, first_name="بهار")
    TrainerDomainFactory(trainer=t6, domain=health, level=levels[1])
    TrainerDomainFactory(trainer=t12, domain=waste)
    TrainerDomainFactory(trainer=tb, domain=b_health)
    other_trainer_user = UserFactory()
    Membership.objects.create(
        user=other_trainer_user, municipality=world.tehran, role=Role.TRAINER, district=world.d12
    )
    t12.user = other_trainer_user
    t12.save()
    return SimpleNamespace(
        health=health, waste=waste, b_health=b_health, levels=levels, t6=t6, t12=t12, tb=tb
    )
