"""Pages of the trainer registry: the pool, profiles, certificates, the ladder, courses and
calendars. Thin: each view checks the verb, then calls one selector or service."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.core import jalali
from hamafza.core.concurrency import parse_version, version_of
from hamafza.core.forms import attach_errors, parse_time, small_int
from hamafza.core.scoping import scoped
from hamafza.core.uploads import content_type_of
from hamafza.org.models import District
from hamafza.trainers import forms, pdf, selectors, services
from hamafza.trainers.models import Certificate, CompetencyLevel, Trainer, WeeklyAvailability
from hamafza.trainers.permissions import (
    can_add_trainer,
    can_edit_trainer,
    can_manage_standards,
    can_upload_certificate,
    can_view_courses,
    can_view_personal_data,
    can_view_pool,
    is_own_profile,
)

PAGE_SIZE = 25


def _trainer(request, pk) -> Trainer:
    trainer = selectors.trainer_get(scope=request.scope, pk=pk)
    if trainer is None:
        raise Http404
    return trainer


@login_required
def pool(request):
    if not can_view_pool(request.scope):
        own = selectors.own_trainer(scope=request.scope)
        if own is not None:
            return redirect(own.get_absolute_url())
        raise PermissionDenied
    available_on = None
    if request.GET.get("available_on"):
        try:
            available_on = jalali.parse_date(request.GET["available_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    rows = selectors.trainer_pool(
        scope=request.scope,
        query=request.GET.get("q"),
        domain_id=small_int(request.GET.get("domain")),
        district_id=small_int(request.GET.get("district")),
        level_rank=small_int(request.GET.get("level")),
        certified_only=request.GET.get("certified") == "1",
        available_on=available_on,
        status=request.GET.get("status", Trainer.Status.ACTIVE) or None,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "domains": selectors.domains(scope=request.scope),
        "districts": scoped(District.objects.all(), request.scope),
        "statuses": Trainer.Status.choices,
        "can_add": can_add_trainer(request.scope),
        "can_manage": can_manage_standards(request.scope),
    }
    template = "trainers/partials/pool_table.html" if request.htmx else "trainers/pool.html"
    return render(request, template, context)


@login_required
def me(request):
    own = selectors.own_trainer(scope=request.scope)
    if own is None:
        raise Http404
    return redirect(own.get_absolute_url())


@login_required
def detail(request, pk):
    trainer = _trainer(request, pk)
    scope = request.scope
    context = {
        "trainer": trainer,
        "ladder": selectors.ladder_status(trainer),
        "certificates": trainer.certificates.select_related("domain"),
        "enrolments": trainer.enrolments.select_related("course", "course__domain"),
        "availability": trainer.availability.all(),
        "weekly_hours": selectors.weekly_hours(trainer),
        "can_edit": can_edit_trainer(scope, trainer),
        "is_own": is_own_profile(scope, trainer),
        "can_manage": can_manage_standards(scope),
        "can_upload": can_upload_certificate(scope, trainer),
        "show_personal": can_view_personal_data(scope, trainer),
        "levels": scoped(CompetencyLevel.objects.all(), scope).select_related("domain"),
        "today": selectors.today(),
        "panels": selectors.record_panels(scope=scope, trainer=trainer),
    }
    return render(request, "trainers/detail.html", context)


@login_required
def edit(request, pk=None):
    instance = _trainer(request, pk) if pk else None
    if instance is None and not can_add_trainer(request.scope):
        raise PermissionDenied
    if instance is not None and not can_edit_trainer(request.scope, instance):
        raise PermissionDenied
    form = forms.TrainerForm(request.POST or None, instance=instance, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            trainer = services.trainer_save(
                scope=request.scope,
                actor=request.user,
                data=form.service_data(),
                domain_ids=[d.pk for d in form.cleaned_data["domains"]],
                instance=instance,
                expected_updated_at=parse_version(form.cleaned_data.get("version"))
                if instance
                else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(trainer.get_absolute_url())
    return render(
        request,
        "trainers/form.html",
        {"form": form, "trainer": instance},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def self_edit(request):
    trainer = selectors.own_trainer(scope=request.scope)
    if trainer is None:
        raise Http404
    initial = {
        "mobile": trainer.mobile,
        "education": trainer.education,
        "languages": trainer.languages,
        "version": version_of(trainer),
    }
    form = forms.SelfProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("photo", "version")}
        if form.cleaned_data.get("photo"):
            data["photo"] = form.cleaned_data["photo"]
        try:
            services.trainer_self_update(
                scope=request.scope,
                actor=request.user,
                trainer=trainer,
                data=data,
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect(trainer.get_absolute_url())
    return render(
        request,
        "trainers/self_form.html",
        {"form": form, "trainer": trainer},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def certificate_add(request, pk):
    trainer = _trainer(request, pk)
    if not can_upload_certificate(request.scope, trainer):
        raise PermissionDenied
    form = forms.CertificateForm(request.POST or None, request.FILES or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_upload(
                scope=request.scope,
                actor=request.user,
                trainer=trainer,
                data=form.service_data(),
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The certificate was uploaded and waits for verification."))
            return redirect(trainer.get_absolute_url())
    return render(
        request,
        "trainers/certificate_form.html",
        {"form": form, "trainer": trainer},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def certificates_pending(request):
    if not can_manage_standards(request.scope):
        raise PermissionDenied
    return render(
        request,
        "trainers/certificates_pending.html",
        {"certificates": selectors.certificates_pending(scope=request.scope)},
    )


@login_required
@require_POST
def certificate_review(request, pk):
    cert = selectors.certificate_get(scope=request.scope, pk=pk)
    if cert is None:
        raise Http404
    try:
        services.certificate_review(
            scope=request.scope,
            actor=request.user,
            certificate=cert,
            approve=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The certificate was reviewed."))
    return redirect("trainers:certificates_pending")


@login_required
def certificates_expiring(request):
    if not can_view_pool(request.scope):
        raise PermissionDenied
    days = small_int(request.GET.get("days")) or 30
    days = days if days in (30, 60, 90) else 30
    return render(
        request,
        "trainers/certificates_expiring.html",
        {
            "certificates": selectors.certificates_expiring(scope=request.scope, days=days),
            "days": days,
        },
    )


@login_required
def certificate_file(request, pk):
    cert = selectors.certificate_get(scope=request.scope, pk=pk)
    if cert is None or not cert.file:
        raise Http404
    if not (
        can_manage_standards(request.scope) or can_view_personal_data(request.scope, cert.trainer)
    ):
        raise PermissionDenied
    return FileResponse(
        cert.file.open("rb"),
        filename=cert.file.name.rsplit("/", 1)[-1],
        content_type=content_type_of(cert.file.name),
    )


@login_required
def photo(request, pk):
    """A trainer's photo, for those who may see the trainer (media is never served publicly)."""
    trainer = _trainer(request, pk)
    if not trainer.photo:
        raise Http404
    return FileResponse(trainer.photo.open("rb"), content_type=content_type_of(trainer.photo.name))


