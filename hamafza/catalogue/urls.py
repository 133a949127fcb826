from django.urls import path

from hamafza.catalogue import question_views, views

app_name = "catalogue"

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("domains/", views.domain_list, name="domain_list"),
    path("domains/<int:pk>/edit/", views.domain_list, name="domain_edit"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<int:pk>/versions/new/", views.version_new, name="version_new"),
    path("programs/<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path(
        "programs/<int:pk>/versions/<int:number>/notes/",
        views.version_notes,
        name="version_notes",
    ),
    path(
        "programs/<int:pk>/versions/<int:number>/publish/",
        views.version_publish,
        name="version_publish",
    ),
    path(
        "programs/<int:pk>/versions/<int:number>/lessons/new/",
        views.lesson_create,
        name="lesson_create",
    ),
    path(
        "programs/<int:pk>/versions/<int:number>/materials/new/",
        views.material_add,
        name="material_add",
    ),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/delete/", views.lesson_delete, name="lesson_delete"),
    path("materials/<int:pk>/file/", views.material_download, name="material_download"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path("programs/<int:pk>/questions/", question_views.question_list, name="question_list"),
    path(
        "programs/<int:pk>/questions/new/", question_views.question_create, name="question_create"
    ),
    path(
        "programs/<int:pk>/questions/sheet/", question_views.question_sheet, name="question_sheet"
    ),
    path("programs/<int:pk>/questions/answer-key/", question_views.answer_key, name="answer_key"),
    path("questions/<int:pk>/edit/", question_views.question_edit, name="question_edit"),
]
