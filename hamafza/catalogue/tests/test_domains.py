import pytest
from django.urls import reverse

from hamafza.catalogue.models import Domain


def test_directorate_adds_a_domain_with_an_owning_agency(world, client_for):
    response = client_for("directorate").post(
        reverse("catalogue:domain_list"),
        {"code": "water", "name": "صرفه‌جويي آب", "owner_agency": world.health.pk},
    )
    assert response.status_code == 302
    domain = Domain.objects.get(code="water")
    assert domain.municipality == world.tehran and domain.owner_agency == world.health
    assert domain.name == "صرفه‌جویی آب"


def test_duplicate_code_and_foreign_agency_are_refused(world, client_for):
    client = client_for("directorate")
    client.post(reverse("catalogue:domain_list"), {"code": "water", "name": "آب"})
    before = Domain.objects.count()
    assert (
        client.post(reverse("catalogue:domain_list"), {"code": "water", "name": "دیگر"}).status_code
        == 400
    )
    response = client.post(
        reverse("catalogue:domain_list"),
        {"code": "air", "name": "هوا", "owner_agency": world.education_b.pk},
    )
    assert response.status_code == 400
    assert Domain.objects.count() == before


@pytest.mark.parametrize("role", ["coordinator_d6", "liaison_health", "trainer"])
def test_only_directorate_changes_domains(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("catalogue:domain_list")).status_code == 200  # may read
    assert (
        client.post(reverse("catalogue:domain_list"), {"code": "x", "name": "x"}).status_code == 403
    )
    assert not Domain.objects.filter(code="x").exists()


def test_other_municipality_cannot_edit(world, client_for):
    domain = Domain.objects.create(municipality=world.tehran, code="y", name="y")
    response = client_for("bumehen_directorate").post(
        reverse("catalogue:domain_edit", args=[domain.pk]), {"code": "z", "name": "z"}
    )
    assert response.status_code == 404
    domain.refresh_from_db()
    assert domain.code == "y"
