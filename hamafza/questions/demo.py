"""Demo data of questions and answers: what Tehran's trainers of different districts ask each
other about their domains and programs, with answers, votes, one accepted answer and one
question nobody has answered yet. The trainers who ask and answer get an account (no password:
they cannot sign in) if they have none. Only ``org.demo`` calls this, after the library."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hamafza.catalogue.models import Domain, Program
from hamafza.core.scoping import Role
from hamafza.org.models import Membership
from hamafza.questions.models import Answer, Question, Vote
from hamafza.questions.services import reindex
from hamafza.trainers.models import Trainer

# domain, program code (or None), title, body, tags, asker (index), answers [(answerer, body)],
# the accepted answer (index or None), days ago
QUESTIONS = [
    (
        "health",
        "HLT-101",
        "بچه‌های پایهٔ اول بعد از ده دقیقه خسته می‌شوند؛ چه کنم؟",
        "در جلسهٔ «دست‌های تمیز» با سی‌وچند دانش‌آموز پایهٔ اول، بخش توضیح که تمام می‌شود "
        "دیگر گوش نمی‌دهند. شما برای نگه‌داشتن حواس بچه‌های کوچک چه می‌کنید؟",
        ["پایه اول", "مدیریت کلاس"],
        0,
        [
            (
                1,
                "من توضیح را به دو تکهٔ پنج‌دقیقه‌ای می‌شکنم و وسطش همه بلند می‌شوند و حرکت "
                "شستن دست را با هم در هوا انجام می‌دهند. همین دو دقیقه حرکت، کلاس را برمی‌گرداند.",
            ),
            (
                2,
                "ماژیک فسفری و چراغ‌قوهٔ فرابنفش را زودتر بیاورید؛ وقتی «میکروب‌ها» را روی دستشان "
                "می‌بینند تا آخر جلسه پای کار می‌مانند.",
            ),
        ],
        0,
        18,
    ),
    (
        "waste",
        "WST-101",
        "مدرسه سطل جداگانه برای پسماند خشک ندارد",
        "بعد از جلسهٔ تفکیک پسماند، بچه‌ها می‌پرسند پس چرا در حیاط مدرسه فقط یک سطل هست. "
        "کسی تجربه کرده که از طریق شهرداری منطقه سطل دوقلو برای مدرسه بگیرد؟",
        ["تفکیک از مبدأ", "سطل"],
        1,
        [
            (
                3,
                "ما در منطقه با نامهٔ مدیر مدرسه به ناحیهٔ خدمات شهری درخواست دادیم و حدود سه "
                "هفته بعد دو سطل آوردند. نامه را به اسم شورای دانش‌آموزی بنویسید، زودتر جواب می‌دهند.",
            ),
        ],
        None,
        12,
    ),
    (
        "crisis",
        "CRS-201",
        "برای تمرین زلزله در کلاس چندپایه چه ترتیبی بدهم؟",
        "در مدرسه‌ای کار می‌کنم که پایهٔ دوم تا پنجم در یک کلاس‌اند. تمرین «بخواب، بپوشان، "
        "نگه دار» را چطور اجرا کنم که کوچک‌ترها زیر دست و پا نمانند؟",
        ["زلزله", "کلاس چندپایه", "تمرین تخلیه"],
        2,
        [
            (
                0,
                "بزرگ‌ترها را «همیار» کنید: هر کدام مسئول یک کوچک‌تر. اول بدون صدای آژیر آرام "
                "تمرین کنید، بعد با آژیر. ما در دو جلسه به زیر یک دقیقه رسیدیم.",
            ),
            (
                4,
                "میزها را پیش از تمرین بررسی کنید؛ بعضی میزهای قدیمی برای دو نفر جا ندارند. "
                "جای هر کودک را از قبل روی نقشهٔ کلاس مشخص کنید.",
            ),
        ],
        None,
        7,
    ),
    (
        "environment",
        None,
        "در روزهای آلوده جلسهٔ حضوری را لغو کنیم یا نه؟",
        "وقتی مدارس باز است ولی شاخص کیفیت هوا بالای ۱۵۰ است، جلسه‌های محیط‌زیست را برگزار "
        "می‌کنید؟ والدین چند کلاس پرسیده‌اند.",
        ["آلودگی هوا"],
        3,
        [],
        None,
        2,
    ),
    (
        "traffic",
        "TRF-101",
        "فیلم عبور ایمن را بدون اینترنت کجا پخش کنم؟",
        "در دو مدرسهٔ منطقه اینترنت کلاس قطع است. کسی نسخهٔ قابل بارگیری فیلم عبور از خط عابر "
        "را دارد یا راه دیگری پیدا کرده؟",
        ["فیلم", "بدون اینترنت"],
        4,
        [
            (
                1,
                "فیلم را از صفحهٔ کتابخانه بارگیری کنید و روی فلش ببرید؛ اکثر تلویزیون‌های مدرسه "
                "فایل را مستقیم پخش می‌کنند.",
            ),
        ],
        None,
        4,
    ),
]


def _account(trainer: Trainer):
    """The trainer's account, made (without a password) if they have none."""
    if trainer.user_id:
        return trainer.user
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=f"trainer.{trainer.municipality_id}.{trainer.pk}",
        defaults={"first_name": trainer.first_name, "last_name": trainer.last_name},
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.get_or_create(
        user=user,
        municipality_id=trainer.municipality_id,
        role=Role.TRAINER,
        defaults={"district": trainer.home_district},
    )
    trainer.user = user
    trainer.save(update_fields=["user"])
    return user


