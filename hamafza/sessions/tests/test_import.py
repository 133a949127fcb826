import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hamafza.core.persian import to_latin_digits
from hamafza.org import importing
from hamafza.org.middleware import scope_for_user
from hamafza.org.models import ImportBatch
from hamafza.sessions import services
from hamafza.sessions.imports import SESSION_IMPORT, parse_day, parse_time
from hamafza.sessions.models import Holiday, Session
from hamafza.sessions.tests.conftest import at

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

HEADER = "کد برنامه,شماره درس,کد مدرسه یا نام مکان,کلاس,تاریخ,ساعت شروع,ساعت پایان,کد ملی آموزشگران,تکرار (هفته)\n"
DAY = "1405/09/14"  # plan.day, Saturday 5 December 2026
NEXT_DAY = "1405/09/15"


def row(place="1001", klass="5/2", date=DAY, start="09:00", end="10:00", codes="", weeks=""):
    return f"H-1,1,{place},{klass},{date},{start},{end},{codes},{weeks}\n"


def upload(client, text, name="sessions.csv"):
    return client.post(
        reverse("org:import_upload", args=["session"]),
        {"file": SimpleUploadedFile(name, text.encode("utf-8-sig"))},
    )


def staged(batch):
    """Row number → (ok, errors with Latin digits, warnings with Latin digits)."""
    return {
        r.number: (
            r.ok,
            [to_latin_digits(e) for e in r.errors],
            [to_latin_digits(w) for w in r.data.get("warnings", [])],
        )
        for r in batch.staged_rows.all()
    }


def apply(client, batch, follow=False):
    return client.post(
        reverse("org:import_review", args=[batch.pk]), {"action": "apply"}, follow=follow
    )


def test_valid_rows_with_persian_digits_are_scheduled(plan, world, pool, client_for):
    t6, t12 = pool.t6.national_code, pool.t12.national_code
    text = HEADER + (
        # Persian digits in the date and the times, two trainers separated by a Persian comma
        row(date="۱۴۰۵/۰۹/۱۴", start="۰۹:۰۰", end="۱۰:۳۰", codes=f'"{t6}، {t12}"')
        + row(place="فرهنگسرای یوسف‌آباد", klass="", start="14", end="15", codes=t6, weeks="3")
    )
    client = client_for("directorate")
    with translation.override("en"):
        response = upload(client, text)
    assert response.status_code == 302
    batch = ImportBatch.objects.get(kind="session")
    assert staged(batch) == {2: (True, [], []), 3: (True, [], [])}
    assert batch.valid_count == 2
    apply(client, batch)
    first = Session.objects.get(school=world.s6)
    assert (first.starts_at, first.ends_at) == (at(plan.day, 9), at(plan.day, 10, 30))
    assert first.class_label == "5/2" and first.lesson == plan.lesson
    assert set(first.trainers.all()) == {pool.t6, pool.t12}
    series = list(Session.objects.filter(venue=world.v6).order_by("starts_at"))
    assert [s.starts_at for s in series] == [
        at(plan.day + dt.timedelta(weeks=w), 14) for w in range(3)
    ]
    assert len({s.series for s in series}) == 1 and series[0].series is not None
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.imported_count == 2


def test_english_headers_are_read(plan, world, pool, client_for):
    text = (
        "program code,lesson,school code,class,date,start time,end time,trainers,public,capacity\n"
        f"H-1,1,1001,3/1,{DAY},08:00,09:00,{pool.t6.national_code},yes,30\n"
    )
    client = client_for("directorate")
    upload(client, text)
    batch = ImportBatch.objects.get(kind="session")
    assert staged(batch) == {2: (True, [], [])}
    apply(client, batch)
    session = Session.objects.get()
    assert session.is_public and session.capacity == 30 and session.class_label == "3/1"


def test_two_rows_of_the_file_that_clash_are_caught(plan, world, pool, client_for):
    t6, t12 = pool.t6.national_code, pool.t12.national_code
    text = HEADER + (
        row(codes=t6)  # 2: district 6, 9:00–10:00
        + row(place="1002", start="10:15", end="11:00", codes=t6)  # 3: district 12, no travel time
        + row(klass="6/1", start="09:30", end="10:30", codes=t6)  # 4: same trainer, same time
        + row(klass="5/2", start="09:30", end="10:30", codes=t12)  # 5: class 5/2 booked by row 2
        + row(klass="6/1", start="10:00", end="11:00", codes=t12)  # 6: fine
    )
    with translation.override("en"):
        upload(client_for("directorate"), text)
    rows = staged(ImportBatch.objects.get(kind="session"))
    assert rows[2][0] and rows[6][0]
    assert not rows[3][0] and "cannot reach this venue in time" in rows[3][1][0]
    assert "(row 2)" in rows[3][1][0]
    assert not rows[4][0] and "teaching elsewhere" in rows[4][1][0] and "(row 2)" in rows[4][1][0]
    assert not rows[5][0] and "This class already has a session" in rows[5][1][0]
    assert "شستن دست‌ها" in rows[5][1][0] and "(row 2)" in rows[5][1][0]


