from django.urls import path

from hamafza.org import imports_views, views

app_name = "org"

urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/new/", views.person_add, name="person_add"),
    path("people/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("people/<int:pk>/revoke-tokens/", views.member_tokens_revoke, name="member_tokens_revoke"),
    path("schools/import/", imports_views.upload, {"kind": "school"}, name="school_import"),
    path("imports/<slug:kind>/new/", imports_views.upload, name="import_upload"),
    path("imports/<slug:kind>/template.xlsx", imports_views.template, name="import_template"),
    path("imports/<int:pk>/", imports_views.review, name="import_review"),
]
for slug, entity in views.ENTITIES.items():
    urlpatterns += [
        path(f"{slug}/", views.record_list, {"slug": slug}, name=f"{entity.key}_list"),
        path(f"{slug}/new/", views.record_edit, {"slug": slug}, name=f"{entity.key}_create"),
        path(f"{slug}/<int:pk>/", views.record_detail, {"slug": slug}, name=f"{entity.key}_detail"),
        path(
            f"{slug}/<int:pk>/edit/", views.record_edit, {"slug": slug}, name=f"{entity.key}_edit"
        ),
        path(
            f"{slug}/<int:pk>/history/",
            views.record_history_view,
            {"slug": slug},
            name=f"{entity.key}_history",
        ),
    ]
