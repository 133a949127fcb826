from django.urls import path

from hamafza.library import views

app_name = "library"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("review/", views.review_queue, name="review"),
    path("new/", views.resource_create, name="create"),
    path("<int:pk>/", views.resource_detail, name="detail"),
    path("<int:pk>/edit/", views.resource_edit, name="edit"),
    path("<int:pk>/files/new/", views.file_add, name="file_add"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/return/", views.return_resource, name="return"),
    path("<int:pk>/feature/", views.feature, name="feature"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/use/", views.use, name="use"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("shared/", views.shared_list, name="shared"),
    path("shared/<int:pk>/", views.shared_detail, name="shared_detail"),
    path("shared/<int:pk>/download/", views.shared_download, name="shared_download"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/<int:session_pk>/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/delete/", views.report_delete, name="report_delete"),
    path("reports/<int:pk>/helped/", views.report_helped, name="report_helped"),
    path("reports/photos/<int:pk>/", views.report_photo, name="report_photo"),
]
