"""Demo sessions: a few weeks of lessons in the schools of two districts."""

import datetime as dt
import random

from django.utils import timezone

from hamafza.catalogue.models import Program
from hamafza.org.models import School
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer


def seed_sessions(municipality, rng: random.Random, count: int = 40) -> None:
    if Session.objects.filter(municipality=municipality).exists():
        return
    programs = list(
        Program.objects.filter(
            municipality=municipality, current_version__isnull=False
        ).select_related("current_version")
    )
    schools = list(
        School.objects.filter(municipality=municipality, district__number__in=[1, 6, 12]).order_by(
            "pk"
        )[:30]
    )
    if not programs or not schools:
        return
    today = timezone.localdate()
    for i in range(count):
        program = programs[i % len(programs)]
        lessons = list(program.current_version.lessons.all())
        trainers = list(
            Trainer.objects.filter(
                municipality=municipality, trainer_domains__domain=program.domain, status="active"
            )[:20]
        )
        if not lessons or not trainers:
            continue
        school = schools[i % len(schools)]
        day = today + dt.timedelta(days=(i // 4) - 5)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(8 + (i % 4) * 2, 0)))
        status = Session.Status.DELIVERED if day < today else Session.Status.PLANNED
        session = Session.objects.create(
            municipality=municipality,
            version=program.current_version,
            lesson=lessons[i % len(lessons)],
            domain=program.domain,
            district=school.district,
            school=school,
            class_label=f"{rng.randint(1, 6)}/{rng.randint(1, 3)}",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=program.session_minutes),
            capacity=30,
            status=status,
        )
        session.trainers.set([trainers[i % len(trainers)]])
