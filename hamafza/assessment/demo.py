"""A demo pre/post test: a delivered session's program gets a small question bank if it has none,
and twenty participants' paired pre- and post-test sheets (entered as from paper)."""

import random

from hamafza.assessment.models import KnowledgeTest, Phase, Sheet, SheetAnswer, TestItem
from hamafza.catalogue.models import Question
from hamafza.sessions.models import Session

BANK = [
    ("چند ثانیه باید دست‌ها را با آب و صابون شست؟", ["۵ ثانیه", "۲۰ ثانیه", "۲ دقیقه"], 1),
    ("زباله‌های خشک را کجا باید ریخت؟", ["سطل زباله‌تر", "مخزن بازیافت", "جوی آب"], 1),
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
