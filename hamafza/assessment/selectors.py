"""Reads of knowledge tests and their figures. Every query passes through the scoping gate;
trainers see the tests of their own sessions."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from hamafza.assessment import stats
from hamafza.assessment.models import KnowledgeTest, Phase, Sheet, SheetAnswer, TestItem
from hamafza.assessment.permissions import can_use_tests, sees_own_sessions_only
from hamafza.core.scoping import Scope, scoped


def test_list(*, scope: Scope) -> QuerySet[KnowledgeTest]:
    if not can_use_tests(scope):
        return KnowledgeTest.objects.none()
    qs = scoped(
        KnowledgeTest.objects.select_related("program", "session__lesson", "district"), scope
    )
    if sees_own_sessions_only(scope):
        qs = qs.filter(
            Q(session__trainers__user_id=scope.user_id)
            | Q(post_session__trainers__user_id=scope.user_id)
        ).distinct()
    return qs.annotate(
        pre_count=Count("sheets", filter=Q(sheets__phase=Phase.PRE), distinct=True),
        post_count=Count("sheets", filter=Q(sheets__phase=Phase.POST), distinct=True),
    ).order_by("-created_at", "pk")


def test_get(*, scope: Scope, pk: int) -> KnowledgeTest | None:
    return test_list(scope=scope).filter(pk=pk).first()


def items(test: KnowledgeTest) -> list[TestItem]:
    return list(test.items.order_by("order"))


@dataclass
class ItemRow:
    item: TestItem
    stats: stats.ItemStats | None


@dataclass
class Figures:
    maximum: int
    pre_count: int
    post_count: int
    pre_mean: float | None
    post_mean: float | None
    gain: stats.GainSummary
    pairs: list[tuple[str, int, int, float | None]]  # code, pre, post, g
    unpaired_pre: int
    unpaired_post: int
    items: list[ItemRow]
    item_phase: str


def figures(*, scope: Scope, test: KnowledgeTest, item_phase: str = Phase.POST) -> Figures:
    """Scores paired by participant code, the learning gain with its interval, the means of each
    phase (for sessions where codes do not pair), and the item analysis of one phase."""
    test_items = items(test)
    maximum = len(test_items)
    sheets = list(scoped(Sheet.objects.filter(test=test), scope).values("code", "phase", "score"))
    pre = {s["code"]: s["score"] for s in sheets if s["phase"] == Phase.PRE}
    post = {s["code"]: s["score"] for s in sheets if s["phase"] == Phase.POST}
    paired = sorted(set(pre) & set(post))
    pairs = [
        (code, pre[code], post[code], stats.normalised_gain(pre[code], post[code], maximum))
        for code in paired
    ]
    answers = scoped(
        SheetAnswer.objects.filter(sheet__test=test, sheet__phase=item_phase), scope
    ).values_list("sheet_id", "item_id", "correct")
    by_sheet: dict[int, dict[int, int]] = defaultdict(dict)
    for sheet_id, item_id, correct in answers:
        by_sheet[sheet_id][item_id] = int(correct)
    matrix = [[row.get(i.pk, 0) for i in test_items] for row in by_sheet.values()]
    analysed = stats.item_analysis(matrix) if matrix else []
    return Figures(
        maximum=maximum,
        pre_count=len(pre),
        post_count=len(post),
        pre_mean=stats.mean(list(pre.values())) if pre else None,
        post_mean=stats.mean(list(post.values())) if post else None,
        gain=stats.gain_summary([(p, q) for _c, p, q, _g in pairs], maximum),
        pairs=pairs,
        unpaired_pre=len(pre) - len(paired),
        unpaired_post=len(post) - len(paired),
        items=[
            ItemRow(item=item, stats=analysed[i] if analysed else None)
            for i, item in enumerate(test_items)
        ],
        item_phase=item_phase,
    )
