"""Streaming an export to a file: rows are read in chunks with a server-side cursor and written
as they come (CSV with a byte-order mark so Excel reads Persian; Excel through openpyxl's
write-only workbook, right to left), so memory stays flat whatever the row count. Progress is
written every few thousand rows; the job is claimed with a conditional UPDATE so a re-delivered
task does nothing."""

import csv
import datetime as dt
import io
import logging
import tempfile
from collections import defaultdict
from itertools import islice

import jdatetime
from django.core.files import File
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hamafza.core import sheets
from hamafza.core.l10n import join_list
from hamafza.exports import selectors
from hamafza.exports.models import ExportJob
from hamafza.sessions.models import Attendance, HeadCount, Session

log = logging.getLogger(__name__)

CHUNK = 5000


class _Jalali:
    """Gregorian date → '1405/09/07' (cached: many rows share a day)."""

    def __init__(self):
        self.cache = {}

    def __call__(self, day: dt.date) -> str:
        text = self.cache.get(day)
        if text is None:
            j = jdatetime.date.fromgregorian(date=day)
            text = self.cache[day] = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
        return text


def _chunks(iterable, size):
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


SESSION_FIELDS = (
    "pk", "starts_at", "ends_at", "district__number", "district__name", "domain__name",
    "version__program__code", "version__program__title", "lesson__title", "school__code",
    "school__name", "class_label", "venue__name", "status", "is_public", "capacity",
    "plan_line_id", "report__present",
)  # fmt: skip


def session_header() -> list[str]:
    return [
        _("session"), _("date (Jalali)"), _("date"), _("from"), _("to"), _("district number"),
        _("district"), _("domain"), _("program code"), _("program"), _("lesson"), _("school code"),
        _("school"), _("class"), _("venue"), _("status"), _("open to the public"), _("capacity"),
        _("plan line"), _("number present"), _("trainers"),
    ]  # fmt: skip


def session_rows(job: ExportJob):
    qs = selectors.sessions(
        scope=selectors.scope_of(job), date_from=job.date_from, date_to=job.date_to,
        district_id=job.district_id,
    )  # fmt: skip
    yield qs.count()
    jalali = _Jalali()
    statuses = dict(Session.Status.choices)
    through = Session.trainers.through
    for chunk in _chunks(qs.values_list(*SESSION_FIELDS).iterator(chunk_size=CHUNK), CHUNK):
        names = defaultdict(list)
        for session_id, first, last in (
            through.objects.filter(session_id__in=[r[0] for r in chunk])
            .order_by("session_id", "trainer_id")
            .values_list("session_id", "trainer__first_name", "trainer__last_name")
        ):
            names[session_id].append(f"{first} {last}")
        for r in chunk:
            start = timezone.localtime(r[1])
            end = timezone.localtime(r[2])
            yield [
                r[0], jalali(start.date()), start.date().isoformat(), start.strftime("%H:%M"),
                end.strftime("%H:%M"), r[3], r[4], r[5], r[6], r[7], r[8], r[9] or "",
                r[10] or "", r[11], r[12] or "", str(statuses.get(r[13], r[13])),
                _("yes") if r[14] else _("no"), r[15] if r[15] is not None else "",
                r[16] or "", r[17] if r[17] is not None else "", join_list(names[r[0]]),
            ]  # fmt: skip


def attendance_header() -> list[str]:
    return [
        _("session"), _("date (Jalali)"), _("date"), _("district"), _("domain"), _("school"),
        _("kind"), _("participant"), _("mark"), _("grade"), _("girls"), _("boys"),
        _("arrived late"),
    ]  # fmt: skip


def attendance_rows(job: ExportJob):
    """Registered participants one row each (their name, never their mobile number), and each
    class's head count by grade."""
    sessions = selectors.sessions(
        scope=selectors.scope_of(job), date_from=job.date_from, date_to=job.date_to,
        district_id=job.district_id,
    ).values("pk")  # fmt: skip
    people = Attendance.objects.filter(session__in=sessions).order_by("session_id", "pk")
    counts = HeadCount.objects.filter(session__in=sessions).order_by("session_id", "grade")
    yield people.count() + counts.count()
    jalali = _Jalali()
    marks = dict(Attendance.Mark.choices)
    head = ("session_id", "session__starts_at", "session__district__name",
            "session__domain__name", "session__school__name")  # fmt: skip
    registered, counted = _("registered"), _("head count")
    for r in people.values_list(*head, "registration__name", "mark").iterator(chunk_size=CHUNK):
        day = timezone.localtime(r[1]).date()
        yield [r[0], jalali(day), day.isoformat(), r[2], r[3], r[4] or "", registered, r[5],
               str(marks.get(r[6], r[6])), "", "", "", ""]  # fmt: skip
    for r in counts.values_list(*head, "grade", "girls", "boys", "late").iterator(chunk_size=CHUNK):
        day = timezone.localtime(r[1]).date()
        yield [r[0], jalali(day), day.isoformat(), r[2], r[3], r[4] or "", counted, "", "",
               r[5], r[6], r[7], r[8]]  # fmt: skip


SOURCES = {
    ExportJob.Kind.SESSIONS: (session_header, session_rows),
    ExportJob.Kind.ATTENDANCE: (attendance_header, attendance_rows),
}
PROGRESS_EVERY = 10_000


def _progress(job_id: int, done: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(rows_done=done)


def _write_csv(out, header, rows, job_id) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(sheets.row(header))
    done = 0
    for row in rows:
        writer.writerow(sheets.row(row))
        done += 1
        if done % PROGRESS_EVERY == 0:
            _progress(job_id, done)
    text.flush()
    text.detach()
    return done


def _write_xlsx(out, header, rows, job_id, title) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheets.rtl(sheet)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=sheets.cell(name))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    done = 0
    for row in rows:
        sheet.append(sheets.row(row))
        done += 1
        if done % PROGRESS_EVERY == 0:
            _progress(job_id, done)
    book.save(out)
    return done


def run(job_id: int) -> bool:
    """Make the file of job ``job_id`` (once: a second delivery finds it claimed)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return False
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    language = job.language or "fa"
    try:
        with translation.override(language), tempfile.TemporaryFile() as out:
            header_of, rows_of = SOURCES[job.kind]
            rows = rows_of(job)
            total = next(rows)
            ExportJob.objects.filter(pk=job_id).update(rows_total=total)
            if job.fmt == ExportJob.Format.XLSX:
                done = _write_xlsx(out, header_of(), rows, job_id, str(job.get_kind_display()))
            else:
                done = _write_csv(out, header_of(), rows, job_id)
            out.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            job.refresh_from_db()
            job.file.save(f"{job.kind}-{stamp}-{job.pk}.{job.fmt}", File(out), save=False)
        ExportJob.objects.filter(pk=job_id).update(
            file=job.file.name, status=ExportJob.Status.DONE, rows_done=done,
            rows_total=F("rows_total") if done <= total else done, finished_at=timezone.now(),
        )  # fmt: skip
        return True
    except Exception as exc:  # the job reports the failure; the worker goes on
        log.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        return False
