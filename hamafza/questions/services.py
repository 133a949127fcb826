"""Writes of questions and answers. Pages and the API call these same functions.

Every function is keyword-only and atomic, checks the verb (permissions) and the row (the gate and
the visibility rule of ``selectors``), validates with ``full_clean()`` and records who made the
change (simple-history). An edit names the version it was made on (``core.concurrency``).

A question is in the one search (kind "question") while it is not hidden, with its visible
answers' text, so an answer is found too; the index row is written in the same transaction.
"""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.catalogue.models import Domain, Lesson, Program
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed, dedupe_key
from hamafza.core.scoping import STAFF, Scope, scoped
from hamafza.notifications.services import notify
from hamafza.questions import permissions, selectors
from hamafza.questions.models import MAX_TAG_LENGTH, MAX_TAGS, Answer, Question, Report, Vote
from hamafza.search import services as search
from hamafza.trainers.models import Trainer

KIND = "question"
QUESTION_FIELDS = {"domain_id", "program_id", "lesson_id", "title", "body", "tags"}
TAG_SEPARATORS = re.compile(r"[,،;؛\n#]+")
# @username: letters, digits and . _ + - (Django's usernames without "@"); not inside an e-mail
MENTION = re.compile(r"(?<![\w@])@([\w.+\-]+)")
MAX_MENTIONS = 10


def _multiline(text: str) -> str:
    return clean_typed((text or "").replace("\r\n", "\n")).strip()


def parse_tags(value) -> list[str]:
    """Tags as typed (a list, or text separated by commas, "،" or new lines), each once however
    it is spelt, in the order given."""
    items = value if isinstance(value, list | tuple) else TAG_SEPARATORS.split(str(value or ""))
    tags, keys = [], set()
    for item in items:
        tag = clean_typed(str(item)).strip("#").strip()
        key = dedupe_key(tag)
        if tag and key not in keys:
            keys.add(key)
            tags.append(tag)
    return tags


def _clean(data: dict) -> dict:
    unknown = set(data) - QUESTION_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    out = dict(data)
    if "title" in out:
        out["title"] = clean_typed(out["title"] or "")
    if "body" in out:
        out["body"] = _multiline(out["body"])
    if "tags" in out:
        out["tags"] = parse_tags(out["tags"])
    errors = {}
    if "title" in out and not out["title"]:
        errors["title"] = _("Write a short title for your question.")
    if "body" in out and not out["body"]:
        errors["body"] = _("Write your question.")
    if "tags" in out and len(out["tags"]) > MAX_TAGS:
        errors["tags"] = _("At most %(n)s tags.") % {"n": MAX_TAGS}
    elif "tags" in out and any(len(t) > MAX_TAG_LENGTH for t in out["tags"]):
        errors["tags"] = _("A tag is at most %(n)s letters.") % {"n": MAX_TAG_LENGTH}
    if errors:
        raise ValidationError(errors)
    return out


def _exists(model, pk, scope: Scope) -> bool:
    return scoped(model.objects.filter(pk=pk), scope).exists()


def _check_relations(scope: Scope, question: Question) -> None:
    """The domain, program and lesson must be the municipality's (read through the gate); the
    program must be of the domain and the lesson of the program (``Question.clean``)."""
    errors = {}
    if not question.domain_id or not _exists(Domain, question.domain_id, scope):
        errors["domain"] = _("Choose a domain of this municipality.")
    if question.program_id and not _exists(Program, question.program_id, scope):
        errors["program"] = _("Choose a program of this municipality.")
    if question.lesson_id and not _exists(Lesson, question.lesson_id, scope):
        errors["lesson"] = _("Choose a lesson of this municipality.")
    if errors:
        raise ValidationError(errors)
    if question.lesson_id and not question.program_id:
        lesson = scoped(Lesson.objects.filter(pk=question.lesson_id), scope).first()
        question.program_id = lesson.version.program_id


