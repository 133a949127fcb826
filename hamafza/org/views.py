"""Pages for organisation records: list with search (htmx partial), detail, create, edit, history.

One small set of views serves the five kinds of record; ENTITIES says what differs.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from hamafza.audit.selectors import record_history
from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors, small_int
from hamafza.org import forms, people, selectors, services
from hamafza.org.models import School
from hamafza.org.permissions import (
    can_change,
    can_manage_people,
    can_view,
    can_view_audit,
    hidden_fields,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class Entity:
    key: str
    slug: str
    form: type
    columns: tuple[str, ...]
    title: str
    filters: tuple[str, ...] = ()

    @property
    def singular(self) -> str:
        return self.form._meta.model._meta.verbose_name


ENTITIES = {
    e.slug: e
    for e in (
        Entity(
            "district",
            "districts",
            forms.DistrictForm,
            ("number", "name"),
            gettext_lazy("Districts"),
        ),
        Entity(
            "neighbourhood",
            "neighbourhoods",
            forms.NeighbourhoodForm,
            ("name", "district"),
            gettext_lazy("Neighbourhoods"),
            ("district",),
        ),
        Entity(
            "agency",
            "agencies",
            forms.AgencyForm,
            ("name", "kind", "contact_name"),
            gettext_lazy("Partner agencies"),
        ),
        Entity(
            "school",
            "schools",
            forms.SchoolForm,
            ("name", "code", "district", "stage", "gender"),
            gettext_lazy("Schools"),
            ("district", "stage", "gender"),
        ),
        Entity(
            "venue",
            "venues",
            forms.VenueForm,
            ("name", "kind", "district", "capacity"),
            gettext_lazy("Venues"),
            ("district",),
        ),
    )
}


def _entity(slug: str, request, *, write: bool = False) -> Entity:
    entity = ENTITIES.get(slug)
    if entity is None:
        raise Http404
    allowed = can_change if write else can_view
    if not allowed(request.scope, entity.key):
        raise PermissionDenied
    return entity


def _object(entity: Entity, request, pk: int):
    obj = selectors.entity_get(scope=request.scope, entity=entity.key, pk=pk)
    if obj is None:
        raise Http404
    return obj


@login_required
def record_list(request, slug):
    entity = _entity(slug, request)
    filters = {}
    if "district" in entity.filters:
        filters["district_id"] = small_int(request.GET.get("district"))
    for name in ("stage", "gender"):
        if name in entity.filters and request.GET.get(name):
            filters[name] = request.GET[name]
    query = request.GET.get("q", "")
    rows = selectors.LISTS[entity.key](scope=request.scope, query=query, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "entity": entity,
        "page": page,
        "query": query,
        "can_change": can_change(request.scope, entity.key),
        "districts": selectors.district_list(scope=request.scope)
        if "district" in entity.filters
        else None,
        "stages": School.Stage.choices if "stage" in entity.filters else None,
        "genders": School.Gender.choices if "gender" in entity.filters else None,
        "model_meta": entity.form._meta.model._meta,
    }
    template = "org/partials/table.html" if request.htmx else "org/list.html"
    return render(request, template, context)


@login_required
def record_detail(request, slug, pk):
    entity = _entity(slug, request)
    obj = _object(entity, request, pk)
    hidden = hidden_fields(request.scope, entity.key)
    fields = [
        (obj._meta.get_field(name).verbose_name, _display(obj, name))
        for name in entity.form._meta.fields
        if name not in hidden
    ]
    return render(
        request,
        "org/detail.html",
        {
            "entity": entity,
            "object": obj,
            "fields": fields,
            "can_change": can_change(request.scope, entity.key),
            "can_view_audit": can_view_audit(request.scope),
        },
    )


def _display(obj, name):
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if getter else getattr(obj, name)
    return "" if value is None else value


@login_required
def record_edit(request, slug, pk=None):
    entity = _entity(slug, request, write=True)
    instance = _object(entity, request, pk) if pk else None
    form = entity.form(request.POST or None, instance=instance, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        version = parse_version(form.cleaned_data.get("version")) if instance else None
        try:
            obj = services.record_save(
                scope=request.scope,
                actor=request.user,
                entity=entity.key,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=version,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "org/form.html",
        {"entity": entity, "form": form, "object": instance},
        status=status,
    )


@login_required
def record_history_view(request, slug, pk):
    entity = _entity(slug, request)
    if not can_view_audit(request.scope):
        raise PermissionDenied
    obj = _object(entity, request, pk)
    return render(
        request,
        "org/history.html",
        {"entity": entity, "object": obj, "entries": record_history(obj)},
    )


@login_required
def people_list(request):
    if not can_manage_people(request.scope):
        raise PermissionDenied
    query = request.GET.get("q", "")
    role = request.GET.get("role") or None
    rows = people.membership_list(scope=request.scope, query=query, role=role)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "roles": people.ASSIGNABLE_ROLES}
    template = "org/partials/people_table.html" if request.htmx else "org/people.html"
    return render(request, template, context)


@login_required
def person_add(request):
    if not can_manage_people(request.scope):
        raise PermissionDenied
    form = forms.PersonForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            people.person_add(
                scope=request.scope,
                actor=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                mobile=data["mobile"] or None,
                email=data["email"],
                role=data["role"],
                district_id=data["district"].pk if data["district"] else None,
                agency_id=data["agency"].pk if data["agency"] else None,
                school_id=data["school"].pk if data["school"] else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("The person was added. They can set a password with “Forgot your password?”."),
            )
            return redirect("org:people")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/person_form.html", {"form": form}, status=status)


@login_required
def membership_end(request, pk):
    if request.method != "POST":
        raise Http404
    try:
        people.membership_end(scope=request.scope, actor=request.user, membership_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role was ended."))
    return redirect("org:people")


@login_required
@require_POST
def member_tokens_revoke(request, pk):
    ended = people.member_tokens_revoke(scope=request.scope, actor=request.user, membership_id=pk)
    messages.success(
        request,
        ngettext("%(n)s API token was revoked.", "%(n)s API tokens were revoked.", ended)
        % {"n": ended},
    )
    return redirect("org:people")
