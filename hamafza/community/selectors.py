"""What the community adds up to: a trainer's contributions (on their record), and the
directorate's view of the whole municipality — contributions by district and domain, the most
reused resources, the questions still waiting for an answer, the active mentoring pairs.

Every figure is read through the owning app's selector (so through the scoping gate and its
visibility rule), never from the tables directly."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from hamafza.core.scoping import MUNICIPALITY_WIDE, Scope, scoped
from hamafza.library import selectors as library
from hamafza.library.models import Resource
from hamafza.mentoring import selectors as mentoring
from hamafza.mentoring.models import Pair
from hamafza.org.models import District
from hamafza.questions import selectors as questions
from hamafza.questions.models import Answer
from hamafza.trainers.models import Trainer

TOP = 10


def can_see_overview(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE


@dataclass
class Contributions:
    resources: int = 0  # published
    reused: int = 0  # sessions of others and their own that used them
    reports: int = 0
    helped: int = 0  # "this helped me" on their reports
    questions: int = 0
    answers: int = 0
    accepted: int = 0
    mentoring: int = 0  # pairs as mentor, active or completed

    @property
    def total(self) -> int:
        return self.resources + self.reports + self.questions + self.answers

    template: str = "community/partials/contributions_panel.html"


def contributions(*, scope: Scope, trainer: Trainer) -> Contributions:
    """What ``trainer`` gave the community, as far as ``scope`` may read it."""
    published = library.visible(scope).filter(author=trainer, status=Resource.Status.PUBLISHED)
    reports = library.reports_visible(scope).filter(trainer=trainer)
    asked = (
        questions.visible(scope).filter(author_id=trainer.user_id, is_hidden=False)
        if trainer.user_id
        else None
    )
    answers = (
        scoped(
            Answer.objects.filter(
                author_id=trainer.user_id, is_hidden=False, question__is_hidden=False
            ),
            scope,
        )
        if trainer.user_id
        else None
    )
    return Contributions(
        resources=published.count(),
        reused=published.aggregate(n=Count("uses"))["n"] or 0,
        reports=reports.count(),
        helped=reports.aggregate(n=Count("helped"))["n"] or 0,
        questions=asked.count() if asked is not None else 0,
        answers=answers.count() if answers is not None else 0,
        accepted=answers.filter(accepted_at__isnull=False).count() if answers is not None else 0,
        mentoring=mentoring.pairs(scope)
        .filter(mentor=trainer, status__in=Pair.COUNTED_STATUSES)
        .count(),
    )


def record_panel(*, scope: Scope, trainer: Trainer):
    """The trainers' record page shows the trainer's contributions (``trainers.RECORD_PANELS``)."""
    found = contributions(scope=scope, trainer=trainer)
    return found if (found.total or found.mentoring) else None


@dataclass
class Overview:
    districts: list = field(default_factory=list)  # District rows in order
    domains: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # (district_id, domain_id) → count
    district_totals: dict = field(default_factory=dict)
    domain_totals: dict = field(default_factory=dict)
    total: int = 0
    by_kind: dict = field(default_factory=dict)
    most_reused: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)
    unanswered_count: int = 0
    pairs: list = field(default_factory=list)
    pairs_count: int = 0

    def rows(self) -> list[tuple]:
        """(district or None for staff with no home district, [count per domain], total)."""
        out = [
            (
                d,
                [self.cells.get((d.pk, m.pk), 0) for m in self.domains],
                self.district_totals.get(d.pk, 0),
            )
            for d in self.districts
        ]
        if self.district_totals.get(None):
            out.append(
                (
                    None,
                    [self.cells.get((None, m.pk), 0) for m in self.domains],
                    self.district_totals[None],
                )
            )
        return out


def overview(*, scope: Scope) -> Overview:
    """Contributions (published resources, experience reports, questions and answers) by the
    home district of the trainer who made them and by domain, and the lists beside them."""
    out = Overview()
    if not can_see_overview(scope):
        return out
    cells: Counter = Counter()
    kinds: Counter = Counter()
    home = dict(
        scoped(Trainer.objects.exclude(user_id=None), scope).values_list(
            "user_id", "home_district_id"
        )
    )
    for district_id, domain_id in (
        library.visible(scope)
        .filter(status=Resource.Status.PUBLISHED)
        .values_list("author__home_district_id", "domain_id")
    ):
        cells[district_id, domain_id] += 1
        kinds["resources"] += 1
    for district_id, domain_id in library.reports_visible(scope).values_list(
        "trainer__home_district_id", "domain_id"
    ):
        cells[district_id, domain_id] += 1
        kinds["reports"] += 1
    for user_id, domain_id in (
        questions.visible(scope).filter(is_hidden=False).values_list("author_id", "domain_id")
    ):
        cells[home.get(user_id), domain_id] += 1
        kinds["questions"] += 1
    answers = scoped(Answer.objects.filter(is_hidden=False, question__is_hidden=False), scope)
    for user_id, domain_id in answers.values_list("author_id", "question__domain_id"):
        cells[home.get(user_id), domain_id] += 1
        kinds["answers"] += 1
    out.cells = dict(cells)
    out.by_kind = dict(kinds)
    out.total = sum(cells.values())
    for (district_id, domain_id), n in cells.items():
        out.district_totals[district_id] = out.district_totals.get(district_id, 0) + n
        out.domain_totals[domain_id] = out.domain_totals.get(domain_id, 0) + n
    out.districts = list(scoped(District.objects.order_by("number"), scope))
    out.domains = list(library.domains(scope=scope).order_by("name"))
    out.most_reused = list(
        library.visible(scope)
        .filter(status=Resource.Status.PUBLISHED)
        .select_related("author", "domain")
        .annotate(reuse=Count("uses", distinct=True))
        .filter(reuse__gt=0)
        .order_by("-reuse", "-published_at")[:TOP]
    )
    waiting = questions.unanswered(scope=scope)
    out.unanswered_count = waiting.count()
    out.unanswered = list(waiting.select_related("domain")[:TOP])
    active = mentoring.pairs(scope, status=Pair.Status.ACTIVE)
    out.pairs_count = active.count()
    out.pairs = list(active.order_by("-approved_at", "-pk")[:TOP])
    return out


def recent(*, scope: Scope) -> dict:
    """The common room's front page: the newest of each kind, and what waits for this person."""
    published = library.visible(scope).filter(status=Resource.Status.PUBLISHED)
    return {
        "featured": list(published.filter(featured=True).select_related("domain")[:4]),
        "resources": list(published.select_related("domain", "author")[:6]),
        "reports": list(
            library.reports_visible(scope)
            .select_related("domain", "trainer")
            .order_by("-created_at")[:6]
        ),
        "questions": list(
            questions.visible(scope)
            .filter(is_hidden=False)
            .select_related("domain")
            .order_by("-created_at")[:6]
        ),
    }
