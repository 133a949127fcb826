import pytest
from django.test import Client
from django.utils import translation

from hamafza.accounts.models import ApiToken
from hamafza.agreements.models import Agreement, Evidence, Party
from hamafza.agreements.tests.conftest import j, session_on
from hamafza.core.persian import to_latin_digits

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def test_list_and_detail_with_compliance(deal, world, api_for):
    session_on(world, deal.plan, j(1405, 2, 10))
    client = api_for("directorate")
    listed = client.get("/api/agreements/agreements").json()
    assert [a["id"] for a in listed] == [deal.agreement.pk]
    assert "compliance" in listed[0]
    detail = client.get(f"/api/agreements/agreements/{deal.agreement.pk}")
    assert detail.status_code == 200
    body = detail.json()
    parties = {p["id"]: p for p in body["parties"]}
    program = next(c for c in parties[deal.city.pk]["commitments"] if c["id"] == deal.program.pk)
    assert program["done"] == 1 and program["target"] == 10
    assert parties[deal.health.pk]["name"] == world.health.name


def test_a_liaison_lists_only_their_agreements_and_records_their_evidence(deal, world, api_for):
    other = Agreement.objects.create(
        municipality=world.tehran, title="دیگر", starts_on=j(1405, 1, 1), ends_on=j(1405, 12, 29),
        status="active",
    )  # fmt: skip
    Party.objects.create(municipality=world.tehran, agreement=other, kind="municipality")
    client = api_for("liaison_health")
    assert [a["id"] for a in client.get("/api/agreements/agreements").json()] == [deal.agreement.pk]
    assert client.get(f"/api/agreements/agreements/{other.pk}").status_code == 404
    ok = client.post(
        f"/api/agreements/commitments/{deal.report.pk}/evidence",
        {"description": "گزارش", "done_on": "2026-05-01"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    denied = client.post(
        f"/api/agreements/commitments/{deal.meeting.pk}/evidence",
        {"description": "نشست", "done_on": "2026-05-01"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert Evidence.objects.count() == 1


def test_the_api_refuses_others(deal, api_for):
    assert api_for("citizen").get("/api/agreements/agreements").status_code == 403
    assert (
        api_for("bumehen_directorate")
        .get(f"/api/agreements/agreements/{deal.agreement.pk}")
        .status_code
        == 404
    )
    bad = api_for("directorate").post(
        f"/api/agreements/commitments/{deal.report.pk}/evidence",
        {"description": "گزارش", "done_on": "2030-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on"), [("0033-01-01", "2027-01-01"), ("2026-01-01", "9999-12-31")]
)
def test_a_date_outside_the_supported_years_is_refused_and_cannot_take_pages_down(
    deal, api_for, client_for, starts_on, ends_on
):
    # given a client that sends a start date in the year 33 (or an end in 9999)
    before = Agreement.objects.count()
    response = api_for("directorate").post(
        "/api/agreements/agreements",
        {"title": "تفاهم‌نامه آزمایشی", "starts_on": starts_on, "ends_on": ends_on},
        content_type="application/json",
    )
    # then it is refused with a reason, and nothing is saved
    assert response.status_code == 422
    reason = response.json()["detail"][0]["msg"]
    assert "1300" in to_latin_digits(reason)  # the years it works with, in the user's digits
    assert Agreement.objects.count() == before
    # and a stored value from before this check (written around the services) never breaks a page
    Agreement.objects.filter(pk=deal.agreement.pk).update(starts_on="0033-01-01")
    with translation.override("fa"):
        detail = deal.agreement.get_absolute_url()
    for prefix in ("", "/en"):
        page = client_for("directorate").get(prefix + "/agreements/")
        assert page.status_code == 200
        assert client_for("directorate").get(prefix + detail).status_code == 200
