"""Who sees which plan-vs-actual figures, on the page and in the JSON."""

import pytest
from django.urls import reverse

from hamafza.monitoring.models import Rollup
from hamafza.monitoring.tests.conftest import YEAR, make_session

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

Q3 = {"period": "quarter", "year": YEAR, "quarter": 3}


def rows(client, **params):
    response = client.get(reverse("monitoring:data"), {**Q3, **params})
    assert response.status_code == 200
    return {(r["district"], r["domain"]): r for r in response.json()["rows"]}


def test_directorate_sees_every_district_with_targets_and_league(client_for, delivered, world):
    data = rows(client_for("directorate"))
    assert data[("منطقه ۶", "سلامت")]["delivered"] == 2
    assert data[("منطقه ۶", "سلامت")]["verified"] == 1
    assert data[("منطقه ۶", "سلامت")]["participants"] == 30
    assert data[("منطقه ۶", "سلامت")]["schools_reached"] == 1
    assert data[("منطقه ۶", "سلامت")]["target_sessions"] == 8
    assert data[("منطقه ۱۲", "سلامت")]["delivered"] == 1
    assert data[("منطقه ۱۲", "پسماند")]["delivered"] == 1
    league = client_for("directorate").get(reverse("monitoring:data"), Q3).json()["league"]
    assert [d["district"] for d in league][:2] in (["منطقه ۶", "منطقه ۱۲"], ["منطقه ۱۲", "منطقه ۶"])


def test_page_renders_persian_digits_chart_and_table(client_for, delivered):
    response = client_for("directorate").get(reverse("monitoring:dashboard"), Q3)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="plan-vs-actual"' in html and 'id="league-chart"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "۳۰" in html  # participants of district 6, in Persian digits
    assert "http://" not in html.split("<body", 1)[1].replace("http://testserver", "")


def test_coordinator_sees_only_their_district(client_for, delivered):
    data = rows(client_for("coordinator_d6"))
    assert set(data) == {("منطقه ۶", "سلامت")}
    # asking for district 12 by filter still shows nothing of it
    assert rows(client_for("coordinator_d6"), district=delivered[2].district_id) == {}
    html = client_for("coordinator_d6").get(reverse("monitoring:dashboard"), Q3).content.decode()
    assert "منطقه ۱۲" not in html


def test_liaison_sees_only_their_agencys_domains(client_for, delivered):
    data = rows(client_for("liaison_health"))
    assert {domain for _d, domain in data} == {"سلامت"}
    assert data[("منطقه ۶", "سلامت")]["delivered"] == 2


def test_school_contact_sees_only_their_school(client_for, delivered):
    data = rows(client_for("school_contact_s6"))
    assert set(data) == {("منطقه ۶", "سلامت")}
    assert data[("منطقه ۶", "سلامت")]["delivered"] == 2
    assert data[("منطقه ۶", "سلامت")]["target_sessions"] == 0  # district targets are not theirs


def test_bumehen_never_sees_tehran(client_for, delivered):
    assert rows(client_for("bumehen_directorate")) == {}
    html = client_for("bumehen_directorate").get(reverse("monitoring:dashboard"), Q3)
    assert "منطقه ۶" not in html.content.decode()


@pytest.mark.parametrize("role", ["citizen", "volunteer", "trainer"])
def test_others_are_refused_page_and_json(client_for, delivered, role):
    before = list(Rollup.objects.values_list("pk", "delivered"))
    for name in ("monitoring:dashboard", "monitoring:data"):
        assert client_for(role).get(reverse(name), Q3).status_code in (403, 404)
    assert list(Rollup.objects.values_list("pk", "delivered")) == before


def test_anonymous_is_sent_to_log_in(client, delivered):
    response = client.get(reverse("monitoring:data"))
    assert response.status_code == 302


def test_menu_entry_only_for_viewers(client_for, delivered):
    url = reverse("monitoring:dashboard")
    assert url in client_for("directorate").get("/").content.decode()
    assert url not in client_for("citizen").get("/").content.decode()


def test_custom_range_across_quarters(client_for, delivered):
    data = rows(client_for("directorate"), period="range", **{"from": "1405/06", "to": "1405/08"})
    assert data[("منطقه ۶", "سلامت")]["delivered"] == 2
    assert round(data[("منطقه ۶", "سلامت")]["target_sessions"]) == round(8 * 2 / 3)
    assert rows(client_for("directorate"), period="month", month=1) == {}


def test_alerts_lagging_unverified_and_unreported(world, users, plan, delivered):
    import datetime as dt

    from hamafza.monitoring import selectors
    from hamafza.org.middleware import scope_for_user

    make_session(world, plan)  # planned in Mehr, never reported
    period = selectors.Period.quarter(YEAR, 3)
    today = dt.date(2026, 12, 1)  # 10 Azar 1405: about 71% of the quarter has passed
    for key, districts in (
        ("directorate", {"منطقه ۶", "منطقه ۱۲"}),
        ("coordinator_d6", {"منطقه ۶"}),
    ):
        scope = scope_for_user(users[key])
        rows = selectors.plan_vs_actual(scope=scope, period=period)
        found = selectors.alerts(scope=scope, period=period, rows=rows, today=today)
        lagging = {a["district"]: a["progress"] for a in found if a["kind"] == "lagging"}
        assert set(lagging) == districts
        assert lagging["منطقه ۶"] == round(100 * 2 / (8 * period.elapsed_share(today)))
        unverified = {a["district"]: a["count"] for a in found if a["kind"] == "unverified"}
        assert unverified["منطقه ۶"] == 1
        assert ("منطقه ۱۲" in unverified) == ("منطقه ۱۲" in districts)
        assert [a["count"] for a in found if a["kind"] == "unreported"] == [1]
    # nothing is reported late before the month ends
    scope = scope_for_user(users["directorate"])
    rows = selectors.plan_vs_actual(scope=scope, period=period)
    early = selectors.alerts(scope=scope, period=period, rows=rows, today=dt.date(2026, 10, 10))
    assert not [a for a in early if a["kind"] == "unreported"]


def test_excel_export_is_rtl_and_scoped(client_for, delivered):
    import io

    from openpyxl import load_workbook

    response = client_for("coordinator_d6").get(reverse("monitoring:export"), Q3)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "منطقه ۶" in values and "منطقه ۱۲" not in values
    assert client_for("citizen").get(reverse("monitoring:export"), Q3).status_code == 403
    # the month-by-month and coverage tables are sheets of their own, with the same figures
    months = book["ماه به ماه"]
    assert months.sheet_view.rightToLeft
    rows_ = list(months.iter_rows(values_only=True))
    assert rows_[1] == ("مهر ۱۴۰۵", 2, 30, 2, 3)  # district 6: 8 sessions over the quarter
    reach = list(book["مدارس تحت پوشش"].iter_rows(values_only=True))
    assert sum(r[2] for r in reach[1:]) == 1 and sum(r[3] for r in reach[1:]) == 1
