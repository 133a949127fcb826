from django.urls import path

from hamafza.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("new/", views.question_create, name="create"),
    path("unanswered/", views.unanswered, name="unanswered"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("<int:pk>/", views.question_detail, name="detail"),
    path("<int:pk>/edit/", views.question_edit, name="edit"),
    path("<int:pk>/answer/", views.answer_create, name="answer"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/unhide/", views.unhide, name="unhide"),
    path("answers/<int:pk>/edit/", views.answer_edit, name="answer_edit"),
    path("answers/<int:pk>/vote/", views.answer_vote, name="answer_vote"),
    path("answers/<int:pk>/accept/", views.accept, name="accept"),
    path("answers/<int:pk>/report/", views.answer_report, name="answer_report"),
    path("answers/<int:pk>/hide/", views.answer_hide, name="answer_hide"),
    path("answers/<int:pk>/unhide/", views.answer_unhide, name="answer_unhide"),
]
