"""A NUL character (U+0000) in any text a request carries is refused at the door with a clear
message, never passed to the database (PostgreSQL cannot store it and answered 500): API bodies
and queries (422 with the published error body), pages' links and forms, the anonymous
certificate check (400 page in the reader's language), and a session cookie holding one."""

import json

from django.test import Client
from django.urls import reverse

from hamafza.accounts.models import ApiToken
from hamafza.org.models import District

MESSAGE_FA = "نویسهٔ نامرئی NUL"


def _bearer(user) -> dict:
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_api_body_with_nul_is_refused_naming_the_field_and_nothing_is_saved(world, users):
    client, before = Client(), District.objects.count()
    response = client.post(
        "/api/org/districts",
        json.dumps({"number": 7, "name": "منطقه\x00۷"}),
        content_type="application/json",
        headers=_bearer(users["directorate"]),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]
    assert response.json()["detail"][0]["type"] == "nul_character"
    assert District.objects.count() == before


def test_api_body_with_a_raw_nul_byte_is_refused(world, users):
    response = Client().post(
        "/api/org/districts",
        b'{"number": 7, "name": "a\x00b"}',
        content_type="application/json",
        headers=_bearer(users["directorate"]),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_an_escaped_backslash_before_u0000_is_ordinary_text(world, users):
    response = Client().post(
        "/api/org/districts",
        json.dumps({"number": 7, "name": "\\u0000 در متن"}),
        content_type="application/json",
        headers=_bearer(users["directorate"]),
    )
    assert response.status_code == 201
    assert District.objects.get(number=7).name == "\\u0000 در متن"


def test_api_query_with_nul_is_refused(world, users):
    response = Client().get("/api/org/schools?q=%D8%A7%00", headers=_bearer(users["directorate"]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_api_path_with_nul_is_refused(world, users):
    response = Client().get("/api/org/schools/1%00", headers=_bearer(users["directorate"]))
    assert response.status_code == 422


def test_anonymous_certificate_check_with_nul_is_the_400_page(db):
    response = Client().get("/verify/AB%00CD/")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert MESSAGE_FA in html


def test_a_page_link_with_nul_is_the_400_page_in_english_under_en(client_for):
    response = client_for("directorate").get("/en/org/schools/?q=%00")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_form_post_with_nul_is_refused_and_nothing_is_saved(client_for):
    before = District.objects.count()
    response = client_for("directorate").post(
        reverse("org:district_create"), {"number": "7", "name": "منطقه\x00۷"}
    )
    assert response.status_code == 400
    assert MESSAGE_FA in response.content.decode()
    assert District.objects.count() == before


def test_a_session_cookie_with_nul_is_no_session(db):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == 302  # to the login page, as any visitor without a session
    assert response["Location"].startswith(reverse("accounts:login"))
