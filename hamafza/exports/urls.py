from django.urls import path

from hamafza.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("<int:pk>/download/", views.download, name="download"),
]
