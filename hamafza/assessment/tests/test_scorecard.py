"""The talent shortlist: shrunk ranking with real answers at delivered sessions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.assessment import scorecard, stats
from hamafza.plans.models import Plan, Term
from hamafza.sessions.models import Session
from hamafza.surveys.models import Answer, Question, Response, Survey
from hamafza.trainers.models import Enrolment, TrainerDomain, TrainingCourse
from hamafza.trainers.tests.factories import TrainerDomainFactory, TrainerFactory

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def ratings(world, survey, question, session, values, start=0):
    for i, value in enumerate(values):
        response = Response.objects.create(
            municipality=world.tehran, survey=survey, session=session,
            district=session.district, nonce=f"{session.pk}-{start + i}",
        )  # fmt: skip
        Answer.objects.create(
            municipality=world.tehran, response=response, question=question, value=value
        )


@pytest.fixture
def rated(bank, world, plan):
    """t6 (district 6 session): 2 answers of 5. t12 (district 12): 40 answers, 30 fives and 10
    fours (mean 4.75). Domain prior = (10 + 190)/42 = 4.761905.
    t6: (2·5 + 10·4.761905)/12 = (10 + 47.61905)/12 = 4.801587.
    t12: (190 + 47.61905)/50 = 4.752381. Both rank; the band of t6 (n=2) is wider than t12's."""
    for s in (bank.s6, bank.s12):
        s.status = "delivered"
        s.save()
    survey = Survey.objects.create(municipality=world.tehran, title="رضایت", status="open")
    q = Question.objects.create(municipality=world.tehran, survey=survey, kind="likert", text="؟")
    ratings(world, survey, q, bank.s6, [5, 5])
    ratings(world, survey, q, bank.s12, [5] * 30 + [4] * 10, start=100)
    return bank


def test_the_shortlist_is_ranked_by_shrunk_satisfaction(rated, client_for, pool):
    page = client_for("directorate").get(
        reverse("assessment:scorecard"), {"domain": pool.health.pk}
    )
    assert page.status_code == 200
    cards = {c.trainer.pk: c for c in page.context["cards"]}
    t6, t12 = cards[pool.t6.pk], cards[pool.t12.pk]
    assert (t6.ratings, t12.ratings) == (2, 40)
    assert t6.shrunk == pytest.approx(4.801587, abs=1e-6)
    assert t12.shrunk == pytest.approx(4.752381, abs=1e-6)
    assert t6.band > t12.band
    assert (t6.sessions, t12.sessions) == (1, 1) and t6.hours == pytest.approx(1.0)
    assert "(n × trainer" in page.content.decode() or "n + " in page.content.decode()


@pytest.mark.parametrize("role", ["coordinator_d6", "trainer", "citizen"])
def test_only_the_directorate_ranks_trainers(rated, client_for, role):
    assert client_for(role).get(reverse("assessment:scorecard")).status_code == 403


# --- one trainer's scorecard over the last terms, and the trainers who need support ------------


def delivered(world, plan, domain, trainer, day, hours=1, status="delivered", n=0):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(8 + n)))
    session = Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson, domain=domain,
        district=world.d6, venue=world.v6, starts_at=start,
        ends_at=start + dt.timedelta(hours=hours), status=status,
    )  # fmt: skip
    session.trainers.set([trainer])
    return session


def test_the_median_by_hand():
    """[3, 1, 2] → sorted 1, 2, 3 → 2; [4, 1, 3, 2] → (2 + 3)/2 = 2.5; missing values left out;
    nothing → None. Pooled mean of (2, 5.0) and (20, 4.0) = (10 + 80)/22 = 4.090909."""
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([None, 7, None]) == 7
    assert stats.median([]) is None and stats.median([None]) is None
    assert stats.pooled_mean([(2, 5.0), (20, 4.0), (0, 1.0)]) == pytest.approx(90 / 22)
    assert stats.pooled_mean([]) is None


