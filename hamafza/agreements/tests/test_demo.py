import datetime as dt

from django.utils import timezone

from hamafza.agreements import demo, selectors
from hamafza.agreements.models import Agreement
from hamafza.agreements.tests.conftest import session_on
from hamafza.org.tests.factories import AgencyFactory


def test_the_demo_agreement_shows_real_progress(world, plan):
    AgencyFactory(municipality=world.tehran, name="آموزش و پرورش تهران", kind="education")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for _ in range(2):
        session_on(world, plan, yesterday)
    agreement = demo.seed_agreements(world.tehran)
    assert agreement is not None
    assert demo.seed_agreements(world.tehran) is None  # once
    assert agreement.clauses.count() == 4
    data = selectors.ledger(agreement=agreement)
    sessions = next(c for c in data["commitments"] if c.target_kind == "program")
    assert sessions.program_id == plan.program.pk
    assert sessions.progress.done == 2
    assert data["score"] is not None
    # Bumehen (no programs, no plan) gets its agreement with nothing from Tehran linked
    bumehen = demo.seed_agreements(world.bumehen)
    assert bumehen.parties.get(kind="agency").agency == world.education_b
    assert not bumehen.commitments.filter(target_kind__in=("program", "plan_line")).exists()


def test_bumehen_gets_its_own_memorandum_of_17_dey_1401(world):
    AgencyFactory(municipality=world.tehran, name="آموزش و پرورش تهران", kind="education")
    tehran = demo.seed_agreements(world.tehran)
    current = demo.seed_agreements(world.bumehen)
    assert demo.seed_agreements(world.bumehen) is None  # once
    memorandum = Agreement.objects.get(municipality=world.bumehen, signed_on=dt.date(2023, 1, 7))
    assert memorandum.title == demo.BUMEHEN_TITLE
    assert memorandum.number == "۱۴۰۱/ت/۳"
    assert memorandum.starts_on == dt.date(2023, 1, 7)
    assert [p.kind for p in memorandum.parties.all()] == ["municipality", "agency"]
    assert memorandum.parties.get(kind="agency").agency == world.education_b
    assert memorandum.clauses.count() == len(demo.BUMEHEN_CLAUSES) == 6
    assert memorandum.commitments.filter(party__kind="agency").exists()
    assert memorandum.commitments.filter(party__kind="municipality").exists()
    # renewed term after term (through the renewal service) up to the one in force today
    today = timezone.localdate()
    assert current.starts_on <= today <= current.ends_on
    assert current.status == Agreement.Status.ACTIVE
    chain = [current]
    while chain[-1].renewed_from_id:
        chain.append(chain[-1].renewed_from)
    assert chain[-1] == memorandum
    assert all(a.status == Agreement.Status.RENEWED for a in chain[1:])
    # every agreement its own number and signing date
    everyone = [tehran, *chain]
    assert len({a.number for a in everyone}) == len(everyone)
    assert len({a.signed_on for a in everyone}) == len(everyone)
    assert all(a.signed_on <= a.starts_on for a in everyone)
