"""The import engine: an uploaded Excel/CSV file is checked row by row into staged rows, the user
reviews the report, then every valid row is written in one transaction — or none is.

Each kind of record (schools, trainers, …) registers an ``ImportSpec``: its columns, a row checker
and a writer. Files are streamed and rows staged and applied in chunks, so memory stays flat
whatever the file size; files above ``settings.IMPORT_BACKGROUND_ROWS`` rows are checked by a
background job while the review page shows the progress.
"""

import csv
import io
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hamafza.core.bulk import insert_rows
from hamafza.core.persian import clean_typed, localize_digits, search_key, to_latin_digits
from hamafza.core.scoping import NO_SCOPE, Scope, scoped
from hamafza.org.middleware import ACTIVE_MEMBERSHIP_KEY, ACTIVE_MUNICIPALITY_KEY, scope_for_user
from hamafza.org.models import ImportBatch, ImportRow

logger = logging.getLogger("hamafza.imports")
# The queue's job that checks a large file (``org.tasks.check_import_task``) calls this engine,
# so the engine does not import it: ``OrgConfig.ready`` hands it over here.
BACKGROUND_CHECK: list[Callable[[int], object]] = []
STAGED_COLUMNS = ("batch_id", "number", "ok", "label", "key", "data", "errors")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
CHUNK = 2000


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns, too many rows)."""


class RowChecker:
    """Checks one row at a time. Subclasses load what they need once, in ``__init__``."""

    def __init__(self, scope: Scope):
        self.scope = scope

    def check(
        self, number: int, values: dict[str, str]
    ) -> tuple[dict, list[str], str]:  # pragma: no cover
        """Return (clean data, reasons to refuse, a label for the report)."""
        raise NotImplementedError

    def key(self, data: dict) -> str:
        """A key two rows of one file must not share (found after staging, in the database, so
        memory does not grow with the file). Empty: no check."""
        return ""

    def duplicate_message(self, first_row: int) -> str:
        return _("Repeated from row %(r)s.") % {"r": localize_digits(first_row)}


@dataclass
class ImportSpec:
    kind: str
    title: Promise
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    checker: Callable[[Scope], RowChecker]
    writer: Callable[[Scope, object, int, Iterable[dict]], int]
    permission: Callable[[Scope], bool]
    list_url: str
    template_headers: list[str] = field(default_factory=list)
    template_example: list = field(default_factory=list)
    # Rows above which the check runs in the background; a slow checker (one that looks up
    # conflicts per row) sets fewer than ``settings.IMPORT_BACKGROUND_ROWS``.
    background_rows: int | None = None


REGISTRY: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    REGISTRY[spec.kind] = spec
    return spec


def get_spec(kind: str) -> ImportSpec:
    if kind not in REGISTRY:
        raise PermissionDenied
    return REGISTRY[kind]


# ---- reading files -------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_typed(str(value))


def _csv_encoding(raw: IO[bytes]) -> str:
    head = raw.read(1 << 16)
    raw.seek(0)
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start >= len(head) - 4:
                return encoding  # a multi-byte character cut by the sample's end
            continue
        return encoding
    raise ImportFileError(_("The CSV file must be saved as UTF-8."))


def open_table(raw: IO[bytes], file_name: str) -> tuple[list[str], Iterator[list], int]:
    """Header, a row iterator and an estimate of the number of data rows of an .xlsx or .csv
    file. The file is streamed: memory does not grow with its size.

    Every row and column in the file is read, whatever size the workbook declares: an .xlsx
    sheet's ``<dimension>`` is written by whatever made the file, may be missing or stale (one
    that said A1:C2 made openpyxl stop after one row and three columns), so it is only a hint
    for the progress bar. What counts is what is read: the limit of rows is enforced while
    reading, and ``count_rows`` reads to decide whether a file is checked in the background."""
    name = file_name.lower()
    raw.seek(0)
    if name.endswith(".xlsx"):
        try:
            book = openpyxl.load_workbook(raw, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            declared = max((sheet.max_row or 1) - 1, 0)
            sheet.reset_dimensions()  # read to the last row and column actually stored
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise ImportFileError(_("This file could not be read as an Excel workbook.")) from exc
        total = min(declared, MAX_ROWS)
        body = (list(r) for r in rows)
    elif name.endswith(".csv"):
        encoding = _csv_encoding(raw)
        lines = sum(block.count(b"\n") for block in iter(lambda: raw.read(1 << 20), b""))
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text)
        try:
            header = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ImportFileError(_("The CSV file must be saved as UTF-8.")) from exc
        total = max(lines - 1, 0)
        if total > MAX_ROWS:  # counted from the bytes read, not declared
            raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        body = _decode_safely(reader, text)
    else:
        raise ImportFileError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if header is None or not any(c not in (None, "") for c in header):
        raise ImportFileError(_("The file is empty."))
    return [str(h or "") for h in header], body, total


def count_rows(rows: Iterator[list], limit: int) -> int:
    """Data rows read from ``rows``, stopping at ``limit + 1`` (enough to know it is more)."""
    count = 0
    for _row in rows:
        count += 1
        if count > limit:
            break
    return count


def _decode_safely(reader, text: io.TextIOWrapper) -> Iterator[list]:
    try:
        yield from reader
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError(_("Part of the file could not be read: %(e)s") % {"e": exc}) from exc
    finally:
        text.detach()  # the upload stays open for whoever reads it next


def map_headers(headers: list[str], spec: ImportSpec) -> dict[str, int]:
    folded = [search_key(h) for h in headers]
    mapping = {}
    for key, spellings in spec.columns.items():
        wanted = {search_key(s) for s in spellings}
        for i, h in enumerate(folded):
            if h in wanted:
                mapping[key] = i
                break
    missing = [k for k in spec.required if k not in mapping]
    if missing:
        raise ImportFileError(
            _("These columns are missing: %(cols)s")
            % {"cols": ", ".join(spec.columns[k][-1] for k in missing)}
        )
    return mapping


def int_value(text: str) -> int:
    return int(to_latin_digits(text).strip())


# ---- the three steps -------------------------------------------------------------------------


def import_start(*, scope: Scope, actor, kind: str, upload: File) -> ImportBatch:
    """Store the upload and check it: at once for small files, as a background job for large."""
    spec = get_spec(kind)
    if not spec.permission(scope):
        raise PermissionDenied
    file_name = os.path.basename(upload.name or "upload")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 1_048_576}
        )
    try:
        headers, rows, estimate = open_table(upload, file_name)
        map_headers(headers, spec)
        # Whether the web request checks the file itself is decided on rows read, never on the
        # size a workbook declares (bounded: at most background_rows + 1 rows are read here).
        background_rows = min(spec.background_rows or MAX_ROWS, settings.IMPORT_BACKGROUND_ROWS)
        counted = count_rows(rows, background_rows)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - a workbook damaged past its header
        raise ValidationError(
            _("The file could not be read to the end; check that it is not damaged.")
        ) from exc
    upload.seek(0)
    batch = ImportBatch.objects.create(
        municipality_id=scope.municipality_id,
        district_id=scope.district_id if not scope.is_municipality_wide else None,
        kind=kind,
        created_by=actor,
        membership_id=scope.membership_id,
        file_name=file_name[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total_rows=max(counted, estimate) if counted > background_rows else counted,
    )
    batch.upload.save(
        f"{batch.pk}-{kind}{os.path.splitext(file_name)[1].lower()}", upload, save=True
    )
    if counted > background_rows:
        BACKGROUND_CHECK[0](batch.pk)
    else:
        import_check(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def batch_scope(batch: ImportBatch) -> Scope:
    """The scope the uploader acted in (their role at upload time), held to the batch's
    municipality and district; no scope at all if that role has ended."""
    session = {
        ACTIVE_MEMBERSHIP_KEY: batch.membership_id,
        ACTIVE_MUNICIPALITY_KEY: batch.municipality_id,
    }
    scope = scope_for_user(batch.created_by, session)
    if (
        scope.municipality_id != batch.municipality_id
        or scope.membership_id != batch.membership_id
        or (batch.district_id and scope.district_id != batch.district_id)
    ):
        return NO_SCOPE
    return scope


def import_check(*, batch_id: int) -> None:
    """Check every row of a stored upload into staged rows. A re-delivered job does nothing."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.PARSING:
        return
    spec = get_spec(batch.kind)
    with translation.override(batch.language):
        try:
            batch.upload.open("rb")
            headers, rows, _total = open_table(batch.upload.file, batch.file_name)
            mapping = map_headers(headers, spec)
            checker = spec.checker(batch_scope(batch))
            batch.staged_rows.all().delete()
            staged, done, valid = [], 0, 0
            for number, row in enumerate(rows, start=2):
                if number - 1 > MAX_ROWS:
                    raise ImportFileError(
                        _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
                    )
                if not any(c not in (None, "") for c in row):
                    continue
                values = {k: _cell(row[i]) if i < len(row) else "" for k, i in mapping.items()}
                for key in spec.columns:
                    values.setdefault(key, "")
                data, errors, label = checker.check(number, values)
                key = checker.key(data) if not errors else ""
                staged.append((batch.pk, number, not errors, label[:200], key, data, errors))
                valid += not errors
                if len(staged) >= CHUNK:
                    insert_rows(ImportRow, STAGED_COLUMNS, staged)
                    done += len(staged)
                    staged = []
                    ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=done)
            insert_rows(ImportRow, STAGED_COLUMNS, staged)
            done += len(staged)
            valid -= _mark_duplicates(batch, checker)
        except Exception as exc:  # noqa: BLE001 - any failure ends the batch with a reason, never stuck
            batch.staged_rows.all().delete()
            message = (
                str(exc)
                if isinstance(exc, ImportFileError)
                else _("The file could not be read to the end; check that it is not damaged.")
            )
            ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PARSING).update(
                status=ImportBatch.Status.FAILED, error=message
            )
            if not isinstance(
                exc, ImportFileError | ValueError | KeyError | IndexError | TypeError
            ):
                logger.exception("import %s failed", batch.pk)
            return
        finally:
            batch.upload.close()
    # Only a batch still being checked becomes ready (not one cancelled meanwhile).
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PARSING).update(
        processed_rows=done, total_rows=done, valid_count=valid, status=ImportBatch.Status.READY
    )


