from django.urls import path

from hamafza.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("data.json", views.data, name="data"),
    path("export.xlsx", views.export, name="export"),
]
