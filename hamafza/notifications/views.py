from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.notifications import kinds, selectors, services
from hamafza.notifications.models import Channel
from hamafza.notifications.permissions import can_manage_deliveries


def _list_context(request):
    page = Paginator(selectors.notifications_for(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return {
        "page": page,
        "unread": selectors.unread_count(user=request.user),
    }


@login_required
def index(request):
    return render(request, "notifications/index.html", _list_context(request))


@login_required
@require_POST
def mark_read(request, pk):
    if services.notification_mark_read(user=request.user, notification_id=pk) is None:
        raise Http404
    if request.htmx:
        return render(request, "notifications/partials/list.html", _list_context(request))
    return redirect("notifications:index")


@login_required
@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return render(request, "notifications/partials/list.html", _list_context(request))
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:index")


@login_required
def preferences(request):
    if request.method == "POST":
        codes = {kind.code for kind in kinds.all_kinds()}
        enabled = set()
        for value in request.POST.getlist("on"):
            kind, _sep, channel = value.partition(":")
            if kind in codes and channel in (Channel.EMAIL, Channel.SMS):
                enabled.add((kind, channel))
        services.preferences_save(user=request.user, enabled=enabled)
        messages.success(request, _("Your notification choices were saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"rows": selectors.preference_rows(user=request.user), "channels": Channel.choices},
    )


@login_required
def failed(request):
    if not can_manage_deliveries(request.scope):
        raise PermissionDenied
    page = Paginator(selectors.problem_deliveries(scope=request.scope), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/failed.html", {"page": page})


@login_required
@require_POST
def retry(request, pk):
    if not can_manage_deliveries(request.scope):
        raise PermissionDenied
    delivery = selectors.problem_delivery_get(scope=request.scope, pk=pk)
    if delivery is None:
        raise Http404
    try:
        services.delivery_retry(scope=request.scope, actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("notifications:failed")
