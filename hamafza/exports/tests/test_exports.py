import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from hamafza.exports import runner, services
from hamafza.exports.models import ExportJob
from hamafza.org.middleware import scope_for_user
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session
from hamafza.sessions.tests.conftest import at, plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # the calendar of Azar 1405

DAY = dt.date(2026, 11, 21)  # 30 Aban 1405


@pytest.fixture
def delivered(world, pool, plan):  # noqa: F811
    """Two delivered sessions of the health program on 30 Aban 1405: a class in district 6 (head
    counts) and a public session at district 12's venue (two registered, one marked)."""
    world.health_domain = pool.health
    pool.health.owner_agency = world.health
    pool.health.save()

    def session(district, **place):
        start = at(DAY, 10)
        s = Session.objects.create(
            municipality=world.tehran, version=plan.version, lesson=plan.lesson,
            domain=pool.health, district=district, starts_at=start,
            ends_at=start + dt.timedelta(minutes=45), status="delivered", **place,
        )  # fmt: skip
        return s

    class_6 = session(world.d6, school=world.s6, class_label="5/2")
    class_6.trainers.add(pool.t6)
    HeadCount.objects.create(municipality=world.tehran, session=class_6, grade=5, girls=12, boys=0)
    public_12 = session(world.d12, venue=world.v12, is_public=True, capacity=30)
    for i, name in enumerate(("مریم رضایی", "علی کاظمی")):
        reg = Registration.objects.create(
            municipality=world.tehran, session=public_12, name=name, mobile=f"0912000000{i}",
            status="confirmed", client_id=f"00000000-0000-0000-0000-00000000000{i}",
        )  # fmt: skip
        if i == 0:
            Attendance.objects.create(
                municipality=world.tehran, session=public_12, registration=reg, mark="present"
            )
    return class_6, public_12


def _ask(users, key, **kw):
    args = {"kind": "sessions", "fmt": "csv", "date_from": DAY, "date_to": DAY} | kw
    return services.export_request(scope=scope_for_user(users[key]), actor=users[key], **args)


def _csv(job) -> list[list[str]]:
    job.refresh_from_db()
    return list(csv.reader(io.StringIO(job.file.read().decode("utf-8-sig"))))


def test_the_sessions_export_holds_every_row_with_jalali_dates(delivered, users, pool):  # noqa: F811
    job = _ask(users, "directorate")
    assert runner.run(job.pk) is True
    assert runner.run(job.pk) is False  # a second delivery finds it done
    rows = _csv(job)
    assert rows[0][:3] == ["جلسه", "تاریخ (شمسی)", "تاریخ"]
    assert len(rows) == 3
    by_id = {int(r[0]): r for r in rows[1:]}
    class_6, public_12 = delivered
    assert by_id[class_6.pk][1] == "1405/08/30" and by_id[class_6.pk][2] == "2026-11-21"
    assert by_id[class_6.pk][-1] == f"{pool.t6.first_name} {pool.t6.last_name}"
    assert by_id[public_12.pk][-1] == ""  # nobody assigned
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.rows_done, job.percent) == ("done", 2, 2, 100)


def test_each_role_exports_only_its_scope(delivered, users):
    class_6, public_12 = delivered
    coordinator = _ask(users, "coordinator_d6", district_id=public_12.district_id)
    assert coordinator.district_id == class_6.district_id  # their own district, whatever asked
    runner.run(coordinator.pk)
    assert [int(r[0]) for r in _csv(coordinator)[1:]] == [class_6.pk]
    liaison = _ask(users, "liaison_health")
    runner.run(liaison.pk)
    assert len(_csv(liaison)) == 3  # health sessions: the agency owns the domain
    class_6.domain.owner_agency = None
    class_6.domain.save()
    other = _ask(users, "liaison_health")
    runner.run(other.pk)
    assert len(_csv(other)) == 1  # the header only
    for key in ("citizen", "trainer", "school_contact_s6", "volunteer"):
        with pytest.raises(PermissionDenied):
            _ask(users, key)


def test_attendance_names_people_but_never_their_mobile(delivered, users):
    job = _ask(users, "directorate", kind="attendance", fmt="xlsx")
    runner.run(job.pk)
    job.refresh_from_db()
    sheet = load_workbook(io.BytesIO(job.file.read())).active
    assert sheet.sheet_view.rightToLeft is True
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3  # the header, one marked person, one head count
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert "مریم رضایی" in flat and "علی کاظمی" not in flat  # only who came
    assert "09120000000" not in flat
    count = next(r for r in values[1:] if r[6] == "شمارش حاضران")
    assert (count[9], count[10], count[11]) == (5, 12, 0)
    assert count[1] == "1405/08/30"


def test_bad_requests_are_refused_with_reasons(delivered, users, world):
    with pytest.raises(ValidationError) as caught:
        _ask(users, "directorate", date_to=DAY - dt.timedelta(days=1))
    assert "date_to" in caught.value.message_dict
    with pytest.raises(ValidationError):
        _ask(users, "directorate", date_from=DAY - dt.timedelta(days=2000))
    with pytest.raises(ValidationError) as caught:
        _ask(users, "directorate", district_id=world.b1.pk)  # Bumehen's
    assert "district" in caught.value.message_dict
    with pytest.raises(ValidationError):
        _ask(users, "directorate", fmt="pdf")
    for _ in range(3):
        _ask(users, "directorate")
    with pytest.raises(ValidationError):  # three are already waiting
        _ask(users, "directorate")
    assert ExportJob.objects.count() == 3


def test_a_failing_export_is_reported(delivered, users, monkeypatch):
    job = _ask(users, "directorate")

    def broken(job):
        yield 1
        raise RuntimeError("disk full")

    monkeypatch.setitem(runner.SOURCES, "sessions", (runner.session_header, broken))
    assert runner.run(job.pk) is False
    job.refresh_from_db()
    assert job.status == "failed" and "disk full" in job.error and not job.file


def test_pages_list_only_my_exports_and_download_them(delivered, users, client_for):
    mine = _ask(users, "directorate")
    runner.run(mine.pk)
    client = client_for("directorate")
    page = client.get("/exports/")
    assert page.status_code == 200 and f'id="job-{mine.pk}"' in page.content.decode()
    download = client.get(f"/exports/{mine.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\xef\xbb\xbf")
    # someone else (even the directorate's colleague) cannot fetch it
    assert client_for("coordinator_d6").get(f"/exports/{mine.pk}/download/").status_code == 404
    assert client_for("citizen").get("/exports/").status_code == 403
    running = _ask(users, "directorate")
    partial = client.get("/exports/progress/").content.decode()
    assert f'id="job-{running.pk}"' in partial and 'hx-trigger="every 1s"' in partial
    posted = client.post(
        "/exports/", {"kind": "sessions", "fmt": "csv", "date_from": "1405/08/30",
                      "date_to": "1405/08/01"},
    )  # fmt: skip
    assert posted.status_code == 400
