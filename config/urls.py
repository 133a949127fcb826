from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from hamafza.api.api import api
from hamafza.core.views import healthz
from hamafza.sessions.views import verify_link as session_verify_link
from hamafza.surveys.views import door as survey_door
from hamafza.trainers.views import verify_certificate

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("verify/<str:code>/", verify_certificate, name="verify_certificate"),
    path("confirm/<str:token>/", session_verify_link, name="session_verify_link"),
    path("s/<str:token>/", survey_door, name="survey_short"),
]
urlpatterns += i18n_patterns(
    path("", include("hamafza.core.urls")),
    path("accounts/", include("hamafza.accounts.urls")),
    path("org/", include("hamafza.org.urls")),
    path("catalogue/", include("hamafza.catalogue.urls")),
    path("trainers/", include("hamafza.trainers.urls")),
    path("plans/", include("hamafza.plans.urls")),
    path("sessions/", include("hamafza.sessions.urls")),
    path("camps/", include("hamafza.camps.urls")),
    path("volunteering/", include("hamafza.volunteering.urls")),
    path("library/", include("hamafza.library.urls")),
    path("questions/", include("hamafza.questions.urls")),
    path("mentoring/", include("hamafza.mentoring.urls")),
    path("community/", include("hamafza.community.urls")),
    path("monitoring/", include("hamafza.monitoring.urls")),
    path("agreements/", include("hamafza.agreements.urls")),
    path("meetings/", include("hamafza.meetings.urls")),
    path("surveys/", include("hamafza.surveys.urls")),
    path("assessment/", include("hamafza.assessment.urls")),
    path("research/", include("hamafza.research.urls")),
    path("exports/", include("hamafza.exports.urls")),
    path("notifications/", include("hamafza.notifications.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=False,
)
# Uploaded files are never served as public media: each is served by a view that checks who asks.
