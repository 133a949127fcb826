"""Demo data of the trainer registry: a standards ladder per domain, a pool of trainers with
certificates and availability, and one finished train-the-trainer course."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from hamafza.catalogue.models import Domain
from hamafza.org.demo_names import FEMALE, MALE, MALE_NAMES
from hamafza.org.demo_names import LAST as LAST_NAMES
from hamafza.org.models import Agency, District
from hamafza.trainers.models import (
    Certificate,
    CompetencyLevel,
    CourseAttendance,
    CourseSession,
    Enrolment,
    Trainer,
    TrainerDomain,
    TrainingCourse,
    WeeklyAvailability,
)

DEFAULT_LADDER = [
    # rank, name, courses, hours, observation score
    (1, "کارآموز", 0, 0, None),
    (2, "آموزشگر تأییدشده", 1, 20, 60),
    (3, "آموزشگر ارشد", 2, 100, 75),
    (4, "استاد آموزشگر", 3, 300, 85),
]
# Kept for the import benchmark (bench/import_trainers.py), which writes the gender separately.
FIRST = [*FEMALE, *MALE]
LAST = list(LAST_NAMES)


def national_code(rng: random.Random) -> str:
    while True:
        body = [rng.randint(0, 9) for _ in range(9)]
        if len(set(body)) == 1:
            continue
        total = sum(d * (10 - i) for i, d in enumerate(body)) % 11
        check = total if total < 2 else 11 - total
        return "".join(map(str, body)) + str(check)


def seed_ladder(municipality, domains) -> None:
    for domain in domains:
        for rank, name, courses, hours, score in DEFAULT_LADDER:
            CompetencyLevel.objects.get_or_create(
                municipality=municipality,
                domain=domain,
                rank=rank,
                defaults={
                    "name": name,
                    "min_courses": courses,
                    "min_hours": hours,
                    "min_observation_score": score,
                },
            )


def seed_trainers(
    municipality, count: int, rng: random.Random, trainer_username: str | None = None
) -> None:
    if Trainer.objects.filter(municipality=municipality).count() >= count:
        return
    districts = list(District.objects.filter(municipality=municipality))
    agencies = list(
        Agency.objects.filter(municipality=municipality).exclude(kind=Agency.Kind.EDUCATION)
    )
    domains = list(Domain.objects.filter(municipality=municipality))
    levels = {
        (lv.domain_id, lv.rank): lv
        for lv in CompetencyLevel.objects.filter(municipality=municipality)
    }
    today = timezone.localdate()
    for i in range(Trainer.objects.filter(municipality=municipality).count(), count):
        district = districts[i % len(districts)]
        gender = rng.choice([Trainer.Gender.FEMALE, Trainer.Gender.MALE])
        trainer = Trainer.objects.create(
            municipality=municipality,
            first_name=rng.choice(FEMALE if gender == Trainer.Gender.FEMALE else MALE),
            last_name=rng.choice(LAST),
            national_code=national_code(rng),
            mobile=f"0935{rng.randint(1000000, 9999999)}",
            gender=gender,
            education=rng.choice(Trainer.Education.values),
            home_district=district,
            employer=rng.choice(agencies) if agencies and i % 4 else None,
            is_volunteer=i % 4 == 0,
            max_hours_per_week=rng.choice([10, 16, 20, 24]),
        )
        for domain in rng.sample(domains, k=min(len(domains), rng.randint(1, 2))):
            rank = rng.randint(1, 4)
            TrainerDomain.objects.create(
                municipality=municipality,
                trainer=trainer,
                domain=domain,
                level=levels.get((domain.pk, rank)),
                prior_hours=rng.randint(0, 400),
                observation_score=rng.randint(50, 98),
            )
            issued = today - dt.timedelta(days=rng.randint(60, 900))
            Certificate.objects.create(
                municipality=municipality,
                trainer=trainer,
                domain=domain,
                title=f"گواهی آموزشگری {domain.name}",
                issuer=municipality.name,
                issued_on=issued,
                expires_on=issued + dt.timedelta(days=rng.choice([365, 730, 1095])),
                status=Certificate.Status.VERIFIED if i % 7 else Certificate.Status.PENDING,
                verified_at=timezone.now() if i % 7 else None,
            )
        for weekday in rng.sample([5, 6, 0, 1, 2, 3], k=3):
            WeeklyAvailability.objects.create(
                municipality=municipality,
                trainer=trainer,
                weekday=weekday,
                starts_at=dt.time(8 + rng.randint(0, 2), 0),
                ends_at=dt.time(13 + rng.randint(0, 3), 0),
            )
    if trainer_username:
        user = get_user_model().objects.filter(username=trainer_username).first()
        if user and not hasattr(user, "trainer_profile"):
            trainer = Trainer.objects.filter(
                municipality=municipality, home_district__number=6, user__isnull=True
            ).first()
            if trainer:
                trainer.user = user
                trainer.first_name, trainer.last_name = user.first_name, user.last_name
                trainer.gender = (
                    Trainer.Gender.MALE if user.first_name in MALE_NAMES else Trainer.Gender.FEMALE
                )
                trainer.mobile = user.mobile or trainer.mobile
                trainer.save()


def seed_course(municipality, rng: random.Random) -> None:
    domain = Domain.objects.filter(municipality=municipality, code="citizenship").first()
    if domain is None or TrainingCourse.objects.filter(municipality=municipality).exists():
        return
    today = timezone.localdate()
    course = TrainingCourse.objects.create(
        municipality=municipality,
        domain=domain,
        title="دوره تربیت مربی آموزش شهروندی — مقدماتی",
        description="آشنایی با اصول آموزش شهروندی، روش‌های تدریس تعاملی و ارزشیابی.",
        starts_on=today - dt.timedelta(days=40),
        ends_on=today - dt.timedelta(days=20),
        capacity=25,
        status=TrainingCourse.Status.FINISHED,
    )
    sessions = [
        CourseSession.objects.create(
            municipality=municipality,
            course=course,
            date=course.starts_on + dt.timedelta(days=7 * k),
            topic=topic,
            hours=3,
        )
        for k, topic in enumerate(
            ["اصول آموزش شهروندی", "روش‌های تدریس تعاملی", "ارزشیابی و بازخورد"]
        )
    ]
    trainers = list(Trainer.objects.filter(municipality=municipality).order_by("pk")[:12])
    for trainer in trainers:
        enrolment = Enrolment.objects.create(
            municipality=municipality, course=course, trainer=trainer
        )
        present = [rng.random() > 0.15 for _ in sessions]
        for session, was in zip(sessions, present, strict=True):
            CourseAttendance.objects.create(
                municipality=municipality, session=session, enrolment=enrolment, present=was
            )
        percent = round(100 * sum(present) / len(sessions))
        enrolment.attended_percent = percent
        enrolment.status = (
            Enrolment.Status.COMPLETED
            if percent >= course.pass_percent
            else Enrolment.Status.NOT_COMPLETED
        )
        enrolment.save()
        if enrolment.status == Enrolment.Status.COMPLETED:
            Certificate.objects.create(
                municipality=municipality,
                trainer=trainer,
                domain=domain,
                title=course.title,
                issuer=municipality.name,
                issued_on=course.ends_on,
                expires_on=course.ends_on + dt.timedelta(days=730),
                status=Certificate.Status.VERIFIED,
                verified_at=timezone.now(),
                course=course,
            )