def test_the_last_four_terms_by_hand(world):
    """Today 30 April 2026 = 10 Ordibehesht 1405. Without a plan: the seasons
    Summer 1404 (1 Tir = 22 Jun 2025 … 31 Shahrivar = 22 Sep 2025), Autumn 1404 (1 Mehr =
    23 Sep … 30 Azar = 21 Dec 2025), Winter 1404 (1 Dey = 22 Dec 2025 … 29 Esfand = 20 Mar
    2026, 1404 not leap) and Spring 1405 (1 Farvardin = 21 Mar … 31 Khordad = 21 Jun 2026).
    With the tenant's terms for 1405, those replace the seasons of 1405; a term not yet begun
    is left out."""
    today = dt.date(2026, 4, 30)
    periods = scorecard.last_periods(world.tehran.pk, today)
    assert [(p.year, p.starts_on, p.ends_on) for p in periods] == [
        (1404, dt.date(2025, 6, 22), dt.date(2025, 9, 22)),
        (1404, dt.date(2025, 9, 23), dt.date(2025, 12, 21)),
        (1404, dt.date(2025, 12, 22), dt.date(2026, 3, 20)),
        (1405, dt.date(2026, 3, 21), dt.date(2026, 6, 21)),
    ]
    plan = Plan.objects.create(municipality=world.tehran, year=1405)
    for name, starts, ends in (
        ("ترم بهار", dt.date(2026, 3, 25), dt.date(2026, 6, 10)),
        ("ترم تابستان", dt.date(2026, 6, 22), dt.date(2026, 9, 1)),
    ):
        Term.objects.create(
            municipality=world.tehran, plan=plan, name=name, starts_on=starts, ends_on=ends
        )
    periods = scorecard.last_periods(world.tehran.pk, today)
    assert [p.label for p in periods][3] == "ترم بهار"
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (dt.date(2025, 6, 22), dt.date(2025, 9, 22)),
        (dt.date(2025, 9, 23), dt.date(2025, 12, 21)),
        (dt.date(2025, 12, 22), dt.date(2026, 3, 20)),
        (dt.date(2026, 3, 25), dt.date(2026, 6, 10)),
    ]
    # another municipality's plan is not ours
    assert len(scorecard.last_periods(world.bumehen.pk, today)) == 4
    assert scorecard.last_periods(world.bumehen.pk, today)[3].starts_on == dt.date(2026, 3, 21)


@pytest.fixture
def three(world, plan, pool):
    """t6, t12 (given health by ``plan``) and a third trainer t7 (district 6) teach health."""
    t7 = TrainerFactory(home_district=world.d6, first_name="نیما")
    TrainerDomainFactory(trainer=t7, domain=pool.health)
    return t7


def test_a_trainers_terms_beside_the_domain_median(
    world, plan, pool, three, client_for
):  # fmt: skip
    """Per term (a session's day decides its term; P4 the current one), one-hour sessions unless
    said:
      P4: t6 2 sessions; t12 1 of 2 h; t7 4 → t6 has 2 sessions, 2.0 h; medians: sessions
          [2, 1, 4] → 2, hours [2, 2, 4] → 2. Satisfaction: t6 5, 5 → 5.0; t12 4 → 4.0; t7 3, 3
          → 3.0; median [5, 4, 3] → 4.0. Not counted: t6's planned session, t6's waste session.
      P3: t6 1; t12 3 → medians sessions [1, 3] → 2, hours 2.0.
      P2: t7 1 → t6 has 0; median 1 (only those who taught).
      P1: nothing → no medians. A session before P1 counts nowhere."""
    t6, t12, t7 = pool.t6, pool.t12, three
    periods = scorecard.last_periods(world.tehran.pk, timezone.localdate())
    p1, p2, p3, p4 = (p.starts_on for p in periods)
    health = pool.health
    survey = Survey.objects.create(municipality=world.tehran, title="رضایت", status="open")
    q = Question.objects.create(municipality=world.tehran, survey=survey, kind="likert", text="؟")
    s = [delivered(world, plan, health, t6, p4, n=i) for i in range(2)]
    ratings(world, survey, q, s[0], [5, 5])
    ratings(world, survey, q, delivered(world, plan, health, t12, p4, hours=2), [4], start=10)
    s7 = [delivered(world, plan, health, t7, p4, n=i) for i in range(4)]
    ratings(world, survey, q, s7[0], [3, 3], start=20)
    delivered(world, plan, health, t6, p4, n=5, status="planned")
    delivered(world, plan, pool.waste, t6, p4, n=6)
    delivered(world, plan, health, t6, p3)
    for i in range(3):
        delivered(world, plan, health, t12, p3, n=i)
    delivered(world, plan, health, t7, p2)
    delivered(world, plan, health, t6, p1 - dt.timedelta(days=3))
    page = client_for("trainer").get(reverse("assessment:trainer_scorecard", args=[t6.pk]))
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r.period.starts_on for r in rows] == [p1, p2, p3, p4]
    got = [(r.card.sessions, r.card.hours, r.median["sessions"], r.median["hours"]) for r in rows]
    assert got == [(0, 0, None, None), (0, 0, 1, 1.0), (1, 1.0, 2, 2.0), (2, 2.0, 2, 2.0)]
    assert rows[3].card.satisfaction == 5.0 and rows[3].median["satisfaction"] == 4.0
    assert rows[2].card.satisfaction is None and rows[2].median["satisfaction"] is None
    assert page.context["domain"] == health
    assert "trends" in page.content.decode()


def test_who_reads_a_trainers_scorecard(world, pool, users, client_for):
    """The trainer their own (another's: 404); the district 6 coordinator the trainers homed in
    district 6; the directorate all; others not at all."""
    own = reverse("assessment:trainer_scorecard", args=[pool.t6.pk])
    other = reverse("assessment:trainer_scorecard", args=[pool.t12.pk])
    trainer = client_for("trainer")
    assert trainer.get(own).status_code == 200
    assert trainer.get(other).status_code == 404
    assert trainer.get(reverse("assessment:my_scorecard")).url == own
    coordinator = client_for("coordinator_d6")
    assert coordinator.get(own).status_code == 200
    assert coordinator.get(other).status_code == 404
    directorate = client_for("directorate")
    assert directorate.get(own).status_code == 200 and directorate.get(other).status_code == 200
    for role in ("citizen", "liaison_health", "school_contact_s6"):
        assert client_for(role).get(own).status_code == 403
    outsider = reverse("assessment:trainer_scorecard", args=[pool.tb.pk])
    assert directorate.get(outsider).status_code == 404  # Bumehen's trainer


