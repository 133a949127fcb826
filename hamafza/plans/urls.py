from django.urls import path

from hamafza.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.detail, name="detail"),
    path("district/<int:pk>/", views.district, name="district"),
    path("district/<int:pk>/lines/new/", views.line_form, name="line_new"),
    path("district/<int:pk>/lines/<int:line_pk>/", views.line_form, name="line_edit"),
    path("district/<int:pk>/lines/<int:line_pk>/remove/", views.line_delete, name="line_delete"),
    path("district/<int:pk>/action/", views.action, name="action"),
]
