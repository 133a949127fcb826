"""Demo sessions: a few weeks of lessons in the schools of three districts, each program taught
at schools of its grades and gender, on school days only (no Thursday, Friday, holiday or school
break); and public workshops for parents and adults at the districts' venues, open for
registration with seats left."""

import datetime as dt
import random
import uuid

import jdatetime
from django.utils import timezone

from hamafza.catalogue.models import Program
from hamafza.core import jalali
from hamafza.org.demo_names import FEMALE, LAST, MALE
from hamafza.org.models import School, Venue
from hamafza.plans.models import PlanLine, quarter_of
from hamafza.sessions.models import Holiday, Registration, Session
from hamafza.trainers.models import Trainer

# grades each school audience of the catalogue is for
GRADES = {
    Program.Audience.PRIMARY_LOWER: (1, 3),
    Program.Audience.PRIMARY_UPPER: (4, 6),
    Program.Audience.LOWER_SECONDARY: (7, 9),
    Program.Audience.UPPER_SECONDARY: (10, 12),
}
PUBLIC_AUDIENCES = (Program.Audience.PARENTS, Program.Audience.ADULTS)
THURSDAY, FRIDAY = 3, 4  # date.weekday()


def _trainers(municipality, program) -> list[Trainer]:
    return list(
        Trainer.objects.filter(
            municipality=municipality,
            trainer_domains__domain=program.domain,
            status=Trainer.Status.ACTIVE,
        ).order_by("pk")[:20]
    )


def in_school_term(day: dt.date) -> bool:
    """Classes run from 1 Mehr to mid-Khordad, except the Nowruz holidays (1–13 Farvardin)."""
    j = jdatetime.date.fromgregorian(date=day)
    if j.month in (4, 5, 6) or (j.month == 3 and j.day > 15):
        return False
    return not (j.month == 1 and j.day <= 13)


def school_days(municipality, today: dt.date, before: int, after: int) -> list[dt.date]:
    """`before` school days before today and `after` from today on, in order."""
    holidays = set(Holiday.objects.filter(municipality=municipality).values_list("date", flat=True))

    def is_school_day(day):
        return (
            day.weekday() not in (THURSDAY, FRIDAY) and day not in holidays and in_school_term(day)
        )

    past, future = [], []
    day = today - dt.timedelta(days=1)
    while len(past) < before and day > today - dt.timedelta(days=400):
        if is_school_day(day):
            past.insert(0, day)
        day -= dt.timedelta(days=1)
    day = today
    while len(future) < after and day < today + dt.timedelta(days=400):
        if is_school_day(day):
            future.append(day)
        day += dt.timedelta(days=1)
    return past + future


def _fits(program: Program, school: School) -> bool:
    low, high = GRADES[program.audience]
    if school.grade_to < low or school.grade_from > high:
        return False
    if program.gender == Program.Gender.BOYS:
        return school.gender == School.Gender.BOYS
    if program.gender == Program.Gender.GIRLS:
        return school.gender == School.Gender.GIRLS
    return True


