import datetime as dt

from django.utils import timezone

from hamafza.agreements import demo, selectors
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
