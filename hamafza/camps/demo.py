"""Demo camps of one district: one coming up (participants with and without consent, staff, a
programme of sessions at a venue of the district) and one held in the last school break.
Student volunteer camps run when schools are closed: in the Nowruz holidays or in the summer
(Tir–Mordad); each camp is for girls or for boys, from schools of its gender, with staff of its
gender."""

import datetime as dt
import random

import jdatetime
from django.contrib.auth import get_user_model
from django.utils import timezone

from hamafza.camps.models import Camp, CampParticipant, CampSession, CampStaff
from hamafza.catalogue.models import Program
from hamafza.core.persian import to_persian_digits
from hamafza.org.demo_names import BOYS, GIRLS, LAST, MALE
from hamafza.org.models import District, School, Venue
from hamafza.sessions.demo import GRADES
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer

METHODS = list(CampParticipant.ConsentMethod.values)
# season: (name in the title, Jalali month and day of the first day, number of days, what is done)
SEASONS = {
    "nowruz": (
        "نوروزی",
        1,
        5,
        4,
        "چهار روز در تعطیلات نوروز: کاشت نهال، پاک‌سازی طبیعت پیش از روز طبیعت، کارگاه ایمنی و "
        "آتش‌نشانی، آموزش تفکیک پسماند و یک شب برنامه فرهنگی با خانواده‌ها.",
    ),
    "summer": (
        "تابستانه",
        4,
        20,
        4,
        "چهار روز کار داوطلبانه در تعطیلات تابستان: رنگ‌آمیزی کلاس‌های یک مدرسه کم‌برخوردار، "
        "پاک‌سازی بوستان محله، کارگاه کمک‌های اولیه و یک شب برنامه فرهنگی با خانواده‌ها.",
    ),
}
# where a camp away from the district's venues is held
PLACES = {"tehran": "اردوگاه شهید باهنر، نیاوران"}
# the demo accounts of a municipality: who records consent, the demo trainer, the volunteer
ACCOUNTS = {
    "tehran": ("tehran.d6", "tehran.trainer", "tehran.volunteer"),
    "bumehen": ("bumehen.coordinator", None, None),
}


def camp_windows(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The camp seasons around today, in order: (season, first day, last day)."""
    year = jdatetime.date.fromgregorian(date=today).year
    out = []
    for jyear in (year - 1, year, year + 1):
        for season, (_name, month, day, days, _text) in SEASONS.items():
            start = jdatetime.date(jyear, month, day).togregorian()
            out.append((season, start, start + dt.timedelta(days=days - 1)))
    return sorted(out, key=lambda w: w[1])


def in_camp_season(start: dt.date, end: dt.date) -> bool:
    """A camp's days fall in the summer (Tir–Mordad) or in the Nowruz holidays (1–13 Farvardin)."""
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    for day in days:
        j = jdatetime.date.fromgregorian(date=day)
        if not (j.month in (4, 5) or (j.month == 1 and j.day <= 13)):
            return False
    return True


def _participants(camp, schools, rng, count, recorder, *, held: bool) -> None:
    girls = camp.audience == Camp.Audience.GIRLS
    gender = CampParticipant.Gender.GIRL if girls else CampParticipant.Gender.BOY
    used = set()
    for i in range(count):
        school = schools[i % len(schools)]
        first, last = "", ""
        while not first or (first, last) in used:
            first = rng.choice(GIRLS if girls else BOYS)
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
        if held:  # consent came in the weeks before the camp
            day = camp.start_date - dt.timedelta(days=rng.randint(3, 20))
            consent_at = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 19))))
        else:
            consent_at = timezone.now() - dt.timedelta(days=rng.randint(1, 6))
        CampParticipant.objects.create(
            municipality=camp.municipality,
            camp=camp,
            full_name=f"{first} {last}",
            school=school,
            grade=rng.randint(low, high) if low <= high else camp.grade_from,
            gender=gender,
            guardian_name=f"{rng.choice(MALE)} {last}",  # the father, by the family name
            guardian_mobile=f"0912{rng.randint(1000000, 9999999)}",
            notes="حساسیت به بادام‌زمینی" if i == 2 else "",
            status=status,
            consent_given_at=consent_at if consent else None,
            consent_method=METHODS[i % len(METHODS)] if consent else "",
            consent_recorded_by=recorder if consent else None,
        )


