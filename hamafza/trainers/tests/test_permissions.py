"""Who sees and changes which trainer: pages and API, allowed and denied (database unchanged)."""

import pytest
from django.urls import reverse

from hamafza.core.persian import to_persian_digits
from hamafza.trainers.models import Certificate, Trainer, TrainerDomain


def snapshot():
    return (
        list(
            Trainer.objects.order_by("pk").values_list(
                "first_name", "mobile", "home_district_id", "status"
            )
        ),
        list(TrainerDomain.objects.order_by("pk").values_list("level_id", "prior_hours")),
        Certificate.objects.count(),
    )


def trainer_form(trainer, **overrides):
    data = {
        "first_name": trainer.first_name,
        "last_name": trainer.last_name,
        "national_code": trainer.national_code,
        "mobile": trainer.mobile,
        "gender": trainer.gender,
        "home_district": trainer.home_district_id,
        "languages": "فارسی",
        "status": trainer.status,
        "max_hours_per_week": 20,
        "domains": list(trainer.trainer_domains.values_list("domain_id", flat=True)),
        "version": trainer.updated_at.isoformat(),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "role", ["platform_admin", "directorate", "coordinator_d6", "liaison_health"]
)
def test_planners_see_the_whole_pool_of_their_municipality(pool, client_for, role):
    html = client_for(role).get(reverse("trainers:pool")).content.decode()
    assert "سمیرا" in html and "کاوه" in html
    assert "بهار" not in html  # Bumehen


@pytest.mark.parametrize("role", ["school_contact_s6", "volunteer", "citizen"])
def test_others_cannot_open_the_pool(pool, client_for, role):
    assert client_for(role).get(reverse("trainers:pool")).status_code == 403


def test_a_trainer_is_sent_to_their_own_profile(pool, client_for):
    response = client_for("trainer").get(reverse("trainers:pool"))
    assert response.status_code == 302 and response["Location"] == pool.t6.get_absolute_url()


def test_a_trainer_cannot_open_another_trainers_profile(pool, client_for):
    assert client_for("trainer").get(pool.t12.get_absolute_url()).status_code == 404


def test_other_municipality_sees_nothing(pool, client_for):
    client = client_for("bumehen_directorate")
    assert client.get(pool.t6.get_absolute_url()).status_code == 404
    html = client.get(reverse("trainers:pool")).content.decode()
    assert "سمیرا" not in html and "بهار" in html


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("directorate", "t12", 302),
        ("coordinator_d6", "t6", 302),
        ("coordinator_d6", "t12", 403),  # visible, but homed in another district
        ("liaison_health", "t6", 403),
        ("trainer", "t6", 403),  # own profile goes through self-service, not this form
        ("bumehen_directorate", "t6", 404),
    ],
)
def test_who_may_edit_a_trainer(pool, client_for, role, target, expected):
    trainer = getattr(pool, target)
    before = snapshot()
    response = client_for(role).post(
        reverse("trainers:edit", args=[trainer.pk]), trainer_form(trainer, first_name="نام نو")
    )
    assert response.status_code == expected
    if expected == 302:
        trainer.refresh_from_db()
        assert trainer.first_name == "نام نو"
    else:
        assert snapshot() == before


def test_coordinator_cannot_move_a_trainer_out_of_their_district(pool, client_for, world):
    before = snapshot()
    response = client_for("coordinator_d6").post(
        reverse("trainers:edit", args=[pool.t6.pk]),
        trainer_form(pool.t6, home_district=world.d12.pk),
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_trainer_edits_own_contact_details_but_not_level(pool, client_for):
    client = client_for("trainer")
    response = client.post(
        reverse("trainers:self_edit"),
        {
            "mobile": "۰۹۳۹۱۱۱۲۲۳۳",
            "languages": "فارسی، ترکی",
            "version": pool.t6.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    pool.t6.refresh_from_db()
    assert pool.t6.mobile == "09391112233"
    before = snapshot()
    response = client.post(
        reverse("trainers:set_level", args=[pool.t6.pk]),
        {"domain": pool.health.pk, "level": pool.levels[3].pk},
    )
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", ["coordinator_d6", "liaison_health", "trainer"])
def test_only_directorate_grants_levels(pool, client_for, role):
    before = snapshot()
    response = client_for(role).post(
        reverse("trainers:set_level", args=[pool.t6.pk]),
        {"domain": pool.health.pk, "level": pool.levels[2].pk},
    )
    assert response.status_code in (403, 404)
    assert snapshot() == before


def test_directorate_grants_a_level(pool, client_for):
    response = client_for("directorate").post(
        reverse("trainers:set_level", args=[pool.t6.pk]),
        {
            "domain": pool.health.pk,
            "level": pool.levels[2].pk,
            "prior_hours": "40",
            "observation_score": "70",
        },
    )
    assert response.status_code == 302
    td = pool.t6.trainer_domains.get(domain=pool.health)
    assert td.level == pool.levels[2] and td.prior_hours == 40 and td.observation_score == 70


def test_personal_data_hidden_from_other_coordinators(pool, client_for):
    shown = to_persian_digits(pool.t12.national_code)
    html = client_for("coordinator_d6").get(pool.t12.get_absolute_url()).content.decode()
    assert shown not in html and pool.t12.national_code not in html
    html = client_for("directorate").get(pool.t12.get_absolute_url()).content.decode()
    assert shown in html


@pytest.mark.parametrize("role", ["coordinator_d6", "liaison_health", "trainer", "citizen"])
def test_certificate_review_is_for_the_directorate(pool, client_for, role):
    cert = Certificate.objects.create(
        municipality=pool.t6.municipality, trainer=pool.t6, domain=pool.health, title="x", issuer="y",
        issued_on="2025-01-01", status=Certificate.Status.PENDING,
    )  # fmt: skip
    response = client_for(role).post(
        reverse("trainers:certificate_review", args=[cert.pk]), {"decision": "approve"}
    )
    assert response.status_code in (403, 404)
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.PENDING


def test_coordinator_cannot_drop_a_graded_domain(pool, client_for):
    """Unticking a domain would delete the level the directorate granted: refused, nothing lost."""
    before = snapshot()
    response = client_for("coordinator_d6").post(
        reverse("trainers:edit", args=[pool.t6.pk]), trainer_form(pool.t6, domains=[])
    )
    assert response.status_code == 400
    assert snapshot() == before
    assert pool.t6.trainer_domains.get().level == pool.levels[1]
