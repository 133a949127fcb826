import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from hamafza.camps import services
from hamafza.camps.models import Camp, CampParticipant
from hamafza.camps.tests.conftest import in_days, participant_data, scope_of
from hamafza.camps.tests.factories import ParticipantFactory


def add(users, camp, world, role="coordinator_d6", **overrides):
    return services.participant_add(
        scope=scope_of(users[role]),
        actor=users[role],
        camp=camp,
        **participant_data(world, **overrides),
    )


def test_a_participant_is_added_with_normalised_name_and_mobile(camps, world, users):
    p = add(users, camps.d6, world, full_name="  زهرا   احمدي ", guardian_mobile="۰۹۱۲ ۱۲۳ ۴۵۶۷")
    assert p.full_name == "زهرا احمدی" and p.guardian_mobile == "09121234567"
    assert p.status == CampParticipant.Status.REGISTERED and not p.has_consent


def test_going_needs_the_guardians_consent(camps, world, users):
    # given a student whose guardian has not consented
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, going=True)
    assert "consent" in err.value.message_dict["going"][0]
    assert not CampParticipant.objects.exists()
    p = add(users, camps.d6, world)
    # when they are marked going or attended, then it is refused
    for status in ("going", "attended"):
        with translation.override("en"), pytest.raises(ValidationError) as err:
            services.participant_set_status(
                scope=scope_of(users["coordinator_d6"]),
                actor=users["coordinator_d6"],
                participant=p,
                status=status,
            )
        assert "consent is not recorded" in err.value.messages[0]
    p.refresh_from_db()
    assert p.status == CampParticipant.Status.REGISTERED


def test_recorded_consent_says_who_how_and_when_and_lets_the_student_go(camps, world, users):
    p = add(users, camps.d6, world)
    coordinator = users["coordinator_d6"]
    services.participant_record_consent(
        scope=scope_of(coordinator),
        actor=coordinator,
        participant=p,
        method="paper",
        given_on=in_days(-2),
    )
    p.refresh_from_db()
    assert p.consent_recorded_by == coordinator and p.consent_method == "paper"
    assert p.consent_given_at.date() in (in_days(-2), in_days(-3))  # noon Tehran, stored UTC
    assert p.status == CampParticipant.Status.REGISTERED
    services.participant_set_status(
        scope=scope_of(coordinator), actor=coordinator, participant=p, status="going"
    )
    p.refresh_from_db()
    assert p.status == CampParticipant.Status.GOING
    assert p.history.first().history_user == coordinator


def test_consent_given_when_adding_allows_going(camps, world, users):
    p = add(users, camps.d6, world, consent_method="sms", going=True)
    assert p.status == CampParticipant.Status.GOING and p.consent_recorded_by is not None


def test_consent_cannot_be_given_in_the_future(camps, world, users):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, consent_method="paper", consent_date=in_days(1))
    assert "future" in err.value.message_dict["consent_date"][0]


def test_the_database_refuses_going_without_consent(camps, world):
    p = ParticipantFactory.build(camp=camps.d6, school=world.s6, status="going")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        p.full_clean()
    assert "consent" in " ".join(err.value.messages)
    with pytest.raises(IntegrityError), transaction.atomic():
        p.save()


def test_attendance_is_marked_only_once_the_camp_has_started(camps, world, users):
    p = add(users, camps.d6, world, consent_method="paper", going=True)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        services.participant_set_status(
            scope=scope_of(users["directorate"]),
            actor=users["directorate"],
            participant=p,
            status="attended",
        )
    assert "started" in err.value.messages[0]


def test_capacity_is_held(camps, world, users):
    # given a camp of three places, full
    for i in range(3):
        add(users, camps.d6, world, full_name=f"دانش‌آموز {i}", guardian_mobile=f"0912000000{i}")
    # when a fourth student is added, then it is refused and nobody is added
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, full_name="نفر چهارم", guardian_mobile="09129999999")
    assert "full" in err.value.messages[0]
    assert camps.d6.participants.count() == 3


def test_a_withdrawn_place_frees_a_seat_and_putting_back_needs_one(camps, world, users):
    coordinator = users["coordinator_d6"]
    people = [
        add(users, camps.d6, world, full_name=f"دانش‌آموز {i}", guardian_mobile=f"0912000000{i}")
        for i in range(3)
    ]
    services.participant_set_status(
        scope=scope_of(coordinator), actor=coordinator, participant=people[0], status="withdrawn"
    )
    add(users, camps.d6, world, full_name="نفر چهارم", guardian_mobile="09129999999")
    with pytest.raises(ValidationError):
        services.participant_set_status(
            scope=scope_of(coordinator),
            actor=coordinator,
            participant=people[0],
            status="registered",
        )
    people[0].refresh_from_db()
    assert people[0].status == CampParticipant.Status.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_adds(world, users, pool):
    """Two coordinators add the last place at the same moment: the camp row lock lets one in."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers anyway)")
    from hamafza.camps.tests.factories import CampFactory

    camp = CampFactory(district=world.d6, capacity=1)
    errors, done = [], []
    barrier = threading.Barrier(2)

    def worker(i):
        try:
            barrier.wait()
            done.append(
                add(users, camp, world, full_name=f"نفر {i}", guardian_mobile=f"091200000{i}0")
            )
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(done) == 1 and len(errors) == 1
    assert camp.participants.count() == 1


def test_the_same_student_cannot_be_added_twice(camps, world, users):
    add(users, camps.d6, world)
    # the same name (written differently) from the same school
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, full_name="زهرا  احمدي", guardian_mobile="09127654321")
    assert "already on the list" in " ".join(err.value.messages)
    # the same name and guardian's mobile from another school
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, role="directorate", school_id=world.s12.pk)
    assert "already on the list" in " ".join(err.value.messages)
    assert camps.d6.participants.count() == 1
    # a sibling (same guardian, another name) is welcome
    add(users, camps.d6, world, full_name="مریم احمدی")
    assert camps.d6.participants.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"grade": 13}, "grade", "between 1 and 12"),
        ({"grade": 0}, "grade", "between 1 and 12"),
        ({"guardian_mobile": "0912123"}, "guardian_mobile", "11 digits"),
        ({"full_name": "  "}, "full_name", "full name"),
        ({"gender": "x"}, "gender", "gender"),
    ],
)
def test_bad_input_is_refused_with_a_message(camps, world, users, overrides, field, text):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, **overrides)
    assert text in err.value.message_dict[field][0]
    assert not CampParticipant.objects.exists()


def test_grades_and_gender_of_the_camp_are_respected(camps, world, users):
    camps.d6.grade_from, camps.d6.grade_to, camps.d6.audience = 7, 9, Camp.Audience.BOYS
    camps.d6.save()
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, grade=5, gender="girl")
    assert "grades 7 to 9" in err.value.message_dict["grade"][0]
    assert "for boys" in err.value.message_dict["gender"][0]


def test_a_coordinator_cannot_add_a_student_of_a_school_outside_their_district(camps, world, users):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add(users, camps.d6, world, school_id=world.s12.pk)
    assert "in your area" in err.value.message_dict["school"][0]
    with pytest.raises(PermissionDenied):
        add(users, camps.d12, world)  # nor add to another district's camp
    assert not CampParticipant.objects.exists()


def test_a_closed_or_cancelled_camp_takes_nobody(camps, world, users):
    for status, reason in (("closed", ""), ("cancelled", "باران")):
        camps.d6.status, camps.d6.cancel_reason = status, reason
        camps.d6.save()
        with pytest.raises(ValidationError):
            add(users, camps.d6, world)
    assert not CampParticipant.objects.exists()
