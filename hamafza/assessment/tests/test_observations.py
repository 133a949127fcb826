"""Supervisors observe delivered sessions against a rubric; the weighted score is on the
trainer's record."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamafza.assessment import observations
from hamafza.assessment.models import Observation, ObservationMark
from hamafza.assessment.tests.conftest import scope_of


def test_weighted_score_by_hand():
    """Weights 3, 1, 2 marked 4, 2, 1: Σ w·m = 12 + 2 + 2 = 16; max = 4 · (3+1+2) = 24;
    16/24 · 100 = 66.67 → 66.7. All 4s → 100; all 0s → 0."""
    assert observations.weighted_score([(3, 4), (1, 2), (2, 1)]) == Decimal("66.7")
    assert observations.weighted_score([(1, 4), (5, 4)]) == Decimal("100.0")
    assert observations.weighted_score([(2, 0)]) == Decimal("0.0")


@pytest.fixture
def rubric(users, world):
    return observations.rubric_create(
        scope=scope_of(users["directorate"]), actor=users["directorate"], title="نظارت کلاس",
        lines="3، مدیریت کلاس\n1, وقت‌شناسی\n۲، مشارکت دادن",
    )  # fmt: skip


def observe(users, session, trainer, rubric, values, role="coordinator_d6"):
    criteria = list(rubric.criteria.order_by("order"))
    return observations.observation_save(
        scope=scope_of(users[role]), actor=users[role], session=session, trainer=trainer,
        rubric=rubric, marks={c.pk: v for c, v in zip(criteria, values, strict=True)},
    )  # fmt: skip


def test_a_rubric_is_read_from_lines(rubric):
    assert [(c.weight, c.text) for c in rubric.criteria.order_by("order")] == [
        (3, "مدیریت کلاس"), (1, "وقت‌شناسی"), (2, "مشارکت دادن"),
    ]  # fmt: skip


def test_bad_rubrics_are_refused(users):
    scope = scope_of(users["directorate"])
    with pytest.raises(ValidationError):
        observations.rubric_create(scope=scope, actor=None, title="x", lines="11, زیاد")
    with pytest.raises(PermissionDenied):
        observations.rubric_create(
            scope=scope_of(users["coordinator_d6"]), actor=None, title="x", lines="1, y"
        )


def test_an_observation_of_a_delivered_session_is_scored(bank, users, pool, rubric, client_for):
    bank.s6.status = "delivered"
    bank.s6.save()
    done = observe(users, bank.s6, pool.t6, rubric, ["4", "2", "1"])
    assert done.score == Decimal("66.7") and done.marks.count() == 3
    # on the trainer's record: the trainer sees their own; the coordinator too
    url = reverse("assessment:trainer_observations", args=[pool.t6.pk])
    page = client_for("trainer").get(url)
    assert page.status_code == 200 and page.context["summary"]["count"] == 1
    assert "۶۶٫۷" in page.content.decode()
    assert client_for("coordinator_d6").get(url).status_code == 200
    # another trainer's record is not theirs: the gate gives a trainer only their own record and
    # a citizen none, so it is not found
    other = reverse("assessment:trainer_observations", args=[pool.t12.pk])
    assert client_for("trainer").get(other).status_code == 404
    assert client_for("citizen").get(url).status_code == 404


def test_an_observation_of_a_session_not_delivered_is_refused(bank, users, pool, rubric):
    with pytest.raises(ValidationError) as refused:
        observe(users, bank.s6, pool.t6, rubric, ["4", "4", "4"])  # still planned
    assert "session" in refused.value.message_dict
    assert not Observation.objects.exists()


@pytest.mark.parametrize("values", [["5", "2", "1"], ["4", "", "1"], ["4", "x", "1"]])
def test_marks_out_of_range_or_missing_are_refused(bank, users, pool, rubric, values):
    bank.s6.status = "delivered"
    bank.s6.save()
    with pytest.raises(ValidationError):
        observe(users, bank.s6, pool.t6, rubric, values)
    assert not Observation.objects.exists() and not ObservationMark.objects.exists()


def test_observing_outside_the_scope_is_refused(bank, users, pool, rubric, client_for):
    bank.s12.status = "delivered"
    bank.s12.save()
    with pytest.raises(PermissionDenied):
        observe(users, bank.s12, pool.t12, rubric, ["1", "1", "1"])
    with pytest.raises(ValidationError):  # t6 does not teach the session
        observe(users, bank.s12, pool.t6, rubric, ["1", "1", "1"], role="directorate")
    assert (
        client_for("coordinator_d6")
        .get(reverse("assessment:observe", args=[bank.s12.pk]))
        .status_code
        == 404
    )
    assert (
        client_for("trainer").get(reverse("assessment:observe", args=[bank.s12.pk])).status_code
        == 403
    )
    assert not Observation.objects.exists()


def test_the_observation_form_on_a_phone(bank, users, pool, rubric, client_for):
    bank.s6.status = "delivered"
    bank.s6.save()
    client = client_for("coordinator_d6")
    url = reverse("assessment:observe", args=[bank.s6.pk])
    assert client.get(url).status_code == 200
    criteria = list(rubric.criteria.order_by("order"))
    data = {"trainer": pool.t6.pk} | {f"c{c.pk}": "4" for c in criteria}
    assert client.post(url, data | {f"c{criteria[0].pk}": "9"}).status_code == 400
    assert not Observation.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Observation.objects.get().score == 100


def test_the_mean_observation_score_feeds_the_standards_ladder(bank, users, pool, world, plan):
    """Rubric weights 1 and 4 (maximum 4 · 5 = 20). Marks (4, 2): 4 + 8 = 12 → 12/20 = 60;
    marks (4, 3): 4 + 12 = 16 → 80. Mean (60 + 80)/2 = 70 on t6's health row. Level 2 asking
    70 (no courses, no hours) is met; asking 75 lists the observation score as missing."""
    from django.utils import translation

    from hamafza.trainers.models import TrainerDomain
    from hamafza.trainers.selectors import ladder_status

    two = observations.rubric_create(
        scope=scope_of(users["directorate"]), actor=None, title="کوتاه", lines="1, الف\n4, ب"
    )
    bank.s6.status = "delivered"
    bank.s6.save()
    assert observe(users, bank.s6, pool.t6, two, ["4", "2"]).score == 60
    assert observe(users, bank.s6, pool.t6, two, ["4", "3"]).score == 80
    row = TrainerDomain.objects.get(trainer=pool.t6, domain=pool.health)
    assert row.observation_score == 70
    level = pool.levels[2]
    level.min_courses, level.min_hours, level.min_observation_score = 0, 0, 70
    level.save()
    (status,) = ladder_status(pool.t6)
    assert status.observation_score == 70
    assert status.eligible == level and status.missing == []
    level.min_observation_score = 75
    level.save()
    with translation.override("en"):
        (status,) = ladder_status(pool.t6)
    assert status.eligible == pool.levels[1]
    assert status.missing == ["an observation score of at least 75 (now 70)"]
    # a session of a domain the trainer has no row for: the observation counts, no row is made
    bank.s6.domain = pool.waste
    bank.s6.save()
    assert not observe(users, bank.s6, pool.t6, two, ["0", "0"]).ladder_updated
    assert not TrainerDomain.objects.filter(trainer=pool.t6, domain=pool.waste).exists()
    assert TrainerDomain.objects.get(pk=row.pk).observation_score == 70
