import datetime as dt
from types import SimpleNamespace

import jdatetime
import pytest

from hamafza.agreements.models import Agreement, Clause, Commitment, Party
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import AgencyFactory
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import at, plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture


def j(year, month, day) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


def scope_of(users, key):
    return scope_for_user(users[key])


def session_on(world, plan, day: dt.date, status="delivered", plan_line=None):  # noqa: F811
    start = at(day, 10)
    return Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson,
        domain=plan.program.domain, district=world.d6, school=world.s6, starts_at=start,
        ends_at=start + dt.timedelta(minutes=45), status=status,
        cancel_reason="بیماری مربی" if status == "cancelled" else "", plan_line=plan_line,
    )  # fmt: skip


@pytest.fixture
def deal(world, users, plan):  # noqa: F811
    """An active Tehran agreement for 1405 between the municipality, the health agency and the
    education department: the municipality delivers 10 sessions of the health program by the end
    of Khordad and meets monthly; the health agency files 4 reports by the end of Ordibehesht."""
    education = AgencyFactory(
        municipality=world.tehran, name="آموزش و پرورش تهران", kind="education"
    )
    agreement = Agreement.objects.create(
        municipality=world.tehran, title="تفاهم‌نامه آموزش شهروندی", number="۱۲",
        signed_on=j(1404, 12, 20), starts_on=j(1405, 1, 1), ends_on=j(1405, 12, 29),
        status=Agreement.Status.ACTIVE,
    )  # fmt: skip

    def party(**kw):
        return Party.objects.create(municipality=world.tehran, agreement=agreement, **kw)

    city = party(kind="municipality", role="طرف اول")
    health = party(kind="agency", agency=world.health, role="طرف دوم")
    school = party(kind="agency", agency=education)
    c1 = Clause.objects.create(
        municipality=world.tehran, agreement=agreement, number=1, text="آموزش"
    )
    c2 = Clause.objects.create(
        municipality=world.tehran, agreement=agreement, number=2, text="نشست"
    )

    def commit(clause, who, text, **kw):
        return Commitment.objects.create(
            municipality=world.tehran, agreement=agreement, clause=clause, party=who,
            description=text, **kw,
        )  # fmt: skip

    return SimpleNamespace(
        agreement=agreement, city=city, health=health, school=school, education=education,
        c1=c1, c2=c2,
        program=commit(c1, city, "ده جلسه آموزش بهداشت", target_kind="program",
                       program=plan.program, target_count=10, due_on=j(1405, 3, 31)),
        meeting=commit(c2, city, "نشست ماهانه", target_kind="manual", target_count=1,
                       recurrence="monthly"),
        report=commit(c1, health, "چهار گزارش", target_kind="manual", target_count=4,
                      due_on=j(1405, 2, 31)),
        plan=plan,
    )  # fmt: skip
