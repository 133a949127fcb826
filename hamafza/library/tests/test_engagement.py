"""What a published resource gathers, and the input that must be refused whole: ratings 1–5 one
per person (rating again changes it), "used in my session" only for one's own delivered
sessions, downloads counted through the gate, files checked by content and size, and a new file
of a published resource is a new version with the earlier ones kept."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hamafza.accounts.models import ApiToken
from hamafza.library import services
from hamafza.library.models import Rating, Resource, ResourceFile, Use
from hamafza.library.tests.conftest import PDF, as_, pdf


def rate(client, resource, stars):
    return client.post(reverse("library:rate", args=[resource.pk]), {"stars": stars}, follow=True)


@pytest.mark.parametrize("stars", ["0", "6", "-1", "abc", "", "3.5", "100"])
def test_a_rating_out_of_range_is_refused_and_nothing_written(lib, client_for, stars):
    response = rate(client_for("coordinator_d6"), lib.published, stars)
    assert response.status_code == 200
    assert not Rating.objects.exists()
    text = " ".join(m.message for m in response.context["messages"])
    assert "۱" in text or "1" in text  # the message names the range


def test_one_rating_per_person_and_rating_again_changes_it(lib, client_for, users):
    client = client_for("coordinator_d6")
    rate(client, lib.published, "2")
    rate(client, lib.published, "۵")  # Persian digits are read
    assert list(Rating.objects.values_list("user_id", "stars")) == [(users["coordinator_d6"].pk, 5)]
    rate(client_for("trainer"), lib.published, "4")
    row = client.get(reverse("library:detail", args=[lib.published.pk]))
    assert row.context["resource"].rating_count == 2
    assert row.context["resource"].rating_avg == 4.5


def test_a_draft_cannot_be_rated_or_commented(lib, users):
    with pytest.raises(ValidationError):
        services.resource_rate(
            scope=as_(users, "trainer"), actor=users["trainer"], resource=lib.draft, stars=5
        )
    assert not Rating.objects.exists()


def test_used_in_my_session_only_for_my_own_delivered_sessions(lib, client_for, users):
    client = client_for("trainer")
    url = reverse("library:use", args=[lib.published.pk])
    page = client.get(reverse("library:detail", args=[lib.published.pk]))
    offered = [s.pk for s in page.context["sessions"]]
    assert offered == [lib.delivered.pk]  # not the planned one, not t12's
    for session in (lib.planned, lib.others):
        client.post(url, {"session": session.pk})
    assert not Use.objects.exists()
    client.post(url, {"session": lib.delivered.pk})
    client.post(url, {"session": lib.delivered.pk})  # twice: still one
    assert list(Use.objects.values_list("session_id", flat=True)) == [lib.delivered.pk]
    page = client_for("coordinator_d6").get(reverse("library:detail", args=[lib.published.pk]))
    assert page.context["resource"].use_count == 1
    assert "در ۱ جلسه" in page.content.decode()  # "used in 1 session"
    # a coordinator does not link sessions
    assert client_for("coordinator_d6").post(url, {"session": lib.delivered.pk}).status_code == 403


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_saved(lib, client_for, pool):
    client = client_for("trainer")
    before = Resource.objects.count()
    response = client.post(
        reverse("library:create"),
        {
            "kind": "slides",
            "title": "اسلاید آتش‌نشانی",
            "domain": pool.health.pk,
            "audience": "adults",
            "gender": "any",
            "licence": "all_rights",
            "summary": "ارائه",
            "file": SimpleUploadedFile("slides.pdf", b"<html><script>alert(1)</script></html>"),
        },  # fmt: skip
    )
    assert response.status_code == 400
    assert "allowed types" in response.content.decode() or "مجاز" in response.content.decode()
    assert Resource.objects.count() == before


def test_an_oversize_file_is_refused(lib, users, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1000)
    with pytest.raises(services.ValidationError):
        services.file_add(
            scope=as_(users, "trainer"), actor=users["trainer"], resource=lib.draft,
            upload=pdf(content=PDF + b" " * 2000),
        )  # fmt: skip
    assert lib.draft.files.count() == 1


def test_a_new_file_of_a_published_resource_is_a_new_version(lib, client_for):
    client = client_for("trainer")
    response = client.post(
        reverse("library:file_add", args=[lib.published.pk]),
        {"file": pdf("نسخه دوم.pdf"), "note": "تصویرهای تازه"},
    )
    assert response.status_code == 302
    numbers = list(lib.published.files.values_list("number", flat=True))
    assert numbers == [2, 1]
    # a draft's file is replaced (no versions before publication)
    client.post(reverse("library:file_add", args=[lib.draft.pk]), {"file": pdf("دیگر.pdf")})
    assert list(lib.draft.files.values_list("number", flat=True)) == [1]


def test_downloads_are_counted_and_go_through_the_gate(lib, client_for):
    url = reverse("library:download", args=[lib.published.pk])
    response = client_for("school_contact_s6").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"
    client_for("trainer").get(url)
    lib.published.refresh_from_db()
    assert lib.published.download_count == 2
    assert client_for("volunteer").get(url).status_code == 403
    assert client_for("bumehen_directorate").get(url).status_code == 404
    draft = reverse("library:download", args=[lib.draft.pk])
    assert client_for("directorate").get(draft).status_code == 404
    assert client_for("trainer").get(draft).status_code == 200  # the author previews…
    lib.draft.refresh_from_db()
    assert lib.draft.download_count == 0  # …uncounted
    assert ResourceFile.objects.filter(resource=lib.published).count() == 1


def _api(user):
    client = Client()
    key = ApiToken.issue(user, "test")[1]

    def call(method, url, body=None):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        if method == "get":
            return client.get(url, **auth)
        return client.post(url, json.dumps(body or {}), content_type="application/json", **auth)

    return call


def test_the_api_runs_the_same_workflow(lib, users, pool):
    trainer, boss = _api(users["trainer"]), _api(users["directorate"])
    body = {
        "kind": "good_practice", "title": "تجربهٔ کلاس چندپایه", "summary": "آنچه جواب داد",
        "domain_id": pool.health.pk, "audience": "parents", "links": ["https://example.org/v"],
    }  # fmt: skip
    created = trainer("post", "/api/library/resources", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert boss("get", f"/api/library/resources/{pk}").status_code == 404  # a draft: author only
    assert trainer("post", f"/api/library/resources/{pk}/submit").json()["status"] == "submitted"
    assert trainer("post", f"/api/library/resources/{pk}/publish").status_code == 403
    published = boss("post", f"/api/library/resources/{pk}/publish")
    assert published.json()["status"] == "published"
    bad = boss("post", f"/api/library/resources/{pk}/rate", {"stars": 9})
    assert bad.status_code == 422
    assert not Rating.objects.exists()
    good = boss("post", f"/api/library/resources/{pk}/rate", {"stars": 4})
    assert good.json() == {"stars": 4, "rating_average": 4.0, "rating_count": 1}
    listed = _api(users["coordinator_d6"])("get", "/api/library/resources?q=چندپایه")
    assert [r["id"] for r in listed.json()["items"]] == [pk]
    assert _api(users["volunteer"])("get", "/api/library/resources").status_code == 403
    other = _api(users["bumehen_directorate"])("get", f"/api/library/resources/{pk}")
    assert other.status_code == 404


def test_the_api_warns_of_a_duplicate_title(lib, users, pool):
    trainer = _api(users["trainer"])
    body = {
        "kind": "game", "title": "بازي شستن دست‌ها", "summary": "دوباره",
        "domain_id": pool.health.pk, "program_id": lib.plan.program.pk,
        "audience": "primary_lower",
    }  # fmt: skip
    created = trainer("post", "/api/library/resources", body)
    assert created.status_code == 201
    assert created.json()["warnings"] == ["duplicate_title"]
