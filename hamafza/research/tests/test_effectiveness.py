import pytest
from django.urls import reverse

from hamafza.org.middleware import scope_for_user
from hamafza.research.effectiveness import effectiveness
from hamafza.research.navigation import research_menu

pytestmark = pytest.mark.django_db

GAINS_A = [2 / 4, 2 / 2, 0 / 3, 1 / 2, 1 / 4]  # mean 0.45
GAIN_B = 2 / 3


def by_version(report):
    return {r.version.number: r for r in report.by_version}


def by_district(report):
    return {r.district.number: r for r in report.by_district}


def test_program_version_figures_hand_worked(rw, users):
    # when
    report = effectiveness(scope=scope_for_user(users["directorate"]))
    # then: version 1 is sessions a, b, c (the planned one is not counted)
    v1, v2 = by_version(report)[1], by_version(report)[2]
    assert (v1.sessions, v1.public_sessions, v1.class_sessions) == (3, 1, 2)
    assert (v1.registered, v1.present) == (8, 6)  # the cancelled registration is not counted
    assert v1.attendance_rate == pytest.approx(0.75)
    assert v1.headcount == 27 and v1.headcount_mean == pytest.approx(13.5)
    assert v1.ratings == 7 and v1.satisfaction == pytest.approx(30 / 7)
    assert (v1.gain.pairs, v1.gain.used, v1.gain.skipped) == (7, 6, 1)
    assert v1.gain.average_gain == pytest.approx((sum(GAINS_A) + GAIN_B) / 6)
    assert not v1.too_few
    assert (v2.sessions, v2.registered, v2.present) == (1, 3, 2)
    assert v2.satisfaction is None and v2.gain.pairs == 0 and v2.too_few


def test_district_figures_and_interval(rw, users):
    report = effectiveness(scope=scope_for_user(users["directorate"]))
    d6, d12 = by_district(report)[6], by_district(report)[12]
    assert d6.version is None and d6.program == rw.v1.program
    assert (d6.sessions, d6.registered, d6.present, d6.headcount) == (3, 11, 8, 9)
    assert d6.satisfaction == pytest.approx(4.0)
    # ⟨g⟩ = 0.45; s = sqrt(0.55 / 4) = 0.37081; half = 2.776 × s / √5 = 0.46035
    assert d6.gain.average_gain == pytest.approx(0.45)
    assert d6.gain.ci_low == pytest.approx(0.45 - 0.46035, abs=1e-4)
    assert d6.gain.ci_high == pytest.approx(0.45 + 0.46035, abs=1e-4)
    assert not d6.too_few
    assert d12.headcount == 18 and d12.satisfaction == pytest.approx(5.0)
    assert (d12.gain.pairs, d12.gain.used) == (2, 1) and d12.too_few
    assert d12.gain.average_gain == pytest.approx(GAIN_B)


def test_coordinator_sees_own_district_only(rw, users):
    report = effectiveness(scope=scope_for_user(users["coordinator_d6"]))
    assert set(by_district(report)) == {6}
    v1 = by_version(report)[1]
    assert (v1.sessions, v1.registered, v1.headcount, v1.gain.pairs) == (2, 8, 9, 5)
    assert v1.satisfaction == pytest.approx(4.0)


def test_sorting_puts_too_few_last(rw, users):
    scope = scope_for_user(users["directorate"])
    assert [r.district.number for r in effectiveness(scope=scope, sort="gain").by_district] == [
        6,
        12,
    ]
    assert [
        r.district.number for r in effectiveness(scope=scope, sort="headcount").by_district
    ] == [
        12,
        6,
    ]
    assert [r.version.number for r in effectiveness(scope=scope, sort="attendance").by_version] == [
        1,
        2,
    ]


@pytest.mark.parametrize("role", ["trainer", "school_contact_s6", "liaison_health", "citizen"])
def test_page_denied(rw, client_for, users, role):
    assert client_for(role).get(reverse("research:effectiveness")).status_code == 403
    assert effectiveness(scope=scope_for_user(users[role])).by_version == []
    assert research_menu(scope_for_user(users[role]), users[role]) == []


def test_page_directorate_persian_digits_and_small_n(rw, client_for):
    response = client_for("directorate").get(reverse("research:effectiveness") + "?sort=gain")
    assert response.status_code == 200
    html = response.content.decode()
    assert "۰٫۴۵" in html  # district 6's gain, in Persian digits and decimal separator
    assert "too-few" in html
    assert "منطقه ۱۲" in html


def test_page_coordinator_district_only(rw, client_for):
    response = client_for("coordinator_d6").get(reverse("research:effectiveness"))
    assert response.status_code == 200
    assert "منطقه ۱۲" not in response.content.decode()


def test_api_allowed_scoped_and_denied(rw, api_for):
    url = "/api/research/effectiveness"
    data = api_for("directorate").get(url).json()
    assert {r["district_number"] for r in data["by_district"]} == {6, 12}
    v1 = next(r for r in data["by_version"] if r["version"] == 1)
    assert v1["gain"]["pairs"] == 7 and v1["attendance_rate"] == pytest.approx(0.75)
    mine = api_for("coordinator_d6").get(url).json()
    assert {r["district_number"] for r in mine["by_district"]} == {6}
    assert api_for("trainer").get(url).status_code == 403


def test_menu_entries(users):
    directorate = research_menu(scope_for_user(users["directorate"]), users["directorate"])
    assert [href for href, _label in directorate] == [
        reverse("research:effectiveness"),
        reverse("research:export"),
    ]
    coordinator = research_menu(scope_for_user(users["coordinator_d6"]), users["coordinator_d6"])
    assert [href for href, _label in coordinator] == [reverse("research:effectiveness")]
