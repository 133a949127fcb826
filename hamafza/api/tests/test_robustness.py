"""What a careless or hostile API client cannot do: take a list down with a page number, blank a
record with null, or get anything but the published error body back."""

import json

import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.org.models import District, School


def _bearer(user) -> dict:
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


@pytest.fixture
def directorate(users):
    return _bearer(users["directorate"])


@pytest.mark.parametrize("page", [10**12, 2**63, 10**30])
def test_a_huge_page_number_is_refused_not_a_server_error(client, world, directorate, page):
    response = client.get(f"/api/org/schools?page={page}", headers=directorate)
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["query", "page"]


@pytest.mark.parametrize("page", [0, -1, -(10**20)])
def test_a_page_number_below_one_is_refused(client, world, directorate, page):
    response = client.get(f"/api/sessions/sessions?page={page}", headers=directorate)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]


def test_a_page_past_the_end_is_empty(client, world, directorate):
    response = client.get("/api/org/schools?page=5000&page_size=100", headers=directorate)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 2}  # Tehran's two schools, none on that page


def test_a_huge_page_size_gives_at_most_the_largest_page(client, world, directorate):
    response = client.get(f"/api/org/schools?page_size={10**15}", headers=directorate)
    assert response.status_code == 422
    response = client.get("/api/org/schools?page_size=100000", headers=directorate)
    assert response.status_code == 200 and response.json()["count"] == 2


def _patch(client, headers, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)


def _version(client, headers, url):
    return client.get(url, headers=headers).json().get("version")


@pytest.mark.parametrize("field", ["name", "code", "stage", "grade_from", "district_id"])
def test_null_in_a_patch_is_refused_naming_the_field_and_nothing_changes(
    client, world, directorate, field
):
    url = f"/api/org/schools/{world.s6.pk}"
    before = School.objects.values().get(pk=world.s6.pk)
    body = {field: None, "version": _version(client, directorate, url)}
    response = _patch(client, directorate, url, body)
    assert response.status_code == 422
    assert any(p["loc"][-1] == field for p in response.json()["detail"])
    assert School.objects.values().get(pk=world.s6.pk) == before


def test_null_clears_what_a_record_may_leave_empty(client, world, directorate):
    world.s6.neighbourhood = world.hood6
    world.s6.save()
    url = f"/api/org/schools/{world.s6.pk}"
    body = {"neighbourhood_id": None, "version": _version(client, directorate, url)}
    response = _patch(client, directorate, url, body)
    assert response.status_code == 200, response.content
    assert response.json()["neighbourhood_id"] is None
    world.s6.refresh_from_db()
    assert world.s6.neighbourhood_id is None and world.s6.name == "دبستان فردوسی"


def test_null_in_a_program_patch_is_refused(client, world, directorate):
    from hamafza.catalogue.tests.factories import ProgramFactory

    program = ProgramFactory(domain__municipality=world.tehran)
    url = f"/api/catalogue/programs/{program.pk}"
    title = program.title
    body = {"title": None, "version": _version(client, directorate, url)}
    response = _patch(client, directorate, url, body)
    assert response.status_code == 422
    assert any(p["loc"][-1] == "title" for p in response.json()["detail"])
    program.refresh_from_db()
    assert program.title == title


def test_a_server_fault_answers_the_published_error_body(world, directorate, monkeypatch):
    from hamafza.org import selectors

    client = Client(raise_request_exception=False)

    def broken(**kwargs):
        raise RuntimeError("a fault nobody expected")

    monkeypatch.setitem(selectors.LISTS, "school", broken)
    response = client.get("/api/org/schools", headers=directorate)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str)
    assert "a fault nobody expected" not in body["detail"]  # no internals leak


def test_every_operation_publishes_its_error_bodies(client, db):
    """Each operation documents 400, 401, 403, 404, 422 and 500 with the shared error body."""
    document = client.get("/api/openapi.json").json()
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "422", "500"):
                answer = operation["responses"].get(status)
                ref = answer and answer["content"]["application/json"]["schema"].get("$ref")
                if ref != "#/components/schemas/ErrorOut":
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_a_refused_district_keeps_the_database_as_it_was(client, world, directorate):
    before = District.objects.count()
    response = client.post(
        "/api/org/districts", {"number": 0, "name": ""}, content_type="application/json",
        headers=directorate,
    )  # fmt: skip
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert District.objects.count() == before


@pytest.mark.parametrize(
    ("language", "unauthorised", "missing"),
    [
        ("fa", "وارد شوید، یا یک توکن معتبر API بفرستید.", "پیدا نشد، یا دیدنش برای شما نیست."),
        ("en", "Sign in, or send a valid API token.", "Not found, or not yours to see."),
    ],
)
def test_error_bodies_speak_the_callers_language(
    client, world, directorate, language, unauthorised, missing
):
    lang = {"Accept-Language": language}
    response = client.get("/api/org/schools", headers=lang)
    assert (response.status_code, response.json()["detail"]) == (401, unauthorised)
    other = world.sb.pk  # Bumehen's school: not the Tehran directorate's to see
    response = client.get(f"/api/org/schools/{other}", headers={**directorate, **lang})
    assert (response.status_code, response.json()["detail"]) == (404, missing)
