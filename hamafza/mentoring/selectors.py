"""Reads of mentoring. Every query passes through the scoping gate: a trainer reads their own
pairs, a coordinator the pairs of their district's trainees, the directorate all."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Domain
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import MUNICIPALITY_WIDE, Scope, scoped
from hamafza.mentoring import permissions
from hamafza.mentoring.models import (
    DEFAULT_CAPACITY,
    MENTOR_MIN_RANK,
    LevelRequirement,
    LogEntry,
    MentorCapacity,
    Pair,
)
from hamafza.sessions.models import Session
from hamafza.trainers.models import CompetencyLevel, Trainer, TrainerDomain


def pairs(scope: Scope, *, status: str | None = None, domain_id: int | None = None):
    if not permissions.can_use(scope):
        return Pair.objects.none()
    qs = scoped(
        Pair.objects.select_related(
            "domain", "mentor", "trainee", "mentor__home_district", "trainee__home_district"
        ),
        scope,
    ).annotate(entry_count=Count("entries"))
    if status:
        qs = qs.filter(status=status)
    if domain_id:
        qs = qs.filter(domain_id=domain_id)
    return qs


def pair_get(*, scope: Scope, pk: int) -> Pair | None:
    return pairs(scope).filter(pk=pk).first()


def entries(scope: Scope, pair: Pair) -> QuerySet[LogEntry]:
    return scoped(
        LogEntry.objects.select_related("session", "session__lesson", "author"), scope
    ).filter(pair=pair)


def own_trainer(scope: Scope) -> Trainer | None:
    if scope.user_id is None or not permissions.is_trainer(scope):
        return None
    return scoped(Trainer.objects.all(), scope).filter(user_id=scope.user_id).first()


def my_pairs(scope: Scope) -> dict:
    """A trainer's pairs as mentor and as trainee, open ones first."""
    me = own_trainer(scope)
    if me is None:
        return {"me": None, "as_mentor": [], "as_trainee": []}
    rows = pairs(scope).order_by("status", "-created_at")
    return {
        "me": me,
        "as_mentor": [p for p in rows if p.mentor_id == me.pk],
        "as_trainee": [p for p in rows if p.trainee_id == me.pk],
    }


@dataclass
class MentorDomain:
    domain: Domain
    level: CompetencyLevel
    capacity: int
    active: int
    version: object  # the capacity row (None until set)


def my_mentor_domains(scope: Scope, trainer: Trainer) -> list[MentorDomain]:
    """The domains where ``trainer`` may mentor, with their capacity and active pairs."""
    tds = scoped(TrainerDomain.objects.select_related("domain", "level"), scope).filter(
        trainer=trainer, level__rank__gte=MENTOR_MIN_RANK
    )
    caps = {
        c.domain_id: c for c in scoped(MentorCapacity.objects.all(), scope).filter(trainer=trainer)
    }
    active = dict(
        Pair.objects.filter(mentor=trainer, status=Pair.Status.ACTIVE)
        .values_list("domain_id")
        .annotate(n=Count("pk"))
    )
    return [
        MentorDomain(
            domain=td.domain,
            level=td.level,
            capacity=caps[td.domain_id].capacity if td.domain_id in caps else DEFAULT_CAPACITY,
            active=active.get(td.domain_id, 0),
            version=caps.get(td.domain_id),
        )
        for td in tds
    ]


def trainees(scope: Scope) -> QuerySet[Trainer]:
    """Trainers a manager proposes mentors for: their district's (the directorate: all)."""
    if not permissions.can_manage(scope):
        return Trainer.objects.none()
    qs = scoped(Trainer.objects.select_related("home_district"), scope).filter(
        status=Trainer.Status.ACTIVE
    )
    if scope.role not in MUNICIPALITY_WIDE:
        qs = qs.filter(home_district_id=scope.district_id)
    return qs


def trainee_get(scope: Scope, pk) -> Trainer | None:
    if not isinstance(pk, int) or isinstance(pk, bool):
        return None
    return trainees(scope).filter(pk=pk).first()


def trainee_domains(scope: Scope, trainee: Trainer) -> QuerySet[TrainerDomain]:
    return scoped(TrainerDomain.objects.select_related("domain", "level"), scope).filter(
        trainer=trainee
    )


def _capacity_of(domain_id: int):
    rows = MentorCapacity.objects.filter(trainer=OuterRef("pk"), domain_id=domain_id)
    return Coalesce(
        Subquery(rows.values("capacity")[:1], output_field=IntegerField()),
        Value(DEFAULT_CAPACITY),
    )


