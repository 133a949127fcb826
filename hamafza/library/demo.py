"""Demo data of the trainers' library: resources of Tehran's trainers for the demo programs, in
every state of the review (published, one submitted, one returned, a draft), with files,
ratings, comments, downloads and "used in my session" links to sessions their trainers
delivered. Only ``org.demo`` calls this."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hamafza.catalogue.models import Domain, Lesson, Program
from hamafza.core.scoping import MANAGERS_AND_TRAINERS, Role
from hamafza.library import services
from hamafza.library.models import (
    Comment,
    ExperienceReport,
    Helped,
    Rating,
    Resource,
    ResourceFile,
    Use,
)
from hamafza.org.models import Membership, Municipality
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer

# A tiny valid PDF stands in for the trainers' documents.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501

# title, kind, domain, program, lesson (order), audience, gender, licence, status, the demo
# trainer's?, summary, links
RESOURCES = [
    (
        "طرح درس «دست‌های تمیز» با آوازِ شمارش بیست‌ثانیه‌ای",
        "lesson_plan",
        "health",
        "HLT-101",
        1,
        "primary_lower",
        "mixed",
        "cc_by",
        "published",
        True,
        "جلسهٔ چهل‌دقیقه‌ای برای پایهٔ اول تا سوم: نمایش با ماژیک فسفری به‌جای میکروب، "
        "شستن دست‌ها همراه با آواز بیست‌ثانیه‌ای و ایستگاه تمرین. فهرست وسایل و پرسش‌های "
        "پایانی پیوست است.",
        "",
    ),
    (
        "بازی کارتی «کدام سطل؟» برای تفکیک پسماند خشک و تر",
        "game",
        "waste",
        "WST-101",
        None,
        "primary_upper",
        "mixed",
        "cc_by_sa",
        "published",
        False,
        "۴۸ کارت تصویری از پسماندهای خانه و مدرسه؛ گروه‌ها در پنج دقیقه کارت‌ها را میان سطل "
        "خشک و تر پخش می‌کنند و دربارهٔ کارت‌های بحث‌برانگیز گفت‌وگو می‌کنند. نسخهٔ چاپی "
        "در اندازهٔ آ۴.",
        "",
    ),
    (
        "کاربرگ «نقشهٔ خروج اضطراری خانهٔ ما»",
        "activity_sheet",
        "crisis",
        "CRS-201",
        None,
        "parents",
        "any",
        "cc_by",
        "published",
        False,
        "والدین با فرزندشان نقشهٔ خانه را می‌کشند، دو راه خروج و محل تجمع را مشخص می‌کنند و "
        "فهرست کیف اضطراری را کامل می‌کنند. برای جلسهٔ دوم «خانواده آماده».",
        "",
    ),
    (
        "اسلایدهای «هوای پاک، نفس راحت» برای روزهای آلودهٔ آذر",
        "slides",
        "environment",
        "ENV-201",
        None,
        "adults",
        "any",
        "all_rights",
        "published",
        False,
        "بیست اسلاید دربارهٔ شاخص کیفیت هوا، گروه‌های حساس، ماسک مناسب و کارهایی که هر خانواده "
        "در روزهای وارونگی هوا می‌تواند بکند؛ با نمودار روزهای ناسالم پاییز تهران.",
        "",
    ),
    (
        "آزمونک ده‌پرسشی «شهروند مسئول»",
        "assessment",
        "citizenship",
        "CIT-101",
        None,
        "primary_upper",
        "mixed",
        "cc_by",
        "published",
        False,
        "ده پرسش چهارگزینه‌ای و دو پرسش تشریحی برای پایان برنامه، با کلید پاسخ و راهنمای نمره‌دادن.",
        "",
    ),
    (
        "فیلم کوتاه عبور ایمن از خط عابر پیاده",
        "video",
        "traffic",
        "TRF-101",
        1,
        "primary_lower",
        "mixed",
        "cc_by",
        "submitted",
        False,
        "فیلم سه‌دقیقه‌ای که در کوچه‌ای آرام در منطقه ۶ ساخته شده: ایستادن، نگاه به چپ و راست، "
        "و عبور از خط عابر. پیش از پخش، سه پرسش از بچه‌ها بپرسید.",
        "https://www.aparat.com/v/hamafza-obur-imen",
    ),
    (
        "گزارش تجربه: کلاس چندپایهٔ ایمنی در برابر آتش در منطقه ۱۲",
        "good_practice",
        "safety",
        "SAF-101",
        None,
        "primary_lower",
        "mixed",
        "cc_by",
        "returned",
        True,
        "در مدرسه‌ای با کلاس چندپایه، بچه‌های بزرگ‌تر راهنمای گروه‌های کوچک‌تر شدند و تمرین "
        "تخلیه در دوازده دقیقه انجام شد. آنچه جواب داد و آنچه نه.",
        "",
    ),
    (
        "فعالیت شب یلدا: همسایهٔ خوب",
        "activity_sheet",
        "citizenship",
        "CIT-201",
        None,
        "parents",
        "any",
        "cc_by_sa",
        "draft",
        True,
        "پیشنهاد برای جلسهٔ آخر آذر: خانواده‌ها کارت دعوت ساده‌ای برای همسایه‌ها می‌نویسند و "
        "دربارهٔ مسئولیت ما در برابر همسایگان سالمند گفت‌وگو می‌کنند.",
        "",
    ),
]
RETURN_REASON = (
    "چهرهٔ دانش‌آموزان در دو عکس پیداست. عکس‌ها را بردارید یا چهره‌ها را بپوشانید و دوباره بفرستید."
)
COMMENTS = [
    "در دو کلاس اجرا کردم؛ بچه‌ها آواز را تا آخر جلسه تکرار می‌کردند.",
    "ممنون. برای پایهٔ اول کارت‌ها را کمتر کردم و بهتر جواب داد.",
    "اگر نسخهٔ سیاه‌وسفید هم بگذارید، چاپش در مدرسه ارزان‌تر می‌شود.",
]


@transaction.atomic
def seed_library(municipality, rng: random.Random) -> None:
    if Resource.objects.filter(municipality=municipality).exists():
        return
    demo = get_user_model().objects.filter(username="tehran.trainer").first()
    own = Trainer.objects.filter(municipality=municipality, user=demo).first() if demo else None
    others = list(
        Trainer.objects.filter(municipality=municipality, status=Trainer.Status.ACTIVE)
        .exclude(pk=getattr(own, "pk", None))
        .order_by("pk")[:40]
    )
    if not others:
        return
    directorate = (
        Membership.objects.filter(municipality=municipality, role=Role.DIRECTORATE)
        .select_related("user")
        .first()
    )
    reviewer = directorate.user if directorate else None
    readers = list(
        Membership.objects.filter(
            municipality=municipality,
            role__in=MANAGERS_AND_TRAINERS,
            user__isnull=False,
        ).values_list("user_id", flat=True)[:12]
    )
    now = timezone.now()
    for index, row in enumerate(RESOURCES):
        (title, kind, domain_code, program_code, lesson_order, audience, gender, licence,
         status, mine, summary, links) = row  # fmt: skip
        domain = Domain.objects.filter(municipality=municipality, code=domain_code).first()
        program = Program.objects.filter(municipality=municipality, code=program_code).first()
        if domain is None:
            continue
        lesson = None
        if program is not None and lesson_order and program.current_version_id:
            lesson = Lesson.objects.filter(
                version_id=program.current_version_id, order=lesson_order
            ).first()
        author = own if (mine and own) else rng.choice(others)
        days = 40 - index * 4
        resource = Resource(
            municipality=municipality, kind=kind, title=title, summary=summary, domain=domain,
            program=program, lesson=lesson, audience=audience, gender=gender, licence=licence,
            links=links, author=author, status=status,
        )  # fmt: skip
        if status != "draft":
            resource.submitted_at = now - dt.timedelta(days=days)
        if status == "published":
            resource.published_at = now - dt.timedelta(days=days - 2)
            resource.reviewed_by = reviewer
            resource.download_count = rng.randint(12, 140)
            resource.featured = index == 0
        if status == "returned":
            resource.return_reason = RETURN_REASON
            resource.reviewed_by = reviewer
        resource.save()
        if not links:
            stored = ResourceFile(
                municipality=municipality, resource=resource, number=1, content_type="application/pdf",
                size=len(PDF), uploaded_by=author.user,
            )  # fmt: skip
            stored.file.save(f"resource-{resource.pk}.pdf", ContentFile(PDF), save=False)
            stored.save()
        if status != "published":
            continue
        for user_id in rng.sample(readers, k=min(len(readers), rng.randint(3, 7))):
            Rating.objects.create(
                municipality=municipality, resource=resource, user_id=user_id,
                stars=rng.choice([3, 4, 4, 5, 5, 5]),
            )  # fmt: skip
        if index < len(COMMENTS) and readers:
            Comment.objects.create(
                municipality=municipality, resource=resource, author_id=readers[index % len(readers)],
                text=COMMENTS[index],
            )  # fmt: skip
        _link_sessions(resource, rng)
    seed_reports_and_offers(municipality, rng)


def _link_sessions(resource: Resource, rng: random.Random) -> None:
    """Reuse as evidence: delivered sessions of the resource's program (or domain), each linked
    by one of the trainers who taught it."""
    delivered = Session.objects.filter(
        municipality=resource.municipality, status__in=Session.DELIVERED_STATUSES
    )
    if resource.program_id:
        delivered = delivered.filter(version__program_id=resource.program_id)
    else:
        delivered = delivered.filter(domain_id=resource.domain_id)
    for session in delivered.order_by("-starts_at")[: rng.randint(1, 4)]:
        trainer = session.trainers.first()
        if trainer is not None:
            Use.objects.create(
                municipality=resource.municipality, resource=resource, session=session,
                trainer=trainer,
            )  # fmt: skip


# domain code, what worked, what did not, tips
REPORTS = [
    (
        "health",
        "شروع جلسه با پرسش «دست‌های چه کسی تمیزتر است؟» و نشان دادن ماژیک فسفری زیر نور "
        "چراغ‌قوه، بچه‌ها را از همان دقیقهٔ اول درگیر کرد. آواز بیست‌ثانیه‌ای را سه بار با هم "
        "خواندیم و در پایان بیشترشان بدون کمک مراحل را می‌گفتند.",
        "ایستگاه تمرین با یک روشویی برای سی نفر خیلی شلوغ شد و ده دقیقه از وقت جلسه رفت.",
        "از مدرسه بخواهید دو روشویی در اختیارتان بگذارد یا کلاس را در دو گروه به ایستگاه ببرید. "
        "چراغ‌قوهٔ فرابنفش را پیش از جلسه امتحان کنید.",
    ),
    (
        "waste",
        "بازی کارتی «کدام سطل؟» در گروه‌های چهارنفره خوب جواب داد؛ بحث سر پوست پرتقال و "
        "دستمال کاغذی از همه جالب‌تر بود.",
        "توضیح کمپوست برای پایهٔ چهارم زیادی طولانی شد و حوصله‌شان سر رفت.",
        "یک سطل کوچک واقعی با خودتان ببرید؛ دیدن و لمس کردنش از هر تصویری بهتر است.",
    ),
    (
        "crisis",
        "تمرین «بنشین، پناه بگیر، نگه دار» را با زنگ مدرسه هماهنگ کردیم و بچه‌ها در کمتر از یک "
        "دقیقه زیر میزها بودند.",
        "نقشهٔ خروج کلاس را روی تخته کشیدم، ولی ردیف‌های عقب آن را نمی‌دیدند.",
        "نقشه را از پیش روی کاغذ آ۳ چاپ کنید و به دیوار بزنید. زمان زنگ را با مدیر مدرسه "
        "هماهنگ کنید.",
    ),
    (
        "citizenship",
        "گفت‌وگو دربارهٔ حقوق و وظایف همسایگی با مثال‌های واقعی از ساختمان‌های محله گرم شد و "
        "شرکت‌کنندگان تجربه‌های خودشان را گفتند.",
        "اسلایدها در سالن فرهنگسرا به‌خاطر نور زیاد دیده نمی‌شد.",
        "پرده‌ها را پیش از شروع بکشید و برگهٔ خلاصه‌ای برای بردن به خانه آماده کنید.",
    ),
    (
        "safety",
        "نمایش کپسول آتش‌نشانی خالی و تمرین «بکش، نشانه بگیر، فشار بده، جارو کن» با آن، "
        "پرسش‌های زیادی برانگیخت.",
        "فیلم کوتاه آتش‌سوزی آشپزخانه برای پایه‌های پایین ترسناک بود.",
        "برای پایه‌های اول تا سوم به‌جای فیلم از قصهٔ مصور استفاده کنید.",
    ),
    (
        "health",
        "سفرهٔ خوراکی‌های رنگی و بازی «بشقاب سالم من» را همه دوست داشتند.",
        "پرسش‌نامهٔ پایانی برای پایهٔ اول سخت بود.",
        "برای پایه‌های پایین به‌جای پرسش‌نامه از شکلک‌های خندان و اخم‌کرده استفاده کنید.",
    ),
]

# a resource of Bumehen's trainers, offered to every municipality
BUMEHEN_OFFER = (
    "کاربرگ «مسیر امن مدرسه تا خانه» با نقشهٔ محله",
    "activity_sheet",
    "traffic",
    "primary_upper",
    "cc_by_nc",
    "بچه‌ها مسیر هر روزشان را روی نقشهٔ ساده‌ای از محله می‌کشند و گذرگاه‌های خطرناک را با "
    "رنگ قرمز نشان می‌دهند؛ بعد در گروه راه امن‌تر را پیدا می‌کنند. مناسب جلسهٔ چهل‌دقیقه‌ای.",
)


def seed_reports_and_offers(municipality, rng: random.Random) -> None:
    """Experience reports of delivered sessions by their trainers (the demo trainer's first
    delivered session is left for them to report), "this helped me" marks, two of the published
    open-licence resources offered to every municipality, and a resource Bumehen offers; every
    published thing put in the search index."""
    if ExperienceReport.objects.filter(municipality=municipality).exists():
        return
    now = timezone.now()
    directorate = (
        Membership.objects.filter(municipality=municipality, role=Role.DIRECTORATE)
        .select_related("user")
        .first()
    )
    open_ones = Resource.objects.filter(
        municipality=municipality,
        status=Resource.Status.PUBLISHED,
        licence__in=Resource.OPEN_LICENCES,
    ).order_by("published_at")[:2]
    for resource in open_ones:
        resource.offered_to_all = True
        resource.offered_by = directorate.user if directorate else resource.author.user
        resource.offered_at = now - dt.timedelta(days=rng.randint(1, 10))
        resource.save()
    for resource in Resource.objects.filter(
        municipality=municipality, status=Resource.Status.PUBLISHED
    ):
        services.index_resource(resource)

    demo = Trainer.objects.filter(
        municipality=municipality, user__username="tehran.trainer"
    ).first()
    left_for_demo = (
        Session.objects.filter(status__in=Session.DELIVERED_STATUSES, trainers=demo)
        .order_by("-starts_at")
        .first()
        if demo
        else None
    )
    readers = list(
        Membership.objects.filter(
            municipality=municipality, role__in=MANAGERS_AND_TRAINERS, user__isnull=False
        ).values_list("user_id", flat=True)[:12]
    )
    delivered = (
        Session.objects.filter(municipality=municipality, status__in=Session.DELIVERED_STATUSES)
        .exclude(pk=getattr(left_for_demo, "pk", None))
        .select_related("version__program", "domain")
        .order_by("-starts_at")
    )
    used: set[int] = set()
    for code, worked, did_not_work, tips in REPORTS:
        session = next(
            (s for s in delivered.filter(domain__code=code)[:20] if s.pk not in used), None
        ) or next((s for s in delivered[:40] if s.pk not in used), None)
        trainer = session.trainers.first() if session else None
        if trainer is None:
            continue
        used.add(session.pk)
        report = ExperienceReport.objects.create(
            municipality=municipality, session=session, trainer=trainer, domain=session.domain,
            program=session.version.program, lesson=session.lesson, district=session.district,
            worked=worked, did_not_work=did_not_work, tips=tips,
        )  # fmt: skip
        for user_id in rng.sample(readers, k=min(len(readers), rng.randint(0, 5))):
            Helped.objects.create(municipality=municipality, report=report, user_id=user_id)
        services.index_report(report)
    _seed_bumehen_offer(now)


def _seed_bumehen_offer(now) -> None:
    bumehen = Municipality.objects.filter(slug="bumehen").first()
    if bumehen is None or Resource.objects.filter(municipality=bumehen).exists():
        return
    title, kind, domain_code, audience, licence, summary = BUMEHEN_OFFER
    domain = Domain.objects.filter(municipality=bumehen, code=domain_code).first()
    author = (
        Trainer.objects.filter(municipality=bumehen, status=Trainer.Status.ACTIVE)
        .order_by("pk")
        .first()
    )
    if domain is None or author is None:
        return
    resource = Resource.objects.create(
        municipality=bumehen, kind=kind, title=title, summary=summary, domain=domain,
        audience=audience, licence=licence, author=author, status=Resource.Status.PUBLISHED,
        submitted_at=now - dt.timedelta(days=12), published_at=now - dt.timedelta(days=10),
        offered_to_all=True, offered_at=now - dt.timedelta(days=9), download_count=7,
    )  # fmt: skip
    stored = ResourceFile(
        municipality=bumehen, resource=resource, number=1, content_type="application/pdf",
        size=len(PDF), uploaded_by=author.user,
    )  # fmt: skip
    stored.file.save(f"resource-{resource.pk}.pdf", ContentFile(PDF), save=False)
    stored.save()
    services.index_resource(resource)
