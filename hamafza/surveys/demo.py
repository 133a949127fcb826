"""Demo surveys: a directorate satisfaction survey for one program, answered after its delivered
sessions, and a district-6 survey for one session, answered by a handful of participants."""

import random

from hamafza.sessions.models import Session
from hamafza.surveys import services
from hamafza.surveys.models import Question, Survey

QUESTIONS = [
    ("likert", "محتوای کارگاه برای من مفید بود.", True, []),
    ("likert", "آموزشگر مطالب را روشن توضیح داد.", True, []),
    ("single", "کدام بخش کارگاه را بیشتر دوست داشتید؟", True, ["بازی", "فیلم", "گفت‌وگو", "تمرین"]),
    (
        "multiple",
        "از کجا با این کارگاه آشنا شدید؟",
        False,
        ["مدرسه", "سرای محله", "پیامک", "دوستان"],
    ),
    ("rating", "به این کارگاه از ۰ تا ۱۰ چه نمره‌ای می‌دهید؟", True, []),
    ("long_text", "پیشنهاد شما برای بهتر شدن کارگاه چیست؟", False, []),
]
COMMENTS = ["زمان کارگاه کوتاه بود.", "مثال‌های بیشتری بزنید.", "خیلی خوب بود، ممنون.", ""]


def _survey(municipality, title, **target) -> Survey:
    survey = Survey.objects.create(
        municipality=municipality, title=title, status=Survey.Status.OPEN, **target
    )
    for order, (kind, text, required, choices) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            municipality=municipality,
            survey=survey,
            order=order,
            kind=kind,
            text=text,
            required=required,
            choices=choices,
            scale="0-10" if kind == "rating" else "1-5",
        )
    return survey


def _answer(survey, session, rng) -> None:
    answers = {}
    for q in survey.questions.all():
        if q.kind == "likert":
            answers[q.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 8, 6])[0]
        elif q.kind == "single":
            answers[q.pk] = rng.randrange(len(q.choices))
        elif q.kind == "multiple":
            answers[q.pk] = rng.sample(range(len(q.choices)), rng.randint(1, 2))
        elif q.kind == "rating":
            answers[q.pk] = rng.randint(5, 10)
        else:
            answers[q.pk] = rng.choice(COMMENTS)
    occasion = services.read_answer_link(
        services.answer_token(survey, session), services.occasion_key(session)
    )
    services.response_submit(occasion=occasion, answers=answers)


def seed_surveys(municipality, rng: random.Random) -> None:
    if Survey.objects.filter(municipality=municipality).exists():
        return
    delivered = Session.objects.filter(
        municipality=municipality, status=Session.Status.DELIVERED
    ).select_related("version")
    first = delivered.order_by("pk").first()
    if first is None:
        return
    program = first.version.program
    survey = _survey(municipality, "رضایت شرکت‌کنندگان از کارگاه", program=program)
    for session in delivered.filter(version__program=program).order_by("-starts_at")[:6]:
        for _ in range(rng.randint(4, 9)):
            _answer(survey, session, rng)
    local = delivered.filter(district__number=6).order_by("-starts_at").first()
    if local is not None:
        own = _survey(municipality, "نظرسنجی کارگاه منطقه ۶", session=local)
        own.district_id = local.district_id
        own.save()
        for _ in range(5):
            _answer(own, local, rng)
