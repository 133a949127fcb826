"""Regressions from the review: imports checked in the role the uploader acted in, damaged files,
tampered or absurd input answered with a message instead of a server error."""

import io
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hamafza.core.scoping import Role
from hamafza.notifications.testing import sent_sms
from hamafza.org.models import ImportBatch, Membership, School
from hamafza.org.tests.factories import UserFactory

SCHOOL_CSV = "نام مدرسه,کد مدرسه,منطقه,مقطع,جنسیت,از پایه,تا پایه\nدبستان نو,777001,12,ابتدایی,دخترانه,1,6\n".encode()


def test_import_is_checked_in_the_role_the_uploader_acted_in(world):
    user = UserFactory()
    Membership.objects.create(user=user, municipality=world.bumehen, role=Role.DIRECTORATE)  # first
    coordinator = Membership.objects.create(
        user=user, municipality=world.tehran, role=Role.DISTRICT_COORDINATOR, district=world.d6
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session["active_membership"] = coordinator.pk
    session.save()
    client.post(reverse("org:school_import"), {"file": SimpleUploadedFile("s.csv", SCHOOL_CSV)})
    batch = ImportBatch.objects.get()
    assert batch.valid_count == 0  # district 12 is outside district 6's coordinator's area
    client.post(reverse("org:import_review", args=[batch.pk]), {"action": "apply"})
    assert not School.objects.filter(code="777001").exists()


def _truncated_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["نام مدرسه", "کد مدرسه", "منطقه", "مقطع", "جنسیت", "از پایه", "تا پایه"])
    for i in range(3000):
        sheet.append([f"r{i}", str(5000 + i), 6, "ابتدایی", "دخترانه", 1, 6])
    buf = io.BytesIO()
    book.save(buf)
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return out.getvalue()


def test_a_damaged_workbook_fails_with_a_reason_and_can_be_dismissed(world, client_for, settings):
    settings.IMPORT_BACKGROUND_ROWS = 100_000
    client = client_for("directorate")
    response = client.post(
        reverse("org:school_import"), {"file": SimpleUploadedFile("a.xlsx", _truncated_xlsx())}
    )
    assert response.status_code in (302, 400)
    batch = ImportBatch.objects.first()
    if batch is not None:
        if batch.status == ImportBatch.Status.PARSING:  # no size stated: checked by the queue
            from hamafza.org.importing import import_check

            import_check(batch_id=batch.pk)
            batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.FAILED and batch.error
        assert not batch.staged_rows.exists()
    assert not School.objects.filter(code="5000").exists()


def test_tampered_version_is_a_conflict_not_an_error(world, client_for):
    response = client_for("directorate").post(
        reverse("org:school_edit", args=[world.s6.pk]),
        {"name": "x", "code": "1001", "district": world.d6.pk, "stage": "primary", "gender": "girls",
         "ownership": "public", "grade_from": 1, "grade_to": 6, "version": "2024-13-45T10:00:00"},
    )  # fmt: skip
    assert response.status_code == 400
    world.s6.refresh_from_db()
    assert world.s6.name == "دبستان فردوسی"


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1", "abc"])
def test_odd_numbers_in_parameters(world, client_for, value):
    client = client_for("directorate")
    assert client.get(reverse("org:school_list"), {"district": value}).status_code == 200
    assert client.post(reverse("accounts:switch_scope"), {"value": value}).status_code == 400


def test_person_added_by_the_directorate_can_reset_by_email(world, client_for, client):
    client_for("directorate").post(
        reverse("org:person_add"),
        {"first_name": "نیلوفر", "last_name": "کاظمی", "username": "niloofar", "email": "n@example.ir",
         "role": "trainer"},
    )  # fmt: skip
    client.post(reverse("accounts:password_reset"), {"identifier": "n@example.ir"})
    assert len(mail.outbox) == 1 and "/accounts/password-reset/" in mail.outbox[0].body


def test_password_reset_is_rate_limited(world, users, client):

    users["directorate"].mobile = "09121119999"
    users["directorate"].save()
    sent_sms().clear()  # what earlier steps queued goes first
    for _ in range(8):
        assert (
            client.post(
                reverse("accounts:password_reset"), {"identifier": "09121119999"}
            ).status_code
            == 200
        )
    assert len(sent_sms()) == 5


def test_an_account_of_another_municipality_is_not_taken_over(world, client_for, users):
    before = Membership.objects.count()
    response = client_for("directorate").post(
        reverse("org:person_add"),
        {
            "first_name": "x",
            "last_name": "y",
            "username": users["bumehen_directorate"].username,
            "role": "trainer",
        },
    )
    assert response.status_code == 400
    assert Membership.objects.count() == before
