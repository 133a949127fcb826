from django.urls import path

from hamafza.camps import views

app_name = "camps"

urlpatterns = [
    path("", views.camp_list, name="list"),
    path("new/", views.camp_edit, name="create"),
    path("<int:pk>/", views.camp_detail, name="detail"),
    path("<int:pk>/edit/", views.camp_edit, name="edit"),
    path("<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path(
        "<int:pk>/participants/<int:participant_pk>/consent/",
        views.participant_consent,
        name="participant_consent",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/status/",
        views.participant_status,
        name="participant_status",
    ),
    path("<int:pk>/staff/new/", views.staff_add, name="staff_add"),
    path("<int:pk>/staff/<int:member_pk>/remove/", views.staff_remove, name="staff_remove"),
    path("<int:pk>/programme/new/", views.programme_add, name="programme_add"),
    path(
        "<int:pk>/programme/<int:link_pk>/remove/", views.programme_remove, name="programme_remove"
    ),
]
