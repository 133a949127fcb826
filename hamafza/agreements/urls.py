from django.urls import path

from hamafza.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.agreement_form, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_form, name="edit"),
    path("<int:pk>/document/", views.document, name="document"),
    path("<int:pk>/status/", views.transition, name="transition"),
    path("<int:pk>/renew/", views.renew, name="renew"),
    path("<int:pk>/parties/new/", views.party_new, name="party_new"),
    path("<int:pk>/clauses/new/", views.clause_new, name="clause_new"),
    path("<int:pk>/clauses/<int:clause_pk>/", views.clause_new, name="clause_edit"),
    path(
        "<int:pk>/<str:what>/<int:item_pk>/remove/",
        views.remove,
        name="remove",
    ),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/commitments/new/", views.commitment_form, name="commitment_new"),
    path(
        "<int:pk>/commitments/<int:commitment_pk>/",
        views.commitment_form,
        name="commitment_edit",
    ),
    path("commitments/<int:pk>/evidence/", views.evidence_new, name="evidence_new"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
]
