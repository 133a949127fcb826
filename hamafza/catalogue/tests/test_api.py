"""The catalogue through the API: scoped like the pages, the same services, in the OpenAPI
document; the correct answers only for those who manage the program."""

import pytest

from hamafza.catalogue.models import Program
from hamafza.catalogue.tests.test_permissions import NON_STAFF, STAFF, snapshot

NEW = {
    "code": "API-1",
    "title": "برنامه از API",
    "objectives": "هدف",
    "audience": "adults",
    "session_count": 2,
    "session_minutes": 60,
}


def ids(response):
    return {row["id"] for row in response.json()["items"]}


@pytest.mark.parametrize("role", STAFF)
def test_program_list_is_the_municipalitys_catalogue(cat, api_for, role):
    response = api_for(role).get("/api/catalogue/programs")
    assert response.status_code == 200
    assert ids(response) == {cat.prog_health.pk, cat.prog_traffic.pk}
    row = next(r for r in response.json()["items"] if r["id"] == cat.prog_health.pk)
    assert row["current_version_number"] == 1 and row["domain_id"] == cat.health.pk


def test_another_municipality_sees_only_its_own(cat, api_for):
    client = api_for("bumehen_directorate")
    assert ids(client.get("/api/catalogue/programs")) == {cat.prog_bumehen.pk}
    assert client.get(f"/api/catalogue/programs/{cat.prog_health.pk}").status_code == 404
    assert client.get(f"/api/catalogue/programs/{cat.prog_health.pk}/questions").status_code == 404


@pytest.mark.parametrize("role", NON_STAFF)
def test_api_denies_volunteers_and_citizens(cat, api_for, role):
    client = api_for(role)
    assert client.get("/api/catalogue/programs").status_code == 403
    assert client.get(f"/api/catalogue/programs/{cat.prog_health.pk}").status_code == 403


def test_api_requires_authentication(cat, client):
    assert client.get("/api/catalogue/programs").status_code == 401


def test_search_and_filters(cat, api_for):
    client = api_for("trainer")
    assert ids(client.get("/api/catalogue/programs", {"q": "عابر"})) == {cat.prog_traffic.pk}
    assert ids(client.get("/api/catalogue/programs", {"domain_id": cat.health.pk})) == {
        cat.prog_health.pk
    }


@pytest.mark.parametrize(
    ("role", "domain", "expected"),
    [
        ("directorate", "traffic", 201),
        ("liaison_health", "health", 201),
        ("liaison_health", "traffic", 422),  # not their agency's domain
        ("trainer", "health", 403),
        ("coordinator_d6", "health", 403),
        ("citizen", "health", 403),
        ("bumehen_directorate", "health", 422),  # a domain of another municipality
    ],
)
def test_create(cat, api_for, role, domain, expected):
    before = snapshot()
    payload = {**NEW, "domain_id": getattr(cat, domain).pk}
    response = api_for(role).post(
        "/api/catalogue/programs", payload, content_type="application/json"
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        program = Program.objects.get(code="API-1")
        assert response.json()["id"] == program.pk and program.versions.count() == 1
    else:
        assert snapshot() == before


def test_create_with_bad_values_is_refused(cat, api_for):
    before = snapshot()
    client = api_for("directorate")
    for bad in ({"audience": "university"}, {"session_count": 0}, {"code": "H-1"}):
        payload = {**NEW, "domain_id": cat.health.pk, **bad}
        response = client.post("/api/catalogue/programs", payload, content_type="application/json")
        assert response.status_code == 422, bad
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("liaison_health", "prog_health", 200),
        ("liaison_health", "prog_traffic", 403),
        ("trainer", "prog_health", 403),
        ("bumehen_directorate", "prog_health", 404),
    ],
)
def test_patch(cat, api_for, role, target, expected):
    program = getattr(cat, target)
    before = snapshot()
    response = api_for(role).patch(
        f"/api/catalogue/programs/{program.pk}",
        {"title": "تغییر از API", "version": program.updated_at.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == expected
    if expected == 200:
        program.refresh_from_db()
        assert program.title == "تغییر از API"
    else:
        assert snapshot() == before


def test_lessons_of_a_version(cat, api_for):
    response = api_for("trainer").get(
        f"/api/catalogue/programs/{cat.prog_health.pk}/versions/1/lessons"
    )
    assert response.status_code == 200
    assert [row["order"] for row in response.json()] == [1, 2, 3]
    assert "plan" in response.json()[0]
    versions = api_for("trainer").get(f"/api/catalogue/programs/{cat.prog_health.pk}/versions")
    assert [v["number"] for v in versions.json()] == [1]


def test_draft_lessons_only_for_managers(cat, api_for):
    from hamafza.catalogue.tests.factories import ProgramVersionFactory

    ProgramVersionFactory(program=cat.prog_health, number=2)
    url = f"/api/catalogue/programs/{cat.prog_health.pk}/versions/2/lessons"
    assert api_for("trainer").get(url).status_code == 404
    assert api_for("directorate").get(url).status_code == 200


def test_questions_hide_the_answers_from_trainers(cat, api_for):
    url = f"/api/catalogue/programs/{cat.prog_health.pk}/questions"
    trainer = api_for("trainer").get(url).json()
    assert {q["text"] for q in trainer} == {cat.q1.text, cat.q2.text}
    assert all(q["correct_index"] is None and q["explanation"] is None for q in trainer)
    directorate = api_for("directorate").get(url).json()
    assert {q["id"]: q["correct_index"] for q in directorate} == {cat.q1.pk: 1, cat.q2.pk: 1}
    liaison_traffic = api_for("liaison_health").get(
        f"/api/catalogue/programs/{cat.prog_traffic.pk}/questions"
    )
    assert liaison_traffic.status_code == 200


def test_openapi_document_lists_the_catalogue(cat, client):
    doc = client.get("/api/openapi.json").json()
    for path in (
        "/api/catalogue/programs",
        "/api/catalogue/programs/{pk}",
        "/api/catalogue/programs/{pk}/versions/{number}/lessons",
        "/api/catalogue/programs/{pk}/questions",
    ):
        assert path in doc["paths"], path
    assert "422" in doc["paths"]["/api/catalogue/programs"]["post"]["responses"]
