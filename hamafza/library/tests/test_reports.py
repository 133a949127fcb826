"""Experience reports: a trainer reports on a session they delivered (once), every staff role of
the municipality reads it and marks "this helped me" once, only its author changes or deletes it,
photos are images only, stripped of every piece of metadata (the GPS position above all), and
photos of a session with children need the trainer's word that no child can be identified."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from hamafza.accounts.models import ApiToken
from hamafza.library import services
from hamafza.library.models import ExperienceReport, Helped, ReportPhoto
from hamafza.library.tests.conftest import PDF, as_
from hamafza.search.models import SearchDocument

TEXT = {
    "worked": "بازی نقش با عروسک‌های دستکشی بچه‌ها را تا آخر جلسه سرپا نگه داشت",
    "did_not_work": "پخش فیلم؛ پروژکتور مدرسه کم‌نور بود",
    "tips": "ماژیک فسفری و چراغ‌قوه ببرید",
}


def jpeg_with_gps(size=(40, 20)) -> bytes:
    """A JPEG carrying EXIF with a GPS position (Tehran), an orientation, XMP and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to stand up
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 41.0, 21.0)
    gps[3], gps[4] = "E", (51.0, 23.0, 20.0)
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(out, "JPEG", exif=exif, comment=b"kid: Sara", xmp=xmp)
    return out.getvalue()


def photo(name="class.jpg", content=None):
    return SimpleUploadedFile(name, content if content is not None else jpeg_with_gps())


def report(lib, users, **extra):
    return services.report_create(
        scope=as_(users, "trainer"),
        actor=users["trainer"],
        session=lib.delivered,
        data=dict(TEXT),
        **extra,
    )


def create_url(session):
    return reverse("library:report_create", args=[session.pk])


def test_a_trainer_reports_on_a_session_they_delivered_and_it_is_indexed(lib, client_for, users):
    client = client_for("trainer")
    page = client.get(reverse("sessions:detail", args=[lib.delivered.pk]))
    assert create_url(lib.delivered) in page.content.decode()  # the session page links to it
    response = client.post(create_url(lib.delivered), TEXT)
    row = ExperienceReport.objects.get()
    assert response.status_code == 302 and response.url == row.get_absolute_url()
    assert (row.worked, row.program_id, row.lesson_id, row.district_id) == (
        TEXT["worked"],
        lib.plan.program.pk,
        lib.plan.lesson.pk,
        lib.delivered.district_id,
    )
    doc = SearchDocument.objects.get(kind="report", object_id=row.pk)
    assert doc.district_id == lib.delivered.district_id and "پروژکتور" in doc.body
    # the session page now leads to the report; a second report is not offered
    page = client.get(reverse("sessions:detail", args=[lib.delivered.pk])).content.decode()
    assert row.get_absolute_url() in page
    assert client.get(create_url(lib.delivered)).status_code == 302
    with pytest.raises(ValidationError):  # one report per trainer and session
        report(lib, users)
    assert ExperienceReport.objects.count() == 1


@pytest.mark.parametrize("who", ["trainer_d12", "coordinator_d6", "directorate"])
def test_only_the_sessions_trainer_reports(lib, client_for, users, who):
    users["trainer_d12"] = lib.pool.t12.user
    response = client_for(who).post(create_url(lib.delivered), TEXT)
    assert response.status_code == 403
    assert not ExperienceReport.objects.exists()


def test_only_delivered_sessions_are_reported(lib, client_for, users):
    assert client_for("trainer").post(create_url(lib.planned), TEXT).status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_create(
            scope=as_(users, "trainer"), actor=users["trainer"], session=lib.planned, data=TEXT
        )
    assert not ExperienceReport.objects.exists()


def test_an_empty_report_is_refused_with_a_message(lib, client_for):
    response = client_for("trainer").post(create_url(lib.delivered), {"worked": "  "})
    assert response.status_code == 400
    assert "نکته" in response.content.decode() or "tip" in response.content.decode()
    assert not ExperienceReport.objects.exists()


def test_photos_of_a_school_session_need_the_no_child_identifiable_tick(lib, client_for):
    client = client_for("trainer")
    response = client.post(create_url(lib.delivered), {**TEXT, "photos": [photo()]})
    assert response.status_code == 400
    assert response.context["form"].errors["no_minor_identifiable"]
    assert not ExperienceReport.objects.exists() and not ReportPhoto.objects.exists()
    response = client.post(
        create_url(lib.delivered), {**TEXT, "photos": [photo()], "no_minor_identifiable": "on"}
    )
    assert response.status_code == 302
    assert ReportPhoto.objects.count() == 1


def test_an_adults_session_needs_no_tick(lib, users):
    lib.plan.program.audience = "adults"
    lib.plan.program.save()
    row = report(lib, users, photos=[photo()])
    assert row.photos.count() == 1 and not row.no_minor_identifiable


