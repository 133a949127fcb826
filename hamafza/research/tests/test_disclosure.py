"""The research export against someone who tries to work hidden counts back from what it shows.

The attacker reads the released tables (session rows and the district × program × gender table)
and tries the moves a person with a spreadsheet would: read a small count directly, take a
session's participants minus its other gender, add up a district's session rows to get a hidden
district cell, take a shown district cell minus its shown sessions, and take the district's
participants minus the other gender's district cell. Every value it claims is checked against
the truth; a claim that exactly recovers a count of 1 to 4 is a disclosure."""

import pytest

from hamafza.org.middleware import scope_for_user
from hamafza.research import datasets
from hamafza.research.tests.conftest import _session
from hamafza.sessions.models import HeadCount

pytestmark = pytest.mark.django_db

SALT = b"k" * 32

# (district, girls, boys) of each delivered class session of one program
CLASSES = [
    ("d6", 12, 10),  # shown whole
    ("d6", 3, 20),  # girls small: the pair is hidden, participants 23 shown
    ("d6", 9, 8),  # shown whole
    ("d6", 4, 15),  # girls small: hidden; with the 3 above, 7 girls hidden in two sessions
    ("d12", 1, 9),  # girls small
    ("d12", 2, 2),  # 4 participants: the row is dropped, but it adds to district 12
    ("d12", 6, 7),  # shown whole
]


@pytest.fixture
def classes(world, plan, pool):  # noqa: F811 - fixtures from research/tests/conftest
    truth = {}
    for district, girls, boys in CLASSES:
        unit = getattr(world, district)
        school = world.s6 if district == "d6" else world.s12
        session = _session(world, plan, pool, version=plan.version, district=unit, school=school)
        HeadCount.objects.create(
            municipality=world.tehran, session=session, grade=5, girls=girls, boys=boys
        )
        truth[session.pk] = (unit.number, girls, boys)
    return truth


def _release(users):
    p = datasets.Pseudonymiser(salt=SALT)
    tables = datasets.build(scope_for_user(users["directorate"]), p)
    return p, tables["sessions"], tables["counts_district_program_gender"]


def _shown(value):
    return value if isinstance(value, int) else None


def attack(sessions, counts):
    """What the attacker claims, by each move: {("session", pseudonym, gender) or
    ("cell", district, gender): {values}}."""
    claims: dict[tuple, set] = {}

    def claim(key, value):
        claims.setdefault(key, set()).add(value)

    by_district: dict[int, list[dict]] = {}
    for row in sessions:
        if row["setting"] != "school":
            continue
        by_district.setdefault(row["district"], []).append(row)
        girls, boys, total = _shown(row["girls"]), _shown(row["boys"]), row["participants"]
        if girls is not None:
            claim(("session", row["session"], "girls"), girls)
        if boys is not None:
            claim(("session", row["session"], "boys"), boys)
        if girls is not None and boys is None:
            claim(("session", row["session"], "boys"), total - girls)
        if boys is not None and girls is None:
            claim(("session", row["session"], "girls"), total - boys)
    cells = {(r["district"], r["gender"]): _shown(r["count"]) for r in counts}
    for (district, gender), shown in cells.items():
        rows = by_district.get(district, [])
        values = [_shown(r[gender]) for r in rows]
        if shown is not None:
            claim(("cell", district, gender), shown)
            hidden = [r for r, v in zip(rows, values, strict=True) if v is None]
            if len(hidden) == 1:  # the one hidden session = the cell minus the shown ones
                rest = shown - sum(v for v in values if v is not None)
                claim(("session", hidden[0]["session"], gender), rest)
                other = "boys" if gender == "girls" else "girls"
                claim(("session", hidden[0]["session"], other), hidden[0]["participants"] - rest)
        else:
            if values and all(v is not None for v in values):  # add the session rows up
                claim(("cell", district, gender), sum(values))
            other = cells.get((district, "boys" if gender == "girls" else "girls"))
            if other is not None:  # the district's participants minus the other gender
                total = sum(r["participants"] for r in rows)
                claim(("cell", district, gender), total - other)
    return claims


def disclosures(truth, p, claims):
    actual = {}
    cell_totals: dict[tuple, int] = {}
    for pk, (district, girls, boys) in truth.items():
        actual[("session", p("session", pk), "girls")] = girls
        actual[("session", p("session", pk), "boys")] = boys
        cell_totals[(district, "girls")] = cell_totals.get((district, "girls"), 0) + girls
        cell_totals[(district, "boys")] = cell_totals.get((district, "boys"), 0) + boys
    for (district, gender), n in cell_totals.items():
        actual[("cell", district, gender)] = n
    return sorted(
        (key, actual[key])
        for key, values in claims.items()
        if actual.get(key) in values and 0 < actual[key] < datasets.MIN_CELL
    )


def test_no_small_count_can_be_worked_back(classes, users):
    p, sessions, counts = _release(users)
    assert len([r for r in sessions if r["setting"] == "school"]) == 6  # the 2 + 2 class dropped
    found = disclosures(classes, p, attack(sessions, counts))
    assert found == []
    # and the export still says something: district 6's whole sessions and its cells are shown
    shown = [r for r in sessions if isinstance(r["girls"], int)]
    assert sorted((r["girls"], r["boys"]) for r in shown) == [(6, 7), (9, 8), (12, 10)]
    cells = {(r["district"], r["gender"]): r["count"] for r in counts}
    # 7 girls and 35 boys over two hidden sessions: cannot be split, so they are shown
    assert cells[(6, "girls")] == 28 and cells[(6, "boys")] == 53
    assert cells[(12, "girls")] is datasets.SUPPRESSED  # 9 girls, 1 + 2 of them hidden
    assert cells[(12, "boys")] is datasets.SUPPRESSED


def test_the_attack_works_without_complementary_suppression(classes, users, monkeypatch):
    """Only the small cells themselves hidden (as before): the same attacker recovers them."""
    monkeypatch.setattr(datasets, "_hide_pair", _hide_small_only)
    monkeypatch.setattr(datasets._Cell, "recoverable", lambda cell: datasets._small(cell.total))
    p, sessions, counts = _release(users)
    found = disclosures(classes, p, attack(sessions, counts))
    recovered = {(kind, gender, value) for (kind, _who, gender), value in found}
    assert ("session", "girls", 3) in recovered  # 23 participants − 20 boys
    assert ("session", "girls", 1) in recovered


def _hide_small_only(row, a, b):
    for key in (a, b):
        row[key] = datasets._hide_small(row[key])


def test_a_small_district_cell_is_not_the_sum_of_its_shown_sessions(world, plan, pool, users):
    """The reported attack: a district's girls shown as hidden, recovered by adding up its
    sessions' rows (girls 1 and 2 at two classes of 10 and 12)."""
    truth = {}
    for girls, boys in ((1, 9), (2, 10)):
        session = _session(
            world, plan, pool, version=plan.version, district=world.d6, school=world.s6
        )
        HeadCount.objects.create(
            municipality=world.tehran, session=session, grade=5, girls=girls, boys=boys
        )
        truth[session.pk] = (6, girls, boys)
    p, sessions, counts = _release(users)
    assert {r["girls"] for r in sessions} == {datasets.SUPPRESSED}
    assert {r["count"] for r in counts} == {datasets.SUPPRESSED}
    assert disclosures(truth, p, attack(sessions, counts)) == []
