"""My notifications through the API: the same selectors and services as the pages."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from hamafza.core.api_schemas import ERRORS
from hamafza.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class UnreadOut(Schema):
    unread: int


@router.get("/", response={200: list[NotificationOut], **ERRORS}, operation_id="notifications_list")
def notifications_list(request, unread: bool = False, limit: int = 50):
    rows = selectors.notifications_for(user=request.user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return list(rows[: max(1, min(limit, 200))])


@router.post(
    "/{pk}/read", response={200: NotificationOut, **ERRORS}, operation_id="notifications_read"
)
def notifications_read(request, pk: int):
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    return notification


@router.post(
    "/read-all", response={200: UnreadOut, **ERRORS}, operation_id="notifications_read_all"
)
def notifications_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    return {"unread": selectors.unread_count(user=request.user)}
