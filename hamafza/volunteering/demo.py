"""Demo data of volunteering (early Azar 1405 as the demo's "today", dates taken from today):
three published opportunities of district 6 of Tehran — a neighbourhood clean-up of the waste
week (students welcome), helpers of the coming winter camp (adult women with first aid, like the
camp) and a school earthquake drill of crisis management with two places only — adult volunteers
with Persian names matching their genders, students of the district's schools (minors with their
guardians), and a few sign-ups with a waitlist. The demo volunteer account (``tehran.volunteer``,
زهرا موسوی) is linked to her record, so her home page shows her next shift. Only ``org.demo``
calls this."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from hamafza.camps.models import Camp
from hamafza.catalogue.models import Domain
from hamafza.org.models import District, School
from hamafza.volunteering.models import Opportunity, Shift, Signup, Skill, Volunteer

ADULTS = [
    # name, gender, birth year (Jalali), skills
    ("زهرا موسوی", "female", 1376, [Skill.FIRST_AID, Skill.TEACHING]),
    ("مریم قاسمی", "female", 1369, [Skill.FIRST_AID, Skill.LOGISTICS]),
    ("حمید رضوانی", "male", 1365, [Skill.CRISIS, Skill.LOGISTICS]),
    ("نرگس فراهانی", "female", 1380, [Skill.MEDIA, Skill.ARTS]),
    ("امیرحسین کاظمی", "male", 1382, [Skill.SPORTS, Skill.ENVIRONMENT]),
    ("الهام شریفی", "female", 1372, [Skill.TEACHING, Skill.CRISIS]),
    ("سعید نیک‌نام", "male", 1362, [Skill.LOGISTICS, Skill.FIRST_AID]),
]
STUDENTS = {
    # the school's gender → (name, gender, birth year, grade, guardian, guardian's mobile)
    "boys": [
        ("آرمان یوسفی", "male", 1390, 9, "رضا یوسفی", "09121234501"),
        ("محمدطاها نوروزی", "male", 1391, 8, "علی نوروزی", "09121234502"),
    ],
    "girls": [
        ("ریحانه اکبری", "female", 1389, 10, "زهره اکبری", "09121234503"),
        ("فاطمه‌زهرا حیدری", "female", 1390, 9, "مهدی حیدری", "09121234504"),
    ],
}


def _next_friday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)


def _shift(opportunity, day, starts, ends, place, needed, role):
    return Shift.objects.create(
        municipality=opportunity.municipality, opportunity=opportunity, date=day,
        starts=dt.time(*starts), ends=dt.time(*ends), place=place, needed=needed, role_name=role,
    )  # fmt: skip


def seed_volunteering(municipality, rng: random.Random, district_number: int = 6) -> None:
    if Opportunity.objects.filter(municipality=municipality).exists():
        return
    district = District.objects.filter(municipality=municipality, number=district_number).first()
    if district is None:
        return
    today = timezone.localdate()
    now = timezone.now()
    domains = {d.code: d for d in Domain.objects.filter(municipality=municipality)}
    coordinator = get_user_model().objects.filter(username="tehran.d6").first()
    demo_user = get_user_model().objects.filter(username="tehran.volunteer").first()

    people = []
    for i, (name, gender, year, skills) in enumerate(ADULTS):
        people.append(
            Volunteer.objects.create(
                municipality=municipality,
                name=name,
                gender=gender,
                birth_year=year,
                mobile=f"0912{rng.randint(1000000, 9999999)}",
                skills=sorted(skills),
                availability="جمعه‌ها و عصرهای پنج‌شنبه" if i % 2 else "صبح‌های روزهای کاری",
                home_district=district,
                user=demo_user if i == 0 else None,
                added_by=coordinator,
            )  # fmt: skip
        )
    students = []
    for school in School.objects.filter(district=district).order_by("pk")[:4]:
        for name, gender, year, grade, guardian, mobile in STUDENTS.get(school.gender, [])[:1]:
            students.append(
                Volunteer.objects.create(
                    municipality=municipality,
                    name=name,
                    gender=gender,
                    birth_year=year,
                    is_minor=True,
                    school=school,
                    grade=grade,
                    guardian_name=guardian,
                    guardian_mobile=mobile,
                    skills=[Skill.ENVIRONMENT],
                    home_district=district,
                )  # fmt: skip
            )

    def publish(**fields):
        return Opportunity.objects.create(
            municipality=municipality, district=district, status=Opportunity.Status.PUBLISHED,
            published_at=now, created_by=coordinator, **fields,
        )  # fmt: skip

    friday = _next_friday(today)
    cleanup = publish(
        title="پاکسازی محلهٔ یوسف‌آباد در هفتهٔ کاهش پسماند",
        description="جمع‌آوری پسماند از بوستان و کوچه‌های محله و ایستگاه آموزش تفکیک از مبدأ برای "
        "همسایه‌ها. دستکش و کیسه را سرای محله می‌دهد؛ لباس راحت و بطری آب همراه بیاورید.",
        domain=domains.get("waste"), kind=Opportunity.Kind.CAMPAIGN, minors_allowed=True,
    )  # fmt: skip
    gather = _shift(cleanup, friday, (8, 0), (11, 0), "بوستان شفق", 12, "گروه جمع‌آوری")
    _shift(cleanup, friday, (11, 0), (13, 0), "ایستگاه تفکیک، سرای محلهٔ یوسف‌آباد", 4, "آموزش تفکیک")

    camp = (
        Camp.objects.filter(municipality=municipality, district=district, start_date__gt=today)
        .order_by("start_date")
        .first()
    )
    if camp is not None:
        helpers = publish(
            title=f"یاری‌رسان {camp.title}",
            description="همراهی مربیان اردو در برنامه‌های روزانه، امدادرسانی و تدارکات.",
            kind=Opportunity.Kind.CAMP, camp=camp, min_age=18,
            gender={"girls": "female", "boys": "male"}.get(camp.audience, ""),
            skills=[Skill.FIRST_AID], certificate="گواهی کمک‌های اولیهٔ هلال احمر",
        )  # fmt: skip
        first = _shift(
            helpers, camp.start_date, (8, 0), (14, 0), camp.place or "محل اردو", 3, "امدادگر اردو"
        )  # noqa: E501
        _shift(
            helpers,
            camp.start_date,
            (14, 0),
            (20, 0),
            camp.place or "محل اردو",
            2,
            "پشتیبانی و تدارکات",
        )  # noqa: E501
        if helpers.gender == "female":
            Signup.objects.create(
                municipality=municipality, shift=first, volunteer=people[1],
                status=Signup.Status.CONFIRMED, signed_up_by=coordinator,
            )  # fmt: skip

    drill = publish(
        title="رزمایش زلزله و ایمنی در مدارس منطقه ۶",
        description="همراهی تیم مدیریت بحران در رزمایش سراسری: راهنمایی دانش‌آموزان به نقطهٔ امن "
        "و ثبت زمان تخلیهٔ کلاس‌ها.",
        domain=domains.get("crisis"), kind=Opportunity.Kind.EVENT, min_age=18,
        skills=[Skill.CRISIS],
    )  # fmt: skip
    drill_shift = _shift(
        drill,
        today + dt.timedelta(days=9),
        (9, 0),
        (12, 0),
        "حیاط مدارس منطقه ۶",
        2,
        "راهنمای تخلیه",
    )

    def sign(shift, volunteer, status):
        Signup.objects.create(
            municipality=municipality, shift=shift, volunteer=volunteer, status=status,
            signed_up_by=volunteer.user or coordinator,
        )  # fmt: skip

    sign(gather, people[0], Signup.Status.CONFIRMED)  # the demo volunteer's next shift
    sign(gather, people[4], Signup.Status.CONFIRMED)
    for student in students[:2]:
        sign(gather, student, Signup.Status.PENDING_CONSENT)
    sign(drill_shift, people[2], Signup.Status.CONFIRMED)
    sign(drill_shift, people[5], Signup.Status.CONFIRMED)
    sign(drill_shift, people[0], Signup.Status.WAITLISTED)  # full: she waits first in line
