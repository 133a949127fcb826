from django.urls import path

from hamafza.research import views

app_name = "research"

urlpatterns = [
    path("effectiveness/", views.effectiveness, name="effectiveness"),
    path("export/", views.export, name="export"),
]
