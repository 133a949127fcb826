"""The school import: check a file row by row, then write all valid rows or none."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from hamafza.core.scoping import Scope, scoped
from hamafza.org.imports import (
    SCHOOL_COLUMNS,
    ImportFileError,
    check_school_rows,
    map_headers,
    read_table,
)
from hamafza.org.models import ImportBatch, School
from hamafza.org.permissions import can_import_schools

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def school_import_start(*, scope: Scope, actor, file_name: str, data: bytes) -> ImportBatch:
    """Store the upload and check it: at once for small files, as a background job for large."""
    if not can_import_schools(scope):
        raise PermissionDenied
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    headers, rows = _read(data, file_name)
    batch = ImportBatch.objects.create(
        municipality_id=scope.municipality_id,
        district_id=scope.district_id if not scope.is_municipality_wide else None,
        created_by=actor,
        file_name=file_name[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        source=data,
        total_rows=len(rows),
    )
    if len(rows) > settings.IMPORT_BACKGROUND_ROWS:
        from hamafza.org.tasks import check_import_task

        check_import_task(batch.pk)
    else:
        school_import_check(batch_id=batch.pk)
        batch.refresh_from_db()
    return batch


def _read(data: bytes, file_name: str):
    try:
        headers, rows = read_table(data, file_name)
        map_headers(headers, SCHOOL_COLUMNS)  # refuse a file without the needed columns at once
        return headers, rows
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc


def school_import_check(*, batch_id: int) -> None:
    """Check every row of a stored upload (runs in the request or in the task queue)."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.PARSING:
        return  # already checked: a re-delivered job does nothing
    from hamafza.org.middleware import scope_for_user

    scope = _batch_scope(batch, scope_for_user)
    with translation.override(batch.language):
        try:
            headers, rows = read_table(bytes(batch.source), batch.file_name)

            def progress(done: int) -> None:
                ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=done)

            checked = list(
                check_school_rows(scope=scope, headers=headers, rows=rows, progress=progress)
            )
        except ImportFileError as exc:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED, error=str(exc)
            )
            return
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows=checked,
        processed_rows=len(checked),
        total_rows=len(checked),
        status=ImportBatch.Status.READY,
    )


def _batch_scope(batch: ImportBatch, scope_for_user) -> Scope:
    scope = scope_for_user(batch.created_by)
    if scope.municipality_id != batch.municipality_id:
        # The uploader's active role is elsewhere now; check in the batch's own municipality.
        scope = Scope(
            user_id=batch.created_by_id,
            role=scope.role,
            municipality_id=batch.municipality_id,
            district_id=batch.district_id,
        )
    return scope


def school_import_apply(*, scope: Scope, actor, batch: ImportBatch) -> int:
    """Write every valid row in one transaction. If any of them no longer passes, write none."""
    if not can_import_schools(scope):
        raise PermissionDenied
    with transaction.atomic():
        locked = scoped(ImportBatch.objects.select_for_update(), scope).get(pk=batch.pk)
        if locked.status != ImportBatch.Status.READY:
            raise ValidationError(_("This import is not waiting for review."))
        schools = []
        for row in locked.valid_rows:
            school = School(municipality_id=locked.municipality_id, **row["data"])
            try:
                school.full_clean()
            except ValidationError as exc:
                raise ValidationError(
                    _(
                        "Row %(row)s no longer passes the checks (%(reason)s). Nothing was imported; upload the file again."
                    )
                    % {"row": row["row"], "reason": "; ".join(exc.messages)}
                ) from exc
            school.refresh_keys()
            school._history_user = actor
            schools.append(school)
        bulk_create_with_history(schools, School, batch_size=500, default_user=actor)
        locked.status = ImportBatch.Status.APPLIED
        locked.imported_count = len(schools)
        locked.source = b""
        locked.save(update_fields=["status", "imported_count", "source", "updated_at"])
    return len(schools)


def school_import_cancel(*, scope: Scope, batch: ImportBatch) -> None:
    scoped(ImportBatch.objects.all(), scope).filter(
        pk=batch.pk, status__in=[ImportBatch.Status.READY, ImportBatch.Status.FAILED]
    ).update(status=ImportBatch.Status.CANCELLED, source=b"")
