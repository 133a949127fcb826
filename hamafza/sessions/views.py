import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hamafza.core import jalali, ratelimit
from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.l10n import join_list
from hamafza.core.net import client_address
from hamafza.core.persian import localize_digits
from hamafza.core.qr import qr_svg
from hamafza.core.scoping import in_scope, scoped
from hamafza.org.models import District, Venue
from hamafza.sessions import checkin, delivery, forms, registration, selectors, services
from hamafza.sessions.models import PendingRegistration, Registration, Session
from hamafza.sessions.permissions import can_schedule, can_view_sessions
from hamafza.trainers.models import Trainer


@login_required
def session_list(request):
    if not can_view_sessions(request.scope):
        raise PermissionDenied
    start = end = None
    try:
        start = jalali.parse_date(request.GET["from"]) if request.GET.get("from") else None
        end = jalali.parse_date(request.GET["to"]) if request.GET.get("to") else None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    rows = selectors.session_list(
        scope=request.scope,
        district_id=small_int(request.GET.get("district")),
        status=request.GET.get("status") or None,
        start=start,
        end=end,
    )
    return render(
        request,
        "sessions/list.html",
        {
            "page": Paginator(rows, 25).get_page(request.GET.get("page")),
            "districts": scoped(District.objects.all(), request.scope),
            "statuses": Session.Status.choices,
            "can_schedule": can_schedule(request.scope),
        },
    )


