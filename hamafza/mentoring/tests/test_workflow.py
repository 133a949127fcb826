"""Mentoring pairs: proposing, the three yeses, declining and ending, capacity, the log, who may
do what, and the ladder counting mentoring."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from hamafza.mentoring import selectors, services
from hamafza.mentoring.models import LevelRequirement, LogEntry, MentorCapacity, Pair
from hamafza.mentoring.tests.conftest import as_, make_session, propose
from hamafza.notifications.models import Notification
from hamafza.trainers.selectors import ladder_status
from hamafza.trainers.tests.factories import TrainerDomainFactory, TrainerFactory


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_pair_starts_after_both_accept_and_the_coordinator_approves(users, ment):
    # given a proposal by the coordinator of the trainee's district
    pair = propose(users, ment)
    assert pair.status == Pair.Status.PROPOSED
    assert kinds_of(users["mentor"]) == ["mentoring_proposed"]
    assert kinds_of(users["trainer"]) == ["mentoring_proposed"]
    # when the approval and the mentor's yes come, it still waits for the trainee
    services.pair_approve(
        scope=as_(users, "coordinator_d6"), actor=users["coordinator_d6"], pair=pair
    )
    services.pair_accept(scope=as_(users, "mentor"), actor=users["mentor"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PROPOSED and pair.started_at is None
    # then the trainee's yes starts it, and both are told
    services.pair_accept(scope=as_(users, "trainer"), actor=users["trainer"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and pair.started_at is not None
    assert kinds_of(users["mentor"]) == ["mentoring_active", "mentoring_proposed"]
    assert kinds_of(users["trainer"]) == ["mentoring_active", "mentoring_proposed"]


def test_a_trainer_cannot_approve_and_nothing_changes(users, ment, client_for):
    pair = propose(users, ment)
    for key in ("trainer", "mentor"):
        with pytest.raises(PermissionDenied):
            services.pair_approve(scope=as_(users, key), actor=users[key], pair=pair)
    assert client_for("trainer").post(f"/mentoring/{pair.pk}/approve/").status_code == 403
    response = client_for("mentor").post(
        f"/api/mentoring/pairs/{pair.pk}/approve", content_type="application/json"
    )
    assert response.status_code == 403
    pair.refresh_from_db()
    assert pair.approved_at is None and pair.approved_by is None


def test_a_coordinator_of_another_district_neither_sees_nor_approves(users, ment, client_for):
    pair = propose(users, ment)
    other = as_(users, "coordinator_d12")
    assert selectors.pair_get(scope=other, pk=pair.pk) is None
    assert not selectors.pairs(other).exists()
    assert client_for("coordinator_d12").get(f"/mentoring/{pair.pk}/").status_code == 404
    assert client_for("coordinator_d12").post(f"/mentoring/{pair.pk}/approve/").status_code == 404
    api = client_for("coordinator_d12").get(f"/api/mentoring/pairs/{pair.pk}")
    assert api.status_code == 404
    with pytest.raises(PermissionDenied):
        services.pair_approve(scope=other, actor=users["coordinator_d12"], pair=pair)
    # nor proposes for a trainee of district 6
    with pytest.raises(PermissionDenied):
        propose(users, ment, mentor=ment.m12, by="coordinator_d12")
    pair.refresh_from_db()
    assert pair.approved_at is None
    assert Pair.objects.count() == 1
    # the pair's own district and the directorate see it
    assert selectors.pair_get(scope=as_(users, "coordinator_d6"), pk=pair.pk) is not None
    assert selectors.pair_get(scope=as_(users, "directorate"), pk=pair.pk) is not None


def test_liaisons_and_schools_have_no_part(users, ment, client_for):
    pair = propose(users, ment)
    for key in ("liaison_health", "school_contact_s6", "volunteer"):
        assert not selectors.pairs(as_(users, key)).exists()
        assert client_for(key).get("/api/mentoring/pairs").status_code == 403
        assert client_for(key).get(f"/mentoring/{pair.pk}/").status_code == 403


def test_a_junior_trainer_cannot_be_proposed_as_mentor(users, ment):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        propose(users, ment, mentor=ment.junior6)
    assert "not a senior or master trainer" in " ".join(err.value.messages)
    assert not Pair.objects.exists()
    assert not Notification.objects.filter(kind="mentoring_proposed").exists()
    # and is not among the proposed mentors
    found = selectors.mentor_candidates(
        as_(users, "coordinator_d6"), trainee=ment.t6, domain_id=ment.pool.health.pk
    )
    assert ment.junior6 not in list(found)


def test_a_trainer_cannot_propose(users, ment):
    with pytest.raises(PermissionDenied):
        propose(users, ment, by="trainer")
    assert not Pair.objects.exists()


def test_proposed_mentors_are_ranked_same_district_first_then_places_left(users, ment):
    # m6 (district 6, senior) has taken their only place; m12 (district 12, master) is free
    MentorCapacity.objects.create(
        municipality=ment.m6.municipality, trainer=ment.m6, domain=ment.pool.health, capacity=2
    )
    other = TrainerFactory(home_district=ment.t6.home_district, first_name="نرگس")
    TrainerDomainFactory(trainer=other, domain=ment.pool.health, level=ment.pool.levels[1])
    busy = propose(users, ment, trainee=other)
    busy.status = Pair.Status.ACTIVE
    busy.save()
    rows = list(
        selectors.mentor_candidates(
            as_(users, "coordinator_d6"), trainee=ment.t6, domain_id=ment.pool.health.pk
        )
    )
    assert [r.pk for r in rows] == [ment.m6.pk, ment.m12.pk]
    assert (rows[0].same_district, rows[0].remaining, rows[0].capacity) == (1, 1, 2)
    assert (rows[1].same_district, rows[1].remaining, rows[1].capacity) == (0, 3, 3)


def test_a_full_mentor_is_refused_with_a_clear_message(users, ment):
    MentorCapacity.objects.create(
        municipality=ment.m6.municipality, trainer=ment.m6, domain=ment.pool.health, capacity=1
    )
    other = TrainerFactory(home_district=ment.t6.home_district, first_name="نرگس")
    TrainerDomainFactory(trainer=other, domain=ment.pool.health, level=ment.pool.levels[1])
    first = propose(users, ment, trainee=other)
    Pair.objects.filter(pk=first.pk).update(status=Pair.Status.ACTIVE)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        propose(users, ment)
    message = " ".join(err.value.messages)
    assert "already mentors 1 trainee(s)" in message and "Choose another mentor" in message
    assert Pair.objects.count() == 1


def test_the_last_yes_is_refused_when_the_mentor_filled_up_meanwhile(users, ment):
    """Two proposals to a mentor with one place: the first to start takes it; the other's last
    yes is refused and nothing of it is saved."""
    MentorCapacity.objects.create(
        municipality=ment.m6.municipality, trainer=ment.m6, domain=ment.pool.health, capacity=1
    )
    other = TrainerFactory(home_district=ment.t6.home_district, first_name="نرگس")
    TrainerDomainFactory(trainer=other, domain=ment.pool.health, level=ment.pool.levels[1])
    first, second = propose(users, ment, trainee=other), propose(users, ment)
    coordinator = as_(users, "coordinator_d6")
    for pair in (first, second):
        services.pair_accept(scope=as_(users, "mentor"), actor=users["mentor"], pair=pair)
        services.pair_approve(scope=coordinator, actor=users["coordinator_d6"], pair=pair)
    Pair.objects.filter(pk=first.pk).update(
        trainee_accepted_at=timezone.now(), status=Pair.Status.ACTIVE
    )
    with translation.override("en"), pytest.raises(ValidationError) as err:
        services.pair_accept(scope=as_(users, "trainer"), actor=users["trainer"], pair=second)
    assert "already mentors" in " ".join(err.value.messages)
    second.refresh_from_db()
    assert second.status == Pair.Status.PROPOSED and second.trainee_accepted_at is None


def test_accepting_from_a_stale_copy_still_starts_the_pair(users, ment):
    """The mentor's page was loaded before the trainee accepted: the service reads the locked
    row, not the stale copy, so the pair starts (and a second click changes nothing)."""
    pair = propose(users, ment)
    services.pair_approve(
        scope=as_(users, "coordinator_d6"), actor=users["coordinator_d6"], pair=pair
    )
    stale = Pair.objects.get(pk=pair.pk)
    services.pair_accept(scope=as_(users, "trainer"), actor=users["trainer"], pair=pair)
    assert stale.trainee_accepted_at is None
    services.pair_accept(scope=as_(users, "mentor"), actor=users["mentor"], pair=stale)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    started = pair.started_at
    with pytest.raises(ValidationError):
        services.pair_accept(scope=as_(users, "mentor"), actor=users["mentor"], pair=stale)
    pair.refresh_from_db()
    assert pair.started_at == started
    assert Notification.objects.filter(kind="mentoring_active").count() == 2


@pytest.mark.django_db(transaction=True)
def test_both_trainers_accepting_at_once_start_the_pair_once(world, users, ment):
    """The mentor and the trainee accept at the same moment: the pair row lock makes one wait
    for the other, so the second sees the first's yes and starts the pair, exactly once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers anyway)")
    pair = propose(users, ment)
    services.pair_approve(
        scope=as_(users, "coordinator_d6"), actor=users["coordinator_d6"], pair=pair
    )
    barrier, errors = threading.Barrier(2), []

    def worker(key):
        try:
            barrier.wait()
            services.pair_accept(scope=as_(users, key), actor=users[key], pair=pair)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in ("mentor", "trainer")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    assert pair.mentor_accepted_at and pair.trainee_accepted_at
    assert Notification.objects.filter(kind="mentoring_active").count() == 2


