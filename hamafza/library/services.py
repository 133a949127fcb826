"""Writes of the trainers' library. Pages and the API call these same functions.

Every function is keyword-only and atomic, checks the verb (permissions) and the row (scope),
validates with ``full_clean()`` and records who made the change (simple-history). An edit names
the version it was made on (``core.concurrency``). Files are checked by their content and size
(``core.uploads``) before anything is written, so a refused file leaves nothing behind.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.catalogue.files import ALLOWED_TYPES, MAX_MATERIAL_BYTES, safe_name
from hamafza.catalogue.models import Domain, Lesson, Program
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed
from hamafza.core.scoping import Role, Scope, in_scope, scoped
from hamafza.core.uploads import check_upload
from hamafza.library import permissions
from hamafza.library.models import (
    Comment,
    ExperienceReport,
    Helped,
    Rating,
    ReportPhoto,
    Resource,
    ResourceFile,
    Use,
)
from hamafza.library.photos import MAX_PHOTOS, clean_photo
from hamafza.notifications.services import notify
from hamafza.org.models import Membership
from hamafza.search import services as search
from hamafza.sessions.models import Session
from hamafza.trainers.selectors import own_trainer

RESOURCE_FIELDS = {
    "kind",
    "title",
    "summary",
    "domain_id",
    "program_id",
    "lesson_id",
    "audience",
    "gender",
    "licence",
    "links",
}
MAX_FILE_BYTES = MAX_MATERIAL_BYTES
FILE_TYPES = set(ALLOWED_TYPES)


def _multiline(text: str) -> str:
    return "\n".join(clean_typed(line) for line in text.replace("\r\n", "\n").split("\n")).strip()


def _clean(data: dict) -> dict:
    unknown = set(data) - RESOURCE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    out = dict(data)
    for key in ("title", "summary", "links"):
        if isinstance(out.get(key), str):
            out[key] = _multiline(out[key]) if key != "title" else clean_typed(out[key])
    return out


def _locked(scope: Scope, resource: Resource) -> Resource:
    row = scoped(Resource.objects.select_for_update(), scope).filter(pk=resource.pk).first()
    if row is None or row.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("This record is outside your area."))
    return row


def _exists(model, pk, scope: Scope) -> bool:
    return scoped(model.objects.filter(pk=pk), scope).exists()


def _check_relations(scope: Scope, resource: Resource) -> None:
    """The domain, program and lesson must be the municipality's (read through the gate)."""
    errors = {}
    if resource.domain_id and not _exists(Domain, resource.domain_id, scope):
        errors["domain"] = _("Choose a domain of this municipality.")
    if resource.program_id and not _exists(Program, resource.program_id, scope):
        errors["program"] = _("Choose a program of this municipality.")
    if resource.lesson_id and not _exists(Lesson, resource.lesson_id, scope):
        errors["lesson"] = _("Choose a lesson of this municipality.")
    if resource.lesson_id and not resource.program_id:
        lesson = scoped(Lesson.objects.filter(pk=resource.lesson_id), scope).first()
        resource.program_id = lesson.version.program_id if lesson else None
    if errors:
        raise ValidationError(errors)


