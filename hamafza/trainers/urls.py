from django.urls import path

from hamafza.trainers import views

app_name = "trainers"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("new/", views.edit, name="create"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.self_edit, name="self_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/level/", views.set_level, name="set_level"),
    path("<int:pk>/certificates/new/", views.certificate_add, name="certificate_add"),
    path("<int:pk>/calendar/", views.calendar, name="calendar"),
    path("<int:pk>/availability/", views.availability, name="availability"),
    path("<int:pk>/leave/", views.leave_add, name="leave_add"),
    path("certificates/pending/", views.certificates_pending, name="certificates_pending"),
    path("certificates/expiring/", views.certificates_expiring, name="certificates_expiring"),
    path("certificates/<int:pk>/review/", views.certificate_review, name="certificate_review"),
    path("certificates/<int:pk>/file/", views.certificate_file, name="certificate_file"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("ladder/", views.ladder, name="ladder"),
    path("courses/", views.course_list, name="courses"),
    path("courses/new/", views.course_edit, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
]
