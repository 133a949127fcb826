"""Demo agreement: the memorandum of understanding between the municipality and the education
department for this Jalali year, its clauses (after the Bumehen–Pardis memorandum) and
commitments linked to a demo program, a plan line and the joint committee's meetings, so progress
shows real numbers."""

import datetime as dt

import jdatetime
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from hamafza.agreements.models import Agreement, Clause, Commitment, Evidence, Party
from hamafza.core import jalali

TITLE = "تفاهم‌نامه همکاری شهرداری و آموزش و پرورش در آموزش شهروندی"
CLAUSES = [
    "گسترش فرهنگ شهروندی و توسعه آموزش‌های مهارتی در مدارس شهر، با استفاده از ظرفیت‌های "
    "موجود فی‌مابین و هم‌افزایی در اجرای برنامه‌های فرهنگی اجتماعی.",
    "دستیابی به نقشه راه مشترک، برنامه‌ریزی واحد و مدیریت متمرکز اجرای طرح‌های فرهنگی اجتماعی "
    "در مدارس مناطق.",
    "برگزاری نشست‌های مستمر، برنامه‌ریزی مشترک و رصد اجرای صحیح برنامه‌ها.",
    "آموزش و ترویج اردوهای جهادی برای دانش‌آموزان و حمایت و پشتیبانی از طرح‌های فرهنگی در شهر.",
]


@transaction.atomic
def seed_agreements(municipality) -> Agreement | None:
    from hamafza.catalogue.models import Program
    from hamafza.org.models import Agency
    from hamafza.plans.models import PlanLine

    if Agreement.objects.filter(municipality=municipality).exists():
        return None
    education = Agency.objects.filter(municipality=municipality, kind="education").first()
    if education is None:
        return None
    from hamafza.sessions.models import Session

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
        number=f"{year}/ت/۱۲",
        signed_on=starts - dt.timedelta(days=10),
        starts_on=starts,
        ends_on=ends,
        status=Agreement.Status.ACTIVE,
    )
    city = Party.objects.create(
        municipality=municipality, agreement=agreement, kind="municipality", role="طرف اول"
    )
    school = Party.objects.create(
        municipality=municipality, agreement=agreement, kind="agency", agency=education,
        role="طرف دوم",
    )  # fmt: skip
    clauses = [
        Clause.objects.create(municipality=municipality, agreement=agreement, number=i, text=t)
        for i, t in enumerate(CLAUSES, start=1)
    ]

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
    from hamafza.meetings.models import MeetingSeries

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
            description=f"صورت‌جلسه نشست مشترک ماه {month}",
        )  # fmt: skip
        month += 1
    return agreement