def test_either_trainer_declines_and_the_proposal_closes(users, ment):
    pair = propose(users, ment)
    services.pair_decline(
        scope=as_(users, "trainer"), actor=users["trainer"], pair=pair, reason="وقت ندارم"
    )
    pair.refresh_from_db()
    assert pair.status == Pair.Status.DECLINED and pair.reason == "وقت ندارم"
    assert "mentoring_ended" in kinds_of(users["mentor"])
    assert "mentoring_ended" in kinds_of(users["coordinator_d6"])
    with pytest.raises(ValidationError):
        services.pair_accept(scope=as_(users, "mentor"), actor=users["mentor"], pair=pair)
    # a new proposal for the same trainee and domain is possible again
    assert propose(users, ment, mentor=ment.m12).status == Pair.Status.PROPOSED


def test_the_coordinator_ends_a_pair_with_a_reason(users, active_pair):
    coordinator = as_(users, "coordinator_d6")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        services.pair_end(
            scope=coordinator, actor=users["coordinator_d6"], pair=active_pair, reason="  "
        )
    assert "Say why" in " ".join(err.value.messages)
    with pytest.raises(PermissionDenied):
        services.pair_end(
            scope=as_(users, "mentor"), actor=users["mentor"], pair=active_pair, reason="پایان"
        )
    services.pair_end(
        scope=coordinator,
        actor=users["coordinator_d6"],
        pair=active_pair,
        reason="دوره به پایان رسید",
        completed=True,
    )
    active_pair.refresh_from_db()
    assert active_pair.status == Pair.Status.COMPLETED
    assert "mentoring_ended" in kinds_of(users["trainer"])