def mentor_candidates(scope: Scope, *, trainee: Trainer, domain_id: int) -> QuerySet[Trainer]:
    """Who may mentor ``trainee`` in the domain, best first: active trainers of the pool holding
    a senior or master level there (above the trainee's), homed in the trainee's district first
    (no distance between districts is recorded; the scheduler's only rule is a fixed travel
    buffer across districts), then by the places they have left, then by level.

    Each carries ``rank`` (their level there), ``level_name``, ``capacity``, ``active`` (pairs
    they mentor now in the domain), ``remaining`` and ``same_district``."""
    if not permissions.manages_trainee(scope, trainee):
        return Trainer.objects.none()
    own = (
        scoped(TrainerDomain.objects.all(), scope)
        .filter(trainer=trainee, domain_id=domain_id)
        .select_related("level")
        .first()
    )
    if own is None:
        return Trainer.objects.none()
    floor = max(MENTOR_MIN_RANK, (own.level.rank + 1) if own.level else 0)
    qualified = TrainerDomain.objects.filter(
        trainer=OuterRef("pk"), domain_id=domain_id, level__rank__gte=floor
    )
    return (
        scoped(Trainer.objects.select_related("home_district"), scope)
        .filter(status=Trainer.Status.ACTIVE)
        .exclude(pk=trainee.pk)
        .annotate(
            rank=Subquery(qualified.values("level__rank")[:1]),
            level_name=Subquery(qualified.values("level__name")[:1]),
            capacity=_capacity_of(domain_id),
            active=Count(
                "mentor_pairs",
                filter=Q(
                    mentor_pairs__domain_id=domain_id,
                    mentor_pairs__status=Pair.Status.ACTIVE,
                ),
                distinct=True,
            ),
        )
        .filter(rank__isnull=False)
        .annotate(
            remaining=Coalesce("capacity", Value(0)) - Coalesce("active", Value(0)),
            same_district=Case(
                When(home_district_id=trainee.home_district_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-same_district", "-remaining", "-rank", "last_name", "first_name")
    )


def coordinator_board(scope: Scope) -> dict:
    """The manager's page: pairs waiting for their approval (both trainers accepted), proposals
    still waiting for a trainer, active pairs."""
    rows = pairs(scope)
    proposed = rows.filter(status=Pair.Status.PROPOSED)
    return {
        "to_approve": proposed.filter(
            mentor_accepted_at__isnull=False,
            trainee_accepted_at__isnull=False,
            approved_at__isnull=True,
        ),
        "waiting": proposed.exclude(
            mentor_accepted_at__isnull=False,
            trainee_accepted_at__isnull=False,
            approved_at__isnull=True,
        ),
        "active": rows.filter(status=Pair.Status.ACTIVE).order_by("-started_at"),
    }


def shared_sessions(scope: Scope, pair: Pair) -> QuerySet[Session]:
    """Sessions both trainers of the pair taught (what a co-taught entry may name)."""
    return (
        scoped(Session.objects.select_related("lesson"), scope)
        .filter(trainers=pair.mentor)
        .filter(trainers=pair.trainee)
        .order_by("-starts_at")
    )


def domains(scope: Scope) -> QuerySet[Domain]:
    return scoped(Domain.objects.all(), scope)


def requirement_rows(scope: Scope) -> list:
    """Every rung of every ladder with its mentoring requirement (None: none)."""
    levels = scoped(CompetencyLevel.objects.select_related("domain"), scope).order_by(
        "domain__name", "rank"
    )
    reqs = {r.level_id: r for r in scoped(LevelRequirement.objects.all(), scope)}
    return [(level, reqs.get(level.pk)) for level in levels]


# ----- the standards ladder's check (trainers.selectors.LADDER_CHECKS) -----


def ladder_check(trainer: Trainer, level: CompetencyLevel) -> list[str]:
    """What ``trainer`` misses of ``level``'s mentoring requirement: a pair as trainee in the
    level's domain (active or completed) with at least N log entries."""
    requirement = LevelRequirement.objects.filter(level=level).first()
    if requirement is None:
        return []
    best = (
        Pair.objects.filter(
            trainee=trainer, domain_id=level.domain_id, status__in=Pair.COUNTED_STATUSES
        )
        .annotate(n=Count("entries"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    if best is not None and best >= requirement.min_entries:
        return []
    n = localize_digits
    return [
        _("a mentoring pair with at least %(n)s log entries (now %(now)s)")
        % {"n": n(requirement.min_entries), "now": n(best or 0)}
    ]
