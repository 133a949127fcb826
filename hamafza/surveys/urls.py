from django.urls import path

from hamafza.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_edit, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/sections/new/", views.section_add, name="section_add"),
    path("<int:pk>/questions/new/", views.question_edit, name="question_add"),
    path("<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path(
        "<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/links/", views.links, name="links"),
    path("<int:pk>/links/<str:key>/", views.qr, name="qr"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_export, name="export"),
    path("go/<str:token>/", views.door, name="door"),
    path("answer/<str:key>/<str:token>/", views.answer, name="answer"),
]
