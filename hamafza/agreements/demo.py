"""Demo agreements. Tehran: the memorandum of understanding between the municipality and the
education department for this Jalali year, its clauses (after the Bumehen–Pardis memorandum) and
commitments linked to a demo program, a plan line and the joint committee's meetings, so progress
shows real numbers. Bumehen: its own memorandum with the Pardis county education department,
signed on 17 Dey 1401 (7 January 2023), with the clauses announced then, renewed for the term that
runs today."""

import datetime as dt

import jdatetime
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from hamafza.agreements.models import Agreement, Clause, Commitment, Evidence, Party
from hamafza.agreements.services import agreement_renew
from hamafza.camps.models import Camp
from hamafza.catalogue.models import Program
from hamafza.core import jalali
from hamafza.core.persian import to_persian_digits
from hamafza.core.scoping import Role, Scope
from hamafza.meetings.models import MeetingSeries
from hamafza.org.models import Agency
from hamafza.plans.models import PlanLine
from hamafza.sessions.models import Session

TITLE = "تفاهم‌نامه همکاری شهرداری و آموزش و پرورش در آموزش شهروندی"
CLAUSES = [
    "گسترش فرهنگ شهروندی و توسعه آموزش‌های مهارتی در مدارس شهر، با استفاده از ظرفیت‌های "
    "موجود فی‌مابین و هم‌افزایی در اجرای برنامه‌های فرهنگی اجتماعی.",
    "دستیابی به نقشه راه مشترک، برنامه‌ریزی واحد و مدیریت متمرکز اجرای طرح‌های فرهنگی اجتماعی "
    "در مدارس مناطق.",
    "برگزاری نشست‌های مستمر، برنامه‌ریزی مشترک و رصد اجرای صحیح برنامه‌ها.",
    "آموزش و ترویج اردوهای جهادی برای دانش‌آموزان و حمایت و پشتیبانی از طرح‌های فرهنگی در شهر.",
]

# Bumehen: the memorandum of 17 Dey 1401 between the Bumehen municipality and the Pardis county
# education department (آموزش و پرورش شهرستان پردیس), from the municipality's announcement.
BUMEHEN_SIGNED = jdatetime.date(1401, 10, 17)
BUMEHEN_NUMBER = "۱۴۰۱/ت/۳"
BUMEHEN_YEARS = 3  # the term of the memorandum and of each renewal
BUMEHEN_TITLE = "تفاهم‌نامه همکاری شهرداری بومهن و مدیریت آموزش و پرورش شهرستان پردیس"
BUMEHEN_CLAUSES = [
    "استفاده از ظرفیت‌های موجود فی‌مابین و هم‌افزایی در اجرای برنامه‌های فرهنگی اجتماعی، گسترش "
    "فرهنگ شهروندی و توسعه آموزش‌های مهارتی در مدارس بومهن.",
    "دستیابی به نقشه راه مشترک، برنامه‌ریزی واحد و مدیریت متمرکز اجرای طرح‌های فرهنگی اجتماعی "
    "در مدارس منطقه.",
    "آموزش مهارت‌ها و فرهنگ شهروندی به دانش‌آموزان، تا از سنین کم شیوه صحیح زندگی شهری را "
    "فرا بگیرند.",
    "آموزش و ترویج اردوهای جهادی دانش‌آموزی برای افزایش انسجام اجتماعی و حس تعلق شهروندان به شهر.",
    "برگزاری نشست‌های مستمر و برنامه‌ریزی مشترک.",
    "رصد اجرای صحیح برنامه‌ها و حمایت و پشتیبانی از طرح‌های فرهنگی در شهر.",
]


@transaction.atomic
def _parties_and_clauses(municipality, agreement, education, texts):
    """The municipality as the first party, the education department as the second, and the
    clauses in order."""
    city = Party.objects.create(
        municipality=municipality, agreement=agreement, kind="municipality", role="طرف اول"
    )
    school = Party.objects.create(
        municipality=municipality, agreement=agreement, kind="agency", agency=education,
        role="طرف دوم",
    )  # fmt: skip
    clauses = [
        Clause.objects.create(municipality=municipality, agreement=agreement, number=i, text=t)
        for i, t in enumerate(texts, start=1)
    ]
    return city, school, clauses


