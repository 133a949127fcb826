"""Demo data: Tehran (22 districts) and Bumehen (one district). Only `seed_demo` calls this;
a production set-up never has these accounts."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hamafza.agreements import demo as agreements_demo
from hamafza.assessment import demo as assessment_demo
from hamafza.camps import demo as camps_demo
from hamafza.catalogue import demo as catalogue_demo
from hamafza.core.jalali import to_jalali
from hamafza.core.persian import to_persian_digits
from hamafza.core.scoping import Role
from hamafza.library import demo as library_demo
from hamafza.meetings import demo as meetings_demo
from hamafza.mentoring import demo as mentoring_demo
from hamafza.org.demo_names import LAST, first_names
from hamafza.org.models import (
    Agency,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    School,
    Venue,
)
from hamafza.plans import demo as plans_demo
from hamafza.questions import demo as questions_demo
from hamafza.sessions import demo as sessions_demo
from hamafza.sessions.holidays import seed_fixed_holidays
from hamafza.surveys import demo as surveys_demo
from hamafza.trainers import demo as trainers_demo
from hamafza.volunteering import demo as volunteering_demo

DEMO_PASSWORD = "hamafza-demo"  # noqa: S105 - demo data only, listed in README

# A few well-known neighbourhoods of each of Tehran's 22 districts.
TEHRAN_NEIGHBOURHOODS = {
    1: ["تجریش", "نیاوران", "دربند", "ازگل"],
    2: ["سعادت‌آباد", "شهرک غرب", "گیشا", "طرشت"],
    3: ["ونک", "ظفر", "امانیه", "داوودیه"],
    4: ["تهرانپارس", "نارمک", "مجیدیه", "شمیران‌نو"],
    5: ["پونک", "جنت‌آباد", "شهران", "اکباتان"],
    6: ["یوسف‌آباد", "امیرآباد", "فاطمی", "ایرانشهر"],
    7: ["سبلان", "نظام‌آباد", "قصر", "سهروردی"],
    8: ["تهرانپارس غربی", "وحیدیه", "مدائن"],
    9: ["استاد معین", "فتح", "شمشیری"],
    10: ["سلسبیل", "هفت چنار", "زنجان جنوبی"],
    11: ["جمهوری", "امیریه", "منیریه"],
    12: ["بازار", "پامنار", "سنگلج", "امامزاده یحیی"],
    13: ["پیروزی", "نیروی هوایی", "تهران‌نو"],
    14: ["خاوران", "مینابی", "شکوفه"],
    15: ["مسعودیه", "افسریه", "کیان‌شهر"],
    16: ["نازی‌آباد", "یاخچی‌آباد", "خزانه"],
    17: ["زمزم", "ابوذر", "جوادیه"],
    18: ["یافت‌آباد", "شادآباد", "تولید دارو"],
    19: ["نعمت‌آباد", "عبدل‌آباد", "اسفندیاری"],
    20: ["شهرری", "دولت‌آباد", "باقرشهر"],
    21: ["شهرک دانشگاه", "تهرانسر", "چیتگر"],
    22: ["شهرک گلستان", "چیتگر شمالی", "دریاچه"],
}
TEHRAN_AGENCIES = [
    ("اداره‌کل سلامت", "سلامت", Agency.Kind.HEALTH),
    ("اداره‌کل محیط‌زیست و توسعه پایدار", "محیط‌زیست", Agency.Kind.ENVIRONMENT),
    ("سازمان آتش‌نشانی و خدمات ایمنی", "آتش‌نشانی", Agency.Kind.SAFETY),
    ("سازمان مدیریت پسماند", "پسماند", Agency.Kind.WASTE),
    ("سازمان حمل‌ونقل و ترافیک", "ترافیک", Agency.Kind.TRAFFIC),
    ("سازمان خدمات اجتماعی", "خدمات اجتماعی", Agency.Kind.SOCIAL),
    ("سازمان پیشگیری و مدیریت بحران", "مدیریت بحران", Agency.Kind.CRISIS),
    ("اداره‌کل آموزش و پرورش شهر تهران", "آموزش و پرورش", Agency.Kind.EDUCATION),
]
SCHOOL_NAMES = [
    "شهید بهشتی",
    "فردوسی",
    "حافظ",
    "سعدی",
    "ابن‌سینا",
    "خوارزمی",
    "فارابی",
    "پروین اعتصامی",
    "علامه طباطبایی",
    "شهید مطهری",
    "امام رضا",
    "نیلوفر",
    "آزادگان",
    "شهید رجایی",
    "مولوی",
    "عطار",
    "رودکی",
    "نظامی",
    "خیام",
    "شهید چمران",
    "فرهنگ",
    "اندیشه",
    "کوثر",
    "سپیده",
    "ایثار",
    "شهید باهنر",
    "دانش",
    "معرفت",
    "شکوفه",
    "بهار",
    "رازی",
    "شیخ بهایی",
    "صبا",
]
STAGES = [
    ("دبستان", School.Stage.PRIMARY, 1, 6),
    ("دبیرستان دوره اول", School.Stage.LOWER_SECONDARY, 7, 9),
    ("دبیرستان دوره دوم", School.Stage.UPPER_SECONDARY, 10, 12),
]
# Named after women: not the name of a boys' school.
WOMEN_S_NAMES = {"پروین اعتصامی", "نیلوفر", "شکوفه", "کوثر"}
GENDER_WORD = {School.Gender.BOYS: "پسرانه", School.Gender.GIRLS: "دخترانه"}
VENUE_KINDS = [
    ("فرهنگسرای", Venue.Kind.CULTURAL_CENTRE),
    ("سرای محله", Venue.Kind.NEIGHBOURHOOD_HOUSE),
    ("کتابخانه", Venue.Kind.LIBRARY),
    ("بوستان", Venue.Kind.PARK),
]
# (username, role, municipality slug, unit kind, unit key, first, last, mobile)
DEMO_ACCOUNTS = [
    ("admin", Role.PLATFORM_ADMIN, "tehran", None, None, "مدیر", "سامانه", "09120000001"),
    ("tehran.directorate", Role.DIRECTORATE, "tehran", None, None, "مهدی", "امیری", "09120000002"),
    (
        "tehran.d6",
        Role.DISTRICT_COORDINATOR,
        "tehran",
        "district",
        6,
        "سارا",
        "کریمی",
        "09120000003",
    ),
    (
        "tehran.d12",
        Role.DISTRICT_COORDINATOR,
        "tehran",
        "district",
        12,
        "رضا",
        "نوری",
        "09120000004",
    ),
    (
        "tehran.health",
        Role.AGENCY_LIAISON,
        "tehran",
        "agency",
        Agency.Kind.HEALTH,
        "نرگس",
        "صادقی",
        "09120000005",
    ),
    ("tehran.school", Role.SCHOOL_CONTACT, "tehran", "school", 6, "فاطمه", "جعفری", "09120000006"),
    ("tehran.trainer", Role.TRAINER, "tehran", "district", 6, "علی", "رضایی", "09120000007"),
    ("tehran.volunteer", Role.VOLUNTEER, "tehran", None, None, "زهرا", "موسوی", "09120000008"),
    ("tehran.citizen", Role.CITIZEN, "tehran", None, None, "حسین", "حسینی", "09120000009"),
    (
        "bumehen.directorate",
        Role.DIRECTORATE,
        "bumehen",
        None,
        None,
        "مجتبی",
        "توکلی",
        "09120000010",
    ),
    (
        "bumehen.coordinator",
        Role.DISTRICT_COORDINATOR,
        "bumehen",
        "district",
        1,
        "مریم",
        "احمدی",
        "09120000011",
    ),
    (
        "bumehen.education",
        Role.AGENCY_LIAISON,
        "bumehen",
        "agency",
        Agency.Kind.EDUCATION,
        "محمد",
        "فروتن",
        "09120000012",
    ),
]


def _schools(municipality, districts, count, rng, code_prefix):
    made = 0
    existing = School.objects.filter(municipality=municipality).count()
    i = existing
    while made + existing < count:
        district = districts[i % len(districts)]
        word, stage, g_from, g_to = STAGES[i % len(STAGES)]
        gender = [School.Gender.BOYS, School.Gender.GIRLS][(i // 3) % 2]
        number = to_persian_digits(i // len(SCHOOL_NAMES) + 1)
        k = i * 7
        while gender == School.Gender.BOYS and SCHOOL_NAMES[k % len(SCHOOL_NAMES)] in WOMEN_S_NAMES:
            k += 1
        name = f"{word} {GENDER_WORD[gender]} {SCHOOL_NAMES[k % len(SCHOOL_NAMES)]} {number}"
        street = SCHOOL_NAMES[(i * 3) % len(SCHOOL_NAMES)]
        plate = to_persian_digits(rng.randint(1, 200))
        hoods = list(district.neighbourhoods.all())
        School.objects.get_or_create(
            municipality=municipality,
            code=f"{code_prefix}{i + 1:05d}",
            defaults={
                "district": district,
                "neighbourhood": hoods[i % len(hoods)] if hoods else None,
                "name": name,
                "stage": stage,
                "gender": gender,
                "ownership": School.Ownership.PUBLIC if i % 5 else School.Ownership.NON_GOVERNMENT,
                "grade_from": g_from,
                "grade_to": g_to,
                "address": f"{district.name}، خیابان {street}، پلاک {plate}",
                # a girls' school has a headmistress, a boys' school a headmaster
                "principal_name": f"{rng.choice(first_names(gender))} {rng.choice(LAST)}",
                "principal_mobile": f"0912{rng.randint(1000000, 9999999)}",
            },
        )
        made += 1
        i += 1


def _venues(municipality, districts):
    for district in districts:
        for j, hood in enumerate(district.neighbourhoods.all()[:2]):
            word, kind = VENUE_KINDS[(district.number + j) % len(VENUE_KINDS)]
            Venue.objects.get_or_create(
                municipality=municipality,
                district=district,
                name=f"{word} {hood.name}",
                defaults={"neighbourhood": hood, "kind": kind, "capacity": 40 + 20 * j},
            )


@transaction.atomic
def seed(scale: int = 1) -> dict:
    rng = random.Random(1403)  # noqa: S311 - deterministic demo data
    tehran, _ = Municipality.objects.get_or_create(
        slug="tehran", defaults={"name": "شهرداری تهران", "name_en": "Tehran Municipality"}
    )
    districts = []
    for number in range(1, 23):
        district, _ = District.objects.get_or_create(
            municipality=tehran,
            number=number,
            defaults={"name": f"منطقه {to_persian_digits(number)}"},
        )
        districts.append(district)
        for hood in TEHRAN_NEIGHBOURHOODS[number]:
            Neighbourhood.objects.get_or_create(municipality=tehran, district=district, name=hood)
    for name, short, kind in TEHRAN_AGENCIES:
        Agency.objects.get_or_create(
            municipality=tehran, name=name, defaults={"short_name": short, "kind": kind}
        )
    _schools(tehran, districts, 200 * scale, rng, "11")
    _venues(tehran, districts)

    bumehen, _ = Municipality.objects.get_or_create(
        slug="bumehen", defaults={"name": "شهرداری بومهن", "name_en": "Bumehen Municipality"}
    )
    b_district, _ = District.objects.get_or_create(
        municipality=bumehen, number=1, defaults={"name": "منطقه مرکزی بومهن"}
    )
    for hood in ["بلوار امام", "شهرک امید", "مهرآباد", "گلستان"]:
        Neighbourhood.objects.get_or_create(municipality=bumehen, district=b_district, name=hood)
    Agency.objects.get_or_create(
        municipality=bumehen,
        name="مدیریت آموزش و پرورش شهرستان پردیس",
        defaults={"short_name": "آموزش و پرورش پردیس", "kind": Agency.Kind.EDUCATION},
    )
    Agency.objects.get_or_create(
        municipality=bumehen,
        name="ایستگاه آتش‌نشانی بومهن",
        defaults={"short_name": "آتش‌نشانی", "kind": Agency.Kind.SAFETY},
    )
    _schools(bumehen, [b_district], 20 * scale, rng, "21")
    _venues(bumehen, [b_district])
    _accounts()
    _seed_capabilities(tehran, bumehen, rng, scale)
    return {
        "municipalities": Municipality.objects.count(),
        "districts": District.objects.count(),
        "schools": School.objects.count(),
    }


def _seed_capabilities(tehran, bumehen, rng, scale):
    """Demo data of the capabilities built on the organisation (imported here, not at the top:
    org sits below them)."""
    this_year = to_jalali(timezone.localdate()).year

    for municipality, trainers, username, camp_district, camp_for in (
        (tehran, 300 * scale, "tehran.trainer", 6, "girls"),
        (bumehen, 20 * scale, None, 1, "boys"),
    ):
        domains = catalogue_demo.seed_domains(municipality)
        if hasattr(catalogue_demo, "seed_programs"):
            catalogue_demo.seed_programs(municipality)
        trainers_demo.seed_ladder(municipality, domains)
        trainers_demo.seed_trainers(municipality, trainers, rng, trainer_username=username)
        trainers_demo.seed_course(municipality, rng)
        for jyear in (this_year, this_year + 1):
            seed_fixed_holidays(municipality, jyear)
        sessions_demo.seed_sessions(municipality, rng)
        sessions_demo.seed_public_sessions(municipality, rng)
        plans_demo.seed_plan(municipality, rng)
        sessions_demo.link_sessions(municipality)
        meetings_demo.seed_meetings(municipality)
        camps_demo.seed_camps(municipality, rng, camp_district, upcoming_for=camp_for)
        agreements_demo.seed_agreements(municipality)  # after the camps: held ones are evidence
    surveys_demo.seed_surveys(tehran, rng)
    assessment_demo.seed_tests(tehran, rng)
    assessment_demo.seed_rubric(tehran, rng)
    library_demo.seed_library(tehran, rng)
    mentoring_demo.seed_mentoring(tehran, rng)
    volunteering_demo.seed_volunteering(tehran, rng)
    questions_demo.seed_questions(tehran, rng)
    from hamafza.monitoring.rollups import rebuild  # the demo links sessions by bulk update

    rebuild()


def _unit(municipality, kind, key):
    if kind == "district":
        return {"district": District.objects.get(municipality=municipality, number=key)}
    if kind == "agency":
        return {"agency": Agency.objects.filter(municipality=municipality, kind=key).first()}
    if kind == "school":
        return {
            "school": School.objects.filter(municipality=municipality, district__number=key)
            .order_by("code")
            .first()
        }
    return {}


def _accounts():
    User = get_user_model()
    for username, role, slug, kind, key, first, last, mobile in DEMO_ACCOUNTS:
        municipality = Municipality.objects.get(slug=slug)
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "mobile": mobile}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.PLATFORM_ADMIN:
                user.is_superuser = user.is_staff = True
            user.save()
        if role != Role.PLATFORM_ADMIN:
            Membership.objects.get_or_create(
                user=user,
                municipality=municipality,
                role=role,
                defaults=_unit(municipality, kind, key),
            )


def accounts_listing() -> list[dict]:
    """The demo accounts as README and `demo_accounts --json` show them."""
    out = []
    User = get_user_model()
    for username, role, slug, _kind, _key, *_ in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        scope = {"municipality": slug}
        membership = user.memberships.select_related("district", "agency", "school").first()
        if membership:
            if membership.district:
                scope["district"] = membership.district.number
            if membership.agency:
                scope["agency"] = membership.agency.name
            if membership.school:
                scope["school"] = membership.school.name
        out.append(
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "role": str(role.value),
                "scope": scope,
                "mobile": user.mobile,
            }
        )
    return out
