from django.urls import path

from hamafza.community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("overview/", views.overview, name="overview"),
]