def seed_sessions(municipality, rng: random.Random, count: int = 40) -> None:
    if Session.objects.filter(municipality=municipality, is_public=False).exists():
        return
    programs = list(
        Program.objects.filter(
            municipality=municipality,
            current_version__isnull=False,
            audience__in=list(GRADES),
        )
        .select_related("current_version", "domain")
        .order_by("code")
    )
    schools = list(
        School.objects.filter(municipality=municipality, district__number__in=[1, 6, 12])
        .select_related("district")
        .order_by("code")
    )
    taught = []  # (program, lessons, trainers, schools of its grades and gender)
    for program in programs:
        fitting = [s for s in schools if _fits(program, s)]
        lessons = list(program.current_version.lessons.all())
        trainers = _trainers(municipality, program)
        if fitting and lessons and trainers:
            taught.append((program, lessons, trainers, fitting))
    if not taught:
        return
    today = timezone.localdate()
    per_day = 4
    days = school_days(municipality, today, before=count // per_day // 2, after=count // per_day)
    for i in range(min(count, len(days) * per_day)):
        program, lessons, trainers, fitting = taught[i % len(taught)]
        school = fitting[(i // len(taught)) % len(fitting)]
        day = days[i // per_day]
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(8 + (i % per_day) * 2, 0)))
        low, high = GRADES[program.audience]
        grade = rng.randint(max(low, school.grade_from), min(high, school.grade_to))
        session = Session.objects.create(
            municipality=municipality,
            version=program.current_version,
            lesson=lessons[i % len(lessons)],
            domain=program.domain,
            district=school.district,
            school=school,
            class_label=f"{grade}/{rng.randint(1, 3)}",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=program.session_minutes),
            capacity=30,
            status=Session.Status.DELIVERED if day < today else Session.Status.PLANNED,
        )
        session.trainers.set([trainers[i % len(trainers)]])


def seed_public_sessions(municipality, rng: random.Random, count: int = 4) -> list[Session]:
    """Workshops for parents and adults at venues, in the evening over the next weeks, each on
    the public list with a few places taken and seats left."""
    if Session.objects.filter(municipality=municipality, is_public=True).exists():
        return []
    programs = list(
        Program.objects.filter(
            municipality=municipality,
            current_version__isnull=False,
            audience__in=PUBLIC_AUDIENCES,
        )
        .select_related("current_version", "domain")
        .order_by("code")
    )
    venues = list(
        Venue.objects.filter(municipality=municipality, district__number__in=[1, 6, 12])
        .exclude(kind=Venue.Kind.PARK)
        .select_related("district")
        .order_by("pk")
    )
    if not programs or not venues:
        return []
    holidays = set(Holiday.objects.filter(municipality=municipality).values_list("date", flat=True))
    today = timezone.localdate()
    made = []
    day = today + dt.timedelta(days=3)
    for i in range(count * len(programs)):
        if len(made) == count:
            break
        program = programs[i % len(programs)]
        lessons = list(program.current_version.lessons.all())
        trainers = _trainers(municipality, program)
        if not lessons or not trainers:
            continue
        while day.weekday() == FRIDAY or day in holidays:
            day += dt.timedelta(days=1)
        venue = venues[len(made) % len(venues)]
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 30)))
        capacity = min(venue.capacity or 30, 30)
        session = Session.objects.create(
            municipality=municipality,
            version=program.current_version,
            lesson=lessons[0],
            domain=program.domain,
            district=venue.district,
            venue=venue,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=program.session_minutes),
            capacity=capacity,
            is_public=True,
            status=Session.Status.CONFIRMED,
        )
        session.trainers.set([trainers[len(made) % len(trainers)]])
        taken = rng.randint(capacity // 4, capacity // 2)  # seats left for the demo visitor
        mobiles = set()
        for _ in range(taken):
            first = rng.choice(FEMALE if rng.random() < 0.6 else MALE)
            mobile = f"0912{rng.randint(1000000, 9999999)}"
            while mobile in mobiles:
                mobile = f"0912{rng.randint(1000000, 9999999)}"
            mobiles.add(mobile)
            Registration.objects.create(
                municipality=municipality,
                session=session,
                name=f"{first} {rng.choice(LAST)}",
                mobile=mobile,
                client_id=uuid.uuid4(),
                status=Registration.Status.CONFIRMED,
            )
        made.append(session)
        day += dt.timedelta(days=rng.randint(2, 5))
    return made


def link_sessions(municipality) -> int:
    """Point each demo session at the line of its district, domain and quarter."""
    lines = {
        (line.district_id, line.domain_id, line.district_plan.plan.year, line.quarter): line.pk
        for line in PlanLine.objects.filter(municipality=municipality)
        .select_related("district_plan__plan")
        .order_by("pk")
    }
    linked = 0
    for session in Session.objects.filter(municipality=municipality, plan_line__isnull=True):
        j = jalali.to_jalali(timezone.localtime(session.starts_at).date())
        pk = lines.get((session.district_id, session.domain_id, j.year, quarter_of(j.month)))
        if pk:
            Session.objects.filter(pk=session.pk).update(plan_line_id=pk)
            linked += 1
    return linked
