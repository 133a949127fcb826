"""The statistics of pre/post knowledge tests, in plain Python (no database, no numpy) so that
each figure can be checked by hand.

- normalised gain of one participant: g = (post − pre) / (max − pre); undefined when pre = max;
- the average of per-pair gains ⟨g⟩ with a 95% t-interval, and the gain of the averages
  (mean post − mean pre) / (max − mean pre);
- item difficulty p (the share who answered correctly) and discrimination: the upper−lower index
  D = p(upper 27%) − p(lower 27%) by total score, and the point-biserial correlation;
- a question is flagged when p < 0.2 (too hard), p > 0.9 (too easy) or D < 0.2 (does not
  separate those who know from those who do not)."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Two-sided 95% critical values of Student's t for 1..30 degrees of freedom.
T_975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip
Z_975 = 1.959964

DIFFICULTY_LOW, DIFFICULTY_HIGH, DISCRIMINATION_MIN = 0.2, 0.9, 0.2
GROUP_SHARE = 0.27


def t_critical(df: int) -> float:
    """t with ``df`` degrees of freedom leaving 2.5% in each tail. From the table up to 30; above,
    the Cornish–Fisher expansion around the normal value (error below 0.001)."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df <= len(T_975):
        return T_975[df - 1]
    z = Z_975
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def normalised_gain(pre: float, post: float, maximum: float) -> float | None:
    """(post − pre) / (max − pre), or None when the pre-test was already perfect."""
    if maximum <= 0 or not 0 <= pre <= maximum or not 0 <= post <= maximum:
        raise ValueError("scores must lie between 0 and the maximum")
    if pre == maximum:
        return None
    return (post - pre) / (maximum - pre)


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def sample_sd(values: list[float]) -> float:
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


@dataclass(frozen=True)
class GainSummary:
    pairs: int  # pairs with both scores
    used: int  # pairs whose gain is defined (pre below the maximum)
    skipped: int  # pairs with a perfect pre-test
    mean_pre: float | None
    mean_post: float | None
    average_gain: float | None  # ⟨g⟩, the mean of the per-pair gains
    gain_of_averages: float | None
    ci_low: float | None
    ci_high: float | None


def gain_summary(pairs: list[tuple[float, float]], maximum: float) -> GainSummary:
    """Learning gain of paired (pre, post) scores out of ``maximum``. The interval is a t-interval
    on the per-pair gains (two gains at least); pairs with pre = max are skipped for ⟨g⟩."""
    if not pairs:
        return GainSummary(0, 0, 0, None, None, None, None, None, None)
    pre = [p for p, _q in pairs]
    post = [q for _p, q in pairs]
    gains = [g for p, q in pairs if (g := normalised_gain(p, q, maximum)) is not None]
    mean_pre, mean_post = mean(pre), mean(post)
    of_averages = None if mean_pre == maximum else (mean_post - mean_pre) / (maximum - mean_pre)
    average = mean(gains) if gains else None
    low = high = None
    if len(gains) >= 2:
        half = t_critical(len(gains) - 1) * sample_sd(gains) / math.sqrt(len(gains))
        low, high = average - half, average + half
    return GainSummary(
        pairs=len(pairs),
        used=len(gains),
        skipped=len(pairs) - len(gains),
        mean_pre=mean_pre,
        mean_post=mean_post,
        average_gain=average,
        gain_of_averages=of_averages,
        ci_low=low,
        ci_high=high,
    )


@dataclass(frozen=True)
class ItemStats:
    index: int
    answered: int
    difficulty: float | None  # proportion correct
    discrimination: float | None  # upper − lower 27% index
    point_biserial: float | None
    flags: tuple[str, ...]


def upper_lower_groups(totals: list[float]) -> tuple[list[int], list[int]]:
    """Indices of the upper and lower 27% by total score (at least one each; ties broken by the
    order of the sheets, so the split is reproducible)."""
    n = len(totals)
    size = max(1, round(GROUP_SHARE * n))
    order = sorted(range(n), key=lambda i: (totals[i], i))
    return order[-size:], order[:size]


