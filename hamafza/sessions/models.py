"""Scheduled delivery: sessions of a program's lesson at a school class or a venue, taught by one
or more trainers, and the official holidays that recurring series skip."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Domain, Lesson, ProgramVersion
from hamafza.core.models import TenantModel
from hamafza.core.persian import localize_digits
from hamafza.org.models import District, School, Venue
from hamafza.trainers.models import Trainer


class Holiday(TenantModel):
    """An official holiday (tenant-editable): no session of a recurring series falls on it."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"],
                name="holiday_date_unique",
                violation_error_message=_("This day is already a holiday."),
            )
        ]

    def __str__(self):
        return self.name


class Session(TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        DELIVERED = "delivered", _("Delivered")
        VERIFIED = "verified", _("Verified")
        CANCELLED = "cancelled", _("Cancelled")

    version = models.ForeignKey(
        ProgramVersion,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("program version"),
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("lesson")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("district")
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("school"),
    )
    class_label = models.CharField(
        _("class"), max_length=40, blank=True, help_text=_("For example 5/2.")
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    trainers = models.ManyToManyField(Trainer, related_name="sessions", verbose_name=_("trainers"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    is_public = models.BooleanField(_("open to the public"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    series = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    history = HistoricalRecords()

    class Scoping:
        district = "district"

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="session_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False) | Q(venue__isnull=False),
                name="session_has_place",
                violation_error_message=_("Choose a school or a venue."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="session_cancel_has_reason",
                violation_error_message=_("Say why the session is cancelled."),
            ),
        ]

    def __str__(self):
        return f"{self.lesson.title} · {self.place}"

    def get_absolute_url(self):
        return reverse("sessions:detail", args=[self.pk])

    @property
    def place(self) -> str:
        if self.school_id:
            label = f"{self.school} {localize_digits(self.class_label)}".strip()
            return label
        return str(self.venue)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / dt.timedelta(hours=1)