def _suits(program: Program, camp: Camp) -> bool:
    """A program for the camp's grades (or, for the last grades, one for adults) and gender."""
    barred = Program.Gender.BOYS if camp.audience == Camp.Audience.GIRLS else Program.Gender.GIRLS
    if program.gender == barred:
        return False
    if program.audience == Program.Audience.ADULTS:
        return camp.grade_to >= 10
    low, high = GRADES.get(program.audience, (0, -1))
    return low <= camp.grade_to and high >= camp.grade_from


def _programme(camp, venue, trainers) -> None:
    programs = [
        p
        for p in Program.objects.filter(
            municipality=camp.municipality, current_version__isnull=False
        )
        .select_related("current_version", "domain")
        .order_by("code")
        if _suits(p, camp)
    ][:6]
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


def _staff(camp, trainers, roles) -> None:
    for trainer, role in zip(trainers, roles, strict=False):
        CampStaff.objects.create(
            municipality=camp.municipality, camp=camp, trainer=trainer, role=role
        )


def seed_camps(
    municipality, rng: random.Random, district_number: int = 6, upcoming_for: str = "girls"
) -> list[Camp]:
    """Two camps of the district: the next one (for ``upcoming_for``: "girls" or "boys"), open
    for registration, and the last one (for the other gender), held."""
    if Camp.objects.filter(municipality=municipality).exists():
        return []
    district = District.objects.filter(municipality=municipality, number=district_number).first()
    if district is None:
        return []
    User = get_user_model()
    recorder_name, own_name, volunteer_name = ACCOUNTS.get(municipality.slug, (None, None, None))
    recorder = User.objects.filter(username=recorder_name).first() if recorder_name else None
    volunteer = User.objects.filter(username=volunteer_name).first() if volunteer_name else None
    own = (
        Trainer.objects.filter(municipality=municipality, user__username=own_name).first()
        if own_name
        else None
    )
    venue = Venue.objects.filter(district=district).order_by("pk").first()
    label = (
        f"منطقه {to_persian_digits(district.number)}"
        if municipality.slug == "tehran"
        else municipality.name.removeprefix("شهرداری ").strip()
    )
    today = timezone.localdate()
    windows = camp_windows(today)
    upcoming_window = next(w for w in windows if w[1] > today + dt.timedelta(days=7))
    past_window = [w for w in windows if w[2] < today][-1]
    other = "boys" if upcoming_for == "girls" else "girls"
    roles = [CampStaff.Role.LEADER, CampStaff.Role.TRAINER, CampStaff.Role.MEDIC]
    made = []
    for (season, start, end), audience, held in (
        (upcoming_window, upcoming_for, False),
        (past_window, other, True),
    ):
        school_gender = School.Gender.GIRLS if audience == "girls" else School.Gender.BOYS
        schools = list(
            School.objects.filter(
                district=district, gender=school_gender, grade_to__gte=7
            ).order_by("code")[:4]
        )
        if not schools:
            continue
        trainer_gender = Trainer.Gender.FEMALE if audience == "girls" else Trainer.Gender.MALE
        pool = Trainer.objects.filter(
            municipality=municipality,
            home_district=district,
            status=Trainer.Status.ACTIVE,
            gender=trainer_gender,
        ).order_by("pk")
        mine = own is not None and own.gender == trainer_gender
        if own is not None:
            pool = pool.exclude(pk=own.pk)
        trainers = ([own] if mine else []) + list(pool[:3])
        name, _m, _d, _days, text = SEASONS[season]
        word = "دختر" if audience == "girls" else "پسر"
        place = PLACES.get(municipality.slug, "") if held else ""
        if not place and venue is None:
            continue
        camp = Camp.objects.create(
            municipality=municipality,
            district=district,
            title=f"اردوی جهادی {name} دانش‌آموزان {word} {label}",
            venue=None if place else venue,
            place=place,
            start_date=start,
            end_date=end,
            capacity=20 if held else 40,
            grade_from=min(max(s.grade_from, 1) for s in schools),
            grade_to=max(s.grade_to for s in schools),
            audience=audience,
            status=Camp.Status.HELD if held else Camp.Status.OPEN,
            description=text,
        )
        _participants(camp, schools, rng, 8 if held else 14, recorder, held=held)
        _staff(camp, trainers[:2] if held else trainers, roles)
        if volunteer is not None and not held and audience == "girls":
            # the demo volunteer (a woman) helps at the girls' camp
            CampStaff.objects.create(
                municipality=municipality, camp=camp, user=volunteer, role=CampStaff.Role.VOLUNTEER
            )
        if not held and venue is not None:
            _programme(camp, venue, trainers)
        made.append(camp)
    return made
