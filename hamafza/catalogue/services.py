"""Writes of the program catalogue. Pages, the API and the import call these same functions.

Every function is keyword-only and atomic, checks the verb (permissions) and the rows (scope),
validates with ``full_clean()`` and records who made the change (simple-history). Published
versions are frozen: lessons and materials are changed only in a draft version.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.catalogue.files import check_material_file
from hamafza.catalogue.models import Domain, Lesson, Material, Program, ProgramVersion, Question
from hamafza.catalogue.permissions import (
    can_add_programs,
    can_manage_domain,
    can_manage_program,
)
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed, to_latin_digits
from hamafza.core.scoping import MUNICIPALITY_WIDE, Scope, in_scope, scoped
from hamafza.org.models import Agency

PROGRAM_FIELDS = {
    "domain",
    "domain_id",
    "code",
    "title",
    "summary",
    "objectives",
    "audience",
    "gender",
    "session_count",
    "session_minutes",
    "status",
}
LESSON_FIELDS = {"order", "title", "objectives", "plan", "minutes"}
QUESTION_FIELDS = {"text", "choices", "correct_index", "explanation", "is_active"}
_TEXT_FIELDS = {"code", "title", "summary", "objectives", "plan", "text", "explanation", "notes"}


def _clean_text(data: dict) -> dict:
    cleaned = {}
    for key, value in data.items():
        if key in _TEXT_FIELDS and isinstance(value, str):
            value = _normalize_multiline(value)
            if key == "code":
                value = to_latin_digits(value).strip()
        cleaned[key] = value
    return cleaned


def _normalize_multiline(text: str) -> str:
    """Normalise Persian text line by line, keeping the line breaks of a lesson plan."""
    return "\n".join(clean_typed(line) for line in text.replace("\r\n", "\n").split("\n")).strip()


def _refuse_unknown(data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )


def _check_in_scope(obj, scope: Scope) -> None:
    if obj.municipality_id != scope.municipality_id or not in_scope(obj, scope):
        raise PermissionDenied(_("This record is outside your area."))


def _require_manage(scope: Scope, program: Program) -> None:
    _check_in_scope(program, scope)
    if not can_manage_program(scope, program):
        raise PermissionDenied(_("You do not have permission to change this program."))


def _check_domain(scope: Scope, domain_id: int | None) -> None:
    domain = scoped(Domain.objects.filter(pk=domain_id), scope).first() if domain_id else None
    if domain_id and domain is None:
        raise ValidationError({"domain": _("Choose a domain of this municipality.")})
    if domain is not None and not can_manage_domain(scope, domain):
        raise ValidationError(
            {"domain": _("You can only add programs to the domains of your agency.")}
        )


def _save(obj, actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


# ---- programs ---------------------------------------------------------------------------------


@transaction.atomic
def program_create(*, scope: Scope, actor, data: dict) -> Program:
    """Create a program with an empty draft version 1 to write its lessons in."""
    _refuse_unknown(data, PROGRAM_FIELDS)
    data = _clean_text(data)
    program = Program(municipality_id=scope.municipality_id)
    for field, value in data.items():
        setattr(program, field, value)
    if not can_add_programs(scope):
        raise PermissionDenied(_("You do not have permission to add programs."))
    _check_domain(scope, program.domain_id)
    program.status = Program.Status.DRAFT  # active once a version is published
    _save(program, actor)
    version = ProgramVersion(
        municipality_id=program.municipality_id, program=program, number=1, created_by=actor
    )
    _save(version, actor)
    return program


@transaction.atomic
def program_update(
    *,
    scope: Scope,
    actor,
    program: Program,
    data: dict,
    expected_updated_at: dt.datetime | None = None,
) -> Program:
    _refuse_unknown(data, PROGRAM_FIELDS)
    _require_manage(scope, program)
    obj = Program.objects.select_for_update().get(pk=program.pk)
    check_version(obj, expected_updated_at)
    for field, value in _clean_text(data).items():
        setattr(obj, field, value)
    if obj.domain_id != program.domain_id:
        _check_domain(scope, obj.domain_id)
    _save(obj, actor)
    return obj


# ---- versions ---------------------------------------------------------------------------------


@transaction.atomic
def version_new(*, scope: Scope, actor, program: Program, notes: str = "") -> ProgramVersion:
    """Start a draft that copies the current version's lessons and materials."""
    _require_manage(scope, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.versions.filter(status=ProgramVersion.Status.DRAFT).exists():
        raise ValidationError(_("This program already has a draft version. Finish that one first."))
    source = program.current_version
    number = (program.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ProgramVersion(
        municipality_id=program.municipality_id,
        program=program,
        number=number,
        notes=_normalize_multiline(notes),
        created_by=actor,
    )
    _save(draft, actor)
    if source is not None:
        _copy_contents(source, draft, actor)
    return draft


def _copy_contents(source: ProgramVersion, draft: ProgramVersion, actor) -> None:
    new_lessons = {}
    for lesson in source.lessons.order_by("order"):
        copy = Lesson(
            municipality_id=draft.municipality_id,
            version=draft,
            order=lesson.order,
            title=lesson.title,
            objectives=lesson.objectives,
            plan=lesson.plan,
            minutes=lesson.minutes,
        )
        _save(copy, actor)
        new_lessons[lesson.pk] = copy
    for material in source.materials.all():
        copy = Material(
            municipality_id=draft.municipality_id,
            version=draft,
            lesson=new_lessons.get(material.lesson_id),
            title=material.title,
            kind=material.kind,
            url=material.url,
            file=material.file.name,  # the stored file is shared, never rewritten
            content_type=material.content_type,
            size=material.size,
        )
        _save(copy, actor)


@transaction.atomic
def version_update(
    *,
    scope: Scope,
    actor,
    version: ProgramVersion,
    notes: str,
    expected_updated_at: dt.datetime | None,
) -> ProgramVersion:
    _require_manage(scope, version.program)
    obj = _locked_draft(version)
    check_version(obj, expected_updated_at)
    obj.notes = _normalize_multiline(notes)
    _save(obj, actor)
    return obj


@transaction.atomic
def version_publish(*, scope: Scope, actor, version: ProgramVersion) -> ProgramVersion:
    """Freeze a draft and make it the program's current version."""
    _require_manage(scope, version.program)
    program = Program.objects.select_for_update().get(pk=version.program_id)
    obj = _locked_draft(version)
    lesson_count = obj.lessons.count()
    if lesson_count == 0:
        raise ValidationError(_("Add the lessons of this version before publishing it."))
    if lesson_count != program.session_count:
        raise ValidationError(
            _(
                "The program has %(sessions)s sessions but this version has %(lessons)s lessons. "
                "Give every session its lesson (or change the number of sessions) first."
            )
            % {"sessions": program.session_count, "lessons": lesson_count}
        )
    obj.status = ProgramVersion.Status.PUBLISHED
    obj.published_at = timezone.now()
    obj.published_by = actor
    _save(obj, actor)
    program.current_version = obj
    if program.status == Program.Status.DRAFT:
        program.status = Program.Status.ACTIVE
    _save(program, actor)
    return obj


def _locked_draft(version: ProgramVersion) -> ProgramVersion:
    obj = ProgramVersion.objects.select_for_update().get(pk=version.pk)
    if not obj.is_draft:
        raise ValidationError(
            _("A published version cannot be changed. Start a new version to change it.")
        )
    return obj


# ---- lessons ----------------------------------------------------------------------------------


@transaction.atomic
def lesson_save(
    *,
    scope: Scope,
    actor,
    version: ProgramVersion,
    data: dict,
    instance: Lesson | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Lesson:
    """Add (instance=None) or change a lesson of a draft version."""
    _refuse_unknown(data, LESSON_FIELDS)
    _require_manage(scope, version.program)
    draft = _locked_draft(version)
    data = _clean_text(data)
    if instance is None:
        lesson = Lesson(municipality_id=draft.municipality_id, version=draft)
        if not data.get("order"):
            data["order"] = (draft.lessons.aggregate(n=Max("order"))["n"] or 0) + 1
        data.setdefault("minutes", draft.program.session_minutes)
    else:
        if instance.version_id != draft.pk:
            raise PermissionDenied(_("This lesson is not part of this version."))
        lesson = Lesson.objects.select_for_update().get(pk=instance.pk)
        check_version(lesson, expected_updated_at)
    for field, value in data.items():
        setattr(lesson, field, value)
    _save(lesson, actor)
    return lesson


@transaction.atomic
def lesson_delete(*, scope: Scope, actor, lesson: Lesson) -> None:
    """Remove a lesson of a draft; the lessons after it move up one place."""
    _require_manage(scope, lesson.version.program)
    draft = _locked_draft(lesson.version)
    order = lesson.order
    obj = Lesson.objects.get(pk=lesson.pk, version=draft)
    obj._history_user = actor
    obj.delete()
    for later in draft.lessons.filter(order__gt=order).order_by("order"):
        later.order -= 1
        later._history_user = actor
        later.save(update_fields=["order", "updated_at"])


# ---- materials --------------------------------------------------------------------------------


@transaction.atomic
def material_add(
    *,
    scope: Scope,
    actor,
    version: ProgramVersion,
    title: str,
    kind: str,
    url: str = "",
    upload: UploadedFile | None = None,
    lesson: Lesson | None = None,
) -> Material:
    """Attach a file (checked by its content: PDF, image or office document, ≤ 20 MB) or a link
    to a draft version, or to one lesson of it."""
    _require_manage(scope, version.program)
    draft = _locked_draft(version)
    material = Material(
        municipality_id=draft.municipality_id,
        version=draft,
        lesson=lesson,
        title=clean_typed(title),
        kind=kind,
    )
    if kind == Material.Kind.FILE:
        if upload is None:
            raise ValidationError({"file": _("Choose a file to upload.")})
        try:
            content_type, name = check_material_file(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        material.content_type = content_type
        material.size = upload.size
        material.file.save(name, upload, save=False)
    elif kind == Material.Kind.LINK:
        material.url = (url or "").strip()
        if not material.url:
            raise ValidationError({"url": _("Enter the address of the link.")})
    else:
        raise ValidationError({"kind": _("Choose a file or a link.")})
    try:
        _save(material, actor)
    except ValidationError:
        if material.file:
            material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def material_delete(*, scope: Scope, actor, material: Material) -> None:
    """Remove a material from a draft. The stored file stays: earlier versions may share it."""
    _require_manage(scope, material.version.program)
    _locked_draft(material.version)
    material._history_user = actor
    material.delete()


# ---- questions --------------------------------------------------------------------------------


@transaction.atomic
def question_save(
    *,
    scope: Scope,
    actor,
    program: Program,
    data: dict,
    instance: Question | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Question:
    """Add (instance=None) or change a question of a program's bank."""
    _refuse_unknown(data, QUESTION_FIELDS)
    _require_manage(scope, program)
    data = _clean_text(data)
    if "choices" in data and isinstance(data["choices"], list):
        data["choices"] = [clean_typed(c) if isinstance(c, str) else c for c in data["choices"]]
    if instance is None:
        question = Question(municipality_id=program.municipality_id, program=program)
    else:
        if instance.program_id != program.pk:
            raise PermissionDenied(_("This question is not part of this program."))
        question = Question.objects.select_for_update().get(pk=instance.pk)
        check_version(question, expected_updated_at)
    for field, value in data.items():
        setattr(question, field, value)
    _save(question, actor)
    return question


@transaction.atomic
def domain_save(
    *,
    scope: Scope,
    actor,
    data: dict,
    instance: Domain | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Domain:
    """The directorate adds or renames a teaching domain and sets its owning agency; a change
    names the version it was made on (core.concurrency)."""
    if scope.role not in MUNICIPALITY_WIDE:
        raise PermissionDenied(_("Only the directorate manages the teaching domains."))
    if instance is not None and not in_scope(instance, scope):
        raise PermissionDenied(_("This record is outside your area."))
    owner_id = data.get("owner_agency_id")
    if owner_id and not scoped(Agency.objects.filter(pk=owner_id), scope).exists():
        raise ValidationError({"owner_agency": _("Choose an agency of your municipality.")})
    if instance is not None:
        instance = Domain.objects.select_for_update().get(pk=instance.pk)
        check_version(instance, expected_updated_at)
    domain = instance or Domain(municipality_id=scope.municipality_id)
    for name, value in data.items():
        setattr(domain, name, clean_typed(value) if name == "name" else value)
    domain.full_clean()
    domain._history_user = actor
    domain.save()
    return domain