@login_required
def certificate_pdf(request, pk):
    cert = selectors.certificate_get(scope=request.scope, pk=pk)
    if cert is None or cert.course_id is None or cert.status != Certificate.Status.VERIFIED:
        raise Http404
    response = HttpResponse(pdf.certificate_pdf(request, cert), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{cert.verification_code}.pdf"'
    return response


def verify_certificate(request, code):
    """Public: anyone holding a certificate's code can check it is genuine and current."""
    cert = (
        Certificate.objects.select_related("trainer", "domain")
        .filter(
            verification_code=code.strip().upper()[:12],
            status=Certificate.Status.VERIFIED,
            course__isnull=False,  # only certificates Hamafza itself issued
        )
        .first()
    )
    valid = cert is not None and cert.is_valid_on(selectors.today())
    return render(
        request, "trainers/verify.html", {"c": cert, "valid": valid}, status=200 if cert else 404
    )


@login_required
@require_POST
def set_level(request, pk):
    trainer = _trainer(request, pk)
    domain_id = small_int(request.POST.get("domain"))
    typed = [request.POST.get(k, "").strip() for k in ("prior_hours", "observation_score")]
    if any(text and small_int(text) is None for text in typed):
        messages.error(request, _("Write hours and scores as whole numbers, like 12."))
        return redirect(trainer.get_absolute_url())
    try:
        with transaction.atomic():  # the level and the record are saved together or not at all
            services.trainer_set_level(
                scope=request.scope,
                actor=request.user,
                trainer=trainer,
                domain_id=domain_id,
                level_id=small_int(request.POST.get("level")),
            )
            if "prior_hours" in request.POST:
                services.trainer_domain_record(
                    scope=request.scope,
                    actor=request.user,
                    trainer=trainer,
                    domain_id=domain_id,
                    prior_hours=small_int(request.POST.get("prior_hours")) or 0,
                    observation_score=small_int(request.POST.get("observation_score")),
                )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(trainer.get_absolute_url())


@login_required
def ladder(request):
    if not can_view_pool(request.scope):
        raise PermissionDenied
    levels = scoped(CompetencyLevel.objects.select_related("domain"), request.scope).order_by(
        "domain__name", "rank"
    )
    form = None
    if can_manage_standards(request.scope):
        form = forms.LevelForm(request.POST or None, scope=request.scope)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "domain"}
            data["domain_id"] = form.cleaned_data["domain"].pk
            try:
                services.level_save(scope=request.scope, actor=request.user, data=data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("trainers:ladder")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "trainers/ladder.html",
        {"levels": levels, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def calendar(request, pk):
    trainer = _trainer(request, pk)
    start = selectors.today()
    if request.GET.get("start"):
        try:
            start = jalali.parse_date(request.GET["start"])
        except ValidationError:
            pass
    can_change = can_edit_trainer(request.scope, trainer) or is_own_profile(request.scope, trainer)
    return render(
        request,
        "trainers/calendar.html",
        {
            "trainer": trainer,
            "weeks": selectors.trainer_calendar(trainer, start),
            "leaves": trainer.leaves.all()[:10],
            "can_change": can_change,
            "leave_form": forms.LeaveForm() if can_change else None,
            "prev": start - dt.timedelta(days=28),
            "next": start + dt.timedelta(days=28),
            "weekdays": WeeklyAvailability.Weekday,
        },
    )


@login_required
def availability(request, pk):
    trainer = _trainer(request, pk)
    if not (can_edit_trainer(request.scope, trainer) or is_own_profile(request.scope, trainer)):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        slots = []
        for weekday in WeeklyAvailability.Weekday.values:
            start = request.POST.get(f"start_{weekday}")
            end = request.POST.get(f"end_{weekday}")
            if start and end:
                try:
                    slots.append((weekday, parse_time(start), parse_time(end)))
                except ValueError:
                    errors.append(_("Enter times as hours:minutes, like 08:30."))
        if not errors:
            try:
                services.availability_set(
                    scope=request.scope,
                    trainer=trainer,
                    slots=slots,
                    max_hours=small_int(request.POST.get("max_hours")) or 0,
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("Saved."))
                return redirect("trainers:calendar", pk=trainer.pk)
    current = {slot.weekday: slot for slot in trainer.availability.all()}
    days = [(w, label, current.get(w)) for w, label in WeeklyAvailability.Weekday.choices]
    return render(
        request,
        "trainers/availability.html",
        {"trainer": trainer, "days": days, "errors": errors, "post": request.POST},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def leave_add(request, pk):
    trainer = _trainer(request, pk)
    if not (can_edit_trainer(request.scope, trainer) or is_own_profile(request.scope, trainer)):
        raise PermissionDenied
    form = forms.LeaveForm(request.POST)
    if form.is_valid():
        try:
            services.leave_add(scope=request.scope, trainer=trainer, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("trainers:calendar", pk=trainer.pk)


@login_required
def course_list(request):
    if not can_view_courses(request.scope):
        raise PermissionDenied
    return render(
        request,
        "trainers/courses.html",
        {
            "courses": selectors.courses(scope=request.scope),
            "can_manage": can_manage_standards(request.scope),
        },
    )


@login_required
def course_edit(request, pk=None):
    if not can_manage_standards(request.scope):
        raise PermissionDenied
    instance = selectors.course_get(scope=request.scope, pk=pk) if pk else None
    if pk and instance is None:
        raise Http404
    form = forms.CourseForm(request.POST or None, instance=instance, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("domain", "version")}
        data["domain_id"] = form.cleaned_data["domain"].pk
        try:
            course = services.course_save(
                scope=request.scope,
                actor=request.user,
                data=data,
                instance=instance,
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(course.get_absolute_url())
    return render(
        request,
        "trainers/course_form.html",
        {"form": form, "course": instance},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def course_detail(request, pk):
    if not can_view_courses(request.scope):
        raise PermissionDenied
    course = selectors.course_get(scope=request.scope, pk=pk)
    if course is None:
        raise Http404
    manage = can_manage_standards(request.scope)
    session_form = forms.CourseSessionForm(request.POST or None) if manage else None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        try:
            action = request.POST.get("action")
            if action == "session" and session_form.is_valid():
                services.course_session_add(
                    scope=request.scope, course=course, **session_form.cleaned_data
                )
            elif action == "enrol":
                trainer = selectors.trainer_get(
                    scope=request.scope, pk=small_int(request.POST.get("trainer"))
                )
                if trainer is None:
                    raise ValidationError(_("Choose a trainer."))
                services.course_enrol(scope=request.scope, course=course, trainer=trainer)
            elif action == "attendance":
                session = course.sessions.filter(pk=small_int(request.POST.get("session"))).first()
                if session is None:
                    raise ValidationError(_("Choose a session."))
                present = {
                    n for n in map(small_int, request.POST.getlist("present")) if n is not None
                }
                services.course_attendance_record(
                    scope=request.scope, session=session, present_enrolment_ids=present
                )
            elif action == "complete":
                issued = services.course_complete(
                    scope=request.scope, actor=request.user, course=course
                )
                messages.success(request, _("%(n)s certificates were issued.") % {"n": len(issued)})
            elif action != "session":
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if action != "session" or session_form.is_valid():
                return redirect(course.get_absolute_url())
    sessions = list(course.sessions.all())
    enrolments = list(course.enrolments.select_related("trainer"))
    present = {
        (a.session_id, a.enrolment_id) for a in selectors.course_attendance(course) if a.present
    }
    grid = [(e, [(s, (s.pk, e.pk) in present) for s in sessions]) for e in enrolments]
    enrolled_ids = {e.trainer_id for e in enrolments}
    candidates = (
        selectors.trainer_pool(scope=request.scope).exclude(pk__in=enrolled_ids)[:300]
        if manage
        else []
    )
    return render(
        request,
        "trainers/course_detail.html",
        {
            "course": course,
            "sessions": sessions,
            "grid": grid,
            "can_manage": manage,
            "session_form": session_form,
            "candidates": candidates,
        },
    )