def point_biserial(item: list[int], totals: list[float]) -> float | None:
    """r = (M₁ − M₀) / s · √(p·q), s the population SD of the totals; None when everyone
    answered alike or all totals are equal."""
    n = len(item)
    right = [t for x, t in zip(item, totals, strict=True) if x]
    wrong = [t for x, t in zip(item, totals, strict=True) if not x]
    if not right or not wrong:
        return None
    m = mean(totals)
    s = math.sqrt(sum((t - m) ** 2 for t in totals) / n)
    if s == 0:
        return None
    p = len(right) / n
    return (mean(right) - mean(wrong)) / s * math.sqrt(p * (1 - p))


def item_analysis(matrix: list[list[int]]) -> list[ItemStats]:
    """``matrix[person][item]`` is 1 for a correct answer, 0 otherwise. One row per answer sheet."""
    if not matrix:
        return []
    totals = [sum(row) for row in matrix]
    upper, lower = upper_lower_groups(totals)
    result = []
    for j in range(len(matrix[0])):
        column = [row[j] for row in matrix]
        p = sum(column) / len(column)
        d = None
        if len(matrix) >= 2:
            d = sum(column[i] for i in upper) / len(upper) - sum(column[i] for i in lower) / len(
                lower
            )
        flags = []
        if p < DIFFICULTY_LOW:
            flags.append("too_hard")
        if p > DIFFICULTY_HIGH:
            flags.append("too_easy")
        if d is not None and d < DISCRIMINATION_MIN:
            flags.append("weak_discrimination")
        result.append(
            ItemStats(
                index=j,
                answered=len(column),
                difficulty=p,
                discrimination=d,
                point_biserial=point_biserial(column, totals),
                flags=tuple(flags),
            )
        )
    return result


# --- ranking with shrinkage ---------------------------------------------------------------------

SHRINK_K = 10  # the prior weighs as much as this many observations


@dataclass(frozen=True)
class Ranked:
    key: object
    n: int
    mean: float
    shrunk: float
    band: float  # ± half-width of an approximate 95% band around ``shrunk``


def shrunk_mean(n: int, mean_: float, prior_mean: float, k: float = SHRINK_K) -> float:
    """(n·mean + k·prior) / (n + k): few observations stay near the prior (the domain mean)."""
    return (n * mean_ + k * prior_mean) / (n + k)


def rank_shrunk(
    rows: list[tuple[object, int, float]], *, k: float = SHRINK_K, spread: float | None = None
) -> list[Ranked]:
    """Rank (key, n, mean) rows by their shrunk means toward the n-weighted mean of all rows. The
    band is 1.96 · spread / √(n + k), ``spread`` the SD of single observations (by default the SD
    of the rows' means), so it narrows as observations accumulate."""
    rows = [r for r in rows if r[1] > 0]
    if not rows:
        return []
    total = sum(n for _k, n, _m in rows)
    prior = sum(n * m for _k, n, m in rows) / total
    if spread is None:
        means = [m for _k, _n, m in rows]
        spread = sample_sd(means) if len(means) > 1 else 0.0
    ranked = [
        Ranked(key, n, m, shrunk_mean(n, m, prior, k), Z_975 * spread / math.sqrt(n + k))
        for key, n, m in rows
    ]
    return sorted(ranked, key=lambda r: (-r.shrunk, -r.n))


def median(values) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty.
    Missing values (None) are left out."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def pooled_mean(rows: list[tuple[int, float]]) -> float | None:
    """The n-weighted mean of (n, mean) rows: the prior ``rank_shrunk`` shrinks toward."""
    total = sum(n for n, _m in rows if n > 0)
    if not total:
        return None
    return sum(n * m for n, m in rows if n > 0) / total
