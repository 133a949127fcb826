"""Supervision: tenant-defined rubrics and observations of delivered sessions. The weighted score
is Σ(weight × mark) / (4 × Σ weight) × 100, so a session marked 4 on every criterion scores 100."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from hamafza.assessment.models import Criterion, Observation, ObservationMark, Rubric
from hamafza.core.persian import clean_typed, localize_digits, to_latin_digits
from hamafza.core.scoping import DISTRICT_MANAGERS, MUNICIPALITY_WIDE, Role, Scope, in_scope, scoped
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer, TrainerDomain

MAX_MARK = 4


def can_observe(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS


def can_keep_rubrics(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE


def weighted_score(marks: list[tuple[int, int]]) -> Decimal:
    """marks: (weight, mark 0–4). Σ(w·m) / (4·Σw) · 100, to one decimal."""
    total = sum(w for w, _m in marks)
    if not total:
        raise ValueError("no criteria")
    value = Decimal(sum(w * m for w, m in marks) * 100) / Decimal(MAX_MARK * total)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def rubric_create(*, scope: Scope, actor, title: str, lines: str) -> Rubric:
    """A rubric from lines "weight, criterion" (or just the criterion, weight 1)."""
    if not can_keep_rubrics(scope):
        raise PermissionDenied(_("You may not define rubrics."))
    title = clean_typed(title or "")[:200]
    criteria, errors = [], []
    for n, line in enumerate(r for r in (lines or "").splitlines() if r.strip()):
        head, _sep, rest = line.replace("،", ",").partition(",")
        weight_text = to_latin_digits(head).strip()
        if rest and weight_text.isdigit():
            weight, text = int(weight_text), clean_typed(rest)[:300]
        else:
            weight, text = 1, clean_typed(line)[:300]
        if not 1 <= weight <= 10 or not text:
            errors.append(
                _("Line %(n)s: a weight from 1 to 10 and a criterion.")
                % {"n": localize_digits(n + 1)}
            )
        criteria.append((weight, text))
    if not title:
        errors.append(_("Give the rubric a title."))
    if not criteria:
        errors.append(_("Write at least one criterion."))
    if errors:
        raise ValidationError(errors)
    rubric = Rubric.objects.create(municipality_id=scope.municipality_id, title=title)
    Criterion.objects.bulk_create(
        Criterion(municipality_id=scope.municipality_id, rubric=rubric, order=i, text=t, weight=w)
        for i, (w, t) in enumerate(criteria, start=1)
    )
    return rubric


@transaction.atomic
def observation_save(
    *,
    scope: Scope,
    actor,
    session: Session,
    trainer: Trainer,
    rubric: Rubric,
    marks: dict,
    comments: str = "",
    notes: dict | None = None,
) -> Observation:
    """Record an observation: only of a delivered session in the observer's scope, of one of its
    trainers, every criterion marked 0–4. All or nothing."""
    if not can_observe(scope) or not in_scope(session, scope):
        raise PermissionDenied(_("You may not observe this session."))
    if rubric.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("You may not use this rubric."))
    errors: dict = {}
    if session.status not in Session.DELIVERED_STATUSES:
        errors["session"] = _("Only a delivered session can be observed.")
    if not session.trainers.filter(pk=trainer.pk).exists():
        errors["trainer"] = _("Choose a trainer of this session.")
    criteria = list(rubric.criteria.order_by("order"))
    clean = []
    for c in criteria:
        raw = to_latin_digits(str(marks.get(c.pk, ""))).strip()
        if not raw.isdigit() or int(raw) > MAX_MARK:
            errors[f"c{c.pk}"] = _("Mark from 0 to 4.")
            continue
        clean.append((c, int(raw)))
    if errors:
        raise ValidationError(errors)
    observation = Observation.objects.create(
        municipality_id=session.municipality_id,
        session=session,
        trainer=trainer,
        rubric=rubric,
        district_id=session.district_id,
        observer=actor,
        score=weighted_score([(c.weight, v) for c, v in clean]),
        comments=(comments or "").strip(),
    )
    ObservationMark.objects.bulk_create(
        ObservationMark(
            municipality_id=session.municipality_id,
            observation=observation,
            criterion=c,
            value=v,
            comment=clean_typed((notes or {}).get(c.pk, ""))[:300],
        )
        for c, v in clean
    )
    observation.ladder_updated = ladder_score_update(trainer=trainer, domain_id=session.domain_id)
    return observation


def ladder_score_update(*, trainer: Trainer, domain_id: int) -> bool:
    """Set the trainer's observation score for the domain (what the standards ladder reads) to
    the mean weighted score of their observations of sessions in that domain, rounded half up
    to a whole number. The trainer's domain row is locked first, so two observations saved at
    once both count. A trainer with no row for the domain gets none (the directorate adds
    domains to a trainer); returns whether a row was updated."""
    row = (
        TrainerDomain.objects.select_for_update()
        .filter(trainer=trainer, domain_id=domain_id)
        .first()
    )
    if row is None:
        return False
    scores = list(
        Observation.objects.filter(trainer=trainer, session__domain_id=domain_id).values_list(
            "score", flat=True
        )
    )
    if not scores:
        return False
    mean = sum(Decimal(s) for s in scores) / len(scores)
    row.observation_score = int(mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    row.save(update_fields=["observation_score", "updated_at"])
    return True


def observations_of(*, scope: Scope, trainer: Trainer) -> QuerySet[Observation]:
    """A trainer's observations: observers in their scope; the trainer their own."""
    qs = Observation.objects.filter(trainer=trainer).select_related(
        "session__lesson", "rubric", "observer"
    )
    if scope.role != Role.TRAINER and not can_observe(scope):
        return qs.none()
    return scoped(qs, scope)  # a trainer: their own (the gate's trainer rule)


def summary(observations: QuerySet) -> dict:
    return observations.aggregate(count=Count("pk"), mean=Avg("score"))


def rubrics(*, scope: Scope) -> QuerySet[Rubric]:
    return scoped(Rubric.objects.filter(is_active=True), scope).prefetch_related("criteria")


def observable_sessions(*, scope: Scope) -> QuerySet[Session]:
    """Delivered sessions in the observer's scope, latest first."""
    if not can_observe(scope):
        return Session.objects.none()
    return (
        scoped(Session.objects.filter(status__in=Session.DELIVERED_STATUSES), scope)
        .select_related("lesson", "school", "venue")
        .order_by("-starts_at")
    )
