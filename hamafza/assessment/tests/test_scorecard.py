"""The talent shortlist: shrunk ranking with real answers at delivered sessions."""

import pytest
from django.urls import reverse

from hamafza.surveys.models import Answer, Question, Response, Survey


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
