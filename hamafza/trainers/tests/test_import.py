import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamafza.core.persian import to_latin_digits
from hamafza.org.models import ImportBatch
from hamafza.trainers.models import Trainer, TrainerDomain

HEADER = "نام,نام خانوادگی,کد ملی,تلفن همراه,جنسیت,منطقه,سازمان,حوزه‌ها,تحصیلات\n"


def upload(client, text, name="trainers.csv"):
    return client.post(
        reverse("org:import_upload", args=["trainer"]),
        {"file": SimpleUploadedFile(name, text.encode("utf-8-sig"))},
    )


def test_rows_are_checked_and_reported(pool, client_for, world):
    rows = (
        "مریم,احمدی,0499370899,09121234567,زن,6,اداره‌کل سلامت,سلامت،پسماند,کارشناسی\n"  # 2 ok
        "علی,کریمی,۰۷۹۰۴۱۹۹۰۴,۰۹۱۲۷۶۵۴۳۲۱,male,12,,health,\n"  # 3 ok, Persian digits
        "رضا,نوری,1234567890,09121111111,مرد,6,,,\n"  # 4 bad checksum
        f"سارا,صادقی,{pool.t12.national_code},09121111112,زن,6,,,\n"  # 5 already registered
        "نرگس,رضایی,0499370899,09121111113,زن,6,,,\n"  # 6 repeats row 2
        "حسین,موسوی,0084575948,0912,مرد,99,سازمان ناشناس,فضا,حوزوی\n"  # 7 many problems
    )
    client = client_for("directorate")
    response = upload(client, HEADER + rows)
    assert response.status_code == 302
    batch = ImportBatch.objects.get(kind="trainer")
    errors = {
        n: [to_latin_digits(e) for e in errs]
        for n, errs in batch.staged_rows.values_list("number", "errors")
    }
    assert errors[2] == [] and errors[3] == []
    assert "1234567890" in errors[4][0]
    assert pool.t12.national_code in errors[5][0]
    assert "2" in errors[6][0]
    assert len(errors[7]) >= 4  # mobile, district, agency, domain, education
    # a refused education says which values are accepted
    education = next(e for e in errors[7] if "حوزوی" in e)
    assert "دیپلم، کاردانی، کارشناسی، کارشناسی ارشد، دکتری" in education
    assert batch.valid_count == 2
    before = Trainer.objects.count()
    client.post(reverse("org:import_review", args=[batch.pk]), {"action": "apply"})
    assert Trainer.objects.count() == before + 2
    maryam = Trainer.objects.get(national_code="0499370899")
    assert (
        maryam.home_district == world.d6
        and maryam.employer == world.health
        and maryam.education == "bachelor"
    )
    assert set(maryam.trainer_domains.values_list("domain__code", flat=True)) == {"health", "waste"}
    assert maryam.history.count() == 1
    ali = Trainer.objects.get(national_code="0790419904")
    assert ali.mobile == "09127654321" and ali.gender == "male"


def test_coordinator_import_is_limited_to_their_district(pool, client_for):
    rows = "مریم,احمدی,0499370899,09121234567,زن,6,,,\nعلی,کریمی,0790419904,09127654321,مرد,12,,,\n"
    upload(client_for("coordinator_d6"), HEADER + rows)
    batch = ImportBatch.objects.get(kind="trainer")
    errors = {
        n: [to_latin_digits(e) for e in errs]
        for n, errs in batch.staged_rows.values_list("number", "errors")
    }
    assert errors[2] == [] and "12" in errors[3][0]


@pytest.mark.parametrize("role", ["liaison_health", "trainer", "citizen"])
def test_trainer_import_denied(pool, client_for, role):
    response = upload(client_for(role), HEADER + "مریم,احمدی,0499370899,09121234567,زن,6,,,\n")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_code_registered_after_the_check_stops_the_whole_import(pool, client_for, world):
    client = client_for("directorate")
    upload(
        client,
        HEADER
        + "مریم,احمدی,0499370899,09121234567,زن,6,,,\nعلی,کریمی,0790419904,09127654321,مرد,12,,,\n",
    )
    batch = ImportBatch.objects.get(kind="trainer")
    Trainer.objects.create(
        municipality=world.tehran, first_name="x", last_name="y", national_code="0790419904",
        mobile="09120000000", gender="male", home_district=world.d12,
    )  # fmt: skip
    before = (Trainer.objects.count(), TrainerDomain.objects.count())
    response = client.post(
        reverse("org:import_review", args=[batch.pk]), {"action": "apply"}, follow=True
    )
    assert (Trainer.objects.count(), TrainerDomain.objects.count()) == before
    assert "alert-danger" in response.content.decode() or "alert-error" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY


def test_common_spellings_of_education_are_accepted(pool, client_for):
    rows = (
        "مریم,احمدی,0499370899,09121234567,زن,6,,,دکترا\n"
        "علی,کریمی,0790419904,09127654321,مرد,12,,,فوق لیسانس\n"
    )
    upload(client_for("directorate"), HEADER + rows)
    batch = ImportBatch.objects.get(kind="trainer")
    assert batch.valid_count == 2
    staged = dict(batch.staged_rows.values_list("number", "errors"))
    assert staged == {2: [], 3: []}
    data = dict(batch.staged_rows.values_list("number", "data"))
    assert (data[2]["education"], data[3]["education"]) == ("doctorate", "master")
