import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from hamafza.core.persian import to_latin_digits
from hamafza.org import importing
from hamafza.org.models import ImportBatch, ImportRow, School

HEADERS = [
    "نام مدرسه",
    "کد مدرسه",
    "منطقه",
    "محله",
    "مقطع",
    "جنسیت",
    "از پایه",
    "تا پایه",
    "تلفن همراه مدیر",
]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = ["دبستان نو", "5001", 6, "یوسف‌آباد", "ابتدایی", "دخترانه", 1, 6, "09121112233"]
ROWS = [
    GOOD,
    [
        "دبیرستان نو",
        "5002",
        "۱۲",
        "",
        "primary",
        "boys",
        "۱",
        "۶",
        "",
    ],  # Persian digits, en choices
    ["دبستان فردوسي", "5003", 6, "", "ابتدایی", "پسرانه", 1, 6, ""],  # existing name (normalised)
    ["دبستان تکراری", "1001", 6, "", "ابتدایی", "پسرانه", 1, 6, ""],  # existing code
    ["دبستان بی‌منطقه", "5004", 99, "", "ابتدایی", "پسرانه", 1, 6, ""],  # no such district
    ["دبستان نو", "5005", 6, "", "ابتدایی", "دخترانه", 1, 6, ""],  # repeats row 2
    ["", "5006", 6, "", "ابتدایی", "پسرانه", 1, 6, ""],  # no name
    ["دبستان پایه", "5007", 6, "", "ابتدایی", "پسرانه", 9, 3, "0912"],  # grades, mobile
    ["دبستان محله", "5008", 6, "بازار", "ابتدایی", "پسرانه", 1, 6, ""],  # hood in another district
]


def upload(client, content, name="schools.xlsx"):
    return client.post(reverse("org:school_import"), {"file": SimpleUploadedFile(name, content)})


def test_rows_are_checked_one_by_one_with_reasons(world, client_for):
    client = client_for("directorate")
    before = School.objects.count()
    response = upload(client, xlsx(ROWS))
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert School.objects.count() == before  # nothing written yet
    by_row = {
        n: [to_latin_digits(e) for e in errs]
        for n, errs in batch.staged_rows.values_list("number", "errors")
    }
    assert by_row[2] == [] and by_row[3] == []
    assert any("1001" in e for e in by_row[5])
    assert any("99" in e for e in by_row[6])
    assert any("2" in e for e in by_row[7])  # "repeated from row 2"
    assert by_row[4] and by_row[8] and by_row[10]
    assert len(by_row[9]) == 2  # grade order and mobile
    page = client.get(response["Location"]).content.decode()
    assert 'id="valid-rows">۲<' in page


def test_import_valid_rows_writes_them_all_in_one_go(world, client_for):
    client = client_for("directorate")
    response = upload(client, xlsx(ROWS))
    before = School.objects.count()
    client.post(response["Location"], {"action": "apply"})
    assert School.objects.count() == before + 2
    school = School.objects.get(code="5002")
    assert school.district == world.d12 and school.stage == "primary" and school.grade_to == 6
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED
    assert school.history.count() == 1  # audited
    assert not ImportRow.objects.exists()  # staging cleared


def test_import_nothing_writes_nothing(world, client_for):
    client = client_for("directorate")
    response = upload(client, xlsx(ROWS))
    before = School.objects.count()
    client.post(response["Location"], {"action": "cancel"})
    assert School.objects.count() == before
    assert ImportBatch.objects.get().status == ImportBatch.Status.CANCELLED


def test_out_of_scope_rows_are_reported_for_a_coordinator(world, client_for):
    client = client_for("coordinator_d6")
    response = upload(
        client, xlsx([GOOD, ["دبستان دیگر", "6001", 12, "", "ابتدایی", "پسرانه", 1, 6, ""]])
    )
    batch = ImportBatch.objects.get()
    errors = {
        n: [to_latin_digits(e) for e in errs]
        for n, errs in batch.staged_rows.values_list("number", "errors")
    }
    assert errors[2] == []
    assert errors[3] and "12" in errors[3][0]
    client.post(response["Location"], {"action": "apply"})
    assert not School.objects.filter(code="6001").exists()
    assert School.objects.filter(code="5001", district=world.d6).exists()


def test_apply_is_all_or_nothing_when_data_changed_meanwhile(world, client_for):
    client = client_for("directorate")
    response = upload(client, xlsx([GOOD, ROWS[1]]))
    # someone creates a school with the code of row 3 after the check
    School.objects.create(
        municipality=world.tehran,
        district=world.d12,
        name="مدرسه دیگر",
        code="5002",
        stage="primary",
        gender="boys",
        grade_from=1,
        grade_to=6,
    )
    before = School.objects.count()
    client.post(response["Location"], {"action": "apply"})
    assert School.objects.count() == before  # not even row 2
    assert ImportBatch.objects.get().status == ImportBatch.Status.READY


