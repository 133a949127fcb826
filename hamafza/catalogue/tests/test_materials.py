"""Materials: files are checked by their content (PDF, images, office documents; up to 20 MB),
links must be web addresses, and files are served only through the scoping gate."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamafza.catalogue import services
from hamafza.catalogue.files import MAX_MATERIAL_BYTES
from hamafza.catalogue.models import Material
from hamafza.core.scoping import Role, Scope

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


@pytest.fixture
def draft(cat, users):
    scope = Scope(
        user_id=users["directorate"].pk,
        role=Role.DIRECTORATE,
        municipality_id=cat.health.municipality_id,
    )
    return services.version_new(scope=scope, actor=users["directorate"], program=cat.prog_health)


def add_url(draft):
    return reverse("catalogue:material_add", args=[draft.program_id, draft.number])


def post_file(client, draft, content, name, **extra):
    return client.post(
        add_url(draft),
        {
            "title": "راهنمای مربی",
            "kind": "file",
            "file": SimpleUploadedFile(name, content),
            **extra,
        },
    )


@pytest.mark.parametrize(
    ("content", "name", "mime"),
    [
        (PDF, "راهنما.pdf", "application/pdf"),
        (PNG, "poster.png", "image/png"),
        (
            docx(),
            "lesson.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (xlsx(), "sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_allowed_files_are_accepted(cat, draft, client_for, content, name, mime):
    response = post_file(client_for("directorate"), draft, content, name)
    assert response.status_code == 302
    material = Material.objects.get(version=draft)
    assert material.content_type == mime and material.size == len(content)
    assert material.file.name.endswith("." + name.rsplit(".", 1)[1])


def test_file_type_is_read_from_the_content_not_the_name(cat, draft, client_for):
    # an executable renamed to .pdf, and a PDF named .exe
    response = post_file(
        client_for("directorate"), draft, b"MZ\x90\x00" + b"\x00" * 200, "guide.pdf"
    )
    assert response.status_code == 400
    assert (
        "not accepted" in response.content.decode()
        or "invalid-feedback" in response.content.decode()
    )
    assert not Material.objects.filter(version=draft).exists()
    assert post_file(client_for("directorate"), draft, PDF, "guide.exe").status_code == 302
    assert Material.objects.get(version=draft).file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"plain text, not a document", "notes.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
        (zipfile.ZipFile.__name__.encode() * 0 + b"PK\x03\x04" + b"\x00" * 100, "archive.zip"),
        (b"", "empty.pdf"),
    ],
)
def test_other_files_are_refused_with_a_message(cat, draft, client_for, content, name):
    response = post_file(client_for("directorate"), draft, content, name)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not Material.objects.filter(version=draft).exists()


def test_files_over_20_mb_are_refused(cat, draft, users):
    scope = Scope(
        user_id=users["directorate"].pk,
        role=Role.DIRECTORATE,
        municipality_id=cat.health.municipality_id,
    )
    upload = SimpleUploadedFile("big.pdf", PDF)
    upload.size = MAX_MATERIAL_BYTES + 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.material_add(
            scope=scope,
            actor=users["directorate"],
            version=draft,
            title="x",
            kind="file",
            upload=upload,
        )
    assert "20" in " ".join(info.value.messages)
    assert not Material.objects.filter(version=draft).exists()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.tehran.ir/amoozesh/poster.pdf", True),
        ("http://intranet.local/a", True),
        ("javascript:alert(1)", False),
        ("ftp://files.example.ir/a.pdf", False),
        ("", False),
    ],
)
def test_links(cat, draft, client_for, url, ok):
    response = client_for("directorate").post(
        add_url(draft), {"title": "پیوند", "kind": "link", "url": url}
    )
    assert response.status_code == (302 if ok else 400)
    assert Material.objects.filter(version=draft).exists() == ok


def test_a_material_can_belong_to_one_lesson(cat, draft, client_for):
    lesson = draft.lessons.get(order=2)
    response = client_for("directorate").post(
        add_url(draft),
        {"title": "کاربرگ", "kind": "link", "url": "https://a.ir/x", "lesson": lesson.pk},
    )
    assert response.status_code == 302
    assert Material.objects.get(version=draft).lesson == lesson
    # a lesson of another version is not a choice
    other = cat.prog_health.current_version.lessons.first()
    response = client_for("directorate").post(
        add_url(draft),
        {"title": "کاربرگ ۲", "kind": "link", "url": "https://a.ir/y", "lesson": other.pk},
    )
    assert response.status_code == 400


def test_trainer_cannot_add_materials(cat, draft, client_for):
    response = post_file(client_for("trainer"), draft, PDF, "a.pdf")
    assert response.status_code == 403
    assert not Material.objects.exists()


def test_files_are_served_through_the_scope(cat, draft, client_for, users):
    scope = Scope(
        user_id=users["directorate"].pk,
        role=Role.DIRECTORATE,
        municipality_id=cat.health.municipality_id,
    )
    post_file(client_for("directorate"), draft, PDF, "guide.pdf")
    material = Material.objects.get(version=draft)
    url = reverse("catalogue:material_download", args=[material.pk])
    response = client_for("directorate").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert client_for("trainer").get(url).status_code == 404  # still a draft
    assert client_for("bumehen_directorate").get(url).status_code == 404
    assert client_for("citizen").get(url).status_code == 403
    # once published, every staff role may download it
    draft.lessons.all().delete()
    for order in (1, 2, 3):
        services.lesson_save(
            scope=scope,
            actor=users["directorate"],
            version=draft,
            data={"title": "د", "plan": "ط", "order": order},
        )
    services.version_publish(scope=scope, actor=users["directorate"], version=draft)
    assert client_for("trainer").get(url).status_code == 200


def test_removing_a_material_from_a_draft(cat, draft, client_for):
    post_file(client_for("directorate"), draft, PDF, "guide.pdf")
    material = Material.objects.get(version=draft)
    delete_url = reverse("catalogue:material_delete", args=[material.pk])
    assert client_for("trainer").post(delete_url).status_code == 403
    assert client_for("bumehen_directorate").post(delete_url).status_code == 404
    assert Material.objects.filter(pk=material.pk).exists()
    client_for("directorate").post(reverse("catalogue:material_delete", args=[material.pk]))
    assert not Material.objects.filter(pk=material.pk).exists()
