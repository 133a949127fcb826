from django.urls import path

from hamafza.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.test_list, name="list"),
    path("new/", views.test_create, name="create"),
    path("<int:pk>/", views.test_detail, name="detail"),
    path("<int:pk>/paper/<str:phase>/", views.paper_grid, name="grid"),
    path("<int:pk>/scores/", views.paper_scores, name="scores"),
    path("go/<str:token>/", views.door, name="door"),
    path("take/<str:token>/", views.take, name="take"),
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/mine/", views.my_scorecard, name="my_scorecard"),
    path(
        "trainers/<int:trainer_pk>/scorecard/",
        views.trainer_scorecard,
        name="trainer_scorecard",
    ),
    path("observe/<int:session_pk>/", views.observe, name="observe"),
    path(
        "trainers/<int:trainer_pk>/observations/",
        views.trainer_observations,
        name="trainer_observations",
    ),
]