def test_csv_with_english_headers(world, client_for):
    csv_text = "name,code,district,type,gender,grade from,grade to\nمدرسه CSV,7001,6,lower_secondary,girls,7,9\n"
    client = client_for("directorate")
    response = upload(client, csv_text.encode("utf-8-sig"), "schools.csv")
    batch = ImportBatch.objects.get()
    assert batch.valid_count == 1 and batch.invalid_count == 0
    client.post(response["Location"], {"action": "apply"})
    assert School.objects.filter(code="7001", stage="lower_secondary").exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"not a workbook", "schools.xlsx"),
        (b"%PDF-1.4", "schools.pdf"),
        (b"", "schools.csv"),
        (b"foo,bar\n1,2\n", "schools.csv"),  # required columns missing
    ],
)
def test_unreadable_files_are_refused_with_a_message(world, client_for, content, name):
    response = upload(client_for("directorate"), content, name)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_import_denied_to_read_only_roles(world, client_for):
    for role in ("liaison_health", "trainer", "citizen"):
        assert upload(client_for(role), xlsx([GOOD])).status_code == 403
    assert not ImportBatch.objects.exists()


def test_another_users_batch_is_not_found(world, client_for):
    response = upload(client_for("directorate"), xlsx([GOOD]))
    assert client_for("coordinator_d6").get(response["Location"]).status_code == 404
    assert (
        client_for("bumehen_directorate")
        .post(response["Location"], {"action": "apply"})
        .status_code
        == 404
    )
    assert not School.objects.filter(code="5001").exists()


@pytest.mark.django_db(transaction=True)
def test_large_file_is_checked_by_a_real_background_job(world, users, settings):
    """The upload is queued in huey; a worker takes the job off the queue and runs it."""
    from hamafza.org.middleware import scope_for_user

    settings.IMPORT_BACKGROUND_ROWS = 10
    HUEY.flush()
    rows = [[f"مدرسه {i}", f"8{i:04d}", 6, "", "ابتدایی", "پسرانه", 1, 6, ""] for i in range(50)]
    scope = scope_for_user(users["directorate"])
    batch = importing.import_start(
        scope=scope,
        actor=users["directorate"],
        kind="school",
        upload=ContentFile(xlsx(rows), name="big.xlsx"),
    )
    assert batch.status == ImportBatch.Status.PARSING
    assert HUEY.pending_count() == 1
    task = HUEY.dequeue()
    HUEY.execute(task)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY
    assert batch.valid_count == 50
    # a second delivery of the same job changes nothing (idempotent)
    importing.import_check(batch_id=batch.pk)
    assert ImportRow.objects.filter(batch=batch).count() == 50


def understated(content: bytes, ref: str = "A1:C2") -> bytes:
    """The same workbook with its sheet's <dimension> rewritten to claim ``ref``: what a tool
    that writes a stale or wrong size produces."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data
                )
                assert n == 1
            target.writestr(item, data)
    return out.getvalue()


def many_schools(n: int) -> list[list]:
    return [[f"مدرسه {i}", f"9{i:05d}", 6, "", "ابتدایی", "پسرانه", 1, 6, ""] for i in range(n)]


def test_a_workbook_that_understates_its_size_is_read_to_its_last_row_and_column(world, client_for):
    # given a workbook of 300 schools in nine columns whose sheet claims to be A1:C2
    content = understated(xlsx(many_schools(300)))
    assert openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.max_row == 2
    client = client_for("directorate")
    # when it is uploaded and imported
    response = upload(client, content)
    batch = ImportBatch.objects.get()
    # then every row was checked (not one), with every column (not A to C)
    assert batch.total_rows == 300 and batch.valid_count == 300
    assert batch.staged_rows.filter(ok=True).count() == 300
    client.post(response["Location"], {"action": "apply"})
    assert School.objects.filter(code__startswith="9").count() == 300
    assert School.objects.get(code="900299").grade_to == 6  # column H was read


@pytest.mark.django_db(transaction=True)
def test_a_large_workbook_that_claims_to_be_small_is_checked_in_the_background(
    world, users, settings
):
    from hamafza.org.middleware import scope_for_user

    settings.IMPORT_BACKGROUND_ROWS = 10
    HUEY.flush()
    batch = importing.import_start(
        scope=scope_for_user(users["directorate"]),
        actor=users["directorate"],
        kind="school",
        upload=ContentFile(understated(xlsx(many_schools(50))), name="big.xlsx"),
    )
    # the size came from reading, so the web request did not check 50 rows itself
    assert batch.status == ImportBatch.Status.PARSING
    assert HUEY.pending_count() == 1
    HUEY.execute(HUEY.dequeue())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY
    assert batch.total_rows == 50 and batch.valid_count == 50


def test_a_workbook_over_the_row_limit_is_refused_even_when_it_claims_to_be_small(
    world, client_for, monkeypatch
):
    monkeypatch.setattr(importing, "MAX_ROWS", 40)
    client = client_for("directorate")
    upload(client, understated(xlsx(many_schools(60))))
    batch = ImportBatch.objects.get()
    importing.import_check(batch_id=batch.pk)  # the job, had it been queued
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "40" in to_latin_digits(batch.error)
    assert (
        not batch.staged_rows.exists() and not School.objects.filter(code__startswith="9").exists()
    )
