"""Raw exports of sessions and attendance, made by a background job that streams the rows to a
file (CSV or Excel) so memory does not grow with the row count; the page shows its progress and
a download link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import District


class ExportJob(TenantModel):
    class Kind(models.TextChoices):
        SESSIONS = "sessions", _("Sessions")
        ATTENDANCE = "attendance", _("Attendance")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", pgettext_lazy("export being made", "Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    fmt = models.CharField(_("format"), max_length=10, choices=Format.choices)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    # the requester's unit when asked (the job runs later, in the requester's scope)
    role = models.CharField(max_length=30)
    scope_district_id = models.IntegerField(null=True, blank=True)
    scope_agency_id = models.IntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, default="fa")  # of the headers and labels
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveBigIntegerField(default=0)
    rows_done = models.PositiveBigIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Scoping:
        # exports.selectors narrows a job to whoever asked for it
        district = ALL
        school = NOTHING
        agency = ALL
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_fmt_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(round(self.rows_done * 100 / self.rows_total), 99) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
