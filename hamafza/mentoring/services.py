"""Writes of mentoring. Pages and the API call these same functions.

Every function is keyword-only and atomic, checks the verb (permissions) on a row read through
the gate and locked (``select_for_update``), validates with ``full_clean()`` and records who made
the change (simple-history). A pair becomes active in the transaction that gives it its last
"yes" (the mentor's, the trainee's or the approval), with the mentor's trainer row locked while
their active pairs are counted against their capacity, so two answers at the same moment can
neither both miss the activation nor put the mentor over capacity.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed, localize_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.mentoring import permissions
from hamafza.mentoring.models import (
    DEFAULT_CAPACITY,
    MENTOR_MIN_RANK,
    LevelRequirement,
    LogEntry,
    MentorCapacity,
    Pair,
)
from hamafza.notifications.services import notify
from hamafza.sessions.models import Session
from hamafza.trainers.models import CompetencyLevel, Trainer, TrainerDomain

OUTSIDE = gettext_lazy("This record is outside your area.")


def _multiline(text: str) -> str:
    return "\n".join(clean_typed(line) for line in text.replace("\r\n", "\n").split("\n")).strip()


def _save(obj, actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _id(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _locked(scope: Scope, pair: Pair) -> Pair:
    row = scoped(Pair.objects.select_for_update(), scope).filter(pk=pair.pk).first()
    if row is None:
        raise PermissionDenied(OUTSIDE)
    return row


def _users(*trainers) -> list[int]:
    return [t.user_id for t in trainers if t is not None and t.user_id]


def capacity_of(trainer: Trainer, domain_id: int) -> int:
    row = MentorCapacity.objects.filter(trainer=trainer, domain_id=domain_id).first()
    return row.capacity if row else DEFAULT_CAPACITY


def _check_capacity(mentor: Trainer, domain_id: int, *, adding: bool) -> None:
    """Refuse when the mentor's active pairs in the domain already fill their capacity. The
    caller holds the mentor's row locked, so two activations are counted one after the other."""
    Trainer.objects.select_for_update().filter(pk=mentor.pk).first()
    capacity = capacity_of(mentor, domain_id)
    active = Pair.objects.filter(mentor=mentor, domain_id=domain_id, status=Pair.Status.ACTIVE)
    if active.count() + (1 if adding else 0) > capacity:
        raise ValidationError(
            _(
                "%(name)s already mentors %(n)s trainee(s) in this domain, as many as they take "
                "at once. Choose another mentor, or wait until one of their pairs ends."
            )
            % {"name": mentor, "n": localize_digits(active.count())}
        )


def _mentor_rank(mentor: Trainer, domain_id: int) -> int:
    td = (
        TrainerDomain.objects.filter(trainer=mentor, domain_id=domain_id)
        .select_related("level")
        .first()
    )
    return td.level.rank if td and td.level else 0


@transaction.atomic
def pair_propose(*, scope: Scope, actor, trainee_id, mentor_id, domain_id) -> Pair:
    """A manager proposes ``mentor_id`` as mentor of ``trainee_id`` in ``domain_id``; both are
    told and asked to accept."""
    if not permissions.can_manage(scope):
        raise PermissionDenied(
            _("Only a district coordinator or the directorate proposes mentors.")
        )
    trainee = (
        scoped(Trainer.objects.all(), scope).filter(pk=_id(trainee_id)).first()
        if _id(trainee_id)
        else None
    )
    if trainee is None:
        raise ValidationError({"trainee": _("Choose a trainer of this municipality.")})
    if not permissions.manages_trainee(scope, trainee):
        raise PermissionDenied(_("You propose mentors for the trainers of your own district only."))
    own = (
        scoped(TrainerDomain.objects.all(), scope)
        .filter(trainer=trainee, domain_id=_id(domain_id))
        .select_related("level", "domain")
        .first()
        if _id(domain_id)
        else None
    )
    if own is None:
        raise ValidationError({"domain": _("Choose a domain the trainee teaches.")})
    mentor = (
        scoped(Trainer.objects.all(), scope).filter(pk=_id(mentor_id)).first()
        if _id(mentor_id)
        else None
    )
    if mentor is None:
        raise ValidationError({"mentor": _("Choose a trainer of this municipality.")})
    if mentor.pk == trainee.pk:
        raise ValidationError({"mentor": _("A trainer cannot mentor themself.")})
    if mentor.status != Trainer.Status.ACTIVE:
        raise ValidationError({"mentor": _("%(name)s is not active.") % {"name": mentor}})
    rank = _mentor_rank(mentor, own.domain_id)
    if rank < MENTOR_MIN_RANK:
        raise ValidationError(
            {
                "mentor": _(
                    "%(name)s is not a senior or master trainer in %(domain)s: only they mentor."
                )
                % {"name": mentor, "domain": own.domain}
            }
        )
    if own.level and rank <= own.level.rank:
        raise ValidationError(
            {"mentor": _("A mentor holds a higher level in the domain than the trainee.")}
        )
    if Pair.objects.filter(
        trainee=trainee, domain_id=own.domain_id, status__in=Pair.OPEN_STATUSES
    ).exists():
        raise ValidationError(
            _("This trainee already has a mentoring pair in this domain, proposed or active.")
        )
    _check_capacity(mentor, own.domain_id, adding=True)
    pair = Pair(
        municipality_id=scope.municipality_id,
        domain_id=own.domain_id,
        mentor=mentor,
        trainee=trainee,
        proposed_by=actor,
    )
    try:
        with transaction.atomic():
            _save(pair, actor)
    except IntegrityError as exc:  # proposed at the same moment by someone else
        raise ValidationError(
            _("This trainee already has a mentoring pair in this domain, proposed or active.")
        ) from exc
    notify(
        recipients=_users(mentor, trainee),
        kind="mentoring_proposed",
        title=gettext_lazy("A mentoring pair is proposed: %(mentor)s mentoring %(trainee)s"),
        body=gettext_lazy("Open it to accept or decline."),
        link=pair.get_absolute_url(),
        municipality_id=pair.municipality_id,
        context={"mentor": str(mentor), "trainee": str(trainee)},
    )
    return pair


