from django.urls import path

from hamafza.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("propose/", views.propose, name="propose"),
    path("capacity/", views.capacity, name="capacity"),
    path("requirements/", views.requirements, name="requirements"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/log/", views.log, name="log"),
]