def test_trainers_who_need_support_by_hand(world, plan, pool, three, client_for):
    """Twenty answers each: t6 all 5, t12 all 4, t7 all 3. Domain mean (the prior) = 4.0; SD of
    the means [5, 4, 3] = 1.0; band = 1.959964 / √(20 + 10) = 0.357839.
    Shrunk: t7 = (20·3 + 10·4)/30 = 3.333333 → 4.0 − 3.333333 = 0.666667 > 0.357839: listed;
    t12 = (80 + 40)/30 = 4.0, not below; t6 above.
    Ladder: t12 at level 1 with an observation score of 55 < 60 asked by level 2: listed;
    t6 at level 1 without a score: not listed for it.
    Courses of health: A (planned, later) and B (running, ends later; t7 enrolled) are open;
    C finished, D of waste and E planned but already ended are not. t7 → [A]; t12 → [B, A]
    (by start date)."""
    t6, t12, t7 = pool.t6, pool.t12, three
    today = timezone.localdate()
    survey = Survey.objects.create(municipality=world.tehran, title="رضایت", status="open")
    q = Question.objects.create(municipality=world.tehran, survey=survey, kind="likert", text="؟")
    for i, (trainer, value) in enumerate(((t6, 5), (t12, 4), (t7, 3))):
        session = delivered(world, plan, pool.health, trainer, today, n=i)
        ratings(world, survey, q, session, [value] * 20, start=100 * i)
    TrainerDomain.objects.filter(trainer=t12, domain=pool.health).update(
        level=pool.levels[1], observation_score=55
    )

    def course(title, status, starts, ends, domain=pool.health):
        return TrainingCourse.objects.create(
            municipality=world.tehran, domain=domain, title=title, status=status,
            starts_on=today + dt.timedelta(days=starts), ends_on=today + dt.timedelta(days=ends),
        )  # fmt: skip

    a = course("A", "planned", 30, 35)
    b = course("B", "running", -5, 10)
    course("C", "finished", -60, -50)
    course("D", "planned", 30, 35, domain=pool.waste)
    course("E", "planned", -20, -10)
    Enrolment.objects.create(municipality=world.tehran, course=b, trainer=t7)
    page = client_for("directorate").get(
        reverse("assessment:scorecard"), {"domain": pool.health.pk}
    )
    assert page.status_code == 200
    cards = {c.trainer.pk: c for c in page.context["cards"]}
    assert cards[t7.pk].shrunk == pytest.approx(10 / 3, abs=1e-6)
    assert cards[t7.pk].band == pytest.approx(0.357839, abs=1e-6)
    support = {s.card.trainer.pk: s for s in page.context["support"]}
    assert set(support) == {t7.pk, t12.pk}
    (reason,) = support[t7.pk].reasons
    assert "۳٫۳۳" in reason
    assert len(support[t12.pk].reasons) == 1 and "۵۵" in support[t12.pk].reasons[0]
    assert support[t7.pk].courses == [a]
    assert support[t12.pk].courses == [b, a]  # by start date
    assert 'id="support"' in page.content.decode()


# --- the same through the API ---------------------------------------------------------------


def test_shortlist_by_api_for_the_directorate_only(rated, client_for, pool):
    url = f"/api/assessment/shortlist/{pool.health.pk}"
    data = client_for("directorate").get(url)
    assert data.status_code == 200
    cards = {c["trainer_id"]: c for c in data.json()["cards"]}
    assert cards[pool.t6.pk]["shrunk"] == pytest.approx(4.801587, abs=1e-6)
    assert cards[pool.t12.pk]["ratings"] == 40 and data.json()["shrink_k"] == 10
    assert client_for("coordinator_d6").get(url).status_code == 403
    assert (
        client_for("directorate").get(f"/api/assessment/shortlist/{pool.b_health.pk}").status_code
        == 404
    )


def test_scorecard_and_observations_by_api_follow_the_pages_rules(world, pool, client_for):
    own = f"/api/assessment/trainers/{pool.t6.pk}/scorecard"
    other = f"/api/assessment/trainers/{pool.t12.pk}/scorecard"
    data = client_for("trainer").get(own)
    assert data.status_code == 200 and len(data.json()["terms"]) == 4
    assert data.json()["domain_id"] == pool.health.pk
    assert client_for("trainer").get(other).status_code == 404
    assert client_for("coordinator_d6").get(other).status_code == 404
    assert client_for("directorate").get(other).status_code == 200
    observed = f"/api/assessment/trainers/{pool.t6.pk}/observations"
    assert client_for("trainer").get(observed).json() == []
    assert client_for("citizen").get(observed).status_code == 404
