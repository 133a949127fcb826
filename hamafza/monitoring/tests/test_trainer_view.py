"""A trainer's delivery month by month: their own figures, and who else may see them."""

import pytest
from django.urls import reverse

from hamafza.monitoring.tests.conftest import YEAR
from hamafza.monitoring.tests.test_dashboard import Q3


@pytest.fixture
def taught(pool, delivered):
    """Samira (district 6) taught the two school-6 sessions and the school-12 one."""
    for session in delivered:
        session.trainers.add(pool.t6)
    delivered[0].trainers.add(pool.t12)  # one shared with Kaveh
    return delivered


def test_a_trainer_sees_their_own_months(client_for, pool, taught):
    client = client_for("trainer")
    data = client.get(reverse("monitoring:my_delivery"), {**Q3, "format": "json"}).json()
    assert [m["month"] for m in data["months"]] == [7, 8, 9]
    mehr = data["months"][0]
    assert (mehr["delivered"], mehr["verified"], mehr["participants"], mehr["schools"]) == (
        3, 1, 45, 2,
    )  # fmt: skip
    assert data["total"] == {"delivered": 3, "verified": 1, "cancelled": 0, "participants": 45,
                             "schools": 2}  # fmt: skip
    page = client.get(reverse("monitoring:my_delivery"), Q3).content.decode()
    assert 'id="trainer-months"' in page and "مهر ۱۴۰۵" in page and "۴۵" in page
    # a shared session counts for the other trainer too
    kaveh = client_for("directorate").get(
        reverse("monitoring:trainer", args=[pool.t12.pk]), {**Q3, "format": "json"}
    )
    assert kaveh.json()["total"]["delivered"] == 1


@pytest.mark.parametrize(
    ("key", "whose", "allowed"),
    [
        ("trainer", "t6", True),
        ("trainer", "t12", False),  # another trainer's figures
        ("coordinator_d6", "t6", True),
        ("coordinator_d6", "t12", False),  # homed in district 12
        ("directorate", "t12", True),
        ("bumehen_directorate", "t6", False),
        ("school_contact_s6", "t6", False),
        ("liaison_health", "t6", False),
        ("citizen", "t6", False),
    ],
)
def test_who_may_see_a_trainers_delivery(client_for, pool, taught, key, whose, allowed):
    url = reverse("monitoring:trainer", args=[getattr(pool, whose).pk])
    response = client_for(key).get(url, {"year": YEAR, "format": "json"})
    assert response.status_code == (200 if allowed else 404)


def test_someone_who_is_not_a_trainer_has_no_own_page(client_for, taught):
    assert client_for("directorate").get(reverse("monitoring:my_delivery")).status_code == 404


def test_menu_offers_a_trainer_their_delivery(client_for, taught):
    page = client_for("trainer").get("/").content.decode()
    assert reverse("monitoring:my_delivery") in page