def seed_agreements(municipality) -> Agreement | None:
    """The demo agreement of a municipality (Bumehen: its own memorandum, see
    ``seed_bumehen``); None when it is already there."""
    if municipality.slug == "bumehen":
        return seed_bumehen(municipality)
    if Agreement.objects.filter(municipality=municipality).exists():
        return None
    education = Agency.objects.filter(municipality=municipality, kind="education").first()
    if education is None:
        return None
    busiest = (
        Session.objects.filter(municipality=municipality, status="delivered")
        .values("version__program_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "version__program_id")
        .first()
    )
    program = (
        Program.objects.filter(pk=busiest["version__program_id"]).first()
        if busiest
        else Program.objects.filter(municipality=municipality).order_by("pk").first()
    )
    line = (
        PlanLine.objects.filter(municipality=municipality)
        .annotate(n=Count("delivered_by", filter=Q(delivered_by__status="delivered")))
        .order_by("-n", "pk")
        .first()
    )
    year = jalali.to_jalali(timezone.localdate()).year
    starts, ends = jalali.jalali_year_bounds(year)
    agreement = Agreement.objects.create(
        municipality=municipality,
        title=TITLE,
        number=to_persian_digits(f"{year}/ت/۱۲"),
        signed_on=starts - dt.timedelta(days=10),
        starts_on=starts,
        ends_on=ends,
        status=Agreement.Status.ACTIVE,
    )
    city, school, clauses = _parties_and_clauses(municipality, agreement, education, CLAUSES)

    def commit(clause, party, text, **kwargs):
        return Commitment.objects.create(
            municipality=municipality, agreement=agreement, clause=clause, party=party,
            description=text, **kwargs,
        )  # fmt: skip

    if program is not None:
        commit(
            clauses[0], city, f"اجرای جلسات آموزشی «{program.title}» در مدارس",
            target_kind="program", program=program, target_count=30,
        )  # fmt: skip
    if line is not None:
        commit(
            clauses[1], school, "هماهنگی مدارس برای جلسات سهم برنامه مشترک منطقه",
            target_kind="plan_line", plan_line=line, target_count=max(line.sessions, 1),
        )  # fmt: skip
    series = MeetingSeries.objects.filter(municipality=municipality, district__isnull=True).first()
    meeting = commit(
        clauses[2], school, "برگزاری نشست مشترک ماهانه با معاونت فرهنگی شهرداری",
        target_count=1, recurrence="monthly",
        **({"target_kind": "meetings", "meeting_series": series} if series else
           {"target_kind": "manual"}),
    )  # fmt: skip
    commit(
        clauses[3], city, "برگزاری دو اردوی جهادی دانش‌آموزی",
        target_kind="manual", target_count=2, due_on=ends - dt.timedelta(days=60),
    )  # fmt: skip
    today = timezone.localdate()
    month = 1
    while month <= 12 and series is None:
        day = jdatetime.date(year, month, 10).togregorian()
        if day >= today - dt.timedelta(days=35):
            break
        Evidence.objects.create(
            municipality=municipality, commitment=meeting, done_on=day,
            description=f"صورت‌جلسه نشست مشترک {jalali.MONTHS_FA[month - 1]}",
        )  # fmt: skip
        month += 1
    return agreement


def _jalali_date(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def _bumehen_commitments(agreement, city, school, clauses, *, program, series) -> None:
    municipality = agreement.municipality

    def commit(clause, party, text, **kwargs):
        return Commitment.objects.create(
            municipality=municipality, agreement=agreement, clause=clauses[clause - 1],
            party=party, description=text, **kwargs,
        )  # fmt: skip

    commit(
        1, school, "در اختیار گذاشتن ظرفیت مدارس بومهن و هماهنگی با مدیران مدارس برای برنامه‌های "
        "فرهنگی اجتماعی مشترک", target_kind="none",
    )  # fmt: skip
    commit(
        2, city, "تدوین نقشه راه مشترک سالانه با آموزش و پرورش شهرستان پردیس",
        target_kind="manual", target_count=BUMEHEN_YEARS,
    )  # fmt: skip
    if program is not None:
        commit(
            3, city, f"اجرای جلسات آموزشی «{program.title}» در مدارس بومهن",
            target_kind="program", program=program, target_count=20,
        )  # fmt: skip
    commit(
        4, city, "برگزاری اردوی جهادی دانش‌آموزی در تعطیلات نوروز و تابستان هر سال",
        target_kind="manual", target_count=2 * BUMEHEN_YEARS,
    )  # fmt: skip
    commit(
        4, school, "معرفی دانش‌آموزان داوطلب اردوها و گرفتن رضایت‌نامه اولیا",
        target_kind="none",
    )  # fmt: skip
    commit(
        5, school, "برگزاری نشست مشترک ماهانه با شهرداری بومهن", target_count=1,
        recurrence="monthly",
        **({"target_kind": "meetings", "meeting_series": series} if series else
           {"target_kind": "manual"}),
    )  # fmt: skip
    commit(
        6, city, "گزارش فصلی رصد اجرای برنامه‌ها به آموزش و پرورش شهرستان",
        target_kind="manual", target_count=1, recurrence="quarterly",
    )  # fmt: skip


def _bumehen_evidence(agreement, today: dt.date) -> None:
    """What was done in the agreement's term, up to today: the yearly roadmap, the quarterly
    monitoring reports, the camps held, the schools and volunteers introduced."""
    last = min(today, agreement.ends_on)
    start = jalali.to_jalali(agreement.starts_on)

    def record(commitment, day, text):
        if day <= last:
            Evidence.objects.create(
                municipality=agreement.municipality, commitment=commitment, done_on=day,
                description=text,
            )  # fmt: skip

    camps = list(
        Camp.objects.filter(
            municipality=agreement.municipality,
            status=Camp.Status.HELD,
            end_date__gte=agreement.starts_on,
            end_date__lte=last,
        ).order_by("start_date")
    )
    for c in agreement.commitments.exclude(target_kind__in=("program", "plan_line", "meetings")):
        clause = c.clause.number
        if clause == 1:
            record(c, agreement.starts_on + dt.timedelta(days=20), "فهرست مدارس میزبان برنامه‌ها")
        elif clause == 2:
            for n in range(BUMEHEN_YEARS):
                day = _jalali_date(start.year + n, start.month, start.day) + dt.timedelta(days=45)
                record(c, day, "تصویب نقشه راه مشترک سال در نشست مشترک")
        elif clause == 4 and c.target_kind == "manual":
            for camp in camps:
                record(c, camp.end_date, f"برگزاری {camp.title}")
        elif clause == 4:
            for camp in camps[:1]:
                record(c, camp.start_date - dt.timedelta(days=10), "فهرست دانش‌آموزان داوطلب")
        elif clause == 6:
            for n in range(1, 4 * BUMEHEN_YEARS + 1):
                month = start.month - 1 + 3 * n
                end = _jalali_date(start.year + month // 12, month % 12 + 1, 1)
                name = jalali.MONTHS_FA[(month - 1) % 12]
                record(c, end + dt.timedelta(days=5), f"گزارش رصد اجرای برنامه‌ها تا پایان {name}")


@transaction.atomic
def seed_bumehen(municipality) -> Agreement | None:
    """Bumehen's memorandum with the Pardis county education department, signed on 17 Dey 1401
    for three years and renewed (through the renewal service, each renewal with its own number
    and signing date) until the term that runs today. Returns the agreement in force."""
    signed = BUMEHEN_SIGNED.togregorian()
    if Agreement.objects.filter(municipality=municipality, signed_on=signed).exists():
        return None
    education = Agency.objects.filter(municipality=municipality, kind="education").first()
    if education is None:
        return None
    y, m, d = BUMEHEN_SIGNED.year, BUMEHEN_SIGNED.month, BUMEHEN_SIGNED.day
    agreement = Agreement.objects.create(
        municipality=municipality,
        title=BUMEHEN_TITLE,
        number=BUMEHEN_NUMBER,
        signed_on=signed,
        starts_on=signed,
        ends_on=_jalali_date(y + BUMEHEN_YEARS, m, d) - dt.timedelta(days=1),
        status=Agreement.Status.ACTIVE,
    )
    city, school, clauses = _parties_and_clauses(
        municipality, agreement, education, BUMEHEN_CLAUSES
    )
    _bumehen_commitments(
        agreement, city, school, clauses,
        program=Program.objects.filter(municipality=municipality, code="CIT-101").first(),
        series=MeetingSeries.objects.filter(municipality=municipality, district__isnull=True)
        .order_by("pk").first(),
    )  # fmt: skip
    today = timezone.localdate()
    chain = [agreement]
    scope = Scope(user_id=0, role=Role.PLATFORM_ADMIN, municipality_id=municipality.pk)
    while chain[-1].ends_on < today:
        renewal = agreement_renew(scope=scope, actor=None, agreement=chain[-1])
        renewal.number = to_persian_digits(f"{jalali.to_jalali(renewal.starts_on).year}/ت/۳")
        renewal.signed_on = renewal.starts_on - dt.timedelta(days=7)
        renewal.status = Agreement.Status.ACTIVE
        renewal.save()
        chain.append(renewal)
    current = chain[-1]
    line = (
        PlanLine.objects.filter(municipality=municipality, domain__code="citizenship")
        .annotate(n=Count("delivered_by", filter=Q(delivered_by__status="delivered")))
        .order_by("-n", "pk")
        .first()
    )
    if line is not None:
        Commitment.objects.create(
            municipality=municipality, agreement=current, clause=current.clauses.get(number=2),
            party=current.parties.get(kind="agency"), target_kind="plan_line", plan_line=line,
            target_count=max(line.sessions, 1),
            description="هماهنگی مدارس برای جلسات آموزش شهروندی سهم نقشه راه مشترک",
        )  # fmt: skip
    for item in chain:
        _bumehen_evidence(item, today)
    return current
