"""Month-by-month trend, school coverage by type and gender, and plan lines behind their
pro-rata target: values, scope and the page."""

import datetime as dt

import pytest
from django.urls import reverse

from hamafza.monitoring import selectors
from hamafza.monitoring.tests.conftest import YEAR, make_session
from hamafza.monitoring.tests.test_dashboard import Q3
from hamafza.org.middleware import scope_for_user
from hamafza.org.models import School
from hamafza.org.tests.factories import SchoolFactory

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

PERIOD = selectors.Period.quarter(YEAR, 3)


def test_trend_runs_delivered_against_the_spread_target(users, delivered):
    months = selectors.trend(scope=scope_for_user(users["directorate"]), period=PERIOD)
    assert [(m["year"], m["month"]) for m in months] == [(YEAR, 7), (YEAR, 8), (YEAR, 9)]
    # Mehr: three health sessions (15 people each) and one waste session, nothing later
    assert [m["delivered"] for m in months] == [4, 0, 0]
    assert [m["participants"] for m in months] == [45, 0, 0]
    assert [m["delivered_to_date"] for m in months] == [4, 4, 4]
    # the quarter's 8 + 4 approved sessions spread over its three months
    assert [m["target_to_date"] for m in months] == [4, 8, 12]
    assert months[0]["label"] == "مهر ۱۴۰۵"


def test_trend_is_scoped(users, delivered):
    d6 = selectors.trend(scope=scope_for_user(users["coordinator_d6"]), period=PERIOD)
    assert [m["delivered"] for m in d6] == [2, 0, 0]
    assert [m["target_to_date"] for m in d6] == [3, 5, 8]
    school = selectors.trend(scope=scope_for_user(users["school_contact_s6"]), period=PERIOD)
    assert [m["delivered"] for m in school] == [2, 0, 0]
    assert [m["target_to_date"] for m in school] == [0, 0, 0]  # no plan targets for a school
    assert selectors.trend(scope=scope_for_user(users["trainer"]), period=PERIOD) == []


def test_coverage_counts_each_school_once_by_type_and_gender(world, users, delivered):
    # a third Tehran school, never reached, of another type
    SchoolFactory(
        district=world.d6, stage=School.Stage.UPPER_SECONDARY, gender=School.Gender.GIRLS,
        grade_from=10, grade_to=12,
    )  # fmt: skip
    rows = selectors.coverage(scope=scope_for_user(users["directorate"]), period=PERIOD)
    by = {(r["stage"], r["gender"]): (r["reached"], r["schools"], r["percent"]) for r in rows}
    assert sum(r["schools"] for r in rows) == 3  # Bumehen's school is not Tehran's
    assert by[("upper_secondary", "girls")] == (0, 1, 0)
    reached = {k: v for k, v in by.items() if k != ("upper_secondary", "girls")}
    assert sum(v[0] for v in reached.values()) == 2  # s6 (two sessions) and s12, once each
    assert all(v[2] == round(100 * v[0] / v[1]) for v in by.values())
    # a coordinator sees their district's schools only
    d6 = selectors.coverage(scope=scope_for_user(users["coordinator_d6"]), period=PERIOD)
    assert sum(r["schools"] for r in d6) == 2 and sum(r["reached"] for r in d6) == 1
    # before Mehr nothing was reached yet
    early = selectors.coverage(
        scope=scope_for_user(users["directorate"]), period=selectors.Period.quarter(YEAR, 2)
    )
    assert sum(r["reached"] for r in early) == 0


def test_plan_lines_behind_their_pro_rata_target(world, users, plan, facts, delivered):
    end = dt.date(2026, 12, 21)  # 30 Azar 1405, the last day of the quarter
    found = selectors.lines_lagging(
        scope=scope_for_user(users["directorate"]), period=PERIOD, today=end
    )
    assert found["count"] == 2
    lines = {d["district"]: d for d in found["lines"]}
    assert (lines["منطقه ۶"]["delivered"], lines["منطقه ۶"]["expected"]) == (2, 8)
    assert lines["منطقه ۶"]["progress"] == 25 and lines["منطقه ۶"]["agency"]
    assert (lines["منطقه ۱۲"]["delivered"], lines["منطقه ۱۲"]["expected"]) == (1, 4)
    # three more delivered sessions bring district 12 to 4 of 4: no longer behind
    for _ in range(3):
        make_session(world, plan, school=world.s12, status="delivered")
    found = selectors.lines_lagging(
        scope=scope_for_user(users["directorate"]), period=PERIOD, today=end
    )
    assert [d["district"] for d in found["lines"]] == ["منطقه ۶"]
    # early in the quarter less than a session is expected: nothing is judged yet
    early = selectors.lines_lagging(
        scope=scope_for_user(users["directorate"]), period=PERIOD, today=dt.date(2026, 9, 25)
    )
    assert early["count"] == 0
    # scope: district 6's coordinator sees their line only, the waste agency's liaison none of
    # the health agency's lines, a school contact none
    d6 = selectors.lines_lagging(
        scope=scope_for_user(users["coordinator_d6"]), period=PERIOD, today=end
    )
    assert [d["district"] for d in d6["lines"]] == ["منطقه ۶"]
    from hamafza.conftest import _member
    from hamafza.core.scoping import Role

    waste = _member(world, Role.AGENCY_LIAISON, agency=facts.waste_agency)
    assert selectors.lines_lagging(scope=scope_for_user(waste), period=PERIOD, today=end) == {
        "lines": [],
        "count": 0,
    }
    school = selectors.lines_lagging(
        scope=scope_for_user(users["school_contact_s6"]), period=PERIOD, today=end
    )
    assert school["count"] == 0


@pytest.mark.parametrize("key", ["directorate", "coordinator_d6", "school_contact_s6"])
def test_page_and_json_carry_trend_and_coverage(client_for, delivered, key):
    client = client_for(key)
    page = client.get(reverse("monitoring:dashboard"), Q3).content.decode()
    assert 'id="trend"' in page and 'id="trend-chart"' in page and "مهر ۱۴۰۵" in page
    assert 'id="coverage"' in page
    data = client.get(reverse("monitoring:data"), Q3).json()
    assert len(data["trend"]) == 3
