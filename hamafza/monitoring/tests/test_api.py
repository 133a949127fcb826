"""Plan vs actual and a trainer's delivery through the API: same figures and scope as the page."""

import pytest

from hamafza.monitoring.tests.conftest import YEAR

URL = "/api/monitoring/plan-vs-actual"


def test_directorate_gets_rows_league_trend_and_coverage(client_for, delivered):
    response = client_for("directorate").get(URL, {"period": "quarter", "year": YEAR, "quarter": 3})
    assert response.status_code == 200
    data = response.json()
    assert data["period"]["month_from"] == 7 and data["period"]["month_to"] == 9
    rows = {(r["district"], r["domain_id"]): r for r in data["rows"]}
    d6 = next(r for (name, _d), r in rows.items() if name == "منطقه ۶")
    assert (d6["delivered"], d6["verified"], d6["participants"], d6["target_sessions"]) == (
        2, 1, 30, 8,
    )  # fmt: skip
    assert [m["delivered"] for m in data["trend"]] == [4, 0, 0]
    assert {d["district"] for d in data["league"]} == {"منطقه ۶", "منطقه ۱۲"}
    assert sum(c["reached"] for c in data["coverage"]) == 2


def test_a_range_of_months_and_a_district_filter(client_for, delivered, world):
    data = (
        client_for("directorate")
        .get(
            URL,
            {"period": "range", "from": f"{YEAR}/06", "to": f"{YEAR}/07", "district": world.d12.pk},
        )
        .json()
    )
    assert [(m["year"], m["month"]) for m in data["trend"]] == [(YEAR, 6), (YEAR, 7)]
    assert {r["district_id"] for r in data["rows"]} == {world.d12.pk}


def test_coordinator_gets_their_district_only(client_for, delivered, world):
    data = client_for("coordinator_d6").get(URL, {"period": "quarter", "year": YEAR, "quarter": 3})
    assert {r["district_id"] for r in data.json()["rows"]} == {world.d6.pk}
    assert data.json()["league"] == []


@pytest.mark.parametrize("key", ["trainer", "citizen", "volunteer"])
def test_others_are_refused(client_for, delivered, key):
    assert client_for(key).get(URL, {"year": YEAR}).status_code == 403


def test_a_trainers_delivery_by_api(client_for, pool, delivered):
    for s in delivered:
        s.trainers.add(pool.t6)
    url = f"/api/monitoring/trainers/{pool.t6.pk}"
    data = client_for("trainer").get(url, {"period": "quarter", "year": YEAR, "quarter": 3})
    assert data.status_code == 200 and data.json()["total"]["delivered"] == 3
    other = f"/api/monitoring/trainers/{pool.t12.pk}"
    assert client_for("trainer").get(other, {"year": YEAR}).status_code == 404
    assert client_for("coordinator_d6").get(url, {"year": YEAR}).status_code == 200


def test_openapi_documents_monitoring(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert (
        "/api/monitoring/plan-vs-actual" in paths
        and "/api/monitoring/trainers/{trainer_id}" in paths
    )