def _activate_if_ready(row: Pair, actor) -> None:
    if row.status != Pair.Status.PROPOSED or not row.ready:
        return
    _check_capacity(row.mentor, row.domain_id, adding=True)
    row.status = Pair.Status.ACTIVE
    row.started_at = timezone.now()
    _save(row, actor)
    notify(
        recipients=_users(row.mentor, row.trainee),
        kind="mentoring_active",
        title=gettext_lazy("Your mentoring pair has started: %(mentor)s and %(trainee)s"),
        link=row.get_absolute_url(),
        municipality_id=row.municipality_id,
        context={"mentor": str(row.mentor), "trainee": str(row.trainee)},
    )


@transaction.atomic
def pair_accept(*, scope: Scope, actor, pair: Pair) -> Pair:
    """The mentor or the trainee says yes; the last of the three yeses starts the pair."""
    row = _locked(scope, pair)
    side = permissions.side(scope, row)
    if side is None:
        raise PermissionDenied(_("Only the mentor and the trainee answer a proposal."))
    if row.status != Pair.Status.PROPOSED:
        raise ValidationError(_("Only a proposed pair can be accepted."))
    field = f"{side}_accepted_at"
    if getattr(row, field) is None:  # a second click changes nothing
        setattr(row, field, timezone.now())
        _save(row, actor)
    _activate_if_ready(row, actor)
    return row


def _close(row: Pair, actor, status: str, reason: str) -> None:
    row.status = status
    row.closed_at = timezone.now()
    row.closed_by = actor
    row.reason = reason
    _save(row, actor)


@transaction.atomic
def pair_decline(*, scope: Scope, actor, pair: Pair, reason: str = "") -> Pair:
    row = _locked(scope, pair)
    if permissions.side(scope, row) is None:
        raise PermissionDenied(_("Only the mentor and the trainee answer a proposal."))
    if row.status != Pair.Status.PROPOSED:
        raise ValidationError(_("Only a proposed pair can be declined."))
    _close(row, actor, Pair.Status.DECLINED, _multiline(reason or ""))
    notify(
        recipients=[
            *_users(row.mentor, row.trainee),
            *([row.proposed_by_id] if row.proposed_by_id else []),
        ],
        kind="mentoring_ended",
        title=gettext_lazy("A mentoring proposal was declined: %(mentor)s and %(trainee)s"),
        body=row.reason,
        link=row.get_absolute_url(),
        municipality_id=row.municipality_id,
        context={"mentor": str(row.mentor), "trainee": str(row.trainee)},
    )
    return row


@transaction.atomic
def pair_approve(*, scope: Scope, actor, pair: Pair) -> Pair:
    """The coordinator of the trainee's district (or the directorate) approves; the pair starts
    once both trainers have accepted too."""
    row = _locked(scope, pair)
    if not permissions.manages_trainee(scope, row.trainee):
        raise PermissionDenied(
            _("The coordinator of the trainee's district or the directorate approves a pair.")
        )
    if row.status != Pair.Status.PROPOSED:
        raise ValidationError(_("Only a proposed pair can be approved."))
    if row.approved_at is None:
        row.approved_at = timezone.now()
        row.approved_by = actor
        _save(row, actor)
    _activate_if_ready(row, actor)
    return row