def test_every_stored_photo_has_no_metadata_and_stands_up(lib, users):
    row = report(lib, users, photos=[photo()], no_minor_identifiable=True)
    stored = row.photos.get()
    with stored.file.open("rb") as handle:
        data = handle.read()
    assert b"CameraMaker" not in data and b"kid: Sara" not in data and b"xmpmeta" not in data
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()  # no EXIF at all, so no GPS
    assert not image.getexif().get_ifd(0x8825)
    assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info
    assert image.size == (20, 40)  # the camera's rotation was applied to the pixels
    assert stored.content_type == "image/jpeg" and stored.file.name.endswith(".jpg")


def test_a_png_keeps_no_text_chunks(lib, users):
    from PIL import PngImagePlugin  # only this test writes PNG text chunks

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Sara, grade 2")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    row = report(lib, users, photos=[photo("a.png", out.getvalue())], no_minor_identifiable=True)
    with row.photos.get().file.open("rb") as handle:
        data = handle.read()
    assert b"Sara" not in data
    assert Image.open(io.BytesIO(data)).mode == "RGBA"


@pytest.mark.parametrize(
    "name,content",
    [("poster.jpg", PDF), ("page.html", b"<html><script>x</script></html>"), ("empty.jpg", b"")],
)
def test_a_file_that_is_not_an_image_is_refused_and_nothing_saved(lib, client_for, name, content):
    response = client_for("trainer").post(
        create_url(lib.delivered),
        {**TEXT, "photos": [photo(), photo(name, content)], "no_minor_identifiable": "on"},
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors.get("photos", []))
    assert errors  # a message on the photos field
    assert not ExperienceReport.objects.exists() and not ReportPhoto.objects.exists()


def test_a_broken_image_is_refused(lib, users):
    broken = jpeg_with_gps()[:200]
    with pytest.raises(ValidationError):
        report(lib, users, photos=[photo("x.jpg", broken)], no_minor_identifiable=True)
    assert not ExperienceReport.objects.exists()


def test_at_most_six_photos(lib, users):
    with pytest.raises(ValidationError):
        report(lib, users, photos=[photo() for _ in range(7)], no_minor_identifiable=True)
    assert not ExperienceReport.objects.exists()


def test_every_staff_role_reads_it_and_its_photo_through_the_gate(lib, users, client_for):
    row = report(lib, users, photos=[photo()], no_minor_identifiable=True)
    url = reverse("library:report_photo", args=[row.photos.get().pk])
    for who in ("coordinator_d6", "liaison_health", "school_contact_s6", "directorate"):
        assert client_for(who).get(row.get_absolute_url()).status_code == 200
        response = client_for(who).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]  # a photo of a class
    for who in ("bumehen_directorate", "citizen", "volunteer"):
        assert client_for(who).get(row.get_absolute_url()).status_code in (403, 404)
        assert client_for(who).get(url).status_code in (403, 404)
    assert Client().get(url).status_code == 302  # to the login
    assert "/media/" not in url


def test_helped_once_per_person_toggles_and_counts(lib, users, client_for):
    row = report(lib, users)
    url = reverse("library:report_helped", args=[row.pk])
    coordinator = client_for("coordinator_d6")
    response = coordinator.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "۱" in response.content.decode()
    coordinator.post(url)  # again: the mark is taken back
    assert not Helped.objects.exists()
    coordinator.post(url)
    client_for("liaison_health").post(url)
    assert Helped.objects.count() == 2
    assert SearchDocument.objects.get(kind="report", object_id=row.pk).used == 2
    assert client_for("bumehen_directorate").post(url).status_code in (403, 404)
    assert client_for("trainer").post(url).status_code == 403  # its author
    assert Helped.objects.count() == 2
    own = client_for("trainer").get(row.get_absolute_url()).content.decode()
    assert f'id="helped-{row.pk}"' in own and "aria-pressed" not in own  # the count, no button


def test_only_the_author_edits_with_the_version_and_deletes(lib, users, client_for):
    row = report(lib, users)
    edit = reverse("library:report_edit", args=[row.pk])
    form = client_for("trainer").get(edit).context["form"]
    version = form.initial["version"]
    # another trainer, a coordinator: refused, nothing changed
    users["trainer_d12"] = lib.pool.t12.user
    for who in ("trainer_d12", "coordinator_d6"):
        assert (
            client_for(who).post(edit, {**TEXT, "tips": "x", "version": version}).status_code == 403
        )
        delete = client_for(who).post(reverse("library:report_delete", args=[row.pk]))
        assert delete.status_code == 403
    row.refresh_from_db()
    assert row.tips == TEXT["tips"]
    client = client_for("trainer")
    assert (
        client.post(edit, {**TEXT, "tips": "چراغ‌قوه یادتان نرود", "version": version}).status_code
        == 302
    )
    row.refresh_from_db()
    assert row.tips == "چراغ‌قوه یادتان نرود"
    assert "چراغ" in SearchDocument.objects.get(kind="report", object_id=row.pk).body
    # the same old version again: stale, refused
    stale = client.post(edit, {**TEXT, "tips": "دیر", "version": version})
    assert stale.status_code == 400
    row.refresh_from_db()
    assert row.tips == "چراغ‌قوه یادتان نرود"
    client.post(reverse("library:report_delete", args=[row.pk]))
    assert not ExperienceReport.objects.exists()
    assert not SearchDocument.objects.filter(kind="report").exists()


