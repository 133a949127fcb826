from django.urls import path

from hamafza.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.meeting_form, name="new"),
    path("series/new/", views.series_form, name="series_new"),
    path("series/<int:pk>/", views.series_form, name="series_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_form, name="edit"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invitees/<int:invitee_pk>/remove/", views.uninvite, name="uninvite"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("a/<str:token>/", views.action_link, name="action_link"),
]
