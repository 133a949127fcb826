from django.urls import path

from hamafza.community import views

app_name = "community"

urlpatterns = [
    path("search/", views.search_page, name="search"),
]
