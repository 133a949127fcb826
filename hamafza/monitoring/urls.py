from django.urls import path

from hamafza.monitoring import views, views_report

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("data.json", views.data, name="data"),
    path("export.xlsx", views.export, name="export"),
    path("report.pdf", views_report.report_pdf, name="report"),
    path("trainer/", views.trainer, name="my_delivery"),
    path("trainers/<int:trainer_pk>/", views.trainer, name="trainer"),
]
