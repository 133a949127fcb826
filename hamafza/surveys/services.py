"""Writes of surveys: building the form, the signed links participants answer through, and the
answers themselves (all of them or nothing, in one transaction). Pages and the API call these."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hamafza.camps.models import Camp
from hamafza.core import links
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed, localize_digits, to_latin_digits
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.sessions.models import Registration, Session
from hamafza.surveys.models import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    Answer,
    Question,
    Response,
    Section,
    Survey,
)
from hamafza.surveys.permissions import can_build_surveys, can_change_survey

DOOR_SALT = "hamafza.survey.door"
ANSWER_SALT = "hamafza.survey.answer"
DOOR_MAX_AGE = 30 * 24 * 3600  # the link or QR shown at a session works for a month
ANSWER_MAX_AGE = 3 * 24 * 3600  # a personal link must be used within three days
MAX_QUESTIONS = 60
MAX_CHOICES = 12


def _check_change(scope: Scope, survey: Survey) -> None:
    if not can_change_survey(scope, survey):
        raise PermissionDenied(_("You may not change this survey."))


def _check_unanswered(survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(
            _("This survey already has answers; its questions can no longer be changed.")
        )


# --- the form ---------------------------------------------------------------------------------


@transaction.atomic
def survey_save(
    *,
    scope: Scope,
    actor,
    data: dict,
    instance: Survey | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Survey:
    """Create (instance=None) or update a survey (naming the version it was made on). A
    coordinator's surveys belong to their district and may only be attached to its sessions and
    camps."""
    if not can_build_surveys(scope):
        raise PermissionDenied(_("You do not have permission to build surveys."))
    if instance is None:
        survey = Survey(municipality_id=scope.municipality_id, created_by=actor)
    else:
        _check_change(scope, instance)
        survey = Survey.objects.select_for_update().get(pk=instance.pk)
        check_version(survey, expected_updated_at)
    for name, value in data.items():
        setattr(survey, name, value)
    survey.title = clean_typed(survey.title or "")[:200]
    survey.intro = (survey.intro or "").strip()
    errors: dict = {}
    targets = [t for t in ("session", "program", "camp") if getattr(survey, f"{t}_id")]
    if len(targets) > 1:
        errors["session"] = _("Attach the survey to a session, a program or a camp.")
    if survey.session_id:
        session = scoped(Session.objects.filter(pk=survey.session_id), scope).first()
        if session is None:
            errors["session"] = _("Choose a session in your area.")
        else:
            survey.district_id = session.district_id
    elif survey.camp_id:
        camp = scoped(Camp.objects.filter(pk=survey.camp_id), scope).first()
        if camp is None:
            errors["camp"] = _("Choose a camp in your area.")
        else:
            survey.district_id = camp.district_id
    else:
        survey.district_id = None
    if scope.role == Role.DISTRICT_COORDINATOR and not (survey.session_id or survey.camp_id):
        errors["session"] = _("Attach your survey to a session or a camp of your district.")
    if survey.status == Survey.Status.OPEN and survey.pk and not survey.questions.exists():
        errors["status"] = _("Add at least one question before opening the survey.")
    if survey.status == Survey.Status.OPEN and not survey.pk:
        errors["status"] = _("Add at least one question before opening the survey.")
    if errors:
        raise ValidationError(errors)
    survey.full_clean()
    survey._history_user = actor
    survey.save()
    return survey


@transaction.atomic
def section_add(*, scope: Scope, actor, survey: Survey, title: str) -> Section:
    _check_change(scope, survey)
    title = clean_typed(title or "")[:200]
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    last = survey.sections.aggregate(m=Max("order"))["m"] or 0
    return Section.objects.create(
        municipality_id=survey.municipality_id, survey=survey, title=title, order=last + 1
    )


def _clean_choices(raw) -> list[str]:
    items = raw.splitlines() if isinstance(raw, str) else list(raw or [])
    return [clean_typed(str(c))[:200] for c in items if clean_typed(str(c))]


@transaction.atomic
def question_save(
    *, scope: Scope, actor, survey: Survey, data: dict, instance: Question | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Question:  # fmt: skip
    """Add or edit a question (an edit names the version it was made on). Questions are locked
    once the survey has answers."""
    _check_change(scope, survey)
    _check_unanswered(survey)
    if instance is None:
        if survey.questions.count() >= MAX_QUESTIONS:
            raise ValidationError(
                _("A survey has at most %(n)s questions.") % {"n": localize_digits(MAX_QUESTIONS)}
            )
        last = survey.questions.aggregate(m=Max("order"))["m"] or 0
        question = Question(municipality_id=survey.municipality_id, survey=survey, order=last + 1)
    else:
        question = Question.objects.select_for_update().get(pk=instance.pk, survey=survey)
        check_version(question, expected_updated_at)
    for name, value in data.items():
        setattr(question, name, value)
    question.text = clean_typed(question.text or "")[:500]
    question.help_text = clean_typed(question.help_text or "")[:300]
    errors: dict = {}
    if not question.text:
        errors["text"] = _("Write the question.")
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        question.choices = _clean_choices(question.choices)
        if not 2 <= len(question.choices) <= MAX_CHOICES:
            errors["choices"] = _("Give from %(min)s to %(max)s choices, one a line.") % {
                "min": localize_digits(2),
                "max": localize_digits(MAX_CHOICES),
            }
        elif len(set(question.choices)) != len(question.choices):
            errors["choices"] = _("Two choices are the same.")
    else:
        question.choices = []
    if question.section_id and not survey.sections.filter(pk=question.section_id).exists():
        errors["section"] = _("Choose a section of this survey.")
    if errors:
        raise ValidationError(errors)
    question.full_clean()
    question._history_user = actor
    question.save()
    return question


@transaction.atomic
def question_move(*, scope: Scope, actor, question: Question, up: bool) -> None:
    """Swap a question with its neighbour above (``up``) or below."""
    survey = question.survey
    _check_change(scope, survey)
    ordered = list(survey.questions.order_by("order", "pk"))
    i = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(ordered):
        return
    ordered[i], ordered[j] = ordered[j], ordered[i]
    for position, q in enumerate(ordered, start=1):
        if q.order != position:
            Question.objects.filter(pk=q.pk).update(order=position)


@transaction.atomic
def question_delete(*, scope: Scope, actor, question: Question) -> None:
    _check_change(scope, question.survey)
    _check_unanswered(question.survey)
    question.delete()


# --- links --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occasion:
    """What a response is about: a session or a camp. ``key`` is ``s<pk>`` or ``c<pk>``."""

    survey: Survey
    session: Session | None = None
    camp: Camp | None = None
    registration_id: int | None = None
    nonce: str = ""

    @property
    def key(self) -> str:
        return f"s{self.session.pk}" if self.session else f"c{self.camp.pk}"

    @property
    def district_id(self) -> int:
        return self.session.district_id if self.session else self.camp.district_id

    @property
    def minors(self) -> bool:
        """School sessions and camps are for children: nothing identifying is kept."""
        return self.camp is not None or bool(self.session and self.session.school_id)

    @property
    def label(self) -> str:
        return str(self.session or self.camp)


def occasion_key(obj) -> str:
    return f"c{obj.pk}" if isinstance(obj, Camp) else f"s{obj.pk}"


def door_token(survey: Survey, occasion) -> str:
    """The link (and QR code) shown at the end of a session or camp. Opening it hands the phone a
    personal link of its own."""
    return links.make_token({"v": survey.pk, "o": occasion_key(occasion)}, salt=DOOR_SALT)


def answer_token(survey: Survey, occasion, *, registration: Registration | None = None) -> str:
    """A personal link that answers once (its nonce is recorded with the response)."""
    data = {"v": survey.pk, "o": occasion_key(occasion), "n": secrets.token_urlsafe(12)}
    if registration is not None:
        data["r"] = registration.pk
    return links.make_token(data, salt=ANSWER_SALT, compress=True)


def _bad_link() -> ValidationError:
    return ValidationError(_("This link is not valid. Scan the code shown at the session again."))


def _load(token: str, salt: str, max_age: int) -> dict:
    try:
        data = links.read_token(token, salt=salt, max_age=max_age)
    except links.Expired:
        raise ValidationError(
            _("This link has expired. Ask the trainer for the code of the session.")
        ) from None
    except links.Invalid:
        raise _bad_link() from None
    if not isinstance(data, dict) or not isinstance(data.get("o"), str):
        raise _bad_link()
    return data


def _resolve(data: dict) -> Occasion:
    survey = Survey.objects.filter(pk=data.get("v")).first()
    key = data["o"]
    if survey is None or len(key) < 2 or key[0] not in "sc" or not key[1:].isdigit():
        raise _bad_link()
    pk = int(key[1:])
    if key[0] == "s":
        session = (
            Session.objects.select_related("lesson", "school", "venue", "version")
            .filter(pk=pk, municipality_id=survey.municipality_id)
            .first()
        )
        if session is None or session.status == Session.Status.CANCELLED:
            raise _bad_link()
        if survey.session_id and survey.session_id != session.pk:
            raise _bad_link()
        if survey.program_id and session.version.program_id != survey.program_id:
            raise _bad_link()
        occasion = Occasion(survey=survey, session=session)
    else:
        camp = Camp.objects.filter(pk=pk, municipality_id=survey.municipality_id).first()
        if camp is None or survey.camp_id != camp.pk:
            raise _bad_link()
        occasion = Occasion(survey=survey, camp=camp)
    if survey.status == Survey.Status.DRAFT:
        raise ValidationError(_("This survey is not open yet."))
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("This survey is closed; thank you for your interest."))
    return occasion


def open_door(token: str) -> tuple[Occasion, str]:
    """The occasion of a shared link and a fresh personal link for this phone."""
    occasion = _resolve(_load(token, DOOR_SALT, DOOR_MAX_AGE))
    target = occasion.session or occasion.camp
    return occasion, answer_token(occasion.survey, target)


def read_answer_link(token: str, key: str) -> Occasion:
    """The occasion of a personal link opened at the address of ``key``. Refused: forged, expired,
    for another session, or already used."""
    data = _load(token, ANSWER_SALT, ANSWER_MAX_AGE)
    nonce = data.get("n")
    if not isinstance(nonce, str) or not nonce:
        raise _bad_link()
    if data["o"] != key:
        raise ValidationError(_("This link is for another session."))
    occasion = _resolve(data)
    registration_id = data.get("r") if isinstance(data.get("r"), int) else None
    if Response.objects.filter(nonce=nonce).exists():
        raise ValidationError(_("This link has already been used to answer. Thank you!"))
    return Occasion(
        survey=occasion.survey,
        session=occasion.session,
        camp=occasion.camp,
        registration_id=registration_id,
        nonce=nonce,
    )


# --- answering ----------------------------------------------------------------------------------


def _as_int(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = to_latin_digits(str(raw)).strip()
    if not text.lstrip("-").isdigit() or len(text) > 4:
        return None
    return int(text)


def _as_list(raw) -> list:
    if raw is None or raw == "":
        return []
    return list(raw) if isinstance(raw, list | tuple) else [raw]


def clean_answers(questions: list[Question], raw: dict) -> tuple[dict, dict]:
    """Check every answer against its question. ``raw`` maps question ids to what was sent (a
    value, a list for several choices, a text). Returns (clean values, errors by question id)."""
    clean: dict[int, dict] = {}
    errors: dict[int, str] = {}
    for q in questions:
        given = raw.get(q.pk)
        empty = (
            given is None
            or given == ""
            or given == []
            or (isinstance(given, str) and not given.strip())
        )
        if empty:
            if q.required:
                errors[q.pk] = _("This question needs an answer.")
            continue
        if q.is_numeric or q.kind == Question.Kind.SINGLE:
            value = _as_int(given[0] if isinstance(given, list) and len(given) == 1 else given)
            if q.kind == Question.Kind.SINGLE:
                low, high = 0, len(q.choices) - 1
            else:
                low, high = q.value_range
            if value is None or not low <= value <= high:
                errors[q.pk] = (
                    _("Choose one of the choices.")
                    if q.kind == Question.Kind.SINGLE
                    else _("Choose a value from %(low)s to %(high)s.")
                    % {"low": localize_digits(low), "high": localize_digits(high)}
                )
                continue
            clean[q.pk] = {"value": value}
        elif q.kind == Question.Kind.MULTIPLE:
            values = [_as_int(v) for v in _as_list(given)]
            if any(v is None or not 0 <= v < len(q.choices) for v in values) or len(
                set(values)
            ) != len(values):
                errors[q.pk] = _("Choose among the choices given.")
                continue
            clean[q.pk] = {"values": sorted(values)}
        else:
            text = str(given).strip()
            limit = SHORT_TEXT_MAX if q.kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
            if len(text) > limit:
                errors[q.pk] = _("Write at most %(n)s characters.") % {"n": localize_digits(limit)}
                continue
            clean[q.pk] = {"text": text}
    return clean, errors


def response_submit(*, occasion: Occasion, answers: dict) -> Response:
    """Record one participant's answers: all of them or none. Missing required answers and values
    out of range are refused (a ValidationError keyed by question id); a link used twice too."""
    survey = occasion.survey
    questions = list(survey.questions.order_by("order", "pk"))
    clean, errors = clean_answers(questions, answers)
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    if not clean:
        raise ValidationError(_("Answer at least one question."))
    keep_identity = (
        not survey.is_anonymous and not occasion.minors and occasion.registration_id is not None
    )
    registration_id = None
    if keep_identity and occasion.session is not None:
        registration_id = (
            Registration.objects.filter(pk=occasion.registration_id, session=occasion.session)
            .values_list("pk", flat=True)
            .first()
        )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                municipality_id=survey.municipality_id,
                survey=survey,
                session=occasion.session,
                camp=occasion.camp,
                district_id=occasion.district_id,
                registration_id=registration_id,
                nonce=occasion.nonce or secrets.token_urlsafe(12),
            )
            Answer.objects.bulk_create(
                Answer(
                    municipality_id=survey.municipality_id,
                    response=response,
                    question_id=pk,
                    value=data.get("value"),
                    values=data.get("values", []),
                    text=data.get("text", ""),
                )
                for pk, data in clean.items()
            )
    except IntegrityError:
        raise ValidationError(_("This link has already been used to answer. Thank you!")) from None
    return response
