"""The permission matrix: for every organisation page and API endpoint, each role gets exactly
what it should; users outside the scope get 403/404 and the database does not change."""

import pytest
from django.urls import reverse

from hamafza.accounts.models import ApiToken
from hamafza.org.models import Agency, District, Neighbourhood, School, Venue

ENTITIES = ["district", "neighbourhood", "agency", "school", "venue"]
STAFF = [
    "platform_admin",
    "directorate",
    "coordinator_d6",
    "liaison_health",
    "school_contact_s6",
    "trainer",
]
NON_STAFF = ["volunteer", "citizen"]

# Which records of the world each role sees in each list.
VISIBLE = {
    "platform_admin": {"district": {"d6", "d12"}, "school": {"s6", "s12"}, "venue": {"v6", "v12"}},
    "directorate": {"district": {"d6", "d12"}, "school": {"s6", "s12"}, "venue": {"v6", "v12"}},
    "coordinator_d6": {"district": {"d6"}, "school": {"s6"}, "venue": {"v6"}},
    "liaison_health": {"district": {"d6", "d12"}, "school": {"s6", "s12"}, "venue": {"v6", "v12"}},
    "school_contact_s6": {"district": {"d6"}, "school": {"s6"}, "venue": {"v6"}},
    "trainer": {"district": {"d6", "d12"}, "school": {"s6", "s12"}, "venue": {"v6", "v12"}},
}
CAN_WRITE = {
    "district": {"platform_admin", "directorate"},
    "agency": {"platform_admin", "directorate"},
    "neighbourhood": {"platform_admin", "directorate", "coordinator_d6"},
    "school": {"platform_admin", "directorate", "coordinator_d6"},
    "venue": {"platform_admin", "directorate", "coordinator_d6"},
}


def counts():
    return tuple(m.objects.count() for m in (District, Neighbourhood, Agency, School, Venue))


def snapshot():
    return (
        counts(),
        list(School.objects.order_by("pk").values_list("name", "code", "district_id")),
    )


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("kind", ["district", "school", "venue"])
def test_list_pages_show_exactly_the_scope(world, client_for, role, kind):
    response = client_for(role).get(reverse(f"org:{kind}_list"))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("d6", "d12") if kind == "district" else (f"{kind[0]}6", f"{kind[0]}12"):
        obj = getattr(world, key)
        shown = f'href="{obj.get_absolute_url()}"' in html
        assert shown == (key in VISIBLE[role][kind]), (role, kind, key)
    # Nothing from another municipality is ever listed.
    assert "دبستان سعدی" not in html and "منطقه مرکزی" not in html


@pytest.mark.parametrize("role", NON_STAFF)
@pytest.mark.parametrize("kind", ENTITIES)
def test_volunteers_and_citizens_cannot_open_organisation_pages(world, client_for, role, kind):
    assert client_for(role).get(reverse(f"org:{kind}_list")).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(reverse("org:school_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", STAFF + NON_STAFF)
@pytest.mark.parametrize("kind", ENTITIES)
def test_create_page_only_for_writers(world, client_for, role, kind):
    status = client_for(role).get(reverse(f"org:{kind}_create")).status_code
    assert status == (200 if role in CAN_WRITE[kind] else 403)


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("coordinator_d6", "s12", 404),  # another district: invisible
        ("coordinator_d6", "sb", 404),  # another municipality
        ("directorate", "sb", 404),
        ("bumehen_directorate", "s6", 404),
        ("school_contact_s6", "s12", 403),  # may not write at all
        ("liaison_health", "s6", 403),  # visible but read-only
        ("trainer", "s6", 403),
        ("coordinator_d6", "s6", 200),
        ("directorate", "s12", 200),
    ],
)
def test_editing_a_school_outside_scope_changes_nothing(world, client_for, role, target, expected):
    school = getattr(world, target)
    url = reverse("org:school_edit", args=[school.pk])
    before = snapshot()
    data = {
        "name": "نام تازه",
        "code": school.code,
        "district": school.district_id,
        "stage": "primary",
        "gender": "girls",
        "ownership": "public",
        "grade_from": 1,
        "grade_to": 6,
        "version": school.updated_at.isoformat(),
    }
    response = client_for(role).post(url, data)
    if expected == 200:
        assert response.status_code == 302
        school.refresh_from_db()
        assert school.name == "نام تازه"
    else:
        assert response.status_code == expected
        assert snapshot() == before