def _add(users, key, pair, **kw):
    data = {"kind": "meeting", "date": timezone.localdate(), "notes": "مرور طرح درس"} | kw
    return services.entry_add(scope=as_(users, key), actor=users[key], pair=pair, **data)


def test_the_log_is_written_by_the_two_and_read_by_the_coordinator(users, active_pair):
    _add(users, "mentor", active_pair)
    _add(users, "trainer", active_pair, kind="observation")
    for key in ("coordinator_d6", "directorate", "trainer", "mentor"):
        assert selectors.entries(as_(users, key), active_pair).count() == 2
    assert selectors.entries(as_(users, "coordinator_d12"), active_pair).count() == 0
    with pytest.raises(PermissionDenied):
        _add(users, "coordinator_d6", active_pair)
    with pytest.raises(PermissionDenied):
        _add(users, "trainer_d12", active_pair)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        _add(users, "mentor", active_pair, date=timezone.localdate().replace(year=2099))
    assert "not a future date" in " ".join(err.value.messages)
    assert LogEntry.objects.count() == 2


def test_a_co_taught_session_must_be_one_both_taught(world, users, plan, active_pair, ment):
    only_trainee = make_session(world, plan, [ment.t6])
    with translation.override("en"), pytest.raises(ValidationError) as err:
        _add(users, "trainer", active_pair, kind="co_taught", session_id=only_trainee.pk)
    assert "you both taught" in " ".join(err.value.messages)
    assert ment.m6.last_name in " ".join(err.value.messages)
    assert not LogEntry.objects.exists()
    both = make_session(world, plan, [ment.t6, ment.m6], days_ago=5)
    entry = _add(users, "mentor", active_pair, kind="co_taught", session_id=both.pk, date=None)
    assert entry.session == both
    assert entry.date == timezone.localtime(both.starts_at).date()


