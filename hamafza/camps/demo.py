"""Demo camps for Tehran's district 6: one coming up (participants with and without consent,
staff, a programme of sessions at a venue of the district) and one held last month."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from hamafza.camps.models import Camp, CampParticipant, CampSession, CampStaff
from hamafza.catalogue.models import Program
from hamafza.org.models import District, School, Venue
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer

GIRLS = ["مریم", "زهرا", "فاطمه", "سارا", "نرگس", "ریحانه", "کوثر", "الهام", "نازنین", "هانیه"]
BOYS = ["علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "سعید", "حمید", "پارسا", "عرفان"]
LAST = ["احمدی", "کریمی", "رضایی", "موسوی", "حسینی", "جعفری", "صادقی", "نوری", "امیری", "توکلی"]
METHODS = list(CampParticipant.ConsentMethod.values)


def _participants(camp, schools, rng, count, recorder, *, held: bool) -> None:
    used = set()
    for i in range(count):
        school = schools[i % len(schools)]
        if school.gender == School.Gender.GIRLS:
            gender = CampParticipant.Gender.GIRL
        elif school.gender == School.Gender.BOYS:
            gender = CampParticipant.Gender.BOY
        else:
            gender = rng.choice(CampParticipant.Gender.values)
        first, last = "", ""
        while not first or (first, last) in used:
            first = rng.choice(GIRLS if gender == CampParticipant.Gender.GIRL else BOYS)
            last = rng.choice(LAST)
        used.add((first, last))
        low, high = max(camp.grade_from, school.grade_from), min(camp.grade_to, school.grade_to)
        consent = held or i % 4 != 3  # a few guardians have not answered yet
        status = CampParticipant.Status.REGISTERED
        if consent:
            status = CampParticipant.Status.ATTENDED if held else CampParticipant.Status.GOING
            if not held and i % 5 == 4:
                status = CampParticipant.Status.REGISTERED
        if not held and i == count - 1:
            status = CampParticipant.Status.WITHDRAWN
        CampParticipant.objects.create(
            municipality=camp.municipality,
            camp=camp,
            full_name=f"{first} {last}",
            school=school,
            grade=rng.randint(low, high) if low <= high else camp.grade_from,
            gender=gender,
            guardian_name=f"{rng.choice(BOYS)} {last}",
            guardian_mobile=f"0912{rng.randint(1000000, 9999999)}",
            notes="حساسیت به بادام‌زمینی" if i == 2 else "",
            status=status,
            consent_given_at=timezone.now() - dt.timedelta(days=rng.randint(1, 6))
            if consent
            else None,
            consent_method=METHODS[i % len(METHODS)] if consent else "",
            consent_recorded_by=recorder if consent else None,
        )


def _programme(camp, venue, trainers) -> None:
    programs = list(
        Program.objects.filter(
            municipality=camp.municipality, current_version__isnull=False
        ).select_related("current_version", "domain")[:6]
    )
    if not programs or not trainers:
        return
    for day in range(camp.days):
        for slot, hour in enumerate((9, 15)):
            program = programs[(day * 2 + slot) % len(programs)]
            lessons = list(program.current_version.lessons.all())
            if not lessons:
                continue
            start = timezone.make_aware(
                dt.datetime.combine(camp.start_date + dt.timedelta(days=day), dt.time(hour))
            )
            session = Session.objects.create(
                municipality=camp.municipality,
                version=program.current_version,
                lesson=lessons[day % len(lessons)],
                domain=program.domain,
                district=camp.district,
                venue=venue,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=program.session_minutes or 60),
                capacity=camp.capacity,
            )
            session.trainers.set([trainers[(day + slot) % len(trainers)]])
            CampSession.objects.create(municipality=camp.municipality, camp=camp, session=session)


def seed_camps(municipality, rng: random.Random) -> None:
    if Camp.objects.filter(municipality=municipality).exists():
        return
    district = District.objects.filter(municipality=municipality, number=6).first()
    if district is None:
        return
    schools = list(
        School.objects.filter(district=district, grade_to__gte=7).order_by("code")[:4]
    ) or list(School.objects.filter(district=district).order_by("code")[:4])
    if not schools:
        return
    User = get_user_model()
    recorder = User.objects.filter(username="tehran.d6").first()
    venue = Venue.objects.filter(district=district).order_by("pk").first()
    own = Trainer.objects.filter(municipality=municipality, user__username="tehran.trainer").first()
    pool = Trainer.objects.filter(
        municipality=municipality, home_district=district, status=Trainer.Status.ACTIVE
    ).order_by("pk")
    if own is not None:
        pool = pool.exclude(pk=own.pk)
    trainers = ([own] if own else []) + list(pool[:3])
    volunteer = User.objects.filter(username="tehran.volunteer").first()
    today = timezone.localdate()
    grade_from = min(max(s.grade_from, 1) for s in schools)
    grade_to = max(s.grade_to for s in schools)

    upcoming = Camp.objects.create(
        municipality=municipality,
        district=district,
        title="اردوی جهادی تابستانه دانش‌آموزان منطقه ۶",
        venue=venue,
        place="" if venue else "اردوگاه شهید باهنر، لواسان",
        start_date=today + dt.timedelta(days=12),
        end_date=today + dt.timedelta(days=15),
        capacity=40,
        grade_from=grade_from,
        grade_to=grade_to,
        audience=Camp.Audience.MIXED,
        status=Camp.Status.OPEN,
        description=(
            "چهار روز کار داوطلبانه و آموزش شهروندی: پاک‌سازی بوستان محله، کارگاه ایمنی و "
            "آتش‌نشانی، آموزش تفکیک پسماند و یک شب برنامه فرهنگی با خانواده‌ها."
        ),
    )
    _participants(upcoming, schools, rng, 14, recorder, held=False)
    roles = [CampStaff.Role.LEADER, CampStaff.Role.TRAINER, CampStaff.Role.MEDIC]
    for trainer, role in zip(trainers, roles, strict=False):
        CampStaff.objects.create(
            municipality=municipality, camp=upcoming, trainer=trainer, role=role
        )
    if volunteer is not None:
        CampStaff.objects.create(
            municipality=municipality,
            camp=upcoming,
            user=volunteer,
            role=CampStaff.Role.VOLUNTEER,
        )
    if venue is not None:
        _programme(upcoming, venue, trainers)

    past = Camp.objects.create(
        municipality=municipality,
        district=district,
        title="اردوی جهادی نوروزی",
        place="اردوگاه شهید باهنر، لواسان",
        start_date=today - dt.timedelta(days=40),
        end_date=today - dt.timedelta(days=38),
        capacity=20,
        grade_from=grade_from,
        grade_to=grade_to,
        audience=Camp.Audience.MIXED,
        status=Camp.Status.HELD,
        description="سه روز کاشت نهال و پاک‌سازی طبیعت با همکاری اداره‌کل محیط‌زیست.",
    )
    _participants(past, schools, rng, 8, recorder, held=True)
    for trainer, role in zip(trainers[:2], roles, strict=False):
        CampStaff.objects.create(municipality=municipality, camp=past, trainer=trainer, role=role)
