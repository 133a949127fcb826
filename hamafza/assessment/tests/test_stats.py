"""The statistics against examples worked by hand (the arithmetic is in each docstring)."""

import math

import pytest

from hamafza.assessment import stats


def test_normalised_gain_by_hand():
    """Out of 10: pre 4, post 7 → (7−4)/(10−4) = 3/6 = 0.5. Pre 8, post 6 → (6−8)/2 = −1.
    Pre 10 (perfect): undefined. Pre 0, post 10 → 1."""
    assert stats.normalised_gain(4, 7, 10) == 0.5
    assert stats.normalised_gain(8, 6, 10) == -1
    assert stats.normalised_gain(10, 10, 10) is None
    assert stats.normalised_gain(0, 10, 10) == 1
    with pytest.raises(ValueError):
        stats.normalised_gain(11, 5, 10)


def test_gain_summary_by_hand():
    """Out of 10, pairs (2, 6), (4, 7), (5, 5), (10, 10).

    Per-pair gains: (6−2)/8 = 0.5, (7−4)/6 = 0.5, (5−5)/5 = 0; the fourth (pre = max) skipped.
    ⟨g⟩ = (0.5 + 0.5 + 0)/3 = 1/3.
    Mean pre = (2+4+5+10)/4 = 5.25, mean post = (6+7+5+10)/4 = 7; gain of averages =
    (7 − 5.25)/(10 − 5.25) = 1.75/4.75 = 0.368421…
    SD of gains: deviations 1/6, 1/6, −1/3 → squares 1/36 + 1/36 + 4/36 = 6/36 = 1/6; /(3−1) =
    1/12; sd = √(1/12) = 0.288675. t(0.975, 2) = 4.303; half width = 4.303 · 0.288675 / √3 =
    4.303 · 0.166667 = 0.717167. CI = 0.333333 ± 0.717167 = [−0.383833, 1.050500]."""
    s = stats.gain_summary([(2, 6), (4, 7), (5, 5), (10, 10)], 10)
    assert (s.pairs, s.used, s.skipped) == (4, 3, 1)
    assert s.average_gain == pytest.approx(1 / 3)
    assert s.mean_pre == 5.25 and s.mean_post == 7
    assert s.gain_of_averages == pytest.approx(1.75 / 4.75)
    assert s.ci_low == pytest.approx(-0.383833, abs=1e-5)
    assert s.ci_high == pytest.approx(1.050500, abs=1e-5)


def test_one_pair_has_a_gain_but_no_interval():
    """One pair (3, 5) out of 5: g = 2/2 = 1; no interval from a single value."""
    s = stats.gain_summary([(3, 5)], 5)
    assert s.average_gain == 1 and s.ci_low is None and s.ci_high is None
    assert stats.gain_summary([], 5).pairs == 0


def test_t_critical_values():
    """Table: df 1 → 12.706, df 30 → 2.042. Above 30 the expansion: df 60 → 2.000 (tables give
    2.0003), df 120 → 1.980 (tables 1.9799); it tends to 1.96."""
    assert stats.t_critical(1) == 12.706 and stats.t_critical(30) == 2.042
    assert stats.t_critical(60) == pytest.approx(2.0003, abs=1e-3)
    assert stats.t_critical(120) == pytest.approx(1.9799, abs=1e-3)
    assert stats.t_critical(100000) == pytest.approx(1.96, abs=1e-3)


def test_item_analysis_by_hand():
    """Four sheets, three items (1 = correct):

        A: 1 1 0 → total 2
        B: 1 0 0 → total 1
        C: 1 1 1 → total 3
        D: 1 0 0 → total 1

    Difficulty: item 1 = 4/4 = 1.0 (too easy), item 2 = 2/4 = 0.5, item 3 = 1/4 = 0.25.
    Groups: 27% of 4 = 1.08 → 1 sheet each. Sorted by (total, order): B(1), D(1), A(2), C(3);
    lower = B, upper = C. D: item 1 = 1 − 1 = 0 (weak), item 2 = 1 − 0 = 1, item 3 = 1 − 0 = 1.
    Point-biserial of item 2: right A, C (mean total 2.5), wrong B, D (mean 1); totals mean
    7/4 = 1.75, population SD = √(((0.25)² + (0.75)² + (1.25)² + (0.75)²)/4) = √(2.75/4) =
    0.829156; p = 0.5 → r = (2.5 − 1)/0.829156 · √0.25 = 1.809068 · 0.5 = 0.904534.
    Item 1 (everyone right) has no point-biserial."""
    rows = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [1, 0, 0]]
    one, two, three = stats.item_analysis(rows)
    assert (one.difficulty, two.difficulty, three.difficulty) == (1.0, 0.5, 0.25)
    assert (one.discrimination, two.discrimination, three.discrimination) == (0, 1, 1)
    assert set(one.flags) == {"too_easy", "weak_discrimination"}
    assert two.flags == () and three.flags == ()
    assert two.point_biserial == pytest.approx(0.904534, abs=1e-6)
    assert one.point_biserial is None


def test_a_too_hard_item_is_flagged():
    """Ten sheets, item 1 right only on the first: p = 1/10 = 0.1 < 0.2 → too hard. 27% of 10 =
    2.7 → 3 sheets a group; totals (item 1 + item 2) put the first sheet in the upper group:
    upper p = 1/3, lower p = 0 → D = 0.333 (not weak)."""
    rows = [[1, 1]] + [[0, 1]] * 4 + [[0, 0]] * 5
    first = stats.item_analysis(rows)[0]
    assert first.difficulty == pytest.approx(0.1)
    assert first.discrimination == pytest.approx(1 / 3)
    assert first.flags == ("too_hard",)
    assert math.isclose(stats.upper_lower_groups([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])[0][0], 7)


def test_shrinkage_keeps_a_lucky_few_below_a_steady_many():
    """k = 10. A: 2 ratings with mean 4.9; B: 200 ratings with mean 4.6; C: 20 ratings, mean 3.0.
    Prior = n-weighted mean = (2·4.9 + 200·4.6 + 20·3.0)/222 = (9.8 + 920 + 60)/222 = 989.8/222
    = 4.458559.
    A: (9.8 + 44.58559)/12 = 54.38559/12 = 4.532132.
    B: (920 + 44.58559)/210 = 964.58559/210 = 4.593265.
    C: (60 + 44.58559)/30 = 104.58559/30 = 3.486186.
    B ranks first although A's raw mean is higher. With spread 1: A's band = 1.96/√12 = 0.5658,
    B's = 1.96/√210 = 0.1352."""
    ranked = stats.rank_shrunk([("A", 2, 4.9), ("B", 200, 4.6), ("C", 20, 3.0)], spread=1.0)
    assert [r.key for r in ranked] == ["B", "A", "C"]
    by = {r.key: r for r in ranked}
    assert by["A"].shrunk == pytest.approx(4.532132, abs=1e-6)
    assert by["B"].shrunk == pytest.approx(4.593265, abs=1e-6)
    assert by["C"].shrunk == pytest.approx(3.486186, abs=1e-6)
    assert by["A"].band == pytest.approx(0.5658, abs=1e-4)
    assert by["B"].band == pytest.approx(0.1352, abs=1e-4)
    assert stats.shrunk_mean(0, 0, 4.0) == 4.0