def test_a_clash_with_a_saved_session_names_it(plan, world, pool, users, client_for):
    services.session_schedule(
        scope=scope_for_user(users["directorate"]),
        actor=users["directorate"],
        lesson_id=plan.lesson.pk,
        starts_at=at(plan.day, 9),
        ends_at=at(plan.day, 10),
        trainer_ids=[pool.t6.pk],
        venue_id=world.v6.pk,
    )
    text = HEADER + row(start="09:30", end="10:30", codes=pool.t6.national_code)
    with translation.override("en"):
        upload(client_for("directorate"), text)
    ((ok, errors, _warnings),) = staged(ImportBatch.objects.get(kind="session")).values()
    assert not ok
    assert "teaching elsewhere" in errors[0]
    assert "شستن دست‌ها" in errors[0] and "فرهنگسرای یوسف‌آباد" in errors[0]
    assert "5 Dec 2026 09:00–10:00" in errors[0]


def test_holidays_are_refused_and_skipped_in_repeats(plan, world, pool, client_for):
    Holiday.objects.create(municipality=world.tehran, date=plan.day, name="روز آزمایشی")
    t6 = pool.t6.national_code
    week_before = to_latin_digits("1405/09/07")
    text = HEADER + row(codes=t6) + row(date=week_before, codes=t6, weeks="2")
    with translation.override("en"):
        upload(client_for("directorate"), text)
    batch = ImportBatch.objects.get(kind="session")
    rows = staged(batch)
    assert not rows[2][0] and "is a holiday (روز آزمایشی)" in rows[2][1][0]
    assert rows[3][0] and "Skipped for holidays: 5 Dec 2026" in rows[3][2]
    apply(client_for("directorate"), batch)
    assert list(Session.objects.values_list("starts_at", flat=True)) == [
        at(plan.day - dt.timedelta(weeks=1), 9)
    ]


def test_a_coordinator_cannot_import_into_another_district(plan, world, pool, client_for):
    t6 = pool.t6.national_code
    text = HEADER + (
        row(place="1001", codes=t6)  # own district
        + row(place="1002", start="12:00", end="13:00", codes=t6)  # district 12
        + row(place="سرای محله بازار", klass="", start="14:00", end="15:00", codes=t6)  # venue d12
        + row(place="2001", start="16:00", end="17:00", codes=t6)  # another municipality
    )
    client = client_for("coordinator_d6")
    with translation.override("en"):
        upload(client, text)
    batch = ImportBatch.objects.get(kind="session")
    rows = staged(batch)
    assert rows[2][0]
    assert "School 1002 is outside your area" in rows[3][1][0]
    assert "is outside your area" in rows[4][1][0]
    assert "There is no school or venue" in rows[5][1][0]
    apply(client, batch)
    assert list(Session.objects.values_list("district", flat=True)) == [world.d6.pk]


@pytest.mark.parametrize(
    ("start", "end", "date", "message"),
    [
        ("25:00", "26:00", DAY, "is not a time"),
        ("nine", "10:00", DAY, "is not a time"),
        ("10:00", "09:00", DAY, "must end after it starts"),
        ("09:00", "10:00", "1405/13/01", "month must be between 1 and 12"),
        ("09:00", "10:00", "1405/12/30", "not a leap year"),
        ("09:00", "10:00", "tomorrow", "year/month/day"),
        ("09:00", "10:00", "1410/01/01", "within the coming two years"),
    ],
)
def test_bad_dates_and_times_are_explained(plan, pool, client_for, start, end, date, message):
    text = HEADER + row(date=date, start=start, end=end, codes=pool.t6.national_code)
    with translation.override("en"):
        upload(client_for("directorate"), text)
    ((ok, errors, _warnings),) = staged(ImportBatch.objects.get(kind="session")).values()
    assert not ok and any(message in e for e in errors), errors


def test_unknown_program_trainer_and_missing_columns(plan, pool, client_for):
    text = HEADER + (
        "X-9,1,1001,5/2,1405/09/14,09:00,10:00,0499370899,\n"  # no program; unknown trainer
        "H-1,7,1001,5/2,1405/09/14,09:00,10:00,1234567890,\n"  # no lesson 7; bad national code
        ",,1001,5/2,1405/09/14,09:00,10:00,,\n"  # program, lesson and trainers empty
        f"H-1,1,1001,5/2,1405/09/14,09:00,10:00,{plan.uncertified.national_code},\n"
        f"H-1,1,1001,{'x' * 41},1405/09/14,09:00,10:00,،,\n"  # long class; no trainer at all
    )
    with translation.override("en"):
        upload(client_for("directorate"), text)
    rows = staged(ImportBatch.objects.get(kind="session"))
    assert "no program with code “X-9”" in " ".join(rows[2][1])
    assert "No trainer has national code 0499370899" in " ".join(rows[2][1])
    assert "has no lesson 7" in " ".join(rows[3][1])
    assert "1234567890 is not valid" in " ".join(rows[3][1])
    assert len(rows[4][1]) == 3
    assert "no verified certificate" in " ".join(rows[5][1])
    assert "at most 40 characters" in " ".join(rows[6][1]) and "is empty" in " ".join(rows[6][1])


