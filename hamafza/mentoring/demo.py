"""Demo data of mentoring: the demo trainer (علی رضایی, district 6) in an active pair with a
few log entries (as trainee where they are below senior, else as mentor), a second pair of
district 6 proposed and waiting for the trainee's answer, and the second rung of every ladder
(«آموزشگر تأییدشده», the one a trainee climbs to) asking for mentoring. Only ``org.demo`` calls this."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from hamafza.core.scoping import Role
from hamafza.mentoring.models import MENTOR_MIN_RANK, LevelRequirement, LogEntry, Pair
from hamafza.org.models import Membership
from hamafza.trainers.models import CompetencyLevel, Trainer, TrainerDomain

ENTRIES = [
    (
        LogEntry.Kind.MEETING,
        40,
        "نخستین دیدار: مرور طرح درس جلسهٔ بهداشت دست و تقسیم کار برای دو هفتهٔ آینده. قرار شد "
        "کارآموز پیش از هر جلسه طرح درس خود را برای مربی بفرستد.",
    ),
    (
        LogEntry.Kind.OBSERVATION,
        26,
        "مشاهدهٔ کلاس پایهٔ سوم دبستان: شروع جلسه خوب بود؛ مدیریت زمان بخش تمرین گروهی نیاز به "
        "تمرین دارد. پیشنهاد: کارت‌های زمان‌سنج و واگذاری نقش به سرگروه‌ها.",
    ),
    (
        LogEntry.Kind.MEETING,
        19,
        "بازخورد مشاهده و تمرین پرسش‌گری باز؛ دو نمونه پرسش برای آغاز بحث با دانش‌آموزان نوشته شد.",
    ),
    (
        LogEntry.Kind.OBSERVATION,
        8,
        "جلسهٔ دوم مشاهده: زمان‌بندی بهتر شد و همهٔ گروه‌ها به تمرین رسیدند. گام بعد: اجرای "
        "مستقل یک جلسه با حضور مربی در کلاس.",
    ),
]


def _level_rank(td: TrainerDomain) -> int:
    return td.level.rank if td.level_id else 0


def _mentor_for(municipality, td: TrainerDomain, district_id: int, exclude: set[int]):
    floor = max(MENTOR_MIN_RANK, _level_rank(td) + 1)
    rows = (
        TrainerDomain.objects.filter(
            municipality=municipality,
            domain_id=td.domain_id,
            level__rank__gte=floor,
            trainer__status=Trainer.Status.ACTIVE,
        )
        .exclude(trainer_id__in=exclude)
        .select_related("trainer")
        .order_by("trainer_id")
    )
    same = rows.filter(trainer__home_district_id=district_id).first()
    found = same or rows.first()
    return found.trainer if found else None


def seed_mentoring(municipality, rng: random.Random) -> None:
    if Pair.objects.filter(municipality=municipality).exists():
        return
    for level in CompetencyLevel.objects.filter(municipality=municipality, rank=2):
        LevelRequirement.objects.get_or_create(
            municipality=municipality, level=level, defaults={"min_entries": 4}
        )
    user = get_user_model().objects.filter(username="tehran.trainer").first()
    me = Trainer.objects.filter(municipality=municipality, user=user).first() if user else None
    coordinator = (
        Membership.objects.filter(
            municipality=municipality, role=Role.DISTRICT_COORDINATOR, district__number=6
        )
        .select_related("user")
        .first()
    )
    by = coordinator.user if coordinator else None
    now = timezone.now()
    used: set[int] = set()

    if me is not None:
        td = TrainerDomain.objects.filter(trainer=me).select_related("level").first()
        if td is not None:
            if _level_rank(td) >= MENTOR_MIN_RANK:
                mentor = me
                below = (
                    TrainerDomain.objects.filter(
                        municipality=municipality,
                        domain_id=td.domain_id,
                        trainer__status=Trainer.Status.ACTIVE,
                    )
                    .filter(Q(level__isnull=True) | Q(level__rank__lt=_level_rank(td)))
                    .exclude(trainer=me)
                    .select_related("trainer")
                    .order_by("-trainer__home_district_id", "trainer_id")
                    .first()
                )
                trainee = below.trainer if below else None
            else:
                trainee = me
                mentor = _mentor_for(municipality, td, me.home_district_id, {me.pk})
            if mentor and trainee:
                started = now - dt.timedelta(days=45)
                pair = Pair.objects.create(
                    municipality=municipality, domain_id=td.domain_id, mentor=mentor,
                    trainee=trainee, status=Pair.Status.ACTIVE, proposed_by=by,
                    mentor_accepted_at=started - dt.timedelta(days=2),
                    trainee_accepted_at=started - dt.timedelta(days=1),
                    approved_by=by, approved_at=started, started_at=started,
                )  # fmt: skip
                for kind, days, notes in ENTRIES[: rng.randint(3, 4)]:
                    author = mentor if kind == LogEntry.Kind.OBSERVATION else rng.choice(
                        [mentor, trainee]
                    )  # fmt: skip
                    LogEntry.objects.create(
                        municipality=municipality, pair=pair, kind=kind,
                        date=(now - dt.timedelta(days=days)).date(), notes=notes,
                        author=author.user or user,
                    )  # fmt: skip
                used |= {mentor.pk, trainee.pk}

    # a second pair in district 6: proposed, the mentor has accepted, the trainee not yet
    candidates = (
        TrainerDomain.objects.filter(
            municipality=municipality,
            trainer__home_district__number=6,
            trainer__status=Trainer.Status.ACTIVE,
        )
        .filter(Q(level__isnull=True) | Q(level__rank__lt=MENTOR_MIN_RANK))
        .exclude(trainer_id__in=used)
        .select_related("trainer", "level")
        .order_by("trainer_id")
    )
    for td in candidates[:20]:
        mentor = _mentor_for(municipality, td, td.trainer.home_district_id, used | {td.trainer_id})
        if mentor is None:
            continue
        Pair.objects.create(
            municipality=municipality, domain_id=td.domain_id, mentor=mentor, trainee=td.trainer,
            proposed_by=by, mentor_accepted_at=now - dt.timedelta(days=1),
        )  # fmt: skip
        break