@login_required
def session_create(request):
    if not can_schedule(request.scope):
        raise PermissionDenied
    form = forms.SessionForm(request.POST or None, scope=request.scope)
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            created, skipped = services.session_schedule(
                scope=request.scope, actor=request.user, **form.service_kwargs()
            )
        except services.NeedsConfirmation as needs:
            warnings = needs.warnings
        except ValidationError as error:
            attach_errors(form, error)
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%(n)s session was scheduled.", "%(n)s sessions were scheduled.", count)
                % {"n": localize_digits(count)},
            )
            if skipped:
                messages.info(
                    request,
                    _("Skipped for holidays: %(days)s")
                    % {"days": join_list(jalali.format_date(d) for d in skipped)},
                )
            return redirect(created[0].get_absolute_url() if count == 1 else "sessions:list")
    return render(
        request,
        "sessions/form.html",
        {"form": form, "warnings": warnings},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request, pk):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    report = getattr(session, "report", None)
    link = None
    if can_schedule(request.scope) and session.status == Session.Status.DELIVERED:
        link = request.build_absolute_uri(
            reverse("session_verify_link", args=[delivery.verification_token(session)])
        )
    return render(
        request,
        "sessions/detail.html",
        {
            "session": session,
            "can_schedule": can_schedule(request.scope),
            "report": report,
            "head_counts": session.head_counts.order_by("grade"),
            "verify_link": link,
            "is_trainer": selectors.is_session_trainer(request.scope, session),
            "panels": selectors.session_panels(scope=request.scope, session=session),
        },
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    try:
        services.session_cancel(
            scope=request.scope,
            actor=request.user,
            session=session,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session was cancelled."))
    return redirect(session.get_absolute_url())


@login_required
def session_edit(request, pk):
    """Move a session or change its trainers, place or plan line; a stale form is refused."""
    if not can_schedule(request.scope):
        raise PermissionDenied
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    form = forms.SessionEditForm(
        request.POST or None,
        initial=forms.SessionEditForm.initial_for(session),
        scope=request.scope,
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                scope=request.scope,
                actor=request.user,
                session=session,
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
                **form.service_kwargs(),
            )
        except services.NeedsConfirmation as needs:
            warnings = needs.warnings
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The session was changed."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "sessions/form.html",
        {"form": form, "warnings": warnings, "session": session},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def session_confirm(request, pk):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    try:
        services.session_confirm(scope=request.scope, actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is confirmed."))
    return redirect(session.get_absolute_url())


def _may_show_code(request, session) -> bool:
    return selectors.is_session_trainer(request.scope, session) or (
        can_schedule(request.scope) and in_scope(session, request.scope)
    )


@login_required
def checkin_code(request, pk):
    """The trainer's screen: a QR code that changes every half minute, and who checked in."""
    session = scoped(Session.objects.all(), request.scope).filter(pk=pk).first()
    if session is None or not _may_show_code(request, session):
        raise Http404
    url = request.build_absolute_uri(
        reverse("sessions:checkin", args=[checkin.current_code(session)])
    )
    context = {
        "session": session,
        "qr": qr_svg(url),
        "url": url,
        "checked_in": session.attendance.count(),
        "registered": session.registrations.filter(status="confirmed").count(),
        "window": checkin.WINDOW,
    }
    if request.htmx:
        return render(request, "sessions/partials/checkin_code.html", context)
    return render(request, "sessions/checkin_code.html", context)


def checkin_page(request, code):
    """Public: a participant scanned the trainer's code and checks in with their mobile."""
    error = done = None
    try:
        session = checkin.read_code(code)
    except ValidationError as exc:
        return render(
            request, "sessions/checkin.html", {"error": " ".join(exc.messages)}, status=400
        )
    if request.method == "POST":
        try:
            done = checkin.check_in(
                code=code,
                mobile=request.POST.get("mobile", ""),
                client=client_address(request),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "sessions/checkin.html",
        {"session": session, "error": error, "done": done, "code": code},
        status=400 if error else 200,
    )


@login_required
def today(request):
    """The trainer's phone page: today's and the coming week's sessions."""
    sessions = selectors.trainer_agenda(scope=request.scope)
    return render(request, "sessions/today.html", {"sessions": sessions, "now": timezone.now()})


HEAD_COUNT = ("grade", "girls", "boys", "late")  # the fields of each row of the delivery form


@login_required
def deliver(request, pk):
    """The trainer reports a session: head count by grade and gender, summary, issues, photos."""
    session = (
        scoped(Session.objects.all(), request.scope)
        .filter(pk=pk)
        .select_related("lesson", "version__program", "school", "venue")
        .first()
    )
    if session is None or not selectors.is_session_trainer(request.scope, session):
        raise Http404
    errors = []
    client_id = request.POST.get("client_id") or str(uuid.uuid4())
    # The head count as typed (in any digits), shown again if the report is refused.
    rows = [{k: request.POST.get(f"{k}_{i}", "").strip() for k in HEAD_COUNT} for i in range(4)]
    if request.method == "POST":
        counts = []
        for row in rows:
            grade, girls, boys, late = numbers = [small_int(row[k]) for k in HEAD_COUNT]
            if any(row[k] and n is None for k, n in zip(HEAD_COUNT, numbers, strict=True)):
                errors.append(_("Write the grade and the counts as whole numbers, like 12."))
                break
            if grade is not None and (girls or boys):
                counts.append((grade, girls or 0, boys or 0, late or 0))
    if request.method == "POST" and not errors:
        try:
            delivery.session_deliver(
                scope=request.scope,
                actor=request.user,
                session=session,
                counts=counts,
                summary=request.POST.get("summary", ""),
                issues=request.POST.get("issues", ""),
                photos=request.FILES.getlist("photos"),
                client_id=uuid.UUID(client_id),
            )
        except ValueError:
            errors.append(_("The form was damaged; open it again."))
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, _("Thank you. The session is reported as delivered."))
            return redirect("sessions:today")
    return render(
        request,
        "sessions/deliver.html",
        {
            "session": session,
            "errors": errors,
            "client_id": client_id,
            "rows": rows,
            "post": request.POST,
        },
        status=400 if errors else 200,
    )


def verify_link(request, token):
    """Public: the school or venue confirms delivery from the link they were sent."""
    session = delivery.session_from_token(token)
    if session is None:
        return render(request, "sessions/verify_link.html", {"invalid": True}, status=404)
    error = None
    if request.method == "POST":
        try:
            session = delivery.session_verify(
                session=session, by=request.POST.get("name", "") or _("the school")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "sessions/verify_link.html", {"session": session, "error": error})


@login_required
def school_verify(request):
    """The school contact's list of delivered sessions to confirm, one click each."""
    if request.method == "POST":
        session = (
            selectors.to_verify_at_school(scope=request.scope)
            .filter(pk=small_int(request.POST.get("session")))
            .first()
        )
        if session is None:
            raise Http404
        try:
            delivery.session_verify(session=session, by=str(request.user), scope=request.scope)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Confirmed. Thank you."))
        return redirect("sessions:school_verify")
    return render(
        request,
        "sessions/school_verify.html",
        {"sessions": selectors.to_verify_at_school(scope=request.scope)},
    )


@login_required
def unverified(request):
    if not can_view_sessions(request.scope):
        raise PermissionDenied
    days = small_int(request.GET.get("days")) or 7
    return render(
        request,
        "sessions/unverified.html",
        {
            "sessions": selectors.unverified(scope=request.scope, older_than_days=min(days, 365)),
            "days": days,
        },
    )


@login_required
def calendar(request):
    """Week and month views in Jalali, for a district, a venue or a trainer."""
    if not can_view_sessions(request.scope):
        raise PermissionDenied
    anchor = timezone.localdate()
    if request.GET.get("at"):
        try:
            anchor = dt.date.fromisoformat(request.GET["at"])
        except ValueError:
            pass
    view = "month" if request.GET.get("view") == "month" else "week"
    data = selectors.calendar(
        scope=request.scope,
        view=view,
        anchor=anchor,
        district_id=small_int(request.GET.get("district")),
        venue_id=small_int(request.GET.get("venue")),
        trainer_id=small_int(request.GET.get("trainer")),
    )
    j = jalali.to_jalali(data["title_date"])
    months = jalali.MONTHS_FA if jalali.is_persian() else jalali.MONTHS_EN
    data["title"] = localize_digits(f"{months[j.month - 1]} {j.year}")
    data["districts"] = scoped(District.objects.all(), request.scope)
    data["venues"] = scoped(Venue.objects.all(), request.scope)
    data["trainers"] = scoped(
        Trainer.objects.filter(status=Trainer.Status.ACTIVE).select_related("home_district"),
        request.scope,
    ).order_by("last_name", "first_name")
    return render(request, "sessions/calendar.html", data)


def public_list(request):
    """Public: upcoming sessions anyone can register for (no account needed)."""
    sessions = registration.public_sessions()
    city = request.GET.get("city")
    if city:
        sessions = sessions.filter(municipality__slug=city)
    return render(request, "sessions/public_list.html", {"sessions": sessions[:200]})


def public_register(request, pk):
    """Public: the registration form. It texts a code to the number typed (nothing is held yet);
    a browser that entered a code for this number lately registers it at once."""
    session = registration.public_sessions().filter(pk=pk).first()
    if session is None:
        raise Http404
    errors = []
    client_id = request.POST.get("client_id") or str(uuid.uuid4())
    context = {"session": session, "errors": errors, "client_id": client_id, "post": request.POST}
    if request.method == "POST" and not ratelimit.anonymous_allowed(
        request, "register", session.pk
    ):
        errors.append(_("Too many registrations from here in a short time. Try again later."))
        return render(request, "sessions/public_register.html", context, status=429)
    if request.method == "POST":
        name, mobile = request.POST.get("name", ""), request.POST.get("mobile", "")
        try:
            form_id = uuid.UUID(client_id)
            if registration.is_verified(
                request.COOKIES.get(registration.VERIFIED_COOKIE), session=session, mobile=mobile
            ):
                done = registration.register(
                    session_id=session.pk, name=name, mobile=mobile, client_id=form_id
                )
            else:
                done = registration.request_code(
                    session_id=session.pk,
                    name=name,
                    mobile=mobile,
                    client_id=form_id,
                    client=client_address(request),
                )
        except ValueError:
            errors.append(_("The form was damaged; open it again."))
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            if isinstance(done, PendingRegistration):
                return redirect("sessions:public_confirm", token=registration.pending_token(done))
            return redirect("sessions:public_registration", token=registration.cancel_token(done))
    return render(request, "sessions/public_register.html", context, status=400 if errors else 200)


def public_confirm(request, token):
    """Public: the code texted to the registrant's mobile is entered; only then is the place (or a
    waitlist place) held. The browser then keeps a signed proof of the number for a while."""
    client_id = registration.client_id_from_token(token)
    if client_id is None:
        raise Http404
    done = Registration.objects.filter(client_id=client_id).first()
    if done is not None:
        return redirect("sessions:public_registration", token=registration.cancel_token(done))
    pending = registration.pending_for(client_id)
    error = None
    if pending is None or pending.expires_at <= timezone.now():
        error = _("This code has expired. Register again to get a new code.")
    elif request.method == "POST":
        try:
            done = registration.confirm(client_id=client_id, code=request.POST.get("code", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
            pending.refresh_from_db()
        else:
            response = redirect(
                "sessions:public_registration", token=registration.cancel_token(done)
            )
            response.set_cookie(
                registration.VERIFIED_COOKIE,
                registration.verified_cookie(done),
                max_age=registration.VERIFIED_DAYS * 24 * 60 * 60,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
    context = {
        "pending": pending,
        "session": pending.session if pending else None,
        "error": error,
        "used_up": pending is None
        or pending.expires_at <= timezone.now()
        or pending.attempts >= registration.CODE_ATTEMPTS,
        "digits": registration.CODE_DIGITS,
        "minutes": registration.CODE_MINUTES,
    }
    refused = error and request.method == "POST"  # opening a lapsed link is no bad request
    return render(request, "sessions/public_confirm.html", context, status=400 if refused else 200)


def public_registration(request, token):
    """The registrant's own page (from the link they got): status, and a button to cancel."""
    reg = registration.registration_from_token(token)
    if reg is None:
        raise Http404
    if request.method == "POST":
        registration.cancel(registration=reg)
        reg.refresh_from_db()
        messages.info(request, _("Your registration was cancelled."))
    return render(request, "sessions/public_registration.html", {"reg": reg})


@login_required
def roster(request, pk):
    """The trainer's roster of registered people: one tap marks present, late or absent."""
    scope = request.scope
    if scope.user_id is None:
        raise Http404
    # the session, if this trainer teaches it, in one query
    sessions = scoped(Session.objects.all(), scope).filter(pk=pk, trainers__user_id=scope.user_id)
    if not request.htmx:  # the page shows the lesson and the place; a tap's answer does not
        sessions = sessions.select_related("lesson", "school", "venue")
    session = sessions.first()
    if session is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            delivery.roster_mark(
                scope=scope,
                session=session,
                registration_id=small_int(request.POST.get("registration")) or 0,
                mark=request.POST.get("mark", ""),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    people = [  # ids as text: they only go into attributes, no number formatting needed
        (str(person_id), name, mark or "absent")
        for person_id, name, mark in session.registrations.filter(status="confirmed")
        .order_by("name")
        .values_list("pk", "name", "attendance__mark")
    ]
    context = {"session": session, "people": people, "error": error}
    if request.htmx:
        # A tap answers with the whole roster (so check-ins made meanwhile show too), without
        # the page around it: no menus, so no context processors. htmx swaps only successful
        # answers, so the partial carries its error with a 200.
        return HttpResponse(render_to_string("sessions/partials/roster.html", context))
    return render(request, "sessions/roster.html", context, status=400 if error else 200)
