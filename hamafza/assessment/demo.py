"""A demo pre/post test: a delivered session's program gets a small question bank if it has none,
and twenty participants' paired pre- and post-test sheets (entered as from paper)."""

import random

from django.contrib.auth import get_user_model

from hamafza.assessment import observations
from hamafza.assessment.models import KnowledgeTest, Phase, Rubric, Sheet, SheetAnswer, TestItem
from hamafza.catalogue.models import Question
from hamafza.core.persian import to_persian_digits
from hamafza.core.scoping import Role, Scope
from hamafza.sessions.models import Session

BANK = [
    ("چند ثانیه باید دست‌ها را با آب و صابون شست؟", ["۵ ثانیه", "۲۰ ثانیه", "۲ دقیقه"], 1),
    ("زباله‌های خشک را کجا باید ریخت؟", ["سطل پسماند تر", "مخزن بازیافت", "جوی آب"], 1),
    ("شماره تماس آتش‌نشانی کدام است؟", ["۱۱۰", "۱۱۵", "۱۲۵"], 2),
    (
        "هنگام زلزله در کلاس چه باید کرد؟",
        ["دویدن به حیاط", "پناه گرفتن زیر میز", "رفتن به پله‌ها"],
        1,
    ),
    ("از کدام محل باید از خیابان گذشت؟", ["خط عابر پیاده", "میان خودروها", "هر جا خلوت بود"], 0),
    ("کدام کار آب را هدر می‌دهد؟", ["بستن شیر هنگام مسواک", "شستن حیاط با شلنگ", "دوش کوتاه"], 1),
    ("مسواک را هر چند وقت باید عوض کرد؟", ["هر سه ماه", "هر سال", "هرگز"], 0),
    ("کدام نوشیدنی برای بدن بهتر است؟", ["نوشابه", "آب", "آب‌میوه صنعتی"], 1),
]


def seed_tests(municipality, rng: random.Random) -> None:
    if KnowledgeTest.objects.filter(municipality=municipality).exists():
        return
    session = (
        Session.objects.filter(municipality=municipality, status=Session.Status.DELIVERED)
        .select_related("version__program")
        .order_by("-starts_at")
        .first()
    )
    if session is None:
        return
    program = session.version.program
    bank = list(Question.objects.filter(program=program, is_active=True).order_by("pk")[:8])
    if len(bank) < 4:
        bank = [
            Question.objects.create(
                municipality=municipality,
                program=program,
                text=text,
                choices=choices,
                correct_index=correct,
            )
            for text, choices, correct in BANK
        ]
    test = KnowledgeTest.objects.create(
        municipality=municipality,
        title=f"پیش‌آزمون و پس‌آزمون {program.title}",
        program=program,
        session=session,
        district_id=session.district_id,
    )
    items = [
        TestItem.objects.create(
            municipality=municipality,
            test=test,
            question=q,
            order=i,
            text=q.text,
            choices=q.choices,
            correct_index=q.correct_index,
        )
        for i, q in enumerate(bank, start=1)
    ]
    for n in range(20):
        code = f"K{n + 1:02d}"
        ability = rng.uniform(0.2, 0.6)
        for phase, chance in ((Phase.PRE, ability), (Phase.POST, min(0.95, ability + 0.3))):
            if phase == Phase.POST and n >= 17:
                continue  # three left before the end: unpaired pre-tests
            marks = [rng.random() < chance for _ in items]
            sheet = Sheet.objects.create(
                municipality=municipality,
                test=test,
                phase=phase,
                code=code,
                source=Sheet.Source.PAPER,
                score=sum(marks),
                max_score=len(items),
                district_id=session.district_id,
            )
            SheetAnswer.objects.bulk_create(
                SheetAnswer(
                    municipality=municipality,
                    sheet=sheet,
                    item=item,
                    chosen=item.correct_index if ok else (item.correct_index + 1) % 3,
                    correct=ok,
                )
                for item, ok in zip(items, marks, strict=True)
            )


RUBRIC_TITLE = "فرم بازدید نظارتی جلسه آموزشی"
# (weight, criterion); no comma inside a criterion: the rubric's lines are "weight، criterion"
CRITERIA = [
    (3, "تسلط آموزشگر بر محتوای درس و دقت علمی مطالب"),
    (2, "پیروی از طرح درس و مدیریت زمان جلسه"),
    (3, "مشارکت فعال شرکت‌کنندگان در گفت‌وگو و فعالیت گروهی"),
    (2, "مدیریت کلاس و رفتار محترمانه با شرکت‌کنندگان"),
    (1, "استفاده درست از وسایل کمک‌آموزشی"),
    (1, "جمع‌بندی و ارزشیابی کوتاه پایان جلسه"),
]
OBSERVER = "tehran.directorate"
COMMENTS = [
    "جلسه منظم و پربار بود؛ فعالیت گروهی بیشتر به جمع‌بندی نیاز دارد.",
    "آموزشگر بر محتوا مسلط است؛ زمان فعالیت گروهی کوتاه بود.",
]


def seed_rubric(municipality, rng: random.Random):
    """The directorate's observation rubric (weighted criteria), and two observations of
    delivered sessions by the directorate's demo account."""
    if Rubric.objects.filter(municipality=municipality).exists():
        return None
    admin = Scope(user_id=0, role=Role.PLATFORM_ADMIN, municipality_id=municipality.pk)
    rubric = observations.rubric_create(
        scope=admin,
        actor=None,
        title=RUBRIC_TITLE,
        lines="\n".join(f"{to_persian_digits(w)}، {text}" for w, text in CRITERIA),
    )
    observer = get_user_model().objects.filter(username=OBSERVER).first()
    if observer is None:
        return rubric
    scope = Scope(user_id=observer.pk, role=Role.DIRECTORATE, municipality_id=municipality.pk)
    criteria = list(rubric.criteria.order_by("order"))
    delivered = (
        Session.objects.filter(municipality=municipality, status=Session.Status.DELIVERED)
        .prefetch_related("trainers")
        .order_by("-starts_at")[: len(COMMENTS)]
    )
    for session, comment in zip(delivered, COMMENTS, strict=False):
        trainer = session.trainers.first()
        if trainer is None:
            continue
        observations.observation_save(
            scope=scope,
            actor=observer,
            session=session,
            trainer=trainer,
            rubric=rubric,
            marks={c.pk: rng.randint(2, 4) for c in criteria},
            comments=comment,
        )
    return rubric
