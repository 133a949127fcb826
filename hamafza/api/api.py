"""The REST API under /api/ (django-ninja). OpenAPI document: /api/openapi.json."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpResponse
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from hamafza.agreements.api import router as agreements_router
from hamafza.api.auth import ScopedSessionAuth, TokenAuth
from hamafza.assessment.api import router as assessment_router
from hamafza.camps.api import router as camps_router
from hamafza.catalogue.api import router as catalogue_router
from hamafza.community.api import router as community_router
from hamafza.core.concurrency import StaleVersion
from hamafza.library.api import router as library_router
from hamafza.meetings.api import router as meetings_router
from hamafza.mentoring.api import router as mentoring_router
from hamafza.monitoring.api import router as monitoring_router
from hamafza.notifications.api import router as notifications_router
from hamafza.org.api import router as org_router
from hamafza.plans.api import router as plans_router
from hamafza.questions.api import router as questions_router
from hamafza.research.api import router as research_router
from hamafza.sessions.api import router as sessions_router
from hamafza.surveys.api import router as surveys_router
from hamafza.trainers.api import router as trainers_router
from hamafza.volunteering.api import router as volunteering_router

api = NinjaAPI(
    title="Hamafza API",
    version="1",
    description="Citizenship-education platform. Every answer is limited to the caller's scope.",
    auth=[TokenAuth(), ScopedSessionAuth()],
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
api.add_router("/org/", org_router)
api.add_router("/catalogue/", catalogue_router)
api.add_router("/trainers/", trainers_router)
api.add_router("/plans/", plans_router)
api.add_router("/sessions/", sessions_router)
api.add_router("/camps/", camps_router)
api.add_router("/volunteering/", volunteering_router)
api.add_router("/library/", library_router)
api.add_router("/questions/", questions_router)
api.add_router("/mentoring/", mentoring_router)
api.add_router("/community/", community_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/agreements/", agreements_router)
api.add_router("/notifications/", notifications_router)
api.add_router("/surveys/", surveys_router)
api.add_router("/assessment/", assessment_router)
api.add_router("/research/", research_router)
api.add_router("/monitoring/", monitoring_router)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(StaleVersion)
def stale_version(request, exc: StaleVersion):
    # Someone else saved the record after the version the client read: a conflict, not bad input.
    return api.create_response(request, {"detail": exc.messages[0]}, status=409)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or _("You may not do this.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": _("Not found, or not yours to see.")}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(
        request, {"detail": _("Sign in, or send a valid API token.")}, status=401
    )


@api.exception_handler(Exception)
def server_error(request, exc):
    """A fault of ours answers the published error body (ErrorOut), not Django's HTML page; it is
    logged and signalled as Django logs any 500, so it is seen. With DEBUG on, the debug page."""
    if settings.DEBUG:
        raise exc
    got_request_exception.send(sender=None, request=request)
    log_response(
        "Internal Server Error: %s",
        request.path,
        response=HttpResponse(status=500),
        request=request,
        exception=exc,
    )
    detail = _("Something went wrong on our side. Try again in a little while.")
    return api.create_response(request, {"detail": detail}, status=500)