def test_coordinator_cannot_move_a_school_into_another_district(world, client_for):
    before = snapshot()
    response = client_for("coordinator_d6").post(
        reverse("org:school_edit", args=[world.s6.pk]),
        {
            "name": world.s6.name,
            "code": world.s6.code,
            "district": world.d12.pk,
            "stage": "primary",
            "gender": "girls",
            "ownership": "public",
            "grade_from": 1,
            "grade_to": 6,
        },
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("role", ["platform_admin", "directorate"])
def test_history_page_for_directorate(world, client_for, role):
    assert (
        client_for(role).get(reverse("org:school_history", args=[world.s6.pk])).status_code == 200
    )


@pytest.mark.parametrize(
    "role", ["coordinator_d6", "liaison_health", "trainer", "school_contact_s6"]
)
def test_history_page_denied_to_others(world, client_for, role):
    assert (
        client_for(role).get(reverse("org:school_history", args=[world.s6.pk])).status_code == 403
    )


def test_htmx_partial_is_scoped_like_the_page(world, client_for):
    response = client_for("coordinator_d6").get(
        reverse("org:school_list"), {"q": "دبستان"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a partial, not the page
    assert "دبستان فردوسی" in html and "دبستان حافظ" not in html


def test_htmx_partial_denied_to_citizens(world, client_for):
    response = client_for("citizen").get(reverse("org:school_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 403


# ---- the API, with bearer tokens -------------------------------------------------------------


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        from django.test import Client

        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def _ids(response):
    return {row["id"] for row in response.json()["items"]}


@pytest.mark.parametrize("role", STAFF)
def test_api_school_list_is_scoped(world, api_for, role):
    response = api_for(role).get("/api/org/schools")
    assert response.status_code == 200
    expected = {getattr(world, k).pk for k in VISIBLE[role]["school"]}
    assert _ids(response) == expected


@pytest.mark.parametrize("role", NON_STAFF)
def test_api_denies_citizens(world, api_for, role):
    assert api_for(role).get("/api/org/schools").status_code == 403


def test_api_requires_authentication(world, client):
    assert client.get("/api/org/schools").status_code == 401
    assert Client_with_bad_token().get("/api/org/schools").status_code == 401


def Client_with_bad_token():  # noqa: N802 - reads like a constructor in the test above
    from django.test import Client

    return Client(HTTP_AUTHORIZATION="Bearer not-a-token")


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("coordinator_d6", "s12", 404),
        ("bumehen_directorate", "s6", 404),
        ("liaison_health", "s6", 403),
        ("coordinator_d6", "s6", 200),
    ],
)
def test_api_patch_respects_scope(world, api_for, role, target, expected):
    school = getattr(world, target)
    before = snapshot()
    response = api_for(role).patch(
        f"/api/org/schools/{school.pk}",
        {"name": "تغییر از API", "version": school.updated_at.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == expected
    if expected == 200:
        school.refresh_from_db()
        assert school.name == "تغییر از API"
    else:
        assert snapshot() == before


@pytest.mark.parametrize("role", ["coordinator_d6", "liaison_health", "trainer"])
def test_api_create_district_denied_below_directorate(world, api_for, role):
    before = counts()
    response = api_for(role).post(
        "/api/org/districts", {"number": 30, "name": "منطقه ۳۰"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert counts() == before


def test_api_coordinator_cannot_create_school_in_other_district(world, api_for):
    before = counts()
    response = api_for("coordinator_d6").post(
        "/api/org/schools",
        {
            "name": "مدرسه تازه",
            "code": "7777",
            "district_id": world.d12.pk,
            "stage": "primary",
            "gender": "boys",
            "grade_from": 1,
            "grade_to": 6,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "district" in response.json()["detail"]
    assert counts() == before
