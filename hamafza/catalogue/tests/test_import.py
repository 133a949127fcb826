"""The program import: every row is checked with its reasons, then the valid rows are imported
together (each with a draft version 1) or nothing is."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamafza.catalogue.models import Program, ProgramVersion
from hamafza.catalogue.tests.factories import ProgramFactory
from hamafza.org.models import ImportBatch

HEADERS = [
    "کد برنامه",
    "عنوان برنامه",
    "حوزه",
    "مخاطب",
    "جنسیت",
    "تعداد جلسات",
    "مدت هر جلسه",
    "اهداف",
]
GOOD = ["H-10", "تغذیه سالم", "health", "4-6", "دخترانه", 4, 45, "شناخت گروه‌های غذایی"]
ROWS = [
    GOOD,  # 2
    [
        "T-10",
        "ايمني عبور از خيابان",
        "ترافيک",
        "۷-۹",
        "",
        "۳",
        "۶۰",
        "عبور ایمن",
    ],  # 3: Persian digits, name
    ["X-1", "برنامه بی‌حوزه", "space", "4-6", "", 4, 45, "هدف"],  # 4: no such domain
    ["H-1", "تکراری", "health", "4-6", "", 4, 45, "هدف"],  # 5: existing code
    ["H-10", "تکرار در فایل", "health", "4-6", "", 4, 45, "هدف"],  # 6: repeats row 2
    ["H-11", "", "health", "university", "robots", 0, 1000, ""],  # 7: many problems
    ["B-9", "حوزه بومهن", "citizenship", "parents", "", 2, 30, "هدف"],  # 8: other municipality
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


def upload(client, content, name="programs.xlsx"):
    return client.post(
        reverse("org:import_upload", args=["program"]), {"file": SimpleUploadedFile(name, content)}
    )


def report(batch):
    return {r.number: r.errors for r in batch.staged_rows.order_by("number")}


def test_rows_are_checked_one_by_one_with_reasons(cat, client_for):
    client = client_for("directorate")
    before = Program.objects.count()
    response = upload(client, xlsx(ROWS))
    assert response.status_code == 302
    batch = ImportBatch.objects.get(kind="program")
    assert Program.objects.count() == before  # nothing written yet
    errors = report(batch)
    assert errors[2] == [] and errors[3] == []
    assert any("space" in e for e in errors[4])
    assert any("H-1" in e for e in errors[5])
    assert any("2" in e for e in errors[6])  # "repeated from row 2"
    assert len(errors[7]) == 6  # title, objectives, audience, gender, sessions, minutes
    assert any("citizenship" in e for e in errors[8])  # Bumehen's domain is not visible
    page = client.get(response["Location"]).content.decode()
    assert 'id="valid-rows">۲<' in page
    assert "university" in page


def test_import_the_valid_rows(cat, client_for, users):
    client = client_for("directorate")
    response = upload(client, xlsx(ROWS))
    before = Program.objects.count()
    assert client.post(response["Location"], {"action": "apply"}).status_code == 302
    assert Program.objects.count() == before + 2
    program = Program.objects.get(code="T-10")
    assert program.domain == cat.traffic
    assert program.title == "ایمنی عبور از خیابان"
    assert (program.audience, program.gender) == ("lower_secondary", "any")
    assert (program.session_count, program.session_minutes) == (3, 60)
    assert program.status == Program.Status.DRAFT
    assert program.versions.get().status == ProgramVersion.Status.DRAFT
    assert program.history.get().history_user == users["directorate"]
    assert Program.objects.get(code="H-10").gender == "girls"


def test_import_nothing_writes_nothing(cat, client_for):
    client = client_for("directorate")
    response = upload(client, xlsx(ROWS))
    before = Program.objects.count()
    client.post(response["Location"], {"action": "cancel"})
    assert Program.objects.count() == before
    assert ImportBatch.objects.get(kind="program").status == ImportBatch.Status.CANCELLED


def test_apply_is_all_or_nothing_when_data_changed_meanwhile(cat, client_for):
    client = client_for("directorate")
    response = upload(client, xlsx([GOOD, ROWS[1]]))
    ProgramFactory(domain=cat.traffic, code="T-10")  # someone takes row 3's code meanwhile
    before = Program.objects.count()
    client.post(response["Location"], {"action": "apply"})
    assert Program.objects.count() == before  # not even row 2
    assert ImportBatch.objects.get(kind="program").status == ImportBatch.Status.READY


def test_liaison_imports_only_into_its_agencys_domains(cat, client_for):
    client = client_for("liaison_health")
    response = upload(client, xlsx([GOOD, ROWS[1]]))
    batch = ImportBatch.objects.get(kind="program")
    errors = report(batch)
    assert errors[2] == []
    assert errors[3] and "ترافیک" in errors[3][0]
    client.post(response["Location"], {"action": "apply"})
    assert Program.objects.filter(code="H-10", domain=cat.health).exists()
    assert not Program.objects.filter(code="T-10").exists()


def test_csv_with_english_headers(cat, client_for):
    text = (
        "code,title,domain,audience,gender,sessions,minutes,objectives,summary\n"
        "P-7,Safe at home,health,Parents,mixed,2,90,Home safety,For parents\n"
    )
    client = client_for("directorate")
    response = upload(client, text.encode("utf-8-sig"), "programs.csv")
    batch = ImportBatch.objects.get(kind="program")
    assert batch.valid_count == 1
    client.post(response["Location"], {"action": "apply"})
    program = Program.objects.get(code="P-7")
    assert (program.audience, program.gender, program.summary) == (
        "parents",
        "mixed",
        "For parents",
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"not a workbook", "programs.xlsx"),
        (b"%PDF-1.4", "programs.pdf"),
        (b"", "programs.csv"),
        (b"foo,bar\n1,2\n", "programs.csv"),  # required columns missing
    ],
)
def test_unreadable_files_are_refused_with_a_message(cat, client_for, content, name):
    response = upload(client_for("directorate"), content, name)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("role", ["trainer", "coordinator_d6", "school_contact_s6", "citizen"])
def test_import_denied_to_roles_that_do_not_manage_programs(cat, client_for, role):
    assert upload(client_for(role), xlsx([GOOD])).status_code == 403
    assert not ImportBatch.objects.exists()


def test_another_users_batch_is_not_found(cat, client_for):
    response = upload(client_for("directorate"), xlsx([GOOD]))
    assert client_for("liaison_health").get(response["Location"]).status_code == 404
    assert (
        client_for("bumehen_directorate")
        .post(response["Location"], {"action": "apply"})
        .status_code
        == 404
    )
    assert not Program.objects.filter(code="H-10").exists()


def test_template_download(cat, client_for):
    response = client_for("directorate").get(reverse("org:import_template", args=["program"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in next(book.active.iter_rows(max_row=1))]
    assert headers[:3] == ["کد برنامه", "عنوان برنامه", "حوزه"]
