"""Site-wide contracts: health check, OpenAPI, languages, no assets from other hosts,
translations complete, production settings pass the deploy checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] in ("sqlite", "postgresql")


def test_openapi_document_lists_organisation_endpoints(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/org/schools", "/api/org/districts", "/api/org/venues", "/api/org/agencies"):
        assert path in doc["paths"]
    assert "422" in doc["paths"]["/api/org/schools"]["post"]["responses"]


def test_persian_is_the_default_and_english_has_a_prefix(client, world, users):
    client.force_login(users["directorate"])
    fa = client.get("/").content.decode()
    assert '<html lang="fa" dir="rtl">' in fa
    assert "bootstrap.rtl.min.css" in fa
    en = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in en
    assert "bootstrap.min.css" in en


def test_language_switcher_sets_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response["Location"] == "/en/accounts/login/"


def test_pages_load_nothing_from_other_hosts(client, world, users):
    client.force_login(users["directorate"])
    for url in ("/", reverse("org:school_list"), "/en" + reverse("org:school_list")):
        html = client.get(url).content.decode()
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", ref), (url, ref)


def test_vendored_assets_are_served(client):
    for path in (
        "vendor/bootstrap/bootstrap.rtl.min.css",
        "vendor/htmx/htmx.min.js",
        "vendor/fonts/Vazirmatn-Regular.woff2",
        "vendor/jalalidatepicker/jalalidatepicker.min.js",
        "vendor/chartjs/chart.umd.min.js",
    ):
        assert (ROOT / "static" / path).exists(), path


def test_persian_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(ROOT / "locale/fa/LC_MESSAGES/django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    mo = polib.mofile(str(ROOT / "locale/fa/LC_MESSAGES/django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_every_translatable_string_is_in_the_catalogue(tmp_path):
    """makemessages finds no string that the committed .po lacks."""
    copy = tmp_path / "django.po"
    copy.write_bytes((ROOT / "locale/fa/LC_MESSAGES/django.po").read_bytes())
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fa", "--no-location", "-v", "0",
         "--ignore=.venv", "--ignore=node_modules", "--ignore=static", "--ignore=staticfiles"],
        cwd=ROOT, check=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )  # fmt: skip
    fresh = polib.pofile(str(ROOT / "locale/fa/LC_MESSAGES/django.po"))
    (ROOT / "locale/fa/LC_MESSAGES/django.po").write_bytes(copy.read_bytes())
    missing = [e.msgid for e in fresh.untranslated_entries()]
    assert missing == [], f"run makemessages and translate: {missing[:10]}"


@pytest.mark.parametrize("command", [["check", "--deploy", "--fail-level", "WARNING"]])
def test_production_settings_pass_deploy_checks(command):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-secret-key-for-the-check-" + "y" * 20,
        "ALLOWED_HOSTS": "hamafza.example.ir",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_accounts_command(db):
    import json
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    out = StringIO()
    call_command("demo_accounts", "--json", stdout=out)
    accounts = json.loads(out.getvalue())
    roles = {a["role"] for a in accounts}
    assert roles == {
        "platform_admin", "directorate", "district_coordinator", "agency_liaison",
        "school_contact", "trainer", "volunteer", "citizen",
    }  # fmt: skip
    for a in accounts:
        assert {"username", "password", "role", "scope"} <= set(a)
        assert "municipality" in a["scope"]
    from hamafza.org.models import District, School

    assert District.objects.filter(municipality__slug="tehran").count() == 22
    assert School.objects.filter(municipality__slug="tehran").count() == 200
    assert District.objects.filter(municipality__slug="bumehen").count() == 1


def test_the_api_docs_load_nothing_from_another_host(client_for):
    import re

    page = client_for("directorate").get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in a for a in assets)
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
