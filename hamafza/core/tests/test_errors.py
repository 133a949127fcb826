"""Error pages: a person who meets 400, 403, 404 or 500 reads a short explanation in their own
language, in the site's layout, with a way back (home and back); the API keeps its JSON errors."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as site_urls
from hamafza.org.models import Membership


def _boom(request):
    raise RuntimeError("an error nobody expected")


def _refused(request):
    raise SuspiciousOperation("bad request")


urlpatterns = [
    *i18n_patterns(path("boom/", _boom), path("refused/", _refused), prefix_default_language=False),
    *site_urls,
]


def test_missing_page_is_the_persian_404_in_the_sites_layout(client, world, users):
    client.force_login(users["directorate"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert 'class="navbar navbar-expand-lg navbar-hz' in html  # the site's menu bar
    assert "صفحه پیدا نشد" in html
    assert "۴۰۴" in html
    assert reverse("core:home") in html and "data-hz-back" in html  # wired in hamafza.js
    assert "Not Found" not in html


def test_missing_page_under_en_is_the_english_404(client, world, users):
    client.force_login(users["directorate"])
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Page not found" in html
    assert 'href="/en/"' in html  # home in English


def test_a_record_outside_the_scope_answers_the_404_page(client, world, users):
    client.force_login(users["coordinator_d6"])
    response = client.get(reverse("org:school_detail", args=[world.s12.pk]))
    assert response.status_code == 404
    assert "صفحه پیدا نشد" in response.content.decode()


def test_citizen_opening_a_directorate_page_sees_the_persian_403(client, world, users):
    client.force_login(users["citizen"])
    before = Membership.objects.count()
    response = client.post(
        reverse("org:person_add"),
        {"first_name": "رضا", "last_name": "کاظمی", "username": "reza.k", "role": "trainer"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert 'class="navbar navbar-expand-lg navbar-hz' in html
    assert "اجازه دسترسی به این صفحه را ندارید" in html
    assert "Forbidden" not in html
    assert Membership.objects.count() == before
    response = client.get(reverse("org:people"))
    assert response.status_code == 403
    assert "اجازه دسترسی به این صفحه را ندارید" in response.content.decode()


def test_403_shows_the_translated_reason_of_the_refusal(rf, world, users):
    from django.utils import translation
    from django.utils.translation import gettext_lazy
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = users["citizen"]
    with translation.override("fa"):
        reason = gettext_lazy("This record is outside your area.")
        response = permission_denied(request, PermissionDenied(reason))
        assert str(reason) != "This record is outside your area."
        assert str(reason) in response.content.decode()


def test_htmx_request_gets_a_short_message_not_a_page(client, world, users):
    client.force_login(users["citizen"])
    response = client.get(reverse("org:people"), headers={"HX-Request": "true"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "data-hz-error" in html
    assert "<nav" not in html and "<html" not in html


def test_api_errors_stay_json(client, world, users):
    client.force_login(users["citizen"])
    response = client.get("/api/org/schools/999999")
    assert response.status_code in (403, 404)
    assert response["Content-Type"].startswith("application/json")


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_renders_the_self_contained_500(world):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html and "css/hamafza.css" in html
    assert "navbar-hz" in html
    assert "مشکلی در سامانه پیش آمد" in html
    assert "۵۰۰" in html
    assert "an error nobody expected" not in html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_in_english(world):
    client = Client(raise_request_exception=False)
    response = client.get("/en/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Something went wrong on our side" in html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.django_db
def test_500_renders_without_the_database(django_assert_num_queries):
    from django.template import loader

    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "navbar-hz" in html


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_bad_request_is_the_persian_400(world, users):
    client = Client(raise_request_exception=False)
    client.force_login(users["directorate"])
    response = client.get("/refused/")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "درخواست شما قابل پردازش نبود" in html


def test_stale_form_is_the_persian_csrf_page(world, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["directorate"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "مهلت این فرم تمام شده است" in html
    assert "CSRF verification failed" not in html
