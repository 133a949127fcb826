"""Pages of the trainers' library: the list with search and filters (htmx partial), the review
queue, a resource's page (files, ratings, comments, "used in my session"), the contribute and
edit forms, the file versions, and the curator's publish, return and feature.

Every page first checks that the role may read the library (403), then finds the resource
through the gate and ``selectors.visible`` (404), then checks the verb for writes (403).
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

from hamafza.catalogue.files import INLINE_TYPES
from hamafza.catalogue.models import Program
from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.persian import to_latin_digits
from hamafza.library import forms, permissions, selectors, services
from hamafza.library.models import Resource

PAGE_SIZE = 20


def require_view(request) -> None:
    if not permissions.can_view_library(request.scope):
        raise PermissionDenied


def get_resource(request, pk: int) -> Resource:
    require_view(request)
    resource = selectors.resource_get(scope=request.scope, pk=pk)
    if resource is None:
        raise Http404
    return resource


def _choice(value, choices) -> str | None:
    return value if value in choices else None


@login_required
@require_GET
def resource_list(request):
    require_view(request)
    scope, get = request.scope, request.GET
    query = get.get("q", "")
    sort = get.get("sort") if get.get("sort") in selectors.SORTS else "recent"
    rows = selectors.resource_list(
        scope=scope,
        query=query,
        kind=_choice(get.get("kind"), Resource.Kind.values),
        domain_id=small_int(get.get("domain")),
        program_id=small_int(get.get("program")),
        audience=_choice(get.get("audience"), Program.Audience.values),
        licence=_choice(get.get("licence"), Resource.Licence.values),
        status=_choice(get.get("status"), Resource.Status.values),
        featured=get.get("featured") == "1",
        mine=get.get("mine") == "1",
        sort=sort,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(get.get("page"))
    context = {
        "page": page,
        "query": query,
        "sort": sort,
        "kinds": Resource.Kind.choices,
        "audiences": Program.Audience.choices,
        "licences": Resource.Licence.choices,
        "statuses": Resource.Status.choices,
        "domains": selectors.domains(scope=scope),
        "sorts": [
            ("recent", _("Newest")),
            ("rating", _("Best rated")),
            ("used", _("Most used")),
            ("downloads", _("Most downloaded")),
            ("title", _("Title")),
        ],
        "can_contribute": permissions.can_contribute(scope),
        "is_curator": permissions.is_curator(scope),
        "queue_count": selectors.review_queue(scope=scope).count(),
    }
    template = "library/partials/results.html" if request.htmx else "library/list.html"
    return render(request, template, context)


@login_required
@require_GET
def review_queue(request):
    require_view(request)
    if not permissions.is_curator(request.scope):
        raise PermissionDenied
    return render(
        request,
        "library/review.html",
        {"resources": selectors.review_queue(scope=request.scope)},
    )


def _warn_duplicates(request, resource: Resource) -> None:
    same = selectors.duplicates(
        scope=request.scope,
        title=resource.title,
        program_id=resource.program_id,
        exclude_pk=resource.pk,
    )
    if same:
        same = same[0]
        messages.warning(
            request,
            _(
                "The program already has a resource with this title (“%(title)s”, by "
                "%(author)s). Yours was saved; consider a title that tells them apart."
            )
            % {"title": same.title, "author": same.author},
        )


def _form_page(request, form, *, title, cancel_url, resource=None, multipart=True):
    crumbs = [(_("Library"), reverse("library:list"))]
    if resource is not None:
        crumbs.append((resource.title, resource.get_absolute_url()))
    return render(
        request,
        "library/form.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "multipart": multipart,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def resource_create(request):
    require_view(request)
    if not permissions.can_contribute(request.scope):
        raise PermissionDenied
    form = forms.ResourceForm(request.POST or None, request.FILES or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                scope=request.scope,
                actor=request.user,
                data=form.service_data(),
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Your resource was saved as a draft. Submit it when it is ready.")
            )
            _warn_duplicates(request, resource)
            return redirect(resource.get_absolute_url())
    return _form_page(
        request, form, title=_("Share a resource"), cancel_url=reverse("library:list")
    )


@login_required
def resource_edit(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_edit(request.scope, resource):
        raise PermissionDenied
    form = forms.ResourceForm(request.POST or None, instance=resource, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_update(
                scope=request.scope,
                actor=request.user,
                resource=resource,
                data=form.service_data(),
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            _warn_duplicates(request, resource)
            return redirect(resource.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Edit: %(title)s") % {"title": resource.title},
        cancel_url=resource.get_absolute_url(),
        resource=resource,
        multipart=False,
    )


@login_required
def file_add(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_add_version(request.scope, resource):
        raise PermissionDenied
    form = forms.FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.file_add(
                scope=request.scope,
                actor=request.user,
                resource=resource,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data.get("note") or "",
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if stored.number > 1:
                messages.success(
                    request, _("The new file is version %(n)s; the earlier ones are kept.")
                    % {"n": stored.number},
                )  # fmt: skip
            else:
                messages.success(request, _("The file was saved."))
            return redirect(resource.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Upload a file: %(title)s") % {"title": resource.title},
        cancel_url=resource.get_absolute_url(),
        resource=resource,
    )


@login_required
@require_GET
def resource_detail(request, pk):
    resource = get_resource(request, pk)
    scope = request.scope
    published = resource.status == Resource.Status.PUBLISHED
    can_use = published and permissions.can_use_in_session(scope, resource)
    return render(
        request,
        "library/detail.html",
        {
            "resource": resource,
            "files": selectors.files_of(scope=scope, resource=resource),
            "comments": selectors.comments_of(scope=scope, resource=resource),
            "uses": selectors.uses_of(scope=scope, resource=resource),
            "my_rating": selectors.my_rating(scope=scope, resource=resource),
            "spread": selectors.rating_spread(scope=scope, resource=resource),
            "sessions": selectors.sessions_to_link(scope=scope, resource=resource)[:50]
            if can_use
            else [],
            "published": published,
            "can_edit": permissions.can_edit(scope, resource),
            "can_add_version": permissions.can_add_version(scope, resource),
            "can_curate": permissions.can_curate(scope, resource),
            "can_use": can_use,
            "can_offer": permissions.can_offer(scope, resource),
            "comment_form": forms.CommentForm(),
            "return_form": forms.ReturnForm(),
            "stars": range(1, 6),
        },
    )


@login_required
@require_GET
def download(request, pk):
    """Files are served through the gate and ``visible``, never from a public media folder;
    a download of a published resource is counted."""
    resource = get_resource(request, pk)
    number = small_int(request.GET.get("v"))
    stored = selectors.file_get(scope=request.scope, resource=resource, number=number)
    if stored is None:
        raise Http404
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    services.count_download(resource)
    response = FileResponse(
        handle,
        content_type=stored.content_type or "application/octet-stream",
        as_attachment=stored.content_type not in INLINE_TYPES,
        filename=stored.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _act(request, resource, action, done: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(resource.get_absolute_url())


@login_required
@require_POST
def submit(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_edit(request.scope, resource):
        raise PermissionDenied
    return _act(
        request,
        resource,
        lambda: services.resource_submit(
            scope=request.scope, actor=request.user, resource=resource
        ),
        _("Submitted. A curator will review it; you will be told the outcome."),
    )


@login_required
@require_POST
def publish(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_curate(request.scope, resource):
        raise PermissionDenied
    return _act(
        request,
        resource,
        lambda: services.resource_publish(
            scope=request.scope, actor=request.user, resource=resource
        ),
        _("Published. Every trainer of the municipality can now use it."),
    )


@login_required
def return_resource(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_curate(request.scope, resource):
        raise PermissionDenied
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_return(
                scope=request.scope,
                actor=request.user,
                resource=resource,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Returned to its author with your reason."))
            return redirect(resource.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Return for changes: %(title)s") % {"title": resource.title},
        cancel_url=resource.get_absolute_url(),
        resource=resource,
        multipart=False,
    )


@login_required
@require_POST
def feature(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_curate(request.scope, resource):
        raise PermissionDenied
    featured = request.POST.get("featured") == "1"
    return _act(
        request,
        resource,
        lambda: services.resource_feature(
            scope=request.scope, actor=request.user, resource=resource, featured=featured
        ),
        _("Featured at the top of the library.") if featured else _("No longer featured."),
    )


@login_required
@require_POST
def rate(request, pk):
    resource = get_resource(request, pk)
    text = to_latin_digits(request.POST.get("stars", "")).strip()
    stars = int(text) if text.isascii() and text.isdecimal() and len(text) < 3 else -1
    return _act(
        request,
        resource,
        lambda: services.resource_rate(
            scope=request.scope, actor=request.user, resource=resource, stars=stars
        ),
        _("Thank you: your rating was saved."),
    )


@login_required
@require_POST
def comment(request, pk):
    resource = get_resource(request, pk)
    return _act(
        request,
        resource,
        lambda: services.comment_add(
            scope=request.scope,
            actor=request.user,
            resource=resource,
            text=request.POST.get("text", "")[:2000],
        ),
        _("Your comment was added."),
    )


@login_required
@require_POST
def use(request, pk):
    resource = get_resource(request, pk)
    if not permissions.can_use_in_session(request.scope, resource):
        raise PermissionDenied
    return _act(
        request,
        resource,
        lambda: services.use_add(
            scope=request.scope,
            actor=request.user,
            resource=resource,
            session_id=small_int(request.POST.get("session")),
        ),
        _("Linked: your session now counts as a use of this resource."),
    )


# --- across municipalities --------------------------------------------------------------------


@login_required
@require_POST
def offer(request, pk):
    """Offer a published resource with an open licence to every municipality, or withdraw it."""
    resource = get_resource(request, pk)
    if not permissions.can_offer(request.scope, resource):
        raise PermissionDenied
    offered = request.POST.get("offered") == "1"
    return _act(
        request,
        resource,
        lambda: services.resource_offer(
            scope=request.scope, actor=request.user, resource=resource, offered=offered
        ),
        _("Offered: every municipality on the platform can now read and download it, credited.")
        if offered
        else _("Withdrawn: other municipalities no longer see it."),
    )


@login_required
@require_GET
def shared_list(request):
    """The "from other cities" shelf: resources other municipalities offer to everyone."""
    require_view(request)
    query = request.GET.get("q", "")
    rows = selectors.shared_list(
        scope=request.scope,
        query=query,
        kind=_choice(request.GET.get("kind"), Resource.Kind.values),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/shared_list.html",
        {"page": page, "query": query, "kinds": Resource.Kind.choices},
    )


def _shared(request, pk: int) -> Resource:
    require_view(request)
    resource = selectors.shared_get(scope=request.scope, pk=pk)
    if resource is None:
        raise Http404
    return resource


@login_required
@require_GET
def shared_detail(request, pk):
    """Read-only: what the offering municipality published, credited; nothing else of it."""
    resource = _shared(request, pk)
    return render(
        request,
        "library/shared_detail.html",
        {"resource": resource, "files": selectors.shared_files(resource=resource)},
    )


@login_required
@require_GET
def shared_download(request, pk):
    resource = _shared(request, pk)
    number = small_int(request.GET.get("v"))
    files = selectors.shared_files(resource=resource)
    stored = files.first() if number is None else files.filter(number=number).first()
    if stored is None:
        raise Http404
    return _file_response(stored.file, stored.content_type)


def _file_response(field, content_type: str, *, inline: bool | None = None):
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type not in INLINE_TYPES if inline is None else not inline,
        filename=field.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- experience reports -----------------------------------------------------------------------


def get_report(request, pk: int):
    require_view(request)
    report = selectors.report_get(scope=request.scope, pk=pk)
    if report is None:
        raise Http404
    return report


@login_required
@require_GET
def report_list(request):
    require_view(request)
    scope, get = request.scope, request.GET
    domain_id, program_id = small_int(get.get("domain")), small_int(get.get("program"))
    rows = selectors.report_list(
        scope=scope, domain_id=domain_id, program_id=program_id, mine=get.get("mine") == "1"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(get.get("page"))
    context = {
        "page": page,
        "domains": selectors.domains(scope=scope),
        "programs": selectors.programs(scope=scope),
        "domain_id": domain_id,
        "program_id": program_id,
        "mine": get.get("mine") == "1",
        "is_trainer": permissions.can_contribute(scope),
    }
    template = "library/partials/report_results.html" if request.htmx else "library/reports.html"
    return render(request, template, context)


@login_required
@require_GET
def report_detail(request, pk):
    report = get_report(request, pk)
    scope = request.scope
    return render(
        request,
        "library/report_detail.html",
        {
            "report": report,
            "photos": selectors.photos_of(scope=scope, report=report),
            "helped": selectors.i_found_it_helpful(scope=scope, report=report),
            "is_author": permissions.is_report_author(scope, report),
        },
    )


def _report_form_page(request, form, *, title, crumbs, cancel_url, minors: bool):
    return render(
        request,
        "library/report_form.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "minors": minors,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_create(request, session_pk):
    require_view(request)
    session = selectors.session_for_report(scope=request.scope, pk=session_pk)
    if session is None:
        raise PermissionDenied
    mine = selectors.own_report(scope=request.scope, session=session)
    if mine is not None:
        messages.info(request, _("You have already written a report of this session."))
        return redirect(mine.get_absolute_url())
    minors = permissions.involves_minors(session)
    form = forms.ReportForm(request.POST or None, request.FILES or None, minors=minors)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                scope=request.scope,
                actor=request.user,
                session=session,
                data=form.text(),
                photos=form.cleaned_data.get("photos") or [],
                no_minor_identifiable=bool(form.cleaned_data.get("no_minor_identifiable")),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Your report was published: every trainer of the city can read it.")
            )
            return redirect(report.get_absolute_url())
    return _report_form_page(
        request,
        form,
        title=_("Experience report: %(session)s") % {"session": session.lesson.title},
        crumbs=[(_("Experience reports"), reverse("library:reports"))],
        cancel_url=reverse("sessions:detail", args=[session.pk]),
        minors=minors,
    )


@login_required
def report_edit(request, pk):
    report = get_report(request, pk)
    if not permissions.is_report_author(request.scope, report):
        raise PermissionDenied
    minors = permissions.involves_minors(report.session)
    form = forms.ReportForm(
        request.POST or None, request.FILES or None, report=report, minors=minors
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_update(
                scope=request.scope,
                actor=request.user,
                report=report,
                data=form.text(),
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
                photos=form.cleaned_data.get("photos") or [],
                remove_photo_ids=[int(x) for x in form.cleaned_data.get("remove_photos") or []],
                no_minor_identifiable=bool(form.cleaned_data.get("no_minor_identifiable"))
                if minors
                else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(report.get_absolute_url())
    return _report_form_page(
        request,
        form,
        title=_("Edit your report"),
        crumbs=[
            (_("Experience reports"), reverse("library:reports")),
            (str(report), report.get_absolute_url()),
        ],
        cancel_url=report.get_absolute_url(),
        minors=minors,
    )


@login_required
@require_POST
def report_delete(request, pk):
    report = get_report(request, pk)
    if not permissions.is_report_author(request.scope, report):
        raise PermissionDenied
    services.report_delete(scope=request.scope, actor=request.user, report=report)
    messages.success(request, _("Your report was deleted."))
    return redirect(reverse("library:reports") + "?mine=1")


@login_required
@require_POST
def report_helped(request, pk):
    """Toggle "this helped me" (htmx swaps the button; without htmx, back to the report)."""
    report = get_report(request, pk)
    marked, count = services.helped_toggle(scope=request.scope, actor=request.user, report=report)
    if request.htmx:
        return render(
            request,
            "library/partials/helped.html",
            {"report": report, "helped": marked, "count": count},
        )
    return redirect(report.get_absolute_url())


@login_required
@require_GET
def report_photo(request, pk):
    """A report's photo, served through the gate (never from a public media folder)."""
    require_view(request)
    photo = selectors.photo_get(scope=request.scope, pk=pk)
    if photo is None:
        raise Http404
    # never kept by a shared browser: core.privacy lists this view with the children's data
    return _file_response(photo.file, photo.content_type, inline=True)
