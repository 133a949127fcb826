import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hamafza.core.scoping import Role
from hamafza.mentoring import services
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture
from hamafza.trainers.tests.factories import LevelFactory, TrainerDomainFactory, TrainerFactory


def as_(users, key):
    return scope_for_user(users[key])


def _trainer_user(world, district):
    user = UserFactory()
    MembershipFactory(user=user, municipality=world.tehran, role=Role.TRAINER, district=district)
    return user


def make_session(world, plan, trainers, *, days_ago=3):  # noqa: F811
    start = timezone.now() - dt.timedelta(days=days_ago)
    session = Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson,
        domain=plan.program.domain, district=world.d6, venue=world.v6,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), status=Session.Status.DELIVERED,
    )  # fmt: skip
    session.trainers.set(trainers)
    return session


@pytest.fixture
def ment(world, users, pool):  # noqa: F811
    """Health's ladder gains a master rung (4). Trainee: t6 (district 6, the demo "trainer",
    level 1). Mentors: m6 (district 6, senior, with an account "mentor"), m12 (district 12,
    master), junior6 (district 6, level 2: may not mentor). A coordinator of district 12."""
    pool.levels[4] = LevelFactory(domain=pool.health, rank=4, name="استاد", min_hours=300)
    users["mentor"] = _trainer_user(world, world.d6)
    users["trainer_d12"] = pool.t12.user
    users["coordinator_d12"] = UserFactory()
    MembershipFactory(
        user=users["coordinator_d12"],
        municipality=world.tehran,
        role=Role.DISTRICT_COORDINATOR,
        district=world.d12,
    )
    m6 = TrainerFactory(
        home_district=world.d6, first_name="پروین", last_name="کاظمی", user=users["mentor"]
    )
    m12 = TrainerFactory(home_district=world.d12, first_name="رضا", last_name="نوری", gender="male")
    junior6 = TrainerFactory(home_district=world.d6, first_name="الهام", last_name="صالحی")
    TrainerDomainFactory(trainer=m6, domain=pool.health, level=pool.levels[3])
    TrainerDomainFactory(trainer=m12, domain=pool.health, level=pool.levels[4])
    TrainerDomainFactory(trainer=junior6, domain=pool.health, level=pool.levels[2])
    return SimpleNamespace(m6=m6, m12=m12, junior6=junior6, t6=pool.t6, pool=pool)


def propose(users, ment, *, mentor=None, trainee=None, by="coordinator_d6"):
    return services.pair_propose(
        scope=as_(users, by),
        actor=users[by],
        trainee_id=(trainee or ment.t6).pk,
        mentor_id=(mentor or ment.m6).pk,
        domain_id=ment.pool.health.pk,
    )


@pytest.fixture
def active_pair(users, ment):
    """m6 mentors t6 in health: proposed, accepted by both, approved."""
    pair = propose(users, ment)
    services.pair_accept(scope=as_(users, "mentor"), actor=users["mentor"], pair=pair)
    services.pair_accept(scope=as_(users, "trainer"), actor=users["trainer"], pair=pair)
    return services.pair_approve(
        scope=as_(users, "coordinator_d6"), actor=users["coordinator_d6"], pair=pair
    )