def _mark_duplicates(batch: ImportBatch, checker: RowChecker) -> int:
    """Refuse every row whose key repeats an earlier row of the same file. Returns the count."""
    repeated = (
        batch.staged_rows.exclude(key="")
        .values("key")
        .annotate(n=Count("pk"), first=Min("number"))
        .filter(n__gt=1)
    )
    marked = 0
    for group in repeated.iterator():
        rows = batch.staged_rows.filter(key=group["key"], ok=True).exclude(number=group["first"])
        for row in rows:
            row.ok = False
            row.errors = [*row.errors, checker.duplicate_message(group["first"])]
            row.save(update_fields=["ok", "errors"])
            marked += 1
    return marked


def _valid_data(batch: ImportBatch) -> Iterator[dict]:
    """The staged data of valid rows, read a chunk at a time (keyset pagination: no server-side
    cursor is left open if the writer stops half-way)."""
    last = 0
    while True:
        chunk = list(
            batch.staged_rows.filter(ok=True, number__gt=last)
            .order_by("number")
            .values_list("number", "data")[:CHUNK]
        )
        if not chunk:
            return
        for _number, data in chunk:
            yield data
        last = chunk[-1][0]


def import_apply(*, scope: Scope, actor, batch: ImportBatch) -> int:
    """Write every valid row in one transaction. If any no longer passes, write none."""
    spec = get_spec(batch.kind)
    if not spec.permission(scope):
        raise PermissionDenied
    try:
        with transaction.atomic():
            locked = scoped(ImportBatch.objects.select_for_update(), scope).get(pk=batch.pk)
            if locked.status != ImportBatch.Status.READY:
                raise ValidationError(_("This import is not waiting for review."))
            count = spec.writer(scope, actor, locked.municipality_id, _valid_data(locked))
            locked.status = ImportBatch.Status.APPLIED
            locked.imported_count = count
            locked.save(update_fields=["status", "imported_count", "updated_at"])
            locked.staged_rows.all().delete()
        _discard_upload(locked)
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "The data changed since the file was checked (a duplicate appeared). Nothing was imported; upload the file again."
            )
        ) from exc
    return count


def import_cancel(*, scope: Scope, batch: ImportBatch) -> None:
    updated = (
        scoped(ImportBatch.objects.all(), scope)
        .filter(
            pk=batch.pk,
            status__in=[
                ImportBatch.Status.READY,
                ImportBatch.Status.FAILED,
                ImportBatch.Status.PARSING,
            ],
        )
        .update(status=ImportBatch.Status.CANCELLED)
    )
    if updated:
        ImportRow.objects.filter(batch_id=batch.pk).delete()
        _discard_upload(batch)


def _discard_upload(batch: ImportBatch) -> None:
    """Uploaded files are kept only until the import is decided."""
    if batch.upload:
        batch.upload.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(upload="")