@transaction.atomic
def pair_end(*, scope: Scope, actor, pair: Pair, reason: str, completed: bool = False) -> Pair:
    """The coordinator (or the directorate) ends a pair with a reason: completed (an active pair
    whose mentoring is done; its log counts toward the ladder) or ended early (a proposal
    withdrawn, or a pair stopped)."""
    row = _locked(scope, pair)
    if not permissions.manages_trainee(scope, row.trainee):
        raise PermissionDenied(
            _("The coordinator of the trainee's district or the directorate ends a pair.")
        )
    if not row.is_open:
        raise ValidationError(_("This pair has already ended."))
    reason = _multiline(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the pair ends.")})
    if completed and row.status != Pair.Status.ACTIVE:
        raise ValidationError(_("Only an active pair can be completed."))
    _close(row, actor, Pair.Status.COMPLETED if completed else Pair.Status.ENDED, reason)
    notify(
        recipients=_users(row.mentor, row.trainee),
        kind="mentoring_ended",
        title=gettext_lazy("Your mentoring pair has ended: %(mentor)s and %(trainee)s"),
        body=reason,
        link=row.get_absolute_url(),
        municipality_id=row.municipality_id,
        context={"mentor": str(row.mentor), "trainee": str(row.trainee)},
    )
    return row


@transaction.atomic
def entry_add(
    *, scope: Scope, actor, pair: Pair, kind: str, date: dt.date | None, notes: str, session_id=None
) -> LogEntry:
    """An entry of an active pair's log, by the mentor or the trainee. A co-taught session names
    a session both of them taught; its date is the session's."""
    row = scoped(Pair.objects.all(), scope).filter(pk=pair.pk).first()
    if row is None:
        raise PermissionDenied(OUTSIDE)
    if permissions.side(scope, row) is None:
        raise PermissionDenied(_("Only the mentor and the trainee write the mentoring log."))
    if row.status != Pair.Status.ACTIVE:
        raise ValidationError(_("The log is written while the pair is active."))
    if kind not in LogEntry.Kind.values:
        raise ValidationError(
            {"kind": _("Choose a meeting, a co-taught session or an observation.")}
        )
    session = None
    if kind == LogEntry.Kind.CO_TAUGHT:
        session = (
            scoped(Session.objects.all(), scope).filter(pk=_id(session_id)).first()
            if _id(session_id)
            else None
        )
        if session is None:
            raise ValidationError({"session": _("Choose the session you taught together.")})
        teachers = set(session.trainers.values_list("pk", flat=True))
        missing = [t for t in (row.mentor, row.trainee) if t.pk not in teachers]
        if missing:
            raise ValidationError(
                {
                    "session": _(
                        "Choose a session you both taught: %(names)s did not teach this one."
                    )
                    % {"names": "، ".join(str(t) for t in missing)}
                }
            )
        date = timezone.localtime(session.starts_at).date()
    if date is None:
        raise ValidationError({"date": _("Enter the date.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The log records what happened: not a future date.")})
    notes = _multiline(notes or "")
    if not notes:
        raise ValidationError({"notes": _("Write what you did.")})
    entry = LogEntry(
        municipality_id=row.municipality_id,
        pair=row,
        kind=kind,
        date=date,
        session=session,
        notes=notes,
        author=actor,
    )
    _save(entry, actor)
    return entry


@transaction.atomic
def capacity_set(
    *, scope: Scope, actor, domain_id, capacity, expected_updated_at: dt.datetime | None
) -> MentorCapacity:
    """A mentor says how many trainees of a domain they take at once."""
    if not permissions.is_trainer(scope):
        raise PermissionDenied(_("A mentor sets their own capacity."))
    me = scoped(Trainer.objects.all(), scope).filter(user_id=scope.user_id).first()
    if me is None:
        raise PermissionDenied(_("Your account is not linked to a trainer record."))
    if _id(domain_id) is None or _mentor_rank(me, domain_id) < MENTOR_MIN_RANK:
        raise ValidationError(
            {"domain": _("You mentor only in a domain where you are a senior or master trainer.")}
        )
    if _id(capacity) is None or not 0 <= capacity <= 20:
        raise ValidationError({"capacity": _("A mentor takes from 0 to 20 trainees at once.")})
    row = MentorCapacity.objects.select_for_update().filter(trainer=me, domain_id=domain_id).first()
    if row is None:
        row = MentorCapacity(municipality_id=me.municipality_id, trainer=me, domain_id=domain_id)
    else:
        check_version(row, expected_updated_at)
    row.capacity = capacity
    _save(row, actor)
    return row


@transaction.atomic
def requirement_set(
    *, scope: Scope, actor, level_id, min_entries, expected_updated_at: dt.datetime | None
) -> LevelRequirement | None:
    """The directorate marks a rung of a ladder as requiring mentoring (``min_entries`` log
    entries of a pair as trainee), or (None or 0) as not requiring it."""
    if not permissions.can_manage_requirements(scope):
        raise PermissionDenied(_("The directorate sets what the ladder requires."))
    level = (
        scoped(CompetencyLevel.objects.all(), scope).filter(pk=_id(level_id)).first()
        if _id(level_id)
        else None
    )
    if level is None:
        raise ValidationError({"level": _("Choose a level of this municipality's ladders.")})
    row = LevelRequirement.objects.select_for_update().filter(level=level).first()
    if row is not None:
        check_version(row, expected_updated_at)
    if not min_entries:
        if row is not None:
            row._history_user = actor
            row.delete()
        return None
    if _id(min_entries) is None or not 1 <= min_entries <= 100:
        raise ValidationError({"min_entries": _("The log entries needed are from 1 to 100.")})
    if row is None:
        row = LevelRequirement(municipality_id=level.municipality_id, level=level)
    row.min_entries = min_entries
    _save(row, actor)
    return row