def _save(obj, actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _locked_question(scope: Scope, question: Question) -> Question:
    """The question, locked, if the scope may see it (else 404-like refusal)."""
    row = (
        selectors.visible(scope)
        .select_for_update(of=("self",))
        .filter(pk=question.pk)
        .select_related("domain")
        .first()
    )
    if row is None:
        raise PermissionDenied(_("This record is outside your area."))
    return row


def _locked_answer(scope: Scope, answer: Answer) -> Answer:
    found = selectors.answer_get(scope=scope, pk=answer.pk)
    if found is None:
        raise PermissionDenied(_("This record is outside your area."))
    return (
        Answer.objects.select_for_update(of=("self",))
        .select_related("question", "question__domain")
        .get(pk=found.pk)
    )


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def reindex(question: Question) -> None:
    """Put the question in the one search with its visible answers, or drop it if hidden."""
    if question.is_hidden:
        search.drop(kind=KIND, object_id=question.pk)
        return
    answers = list(
        question.answers.filter(is_hidden=False)
        .order_by("created_at", "pk")
        .values_list("body", flat=True)
    )
    trainer = (
        Trainer.objects.filter(municipality_id=question.municipality_id, user_id=question.author_id)
        .only("home_district_id", "first_name", "last_name")
        .first()
    )
    body = "\n\n".join([question.body, " ".join(question.tags or []), *answers]).strip()
    search.put(
        kind=KIND,
        object_id=question.pk,
        municipality_id=question.municipality_id,
        title=question.title,
        body=body,
        published_at=question.created_at,
        domain_id=question.domain_id,
        program_id=question.program_id,
        lesson_id=question.lesson_id,
        district_id=trainer.home_district_id if trainer else None,
        author_name=str(trainer) if trainer else _name(question.author),
        used=question.votes.count(),
    )


def reindex_questions() -> int:
    """Every question of every municipality put in the index again, hidden ones dropped
    (rebuild_search)."""
    rows = Question.objects.all()
    for question in rows:
        reindex(question)
    return rows.count()


def mentioned_users(text: str, *, municipality_id: int, exclude=()) -> list[int]:
    """The users named as @username in ``text`` who have a staff role in the municipality (a
    name of another municipality, or a volunteer's, names nobody here)."""
    names = []
    for found in MENTION.findall(text or ""):
        name = found.rstrip(".-")
        if name and name not in names:
            names.append(name)
    if not names:
        return []
    ids = (
        get_user_model()
        .objects.filter(
            username__in=names[:MAX_MENTIONS],
            is_active=True,
            memberships__municipality_id=municipality_id,
            memberships__is_active=True,
            memberships__role__in=STAFF,
        )
        .exclude(pk__in=list(exclude))
        .values_list("pk", flat=True)
        .distinct()
    )
    return list(ids)


def _notify_mentions(*, item, question: Question, actor, told=()) -> None:
    """Tell whoever ``item`` names, but its writer and those ``told`` of it otherwise. A hidden
    question or answer tells nobody: the people named could not open it, and the notification
    would carry its text to them."""
    if question.is_hidden or item.is_hidden:
        return
    recipients = mentioned_users(
        item.body, municipality_id=question.municipality_id, exclude={actor.pk, *told}
    )
    if not recipients:
        return
    what = "answer" if isinstance(item, Answer) else "question"
    notify(
        recipients=recipients,
        kind="question_mentioned",
        title=gettext_lazy("%(name)s mentioned you: %(title)s"),
        body=item.body[:300],
        link=item.get_absolute_url(),
        municipality_id=question.municipality_id,
        context={"name": _name(actor), "title": question.title},
        key=f"question-mention-{what}-{item.pk}",  # an edit tells only the newly named
    )


@transaction.atomic
def question_create(*, scope: Scope, actor, data: dict) -> Question:
    if not permissions.can_ask(scope):
        raise PermissionDenied(_("You do not have permission to ask questions here."))
    question = Question(municipality_id=scope.municipality_id, author=actor)
    for field, value in _clean(data).items():
        setattr(question, field, value)
    _check_relations(scope, question)
    _save(question, actor)
    reindex(question)
    _notify_mentions(item=question, question=question, actor=actor)
    return question


@transaction.atomic
def question_update(
    *, scope: Scope, actor, question: Question, data: dict, expected_updated_at: dt.datetime | None
) -> Question:
    row = _locked_question(scope, question)
    check_version(row, expected_updated_at)
    if not permissions.can_edit(scope, row):
        raise PermissionDenied(_("Only its author changes a question."))
    for field, value in _clean(data).items():
        setattr(row, field, value)
    _check_relations(scope, row)
    _save(row, actor)
    reindex(row)
    _notify_mentions(item=row, question=row, actor=actor)
    return row


@transaction.atomic
def answer_create(*, scope: Scope, actor, question: Question, body: str) -> Answer:
    row = _locked_question(scope, question)
    if not permissions.can_view(scope):
        raise PermissionDenied(_("You do not have permission to answer questions here."))
    if row.is_hidden:
        raise ValidationError(
            _("A curator hid this question, so it cannot be answered: %(reason)s")
            % {"reason": row.hidden_reason}
        )
    body = _multiline(body)
    if not body:
        raise ValidationError({"body": _("Write your answer.")})
    answer = Answer(municipality_id=row.municipality_id, question=row, author=actor, body=body)
    _save(answer, actor)
    reindex(row)
    told = [row.author_id] if row.author_id != actor.pk else []
    if told:
        notify(
            recipients=told,
            kind="question_answered",
            title=gettext_lazy("%(name)s answered your question: %(title)s"),
            body=body[:300],
            link=answer.get_absolute_url(),
            municipality_id=row.municipality_id,
            context={"name": _name(actor), "title": row.title},
        )
    _notify_mentions(item=answer, question=row, actor=actor, told=told)
    return answer


@transaction.atomic
def answer_update(
    *, scope: Scope, actor, answer: Answer, body: str, expected_updated_at: dt.datetime | None
) -> Answer:
    row = _locked_answer(scope, answer)
    check_version(row, expected_updated_at)
    if not permissions.can_edit(scope, row):
        raise PermissionDenied(_("Only its author changes an answer."))
    body = _multiline(body)
    if not body:
        raise ValidationError({"body": _("Write your answer.")})
    row.body = body
    _save(row, actor)
    reindex(row.question)
    _notify_mentions(item=row, question=row.question, actor=actor)
    return row


def _toggle(scope: Scope, actor, target: dict, item) -> bool:
    if item.is_hidden:
        raise ValidationError(_("This was hidden by a curator; it cannot be voted for."))
    if not permissions.can_vote(scope, item):
        raise PermissionDenied(_("You cannot vote for your own question or answer."))
    mine = Vote.objects.select_for_update().filter(user_id=actor.pk, **target).first()
    if mine is not None:
        mine.delete()
        return False
    try:
        with transaction.atomic():
            Vote.objects.create(municipality_id=item.municipality_id, user=actor, **target)
    except IntegrityError:  # voted at the same moment from another tab: one vote stands
        pass
    return True


@transaction.atomic
def question_vote(*, scope: Scope, actor, question: Question) -> bool:
    """Vote up, or take one's vote back; True if the person's vote now stands."""
    row = _locked_question(scope, question)
    voted = _toggle(scope, actor, {"question": row}, row)
    search.set_used(kind=KIND, object_id=row.pk, used=row.votes.count())
    return voted


@transaction.atomic
def answer_vote(*, scope: Scope, actor, answer: Answer) -> bool:
    row = _locked_answer(scope, answer)
    if row.question.is_hidden:
        raise ValidationError(_("This was hidden by a curator; it cannot be voted for."))
    return _toggle(scope, actor, {"answer": row}, row)


@transaction.atomic
def answer_accept(*, scope: Scope, actor, answer: Answer) -> Answer:
    """The asker (or a curator of the domain) accepts the answer; an answer accepted before is
    no longer. The answer's author is told."""
    row = _locked_answer(scope, answer)
    question = _locked_question(scope, row.question)
    if not permissions.can_accept(scope, question):
        raise PermissionDenied(
            _("Only the person who asked, or a curator of the domain, accepts an answer.")
        )
    if question.is_hidden or row.is_hidden:
        raise ValidationError(_("A hidden question or answer cannot be accepted."))
    if row.is_accepted:
        return row
    for before in question.answers.select_for_update().filter(is_accepted=True):
        before.is_accepted = False
        before.accepted_at = None
        before.accepted_by = None
        _save(before, actor)
    row.is_accepted = True
    row.accepted_at = timezone.now()
    row.accepted_by = actor
    _save(row, actor)
    if row.author_id != actor.pk:
        notify(
            recipients=[row.author_id],
            kind="answer_accepted",
            title=gettext_lazy("Your answer was accepted: %(title)s"),
            link=row.get_absolute_url(),
            municipality_id=row.municipality_id,
            context={"title": question.title},
        )
    return row


def _report(scope: Scope, actor, target: dict, item, reason: str) -> Report:
    reason = _multiline(reason)
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with it.")})
    if item.is_hidden:
        raise ValidationError(_("This is already hidden by a curator."))
    if Report.objects.filter(reporter_id=actor.pk, is_open=True, **target).exists():
        raise ValidationError(_("You have already reported this; a curator will look at it."))
    report = Report(
        municipality_id=item.municipality_id, reporter=actor, reason=reason[:2000], **target
    )
    _save(report, actor)
    return report


@transaction.atomic
def question_report(*, scope: Scope, actor, question: Question, reason: str) -> Report:
    row = _locked_question(scope, question)
    return _report(scope, actor, {"question": row}, row, reason)


@transaction.atomic
def answer_report(*, scope: Scope, actor, answer: Answer, reason: str) -> Report:
    row = _locked_answer(scope, answer)
    return _report(scope, actor, {"answer": row}, row, reason)


def _require_curator(scope: Scope, question: Question) -> None:
    if not permissions.can_curate(scope, question):
        raise PermissionDenied(_("You moderate the questions of the domains you curate only."))


def _close_reports(actor, target: dict) -> int:
    return Report.objects.filter(is_open=True, **target).update(
        is_open=False, closed_at=timezone.now(), closed_by=actor
    )


def _hide(actor, item, reason: str) -> None:
    reason = _multiline(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why it is hidden; its author will see it.")})
    if item.is_hidden:
        raise ValidationError(_("It is already hidden."))
    item.is_hidden = True
    item.hidden_reason = reason[:2000]
    item.hidden_at = timezone.now()
    item.hidden_by = actor
    _save(item, actor)


def _unhide(actor, item) -> None:
    if not item.is_hidden:
        raise ValidationError(_("It is not hidden."))
    item.is_hidden = False
    item.hidden_reason = ""
    item.hidden_at = None
    item.hidden_by = None
    _save(item, actor)


@transaction.atomic
def question_hide(*, scope: Scope, actor, question: Question, reason: str) -> Question:
    row = _locked_question(scope, question)
    _require_curator(scope, row)
    _hide(actor, row, reason)
    _close_reports(actor, {"question": row})
    reindex(row)
    return row


@transaction.atomic
def question_unhide(*, scope: Scope, actor, question: Question) -> Question:
    row = _locked_question(scope, question)
    _require_curator(scope, row)
    _unhide(actor, row)
    reindex(row)
    return row


@transaction.atomic
def answer_hide(*, scope: Scope, actor, answer: Answer, reason: str) -> Answer:
    row = _locked_answer(scope, answer)
    _require_curator(scope, row.question)
    _hide(actor, row, reason)
    if row.is_accepted:  # a hidden answer is no one's accepted answer
        row.is_accepted, row.accepted_at, row.accepted_by = False, None, None
        _save(row, actor)
    _close_reports(actor, {"answer": row})
    reindex(row.question)
    return row


@transaction.atomic
def answer_unhide(*, scope: Scope, actor, answer: Answer) -> Answer:
    row = _locked_answer(scope, answer)
    _require_curator(scope, row.question)
    _unhide(actor, row)
    reindex(row.question)
    return row


@transaction.atomic
def report_dismiss(*, scope: Scope, actor, report: Report) -> int:
    """The curator finds nothing wrong: every open report of the same item is closed."""
    row = selectors.report_get(scope=scope, pk=report.pk)
    if row is None:
        raise PermissionDenied(_("This record is outside your area."))
    _require_curator(scope, row.thread)
    target = {"answer_id": row.answer_id} if row.answer_id else {"question_id": row.question_id}
    return _close_reports(actor, target)
