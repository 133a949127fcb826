from django.urls import path

from hamafza.volunteering import views

app_name = "volunteering"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/shifts/", views.shift_add, name="shift_add"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/close/", views.close, name="close"),
    path("shifts/<int:pk>/signup/", views.signup, name="signup"),
    path("signups/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("volunteers/", views.volunteers, name="volunteers"),
    path("volunteers/new/", views.volunteer_add, name="volunteer_add"),
]
