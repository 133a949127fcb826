import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.assessment.models import KnowledgeTest, Sheet
from hamafza.catalogue.models import ProgramVersion
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.surveys.models import Answer, Response, Survey
from hamafza.surveys.models import Question as SurveyQuestion
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

NAMES = ["مینا رضایی", "علی کریمی", "زهرا احمدی", "حسن موسوی", "نرگس تهرانی", "رضا صالحی"]
MOBILES = ["09121110001", "09121110002", "09121110003", "09121110004", "09121110005"]
MOBILES += ["09121110006", "09121110007", "09121110008"]
FREE_TEXT = "من مینا رضایی هستم، شماره‌ام ۰۹۱۲۱۱۱۰۰۰۱"
# Hand-worked gains (maximum 4): 2/4, 2/2, 0/3, 1/2, 1/4 → ⟨g⟩ = 2.25 / 5 = 0.45
PAIRS_A = [("KOD-A1", 0, 2), ("KOD-A2", 2, 4), ("KOD-A3", 1, 1), ("KOD-A4", 2, 3), ("KOD-A5", 0, 1)]
# 2/3, and a perfect pre-test (skipped for ⟨g⟩)
PAIRS_B = [("KOD-B1", 1, 3), ("KOD-B2", 4, 4)]


def _session(world, plan, pool, *, version, district, done=True, **place):  # noqa: F811
    start = timezone.now() - dt.timedelta(days=2)
    session = Session.objects.create(
        municipality=world.tehran, version=version, lesson=plan.lesson, domain=pool.health,
        district=district, starts_at=start, ends_at=start + dt.timedelta(minutes=45),
        status="delivered" if done else "planned", **place,
    )  # fmt: skip
    session.trainers.set([pool.t6 if district == world.d6 else pool.t12])
    return session


def _register(world, session, n, *, present, offset=0):
    regs = []
    for i in range(n):
        reg = Registration.objects.create(
            municipality=world.tehran, session=session, name=NAMES[(i + offset) % len(NAMES)],
            mobile=MOBILES[(i + offset) % len(MOBILES)], status="confirmed",
            client_id=uuid.uuid4(),
        )  # fmt: skip
        if i < present:
            Attendance.objects.create(
                municipality=world.tehran, session=session, registration=reg, mark="present"
            )
        regs.append(reg)
    return regs


def _answer(world, survey, likert, text_q, session, value, registration=None, text=""):
    response = Response.objects.create(
        municipality=world.tehran, survey=survey, session=session, district=session.district,
        registration=registration, nonce=uuid.uuid4().hex,
    )  # fmt: skip
    Answer.objects.create(
        municipality=world.tehran, response=response, question=likert, value=value
    )
    if text:
        Answer.objects.create(
            municipality=world.tehran, response=response, question=text_q, text=text
        )
    return response


def _test(world, plan, session, pairs, extra_pre=()):  # noqa: F811
    test = KnowledgeTest.objects.create(
        municipality=world.tehran, title="آزمون", program=plan.program, session=session,
        district=session.district,
    )  # fmt: skip
    rows = [(code, "pre", pre) for code, pre, _ in pairs] + [
        (code, "post", post) for code, _, post in pairs
    ]
    rows += [(code, "pre", score) for code, score in extra_pre]
    for code, phase, score in rows:
        Sheet.objects.create(
            municipality=world.tehran, test=test, phase=phase, code=code, source="paper",
            score=score, max_score=4, district=session.district,
        )  # fmt: skip
    return test


@pytest.fixture
def rw(world, users, plan, pool):  # noqa: F811
    """Health program H-1, versions 1 and 2.

    - ``a``: v1, public, district 6: 8 confirmed registrations (one more cancelled), 6 present;
      5 survey responses (Likert 4, 5, 3, 4, 4), one with a free text; a test with 5 pairs and
      one unpaired pre-test;
    - ``b``: v1, a class of district 12 (girls 10, boys 8); 2 responses (5, 5); a test of 2 pairs;
    - ``c``: v1, a class of district 6 (girls 3, boys 6);
    - ``d``: v2, public, district 6: 3 registrations, 2 present;
    - ``p``: v1, planned (not delivered), district 6, 5 registrations: never counted."""
    v2 = ProgramVersion.objects.create(
        municipality=world.tehran, program=plan.program, number=2, status="published",
        published_at=timezone.now(),
    )  # fmt: skip
    v1 = plan.version
    a = _session(world, plan, pool, version=v1, district=world.d6, venue=world.v6, is_public=True)
    b = _session(world, plan, pool, version=v1, district=world.d12, school=world.s12)
    c = _session(world, plan, pool, version=v1, district=world.d6, school=world.s6)
    d = _session(world, plan, pool, version=v2, district=world.d6, venue=world.v6, is_public=True)
    p = _session(
        world, plan, pool, version=v1, district=world.d6, venue=world.v6, is_public=True, done=False
    )
    regs_a = _register(world, a, 8, present=6)
    Registration.objects.create(
        municipality=world.tehran, session=a, name="کنسل شده", mobile="09120000000",
        status="cancelled", client_id=uuid.uuid4(),
    )  # fmt: skip
    _register(world, d, 3, present=2, offset=2)
    _register(world, p, 5, present=5)
    HeadCount.objects.create(municipality=world.tehran, session=b, grade=4, girls=10, boys=8)
    HeadCount.objects.create(municipality=world.tehran, session=c, grade=3, girls=3, boys=6)
    survey = Survey.objects.create(
        municipality=world.tehran, title="رضایت", program=plan.program, status="open"
    )
    likert = SurveyQuestion.objects.create(
        municipality=world.tehran, survey=survey, order=1, kind="likert", text="مفید بود"
    )
    text_q = SurveyQuestion.objects.create(
        municipality=world.tehran, survey=survey, order=2, kind="long_text", text="پیشنهاد"
    )
    for i, value in enumerate([4, 5, 3, 4, 4]):
        _answer(
            world, survey, likert, text_q, a, value,
            registration=regs_a[i], text=FREE_TEXT if i == 0 else "",
        )  # fmt: skip
    for value in (5, 5):
        _answer(world, survey, likert, text_q, b, value)
    _answer(world, survey, likert, text_q, p, 1)  # planned session: ignored
    _test(world, plan, a, PAIRS_A, extra_pre=[("KOD-A6", 3)])
    _test(world, plan, b, PAIRS_B)
    return SimpleNamespace(v1=v1, v2=v2, a=a, b=b, c=c, d=d, p=p, survey=survey, regs_a=regs_a)


@pytest.fixture
def api_for(users):
    def make(user):
        _, token = ApiToken.issue(users[user], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