def test_soft_conflicts_are_warnings_and_the_row_is_imported(plan, pool, client_for):
    pool.t6.max_hours_per_week = 2
    pool.t6.save()
    t6 = pool.t6.national_code
    # each row alone is within the limit; together with the earlier rows of the file it is not
    text = HEADER + (
        row(codes=t6)
        + row(date=NEXT_DAY, codes=t6)
        + row(date=NEXT_DAY, start="11:00", end="12:00", codes=t6)
    )
    client = client_for("directorate")
    with translation.override("en"):
        upload(client, text)
        batch = ImportBatch.objects.get(kind="session")
        rows = staged(batch)
        assert rows[2] == (True, [], []) and rows[3] == (True, [], [])
        assert rows[4][0] and "would teach 3.0 hours that week" in rows[4][2][0]
        page = client.get(reverse("org:import_review", args=[batch.pk])).content.decode()
    assert 'id="import-warnings"' in page and "would teach 3.0 hours" in page
    assert 'id="warned-rows"' in page
    apply(client, batch)
    assert Session.objects.count() == 3


def test_the_import_is_all_or_nothing_when_a_clash_appears_after_the_check(
    plan, world, pool, users, client_for
):
    text = HEADER + (
        row(codes=pool.t6.national_code) + row(place="1002", codes=pool.t12.national_code)
    )
    client = client_for("directorate")
    upload(client, text)
    batch = ImportBatch.objects.get(kind="session")
    assert batch.valid_count == 2
    # someone books trainer t12 elsewhere at the time of row 3 after the check
    services.session_schedule(
        scope=scope_for_user(users["directorate"]),
        actor=users["directorate"],
        lesson_id=plan.lesson.pk,
        starts_at=at(plan.day, 9),
        ends_at=at(plan.day, 10),
        trainer_ids=[pool.t12.pk],
        venue_id=world.v12.pk,
    )
    with translation.override("en"):
        response = apply(client, batch, follow=True)
    assert Session.objects.count() == 1  # only the one booked meanwhile: not even row 2
    page = response.content.decode()
    assert "Nothing was imported" in page and "سرای محله بازار" in page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY


@pytest.mark.parametrize("role", ["liaison_health", "trainer", "citizen", "school_contact_s6"])
def test_session_import_denied(plan, pool, client_for, role):
    response = upload(client_for(role), HEADER + row(codes=pool.t6.national_code))
    assert response.status_code == 403
    assert not ImportBatch.objects.exists() and not Session.objects.exists()
    template = reverse("org:import_template", args=["session"])
    assert client_for(role).get(template).status_code == 403


def test_the_template_has_the_headers_and_an_example(plan, pool, client_for):
    client = client_for("coordinator_d6")
    response = client.get(reverse("org:import_template", args=["session"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers, example = [[c.value for c in r] for r in sheet.iter_rows(max_row=2)]
    mapping = importing.map_headers(headers, SESSION_IMPORT)
    assert set(mapping) == set(SESSION_IMPORT.columns)
    assert parse_day(example[mapping["date"]]) == dt.date(2026, 12, 6)
    assert parse_time(example[mapping["start"]]) == dt.time(9)
    list_page = client.get(reverse("sessions:list")).content.decode()
    assert reverse("org:import_upload", args=["session"]) in list_page
    assert reverse("sessions:copy") in list_page


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9", (9, 0)), ("09:30", (9, 30)), ("9.30", (9, 30)), ("09:30:00", (9, 30)),
     ("0.375", (9, 0)), ("۱۴:۴۵", (14, 45))],
)  # fmt: skip
def test_times_are_read_in_the_usual_spellings(text, expected):
    from hamafza.core.persian import clean_typed

    assert parse_time(clean_typed(text)) == dt.time(*expected)


def test_a_longer_file_is_checked_in_the_background(plan, pool, client_for, monkeypatch):
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr(SESSION_IMPORT, "background_rows", 1)
    HUEY.flush()
    t6 = pool.t6.national_code
    with translation.override("en"):  # the batch keeps the uploader's language for the worker
        upload(client_for("directorate"), HEADER + row(codes=t6) + row(klass="6/1", codes=t6))
    batch = ImportBatch.objects.get(kind="session")
    assert batch.status == ImportBatch.Status.PARSING and HUEY.pending_count() == 1
    HUEY.flush()
    importing.import_check(batch_id=batch.pk)  # what the worker runs, in the uploader's scope
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY and batch.valid_count == 1
    assert "(row 2)" in to_latin_digits(batch.staged_rows.get(number=3).errors[0])