def _save(obj, actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def check_file(upload) -> tuple[str, str]:
    """(content type, storage name) of an acceptable file, or ValidationError with a message in
    the user's language: the content must be one of the accepted types, whatever the name says,
    and within the size limit."""
    if upload is not None and not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    mime = check_upload(upload, allowed=FILE_TYPES, max_bytes=MAX_FILE_BYTES)
    return mime, safe_name(getattr(upload, "name", "") or "", ALLOWED_TYPES[mime])


def _store_file(*, resource: Resource, actor, upload, note: str = "") -> ResourceFile:
    mime, name = check_file(upload)
    last = resource.files.aggregate(n=Max("number"))["n"] or 0
    if resource.published_at is None and last:
        # before the first publication the author replaces the file: no versions yet
        for old in resource.files.all():
            old.file.delete(save=False)
            old.delete()
        last = 0
    row = ResourceFile(
        municipality_id=resource.municipality_id,
        resource=resource,
        number=last + 1,
        content_type=mime,
        size=upload.size,
        note=clean_typed(note)[:300],
        uploaded_by=actor,
    )
    upload.name = name
    row.file = upload
    _save(row, actor)
    return row


@transaction.atomic
def resource_create(*, scope: Scope, actor, data: dict, upload=None) -> Resource:
    """A trainer's new resource, as a draft of theirs."""
    if not permissions.can_contribute(scope):
        raise PermissionDenied(_("Only trainers add resources to the library."))
    author = own_trainer(scope=scope)
    if author is None:
        raise PermissionDenied(_("Your account is not linked to a trainer record."))
    if upload is not None:
        check_file(upload)  # refused before the resource is written
    resource = Resource(municipality_id=scope.municipality_id, author=author)
    for field, value in _clean(data).items():
        setattr(resource, field, value)
    _check_relations(scope, resource)
    _save(resource, actor)
    if upload is not None:
        _store_file(resource=resource, actor=actor, upload=upload)
    return resource


@transaction.atomic
def resource_update(
    *, scope: Scope, actor, resource: Resource, data: dict, expected_updated_at: dt.datetime | None
) -> Resource:
    row = _locked(scope, resource)
    check_version(row, expected_updated_at)
    if not permissions.can_edit(scope, row):
        raise PermissionDenied(_("Only its author changes a resource, while it is a draft."))
    for field, value in _clean(data).items():
        setattr(row, field, value)
    _check_relations(scope, row)
    _save(row, actor)
    return row


@transaction.atomic
def file_add(*, scope: Scope, actor, resource: Resource, upload, note: str = "") -> ResourceFile:
    """A new file: it replaces a draft's file, or becomes the next version of a resource that
    has been published (the earlier versions are kept)."""
    row = _locked(scope, resource)
    if not permissions.can_add_version(scope, row):
        raise PermissionDenied(_("Only its author adds files to a resource."))
    stored = _store_file(resource=row, actor=actor, upload=upload)
    row._history_user = actor
    row.save()  # the resource changed (its version moves on)
    index_resource(row)
    return stored


def _curators(resource: Resource) -> list[int]:
    wanted = Q(role=Role.DIRECTORATE)
    if resource.domain.owner_agency_id:
        wanted |= Q(role=Role.AGENCY_LIAISON, agency_id=resource.domain.owner_agency_id)
    return list(
        Membership.objects.filter(
            wanted, municipality_id=resource.municipality_id, is_active=True
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def resource_submit(*, scope: Scope, actor, resource: Resource) -> Resource:
    row = _locked(scope, resource)
    if not permissions.can_edit(scope, row):
        raise PermissionDenied(_("Only its author submits a resource, while it is a draft."))
    if not row.files.exists() and not row.link_list():
        raise ValidationError(_("Add a file or a link before you submit the resource."))
    row.status = Resource.Status.SUBMITTED
    row.submitted_at = timezone.now()
    _save(row, actor)
    notify(
        recipients=_curators(row),
        kind="library_submitted",
        title=gettext_lazy("A library resource waits for your review: %(title)s"),
        link=row.get_absolute_url(),
        municipality_id=row.municipality_id,
        context={"title": row.title},
    )
    return row


def _require_curator(scope: Scope, row: Resource) -> None:
    if not permissions.can_curate(scope, row):
        raise PermissionDenied(
            _("You review the resources of your own agency's domains only.")
            if scope.role == Role.AGENCY_LIAISON
            else _("You do not have permission to review library resources.")
        )


@transaction.atomic
def resource_publish(*, scope: Scope, actor, resource: Resource) -> Resource:
    row = _locked(scope, resource)
    _require_curator(scope, row)
    if row.status != Resource.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted resource can be published."))
    row.status = Resource.Status.PUBLISHED
    row.published_at = row.published_at or timezone.now()
    row.return_reason = ""
    row.reviewed_by = actor
    _save(row, actor)
    index_resource(row)
    notify(
        recipients=[row.author.user_id] if row.author.user_id else [],
        kind="library_reviewed",
        title=gettext_lazy("Your library resource was published: %(title)s"),
        link=row.get_absolute_url(),
        municipality_id=row.municipality_id,
        context={"title": row.title},
    )
    return row


@transaction.atomic
def resource_return(*, scope: Scope, actor, resource: Resource, reason: str) -> Resource:
    row = _locked(scope, resource)
    _require_curator(scope, row)
    reason = _multiline(reason or "")
    if not reason:
        raise ValidationError({"return_reason": _("Say what the author should change.")})
    if row.status != Resource.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted resource can be returned."))
    row.status = Resource.Status.RETURNED
    row.return_reason = reason
    row.reviewed_by = actor
    _save(row, actor)
    notify(
        recipients=[row.author.user_id] if row.author.user_id else [],
        kind="library_reviewed",
        title=gettext_lazy("Your library resource was returned for changes: %(title)s"),
        body=reason,
        link=row.get_absolute_url(),
        municipality_id=row.municipality_id,
        context={"title": row.title},
    )
    return row


@transaction.atomic
def resource_feature(*, scope: Scope, actor, resource: Resource, featured: bool) -> Resource:
    row = _locked(scope, resource)
    _require_curator(scope, row)
    if featured and row.status != Resource.Status.PUBLISHED:
        raise ValidationError(_("Only a published resource can be featured."))
    row.featured = featured
    _save(row, actor)
    return row


def _require_published(row: Resource) -> None:
    if row.status != Resource.Status.PUBLISHED:
        raise ValidationError(_("This resource is not published yet."))


@transaction.atomic
def resource_rate(*, scope: Scope, actor, resource: Resource, stars) -> Rating:
    """Rate 1 to 5; rating again changes one's rating."""
    if not permissions.can_view_library(scope) or not in_scope(resource, scope):
        raise PermissionDenied(_("This record is outside your area."))
    _require_published(resource)
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValidationError({"stars": _("A rating is a whole number from 1 to 5.")})
    rating = Rating.objects.select_for_update().filter(resource=resource, user_id=actor.pk).first()
    if rating is None:
        rating = Rating(municipality_id=resource.municipality_id, resource=resource, user=actor)
    rating.stars = stars
    try:
        with transaction.atomic():
            _save(rating, actor)
    except IntegrityError:  # rated at the same moment from another tab: change that one
        rating = Rating.objects.get(resource=resource, user_id=actor.pk)
        rating.stars = stars
        _save(rating, actor)
    return rating


@transaction.atomic
def comment_add(*, scope: Scope, actor, resource: Resource, text: str) -> Comment:
    if not permissions.can_view_library(scope) or not in_scope(resource, scope):
        raise PermissionDenied(_("This record is outside your area."))
    _require_published(resource)
    text = _multiline(text or "")
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    comment = Comment(
        municipality_id=resource.municipality_id, resource=resource, author=actor, text=text
    )
    _save(comment, actor)
    return comment


@transaction.atomic
def use_add(*, scope: Scope, actor, resource: Resource, session_id) -> Use:
    """Link the resource to a session the asking trainer delivered."""
    if not permissions.can_view_library(scope) or not in_scope(resource, scope):
        raise PermissionDenied(_("This record is outside your area."))
    _require_published(resource)
    if not permissions.can_use_in_session(scope, resource):
        raise PermissionDenied(_("Only trainers link a resource to a session they delivered."))
    trainer = own_trainer(scope=scope)
    session = (
        scoped(Session.objects.filter(pk=session_id), scope).first()
        if isinstance(session_id, int) and not isinstance(session_id, bool)
        else None
    )
    if (
        trainer is None
        or session is None
        or session.status not in Session.DELIVERED_STATUSES
        or not session.trainers.filter(pk=trainer.pk).exists()
    ):
        raise ValidationError(
            {"session": _("Choose a session you delivered: only your own delivered sessions.")}
        )
    if Use.objects.filter(resource=resource, session=session).exists():
        raise ValidationError({"session": _("This resource is already linked to that session.")})
    use = Use(
        municipality_id=resource.municipality_id,
        resource=resource,
        session=session,
        trainer=trainer,
    )
    _save(use, actor)
    # only "most used" moves on: the rest of the row is the indexer's on the resource's own
    # writes (this copy of it may be stale, e.g. its offer withdrawn meanwhile)
    search.set_used(kind="resource", object_id=resource.pk, used=resource.uses.count())
    return use


def count_download(resource: Resource) -> None:
    """One more download of a published resource (the author's previews are not counted)."""
    if resource.status == Resource.Status.PUBLISHED:
        Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


# --- the one search ---------------------------------------------------------------------------


def index_resource(resource: Resource) -> None:
    """Put a published resource in the search index (refreshing its figures), or drop it when it
    is not published. Called in the transaction of every change that moves what is found."""
    if resource.status != Resource.Status.PUBLISHED:
        search.drop(kind="resource", object_id=resource.pk)
        return
    author = resource.author
    search.put(
        kind="resource",
        object_id=resource.pk,
        municipality_id=resource.municipality_id,
        title=resource.title,
        body=resource.summary,
        published_at=resource.published_at or resource.updated_at,
        domain_id=resource.domain_id,
        program_id=resource.program_id,
        lesson_id=resource.lesson_id,
        district_id=author.home_district_id,
        audience=resource.audience,
        resource_kind=resource.kind,
        licence=resource.licence,
        author_name=str(author),
        shared=resource.offered_to_all and resource.is_open_licence,
        used=resource.uses.count(),
    )


def index_report(report: ExperienceReport) -> None:
    """Put an experience report in the search index; "used" is how many it helped."""
    search.put(
        kind="report",
        object_id=report.pk,
        municipality_id=report.municipality_id,
        title=f"{report.program.title} · {report.lesson.title}",
        body=report.text(),
        published_at=report.created_at,
        domain_id=report.domain_id,
        program_id=report.program_id,
        lesson_id=report.lesson_id,
        district_id=report.district_id,
        audience=report.program.audience,
        author_name=str(report.trainer),
        used=report.helped.count(),
    )


def reindex_resources() -> int:
    """Every published resource of every municipality put in the index again (rebuild_search)."""
    rows = Resource.objects.filter(status=Resource.Status.PUBLISHED).select_related("author")
    for resource in rows:
        index_resource(resource)
    return rows.count()


def reindex_reports() -> int:
    """Every experience report put in the index again (rebuild_search)."""
    rows = ExperienceReport.objects.select_related("program", "lesson", "trainer")
    for report in rows:
        index_report(report)
    return rows.count()


def dropped_resource(sender, instance, **kwargs) -> None:
    """post_delete of a resource (however deleted): it is no longer findable."""
    search.drop(kind="resource", object_id=instance.pk)


def dropped_report(sender, instance, **kwargs) -> None:
    """post_delete of a report (deleted, or its session deleted): no longer findable."""
    search.drop(kind="report", object_id=instance.pk)


# --- across municipalities --------------------------------------------------------------------


@transaction.atomic
def resource_offer(*, scope: Scope, actor, resource: Resource, offered: bool) -> Resource:
    """Offer a published resource with an open licence to every municipality on the platform
    (read-only there, credited), or withdraw the offer. Its author or a curator decides."""
    row = _locked(scope, resource)
    if not permissions.can_offer(scope, row):
        raise PermissionDenied(_("Only its author or a curator offers a resource to other cities."))
    if offered:
        if row.status != Resource.Status.PUBLISHED:
            raise ValidationError(_("Only a published resource can be offered to other cities."))
        if not row.is_open_licence:
            raise ValidationError(
                _(
                    "“All rights reserved” resources stay in this municipality. Only a resource "
                    "with an open (Creative Commons) licence can be offered to other cities."
                )
            )
        if not row.offered_to_all:
            row.offered_to_all, row.offered_by, row.offered_at = True, actor, timezone.now()
    else:
        row.offered_to_all, row.offered_by, row.offered_at = False, None, None
    _save(row, actor)
    index_resource(row)
    return row


# --- experience reports -----------------------------------------------------------------------

REPORT_FIELDS = ("worked", "did_not_work", "tips")


def _report_text(data: dict) -> dict:
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    out = {key: _multiline(data.get(key) or "") for key in REPORT_FIELDS}
    if not any(out.values()):
        raise ValidationError(
            {"worked": _("Write what worked, what did not, or a tip for the next trainer.")}
        )
    return out


def _clean_photos(photos) -> list:
    """Every photo checked and stripped before anything is written: one bad file refuses all."""
    cleaned = []
    for upload in photos:
        try:
            cleaned.append(clean_photo(upload))
        except ValidationError as error:
            name = getattr(upload, "name", "") or ""
            raise ValidationError(
                {"photos": [f"{name[:80]}: {message}" for message in error.messages]}
            ) from error
    return cleaned


def _require_no_minors(session: Session, confirmed: bool) -> None:
    if permissions.involves_minors(session) and not confirmed:
        raise ValidationError(
            {
                "no_minor_identifiable": _(
                    "This session was with students: tick that no child can be identified in "
                    "the photos (no faces, names or uniforms that tell who they are), or leave "
                    "the photos out."
                )
            }
        )


def _store_photos(report: ExperienceReport, cleaned: list, actor) -> None:
    for content, mime in cleaned:
        photo = ReportPhoto(
            municipality_id=report.municipality_id,
            report=report,
            content_type=mime,
            size=content.size,
        )
        photo.file.save(content.name, content, save=False)
        try:
            _save(photo, actor)
        except Exception:
            photo.file.delete(save=False)  # a refused row leaves no file behind
            raise


@transaction.atomic
def report_create(
    *,
    scope: Scope,
    actor,
    session: Session,
    data: dict,
    photos=(),
    no_minor_identifiable: bool = False,
) -> ExperienceReport:
    """A trainer's report of a session they delivered (one per trainer and session)."""
    row = (
        scoped(Session.objects.filter(pk=session.pk), scope)
        .select_related("version__program", "lesson")
        .first()
    )
    if row is None or not permissions.can_report(scope, row):
        raise PermissionDenied(_("Only a trainer of a delivered session reports on it."))
    trainer = own_trainer(scope=scope)
    if trainer is None:
        raise PermissionDenied(_("Your account is not linked to a trainer record."))
    text = _report_text(data)
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    if photos:
        _require_no_minors(row, no_minor_identifiable)
    cleaned = _clean_photos(photos)
    if ExperienceReport.objects.filter(session=row, trainer=trainer).exists():
        raise ValidationError(_("You have already written a report of this session."))
    report = ExperienceReport(
        municipality_id=row.municipality_id,
        session=row,
        trainer=trainer,
        domain_id=row.domain_id,
        program_id=row.version.program_id,
        lesson_id=row.lesson_id,
        district_id=row.district_id,
        no_minor_identifiable=bool(no_minor_identifiable),
        **text,
    )
    try:
        with transaction.atomic():
            _save(report, actor)
    except IntegrityError as error:  # the same report sent twice at once (a double tap)
        raise ValidationError(_("You have already written a report of this session.")) from error
    _store_photos(report, cleaned, actor)
    index_report(report)
    return report


def _locked_report(scope: Scope, report: ExperienceReport) -> ExperienceReport:
    row = scoped(ExperienceReport.objects.select_for_update(), scope).filter(pk=report.pk).first()
    if row is None or row.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("This record is outside your area."))
    return row


@transaction.atomic
def report_update(
    *,
    scope: Scope,
    actor,
    report: ExperienceReport,
    data: dict,
    expected_updated_at: dt.datetime | None,
    photos=(),
    remove_photo_ids=(),
    no_minor_identifiable: bool | None = None,
) -> ExperienceReport:
    """The author changes their report: its text, new photos, photos taken away."""
    row = _locked_report(scope, report)
    if not permissions.is_report_author(scope, row):
        raise PermissionDenied(_("Only its author changes a report."))
    check_version(row, expected_updated_at)
    text = _report_text(data)
    photos = list(photos or [])
    removed = list(row.photos.filter(pk__in=list(remove_photo_ids or [])))
    if row.photos.count() - len(removed) + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
    if no_minor_identifiable is not None:
        row.no_minor_identifiable = bool(no_minor_identifiable)
    if row.photos.count() - len(removed) + len(photos) > 0:
        # the word holds for every photo the report keeps, not only the new ones
        _require_no_minors(row.session, row.no_minor_identifiable)
    cleaned = _clean_photos(photos)
    for field, value in text.items():
        setattr(row, field, value)
    _save(row, actor)
    for photo in removed:
        storage, name = photo.file.storage, photo.file.name
        photo.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    _store_photos(row, cleaned, actor)
    index_report(row)
    return row


@transaction.atomic
def report_delete(*, scope: Scope, actor, report: ExperienceReport) -> None:
    row = _locked_report(scope, report)
    if not permissions.is_report_author(scope, row):
        raise PermissionDenied(_("Only its author deletes a report."))
    names = [(p.file.storage, p.file.name) for p in row.photos.all()]
    row._history_user = actor
    row.delete()  # drops it from the index (post_delete)
    for storage, name in names:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def helped_toggle(*, scope: Scope, actor, report: ExperienceReport) -> tuple[bool, int]:
    """Mark "this helped me", or take the mark back: (marked now, how many marked it). Not on
    one's own report."""
    if not permissions.can_view_library(scope) or not in_scope(report, scope):
        raise PermissionDenied(_("This record is outside your area."))
    if permissions.is_report_author(scope, report):
        raise PermissionDenied(_("Your own report cannot be marked as helping you."))
    mark = Helped.objects.filter(report=report, user_id=actor.pk).first()
    if mark is not None:
        mark.delete()
        marked = False
    else:
        try:
            with transaction.atomic():
                Helped.objects.create(
                    municipality_id=report.municipality_id, report=report, user=actor
                )
        except IntegrityError:  # marked at the same moment from another tab
            pass
        marked = True
    count = report.helped.count()
    search.set_used(kind="report", object_id=report.pk, used=count)
    return marked, count
