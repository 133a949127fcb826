import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.trainers.models import Trainer


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def test_pool_through_the_api_is_scoped(pool, api_for):
    body = api_for("coordinator_d6").get("/api/trainers/trainers").json()
    ids = {t["id"] for t in body["items"]}
    assert ids == {pool.t6.pk, pool.t12.pk}
    by_id = {t["id"]: t for t in body["items"]}
    assert by_id[pool.t6.pk]["national_code"] == pool.t6.national_code  # homed in their district
    assert by_id[pool.t12.pk]["national_code"] is None  # not theirs: personal data hidden
    assert by_id[pool.t6.pk]["domains"][0]["level_rank"] == 1


def test_filter_by_domain(pool, api_for):
    body = api_for("directorate").get("/api/trainers/trainers", {"domain": pool.waste.pk}).json()
    assert [t["id"] for t in body["items"]] == [pool.t12.pk]


@pytest.mark.parametrize(
    ("role", "status"), [("citizen", 403), ("school_contact_s6", 403), ("bumehen_directorate", 404)]
)
def test_denied_or_invisible(pool, api_for, role, status):
    client = api_for(role)
    assert client.get(f"/api/trainers/trainers/{pool.t6.pk}").status_code in (status, 404)
    if role != "bumehen_directorate":
        assert client.get("/api/trainers/trainers").status_code == 403


def test_create_through_the_api(pool, api_for, world):
    payload = {
        "first_name": "نيما", "last_name": "راد", "national_code": "۰۴۹۹۳۷۰۸۹۹", "mobile": "09121234567",
        "gender": "male", "home_district_id": world.d6.pk, "domain_ids": [pool.health.pk],
    }  # fmt: skip
    response = api_for("coordinator_d6").post(
        "/api/trainers/trainers", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    trainer = Trainer.objects.get(national_code="0499370899")
    assert trainer.first_name == "نیما"
    before = Trainer.objects.count()
    payload["home_district_id"] = world.d12.pk
    payload["national_code"] = "0790419904"
    response = api_for("coordinator_d6").post(
        "/api/trainers/trainers", payload, content_type="application/json"
    )
    assert response.status_code == 422
    payload["national_code"] = "1234567890"
    payload["home_district_id"] = world.d6.pk
    response = api_for("directorate").post(
        "/api/trainers/trainers", payload, content_type="application/json"
    )
    assert response.status_code == 422 and "national_code" in response.json()["detail"]
    assert Trainer.objects.count() == before


def test_trainer_reads_own_certificates_only(pool, api_for):
    client = api_for("trainer")
    assert client.get(f"/api/trainers/trainers/{pool.t6.pk}/certificates").status_code == 200
    assert client.get(f"/api/trainers/trainers/{pool.t12.pk}/certificates").status_code == 404
