import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hamafza.camps import services
from hamafza.camps.models import Camp, CampStaff
from hamafza.camps.tests.conftest import in_days, scope_of
from hamafza.camps.tests.factories import CampFactory
from hamafza.trainers.models import Leave


def add_staff(users, camp, who="directorate", **kwargs):
    kwargs.setdefault("role", CampStaff.Role.TRAINER)
    return services.staff_add(scope=scope_of(users[who]), actor=users[who], camp=camp, **kwargs)


def test_trainers_and_volunteers_join_the_staff(camps, users, pool):
    member = add_staff(users, camps.d12, trainer_id=pool.t12.pk)
    assert member.person == pool.t12
    member = add_staff(
        users, camps.d12, user_id=camps.other_volunteer.pk, role=CampStaff.Role.MEDIC
    )
    assert member.person == camps.other_volunteer
    assert camps.d12.staff.count() == 2


def test_the_same_person_cannot_be_staff_twice(camps, users, pool):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add_staff(users, camps.d6, trainer_id=pool.t6.pk, role=CampStaff.Role.MEDIC)
    assert "already on the staff of this camp" in err.value.messages[0]
    # nor by their account: t6's user is the trainer account
    with pytest.raises(ValidationError):
        add_staff(users, camps.d6, user_id=users["trainer"].pk, role=CampStaff.Role.VOLUNTEER)
    assert camps.d6.staff.count() == 2


def test_a_trainer_on_an_overlapping_camp_is_refused(camps, world, users, pool):
    # given t6 leads the district-6 camp (days 20–23)
    overlapping = CampFactory(district=world.d12, start_date=in_days(23), end_date=in_days(25))
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add_staff(users, overlapping, trainer_id=pool.t6.pk)
    message = err.value.messages[0]
    assert str(pool.t6) in message and "اردوی جهادی منطقه 6" in message  # en: Latin digits
    assert "overlaps these dates" in message
    assert not overlapping.staff.exists()
    # the volunteer, too
    with pytest.raises(ValidationError):
        add_staff(users, overlapping, user_id=users["volunteer"].pk, role="volunteer")
    # a camp the day after is fine, and a cancelled camp does not hold anyone
    after = CampFactory(district=world.d12, start_date=in_days(24), end_date=in_days(26))
    add_staff(users, after, trainer_id=pool.t6.pk)
    camps.d6.status, camps.d6.cancel_reason = Camp.Status.CANCELLED, "باران"
    camps.d6.save()
    add_staff(users, overlapping, user_id=users["volunteer"].pk, role="volunteer")


def test_moving_a_camp_onto_another_camp_of_its_staff_is_refused(camps, world, users, pool):
    add_staff(users, camps.d12, trainer_id=pool.t6.pk)  # t6: days 20–23 and 40–42
    data = {"start_date": in_days(38), "end_date": in_days(41)}
    with translation.override("en"), pytest.raises(ValidationError) as err:
        services.camp_save(
            scope=scope_of(users["directorate"]),
            actor=users["directorate"],
            data=data,
            instance=camps.d6,
            expected_updated_at=camps.d6.updated_at,
        )
    assert "overlaps these dates" in err.value.message_dict["start_date"][0]
    camps.d6.refresh_from_db()
    assert camps.d6.start_date == in_days(20)


def test_a_trainer_on_leave_is_refused(camps, world, users, pool):
    Leave.objects.create(
        municipality=world.tehran, trainer=pool.t12, starts_on=in_days(41), ends_on=in_days(50)
    )
    with translation.override("en"), pytest.raises(ValidationError) as err:
        add_staff(users, camps.d12, trainer_id=pool.t12.pk)
    assert "on leave" in err.value.message_dict["trainer"][0]


def test_only_volunteers_of_the_municipality_are_volunteer_staff(camps, users, pool):
    for user in (users["citizen"], users["bumehen_directorate"], users["coordinator_d6"]):
        with pytest.raises(ValidationError):
            add_staff(users, camps.d12, user_id=user.pk, role="volunteer")
    with pytest.raises(ValidationError):  # a trainer of another municipality
        add_staff(users, camps.d12, trainer_id=pool.tb.pk)
    with pytest.raises(ValidationError):  # both, or neither
        add_staff(users, camps.d12, trainer_id=pool.t12.pk, user_id=camps.other_volunteer.pk)
    with pytest.raises(ValidationError):
        add_staff(users, camps.d12)
    assert not camps.d12.staff.exists()


def test_a_coordinator_cannot_staff_another_districts_camp(camps, users, pool):
    with pytest.raises(PermissionDenied):
        add_staff(users, camps.d12, who="coordinator_d6", trainer_id=pool.t6.pk)
    with pytest.raises(PermissionDenied):
        add_staff(users, camps.d6, who="trainer", trainer_id=pool.t12.pk)
    assert not camps.d12.staff.exists() and camps.d6.staff.count() == 2