def test_the_ladder_counts_mentoring(users, ment, active_pair):
    # given the directorate asks for 2 log entries for level 2 (t6's next rung)
    level = ment.pool.levels[2]
    services.requirement_set(
        scope=as_(users, "directorate"),
        actor=users["directorate"],
        level_id=level.pk,
        min_entries=2,
        expected_updated_at=None,
    )

    def missing():
        with translation.override("en"):
            (row,) = ladder_status(ment.t6)
        assert row.next_level == level
        return [m for m in row.missing if "mentoring" in m]

    # then it is missing while the log is short
    assert missing() == ["a mentoring pair with at least 2 log entries (now 0)"]
    _add(users, "mentor", active_pair)
    assert missing() == ["a mentoring pair with at least 2 log entries (now 1)"]
    # and satisfied once it has enough entries
    _add(users, "trainer", active_pair, kind="observation")
    assert missing() == []
    # a pair ended early does not count
    services.pair_end(
        scope=as_(users, "coordinator_d6"),
        actor=users["coordinator_d6"],
        pair=active_pair,
        reason="جابه‌جایی",
    )
    assert missing() == ["a mentoring pair with at least 2 log entries (now 0)"]


def test_only_the_directorate_sets_requirements_and_a_stale_form_is_refused(users, ment):
    level = ment.pool.levels[2]
    with pytest.raises(PermissionDenied):
        services.requirement_set(
            scope=as_(users, "coordinator_d6"),
            actor=users["coordinator_d6"],
            level_id=level.pk,
            min_entries=3,
            expected_updated_at=None,
        )
    row = services.requirement_set(
        scope=as_(users, "directorate"),
        actor=users["directorate"],
        level_id=level.pk,
        min_entries=3,
        expected_updated_at=None,
    )
    with pytest.raises(ValidationError):  # a form opened before it existed
        services.requirement_set(
            scope=as_(users, "directorate"),
            actor=users["directorate"],
            level_id=level.pk,
            min_entries=5,
            expected_updated_at=None,
        )
    assert LevelRequirement.objects.get().min_entries == 3
    services.requirement_set(
        scope=as_(users, "directorate"),
        actor=users["directorate"],
        level_id=level.pk,
        min_entries=0,
        expected_updated_at=row.updated_at,
    )
    assert not LevelRequirement.objects.exists()


def test_a_mentor_sets_their_capacity_only_where_they_may_mentor(users, ment):
    scope = as_(users, "mentor")
    row = services.capacity_set(
        scope=scope,
        actor=users["mentor"],
        domain_id=ment.pool.health.pk,
        capacity=5,
        expected_updated_at=None,
    )
    assert row.capacity == 5
    with pytest.raises(ValidationError):  # stale: no version
        services.capacity_set(
            scope=scope,
            actor=users["mentor"],
            domain_id=ment.pool.health.pk,
            capacity=1,
            expected_updated_at=None,
        )
    with pytest.raises(ValidationError):  # t6 is level 1: no mentoring
        services.capacity_set(
            scope=as_(users, "trainer"),
            actor=users["trainer"],
            domain_id=ment.pool.health.pk,
            capacity=2,
            expected_updated_at=None,
        )
    with pytest.raises(ValidationError):
        services.capacity_set(
            scope=scope,
            actor=users["mentor"],
            domain_id=ment.pool.health.pk,
            capacity=99,
            expected_updated_at=row.updated_at,
        )
    assert MentorCapacity.objects.get().capacity == 5