def test_the_program_page_shows_the_reports(lib, users, client_for):
    row = report(lib, users)
    page = client_for("coordinator_d6").get(lib.plan.program.get_absolute_url()).content.decode()
    assert row.get_absolute_url() in page


def test_the_list_filters_by_program_and_domain(lib, users, client_for):
    row = report(lib, users)
    client = client_for("coordinator_d6")
    listed = client.get(reverse("library:reports"), {"program": lib.plan.program.pk})
    assert [r.pk for r in listed.context["page"].object_list] == [row.pk]
    other = client.get(reverse("library:reports"), {"program": lib.plan.program.pk + 999})
    assert list(other.context["page"].object_list) == []
    by_domain = client.get(reverse("library:reports"), {"domain": lib.pool.health.pk})
    assert [r.pk for r in by_domain.context["page"].object_list] == [row.pk]


def _api(user):
    _row, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_creates_lists_and_marks_helped(lib, users):
    client = Client()
    body = json.dumps({"session_id": lib.delivered.pk, **TEXT})
    created = client.post(
        "/api/library/reports", body, content_type="application/json", **_api(users["trainer"])
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    again = client.post(
        "/api/library/reports", body, content_type="application/json", **_api(users["trainer"])
    )
    assert again.status_code in (400, 422) and ExperienceReport.objects.count() == 1
    planned = json.dumps({"session_id": lib.planned.pk, **TEXT})
    refused = client.post(
        "/api/library/reports", planned, content_type="application/json",
        **_api(users["trainer"]),
    )  # fmt: skip
    assert refused.status_code == 403 and ExperienceReport.objects.count() == 1
    coordinator = _api(users["coordinator_d6"])
    listed = client.get("/api/library/reports", **coordinator).json()
    assert [r["id"] for r in listed["items"]] == [pk]
    marked = client.post(f"/api/library/reports/{pk}/helped", **coordinator).json()
    assert marked == {"helped": True, "count": 1}
    other = client.get(f"/api/library/reports/{pk}", **_api(users["bumehen_directorate"]))
    assert other.status_code in (403, 404)


def test_the_author_takes_photos_away_and_adds_new_ones_with_the_tick(
    lib, users, client_for, django_capture_on_commit_callbacks
):
    row = report(lib, users, photos=[photo(), photo()], no_minor_identifiable=True)
    first, second = row.photos.order_by("pk")
    edit = reverse("library:report_edit", args=[row.pk])
    client = client_for("trainer")
    version = client.get(edit).context["form"].initial["version"]
    data = {**TEXT, "version": version, "remove_photos": [str(first.pk)], "photos": [photo()]}
    refused = client.post(edit, data)  # children at the session, the tick left out
    assert refused.status_code == 400
    assert refused.context["form"].errors["no_minor_identifiable"]
    assert list(row.photos.order_by("pk")) == [first, second]
    data = {**data, "photos": [photo()], "no_minor_identifiable": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, data).status_code == 302
    kept = list(row.photos.order_by("pk"))
    assert len(kept) == 2 and kept[0] == second and first not in kept
    assert not first.file.storage.exists(first.file.name)  # its file is gone too


def test_the_tick_cannot_be_taken_back_while_photos_of_children_stay(lib, users):
    row = report(lib, users, photos=[photo()], no_minor_identifiable=True)
    with pytest.raises(ValidationError):
        services.report_update(
            scope=as_(users, "trainer"), actor=users["trainer"], report=row, data=dict(TEXT),
            no_minor_identifiable=False, expected_updated_at=row.updated_at,
        )  # fmt: skip
    row.refresh_from_db()
    assert row.no_minor_identifiable and row.photos.count() == 1
    # once the photo is taken away the tick is no longer needed
    services.report_update(
        scope=as_(users, "trainer"), actor=users["trainer"], report=row, data=dict(TEXT),
        no_minor_identifiable=False, remove_photo_ids=[row.photos.get().pk],
        expected_updated_at=row.updated_at,
    )  # fmt: skip
    row.refresh_from_db()
    assert not row.no_minor_identifiable and row.photos.count() == 0


def test_a_trainer_does_not_mark_their_own_report_as_helping(lib, users):
    row = report(lib, users)
    with pytest.raises(PermissionDenied):
        services.helped_toggle(scope=as_(users, "trainer"), actor=users["trainer"], report=row)
    assert not Helped.objects.exists()
