import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamafza.library import services
from hamafza.library.models import Resource
from hamafza.org.middleware import scope_for_user
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name="طرح درس.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def as_(users, key):
    return scope_for_user(users[key])


def make_session(world, plan, trainer, *, status, district=None, days_ago=3):  # noqa: F811
    start = timezone.now() - dt.timedelta(days=days_ago)
    district = district or world.d6
    venue = world.v6 if district == world.d6 else world.v12
    session = Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson,
        domain=plan.program.domain, district=district, venue=venue,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), status=status,
    )  # fmt: skip
    session.trainers.set([trainer])
    return session


@pytest.fixture
def lib(world, users, pool, plan):  # noqa: F811
    """The health domain owned by the health agency (its liaison curates it); a published lesson
    plan of trainer t6 with a file, t6's draft, and a submitted one; t6 delivered one session
    and has a planned one; t12 delivered one of their own."""
    pool.health.owner_agency = world.health
    pool.health.save()
    trainer = users["trainer"]

    def create(title, **extra):
        data = {
            "kind": "lesson_plan", "title": title, "summary": "گام‌به‌گام با پرسش‌های کلیدی",
            "domain_id": pool.health.pk, "program_id": plan.program.pk, "lesson_id": None,
            "audience": "primary_lower", "gender": "any", "licence": "cc_by", "links": "",
            **extra,
        }  # fmt: skip
        return services.resource_create(
            scope=as_(users, "trainer"), actor=trainer, data=data, upload=pdf()
        )

    published = create("بازی شستن دست‌ها")
    services.resource_submit(scope=as_(users, "trainer"), actor=trainer, resource=published)
    published = services.resource_publish(
        scope=as_(users, "directorate"), actor=users["directorate"], resource=published
    )
    draft = create("کاربرگ مسواک زدن")
    submitted = create("آزمونک تغذیه سالم")
    submitted = services.resource_submit(
        scope=as_(users, "trainer"), actor=trainer, resource=submitted
    )
    delivered = make_session(world, plan, pool.t6, status=Session.Status.DELIVERED)
    planned = make_session(world, plan, pool.t6, status=Session.Status.PLANNED, days_ago=-3)
    others = make_session(
        world, plan, pool.t12, status=Session.Status.DELIVERED, district=world.d12
    )
    return SimpleNamespace(
        published=Resource.objects.get(pk=published.pk),
        draft=draft,
        submitted=submitted,
        delivered=delivered,
        planned=planned,
        others=others,
        pool=pool,
        plan=plan,
    )