def _people(municipality, rng: random.Random) -> list:
    """Five trainers of five different districts (the demo trainer first, if there is one)."""
    demo = get_user_model().objects.filter(username="tehran.trainer").first()
    own = Trainer.objects.filter(municipality=municipality, user=demo).first() if demo else None
    chosen = [own] if own else []
    districts = {own.home_district_id} if own else set()
    for trainer in (
        Trainer.objects.filter(municipality=municipality, status=Trainer.Status.ACTIVE)
        .select_related("home_district")
        .order_by("pk")
    ):
        if len(chosen) == 5:
            break
        if trainer.home_district_id not in districts:
            districts.add(trainer.home_district_id)
            chosen.append(trainer)
    return [_account(trainer) for trainer in chosen]


@transaction.atomic
def seed_questions(municipality, rng: random.Random) -> None:
    if Question.objects.filter(municipality=municipality).exists():
        return
    people = _people(municipality, rng)
    if len(people) < 5:
        return
    readers = list(
        Membership.objects.filter(
            municipality=municipality, role=Role.DIRECTORATE, user__isnull=False
        ).values_list("user_id", flat=True)[:2]
    ) + [u.pk for u in people]
    now = timezone.now()
    for domain_code, program_code, title, body, tags, asker, answers, accepted, days in QUESTIONS:
        domain = Domain.objects.filter(municipality=municipality, code=domain_code).first()
        if domain is None:
            continue
        program = Program.objects.filter(
            municipality=municipality, code=program_code, domain=domain
        ).first()
        asked = now - dt.timedelta(days=days, hours=rng.randint(1, 9))
        question = Question(
            municipality=municipality, domain=domain, program=program, title=title, body=body,
            tags=tags, author=people[asker],
        )  # fmt: skip
        question.save()
        Question.objects.filter(pk=question.pk).update(created_at=asked, updated_at=asked)
        for order, (who, text) in enumerate(answers):
            when = asked + dt.timedelta(hours=3 + order * 5)
            reply = Answer.objects.create(
                municipality=municipality, question=question, author=people[who], body=text,
                is_accepted=order == accepted,
                accepted_at=when + dt.timedelta(days=1) if order == accepted else None,
                accepted_by=people[asker] if order == accepted else None,
            )  # fmt: skip
            Answer.objects.filter(pk=reply.pk).update(created_at=when, updated_at=when)
            voters = [r for r in readers if r != people[who].pk]
            for user_id in rng.sample(voters, k=min(len(voters), rng.randint(1, 4))):
                Vote.objects.create(municipality=municipality, answer=reply, user_id=user_id)
        voters = [r for r in readers if r != people[asker].pk]
        for user_id in rng.sample(voters, k=min(len(voters), rng.randint(0, 3))):
            Vote.objects.create(municipality=municipality, question=question, user_id=user_id)
        reindex(Question.objects.get(pk=question.pk))
