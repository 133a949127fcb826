"""Pages of the program catalogue: list with search (htmx partial), program detail, create and
edit; versions with their lessons and materials; publish and new version.

Every page first checks that the role may read the catalogue (403), then finds the row through
the scoping gate (404), then checks the verb for writes (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hamafza.catalogue import forms, selectors, services
from hamafza.catalogue.files import INLINE_TYPES
from hamafza.catalogue.models import Material, Program
from hamafza.catalogue.permissions import (
    can_add_programs,
    can_manage_program,
    can_see_answers,
    can_view_catalogue,
)
from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.scoping import MUNICIPALITY_WIDE
from hamafza.core.templatetags.hamafza import num

PAGE_SIZE = 25


def require_view(request) -> None:
    if not can_view_catalogue(request.scope):
        raise PermissionDenied


def get_program(request, pk: int) -> Program:
    require_view(request)
    program = selectors.program_get(scope=request.scope, pk=pk)
    if program is None:
        raise Http404
    return program


def require_manage(request, program: Program) -> None:
    if not can_manage_program(request.scope, program):
        raise PermissionDenied


def _version(request, program: Program, number: int):
    version = selectors.version_get(scope=request.scope, program=program, number=number)
    if version is None:
        raise Http404
    return version


def _form_page(request, form, *, title, crumbs, cancel_url, multipart=False):
    return render(
        request,
        "catalogue/form.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "multipart": multipart,
        },
        status=400 if request.method == "POST" else 200,
    )


# ---- programs ---------------------------------------------------------------------------------


@login_required
def program_list(request):
    require_view(request)
    query = request.GET.get("q", "")
    audience = request.GET.get("audience") or None
    status = request.GET.get("status") or None
    rows = selectors.program_list(
        scope=request.scope,
        query=query,
        domain_id=small_int(request.GET.get("domain")),
        audience=audience if audience in Program.Audience.values else None,
        status=status if status in Program.Status.values else None,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "domains": selectors.domain_list(scope=request.scope),
        "audiences": Program.Audience.choices,
        "statuses": Program.Status.choices,
        "can_add": can_add_programs(request.scope),
    }
    template = "catalogue/partials/table.html" if request.htmx else "catalogue/list.html"
    return render(request, template, context)


@login_required
def program_detail(request, pk):
    program = get_program(request, pk)
    scope = request.scope
    current = program.current_version
    can_manage = can_manage_program(scope, program)
    return render(
        request,
        "catalogue/program_detail.html",
        {
            "program": program,
            "current": current,
            "lessons": selectors.lessons_of(scope=scope, version=current) if current else [],
            "materials": selectors.materials_of(scope=scope, version=current) if current else [],
            "versions": selectors.version_list(scope=scope, program=program),
            "draft": selectors.draft_of(scope=scope, program=program) if can_manage else None,
            "question_count": selectors.question_list(
                scope=scope, program=program, active_only=True
            ).count(),
            "can_manage": can_manage,
            "can_see_answers": can_see_answers(scope, program),
            "panels": selectors.program_panels(scope=scope, program=program),
        },
    )


@login_required
def program_create(request):
    require_view(request)
    if not can_add_programs(request.scope):
        raise PermissionDenied
    form = forms.ProgramForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                scope=request.scope, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("The program was saved. Now write the lesson of each session.")
            )
            return redirect("catalogue:version_detail", pk=program.pk, number=1)
    return _form_page(
        request,
        form,
        title=_("Add a program"),
        crumbs=[(_("Program catalogue"), reverse("catalogue:program_list"))],
        cancel_url=reverse("catalogue:program_list"),
    )


@login_required
def program_edit(request, pk):
    program = get_program(request, pk)
    require_manage(request, program)
    form = forms.ProgramForm(request.POST or None, instance=program, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        version = parse_version(form.cleaned_data.get("version"))
        try:
            program = services.program_update(
                scope=request.scope,
                actor=request.user,
                program=program,
                data=form.service_data(),
                expected_updated_at=version,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(program.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Edit: %(program)s") % {"program": program},
        crumbs=_program_crumbs(program),
        cancel_url=program.get_absolute_url(),
    )


def _program_crumbs(program):
    return [
        (_("Program catalogue"), reverse("catalogue:program_list")),
        (program.title, program.get_absolute_url()),
    ]


def _version_crumbs(version):
    label = _("Version %(n)s") % {"n": num(version.number)}
    return [*_program_crumbs(version.program), (label, version.get_absolute_url())]


# ---- versions ---------------------------------------------------------------------------------


@login_required
def version_detail(request, pk, number):
    program = get_program(request, pk)
    version = _version(request, program, number)
    can_edit = can_manage_program(request.scope, program) and version.is_draft
    return render(
        request,
        "catalogue/version_detail.html",
        {
            "program": program,
            "version": version,
            "lessons": selectors.lessons_of(scope=request.scope, version=version),
            "materials": selectors.materials_of(scope=request.scope, version=version),
            "versions": selectors.version_list(scope=request.scope, program=program),
            "can_edit": can_edit,
            "notes_form": forms.VersionNotesForm(initial={"notes": version.notes})
            if can_edit
            else None,
        },
    )


@login_required
@require_POST
def version_new(request, pk):
    program = get_program(request, pk)
    require_manage(request, program)
    form = forms.VersionNotesForm(request.POST)
    notes = form.cleaned_data.get("notes", "") if form.is_valid() else ""
    try:
        version = services.version_new(
            scope=request.scope, actor=request.user, program=program, notes=notes
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(program.get_absolute_url())
    messages.success(request, _("A new draft version was started from the current one."))
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def version_notes(request, pk, number):
    program = get_program(request, pk)
    require_manage(request, program)
    version = _version(request, program, number)
    form = forms.VersionNotesForm(request.POST)
    if form.is_valid():
        try:
            services.version_update(
                scope=request.scope,
                actor=request.user,
                version=version,
                notes=form.cleaned_data["notes"],
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def version_publish(request, pk, number):
    program = get_program(request, pk)
    require_manage(request, program)
    version = _version(request, program, number)
    try:
        services.version_publish(scope=request.scope, actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version.get_absolute_url())
    messages.success(request, _("The version was published and is now the current curriculum."))
    return redirect(program.get_absolute_url())


# ---- lessons ----------------------------------------------------------------------------------


def _lesson_page(request, program, version, instance=None):
    require_manage(request, program)
    if not version.is_draft:
        messages.error(
            request, _("A published version cannot be changed. Start a new version to change it.")
        )
        return redirect(version.get_absolute_url())
    form = forms.LessonForm(request.POST or None, instance=instance, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        expected = parse_version(form.cleaned_data.get("version")) if instance else None
        try:
            services.lesson_save(
                scope=request.scope,
                actor=request.user,
                version=version,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=expected,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The lesson was saved."))
            return redirect(version.get_absolute_url())
    title = (
        _("Edit session %(n)s: %(title)s") % {"n": num(instance.order), "title": instance.title}
        if instance
        else _("Add a lesson to version %(n)s") % {"n": num(version.number)}
    )
    crumbs = _version_crumbs(version)
    return _form_page(
        request, form, title=title, crumbs=crumbs, cancel_url=version.get_absolute_url()
    )


@login_required
def lesson_create(request, pk, number):
    program = get_program(request, pk)
    require_manage(request, program)
    return _lesson_page(request, program, _version(request, program, number))


def _lesson(request, pk):
    require_view(request)
    lesson = selectors.lesson_get(scope=request.scope, pk=pk)
    if lesson is None:
        raise Http404
    return lesson


@login_required
def lesson_edit(request, pk):
    lesson = _lesson(request, pk)
    program = lesson.version.program
    return _lesson_page(request, program, lesson.version, instance=lesson)


@login_required
@require_POST
def lesson_delete(request, pk):
    lesson = _lesson(request, pk)
    version = lesson.version
    require_manage(request, version.program)
    try:
        services.lesson_delete(scope=request.scope, actor=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lesson was removed."))
    return redirect(version.get_absolute_url())


# ---- materials --------------------------------------------------------------------------------


@login_required
def material_add(request, pk, number):
    program = get_program(request, pk)
    require_manage(request, program)
    version = _version(request, program, number)
    if not version.is_draft:
        messages.error(
            request, _("A published version cannot be changed. Start a new version to change it.")
        )
        return redirect(version.get_absolute_url())
    form = forms.MaterialForm(
        request.POST or None,
        request.FILES or None,
        lessons=selectors.lessons_of(scope=request.scope, version=version),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.material_add(
                scope=request.scope,
                actor=request.user,
                version=version,
                title=data["title"],
                kind=data["kind"],
                url=data.get("url") or "",
                upload=data.get("file"),
                lesson=data.get("lesson"),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The material was added."))
            return redirect(version.get_absolute_url())
    crumbs = _version_crumbs(version)
    return _form_page(
        request,
        form,
        title=_("Add a file or link to version %(n)s") % {"n": num(version.number)},
        crumbs=crumbs,
        cancel_url=version.get_absolute_url(),
        multipart=True,
    )


def _material(request, pk) -> Material:
    require_view(request)
    material = selectors.material_get(scope=request.scope, pk=pk)
    if material is None:
        raise Http404
    return material


@login_required
@require_POST
def material_delete(request, pk):
    material = _material(request, pk)
    version = material.version
    require_manage(request, version.program)
    try:
        services.material_delete(scope=request.scope, actor=request.user, material=material)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The material was removed."))
    return redirect(version.get_absolute_url())


@login_required
@require_GET
def material_download(request, pk):
    """Files are served through the scoping gate, never from a public media folder."""
    material = _material(request, pk)
    if material.kind != Material.Kind.FILE or not material.file:
        raise Http404
    if material.version.is_draft and not can_manage_program(
        request.scope, material.version.program
    ):
        raise Http404  # drafts are work in progress, seen only by those who manage the program
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=material.content_type or "application/octet-stream",
        as_attachment=material.content_type not in INLINE_TYPES,
        filename=material.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def domain_list(request, pk=None):
    """The teaching domains; the directorate adds and edits them on the same page."""
    if not can_view_catalogue(request.scope):
        raise PermissionDenied
    manage = request.scope.role in MUNICIPALITY_WIDE
    instance = None
    if pk is not None:
        instance = selectors.domain_list(scope=request.scope).filter(pk=pk).first()
        if instance is None:
            raise Http404
    if request.method == "POST" and not manage:
        raise PermissionDenied
    form = (
        forms.DomainForm(request.POST or None, instance=instance, scope=request.scope)
        if manage
        else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.domain_save(
                scope=request.scope,
                actor=request.user,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=form.expected_version() if instance else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("catalogue:domain_list")
    return render(
        request,
        "catalogue/domains.html",
        {"domains": selectors.domain_list(scope=request.scope), "form": form, "editing": instance},
        status=400 if request.method == "POST" else 200,
    )
