from django.urls import path

from hamafza.sessions import views, views_bulk

app_name = "sessions"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("copy/", views_bulk.copy_schedule, name="copy"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/confirm/", views.session_confirm, name="confirm"),
    path("<int:pk>/deliver/", views.deliver, name="deliver"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("<int:pk>/checkin-code/", views.checkin_code, name="checkin_code"),
    path("checkin/<str:code>/", views.checkin_page, name="checkin"),
    path("today/", views.today, name="today"),
    path("calendar/", views.calendar, name="calendar"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/register/", views.public_register, name="public_register"),
    path("public/confirm/<str:token>/", views.public_confirm, name="public_confirm"),
    path("public/registration/<str:token>/", views.public_registration, name="public_registration"),
    path("to-confirm/", views.school_verify, name="school_verify"),
    path("unverified/", views.unverified, name="unverified"),
]
