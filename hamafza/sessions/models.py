"""Scheduled delivery: sessions of a program's lesson at a school class or a venue, taught by one
or more trainers, and the official holidays that recurring series skip."""

import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Domain, Lesson, ProgramVersion
from hamafza.core.models import TenantModel
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import NOTHING, FirstOf
from hamafza.core.validators import validate_mobile
from hamafza.org.models import District, School, Venue
from hamafza.trainers.models import Trainer


def place_label(school, class_label: str, venue) -> str:
    """Where a session is held as a person reads it: «دبستان شهید بهشتی ۱، کلاس ۴/۱» (the class
    apart from a number in the school's name), or the venue."""
    if school is None:
        return str(venue or "")
    if not class_label:
        return str(school)
    return localize_digits(
        gettext("%(school)s, class %(label)s") % {"school": school, "label": class_label}
    )


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

    # The one definition of "delivered": held and reported, whether or not the school has
    # confirmed it yet. Every count of sessions done uses it (``status__in=DELIVERED_STATUSES``).
    DELIVERED_STATUSES = (Status.DELIVERED, Status.VERIFIED)

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
    plan_line = models.ForeignKey(
        "plans.PlanLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delivered_by",
        verbose_name=_("counts toward"),
        help_text=_("The line of the joint plan this session counts toward."),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Scoping:
        # a liaison: the sessions counted to their agency (the line's agency, else the domain's owner)
        district = "district"
        school = "school"
        agency = FirstOf(("plan_line__agency", "domain__owner_agency"))
        trainer = "trainers__user"
        person = NOTHING

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
        return place_label(self.school if self.school_id else None, self.class_label, self.venue)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / dt.timedelta(hours=1)


class SessionReport(TenantModel):
    """What the trainer reports after teaching: the summary, issues and photos. Filing it marks
    the session delivered. ``client_id`` is made by the page, so a form sent twice (a double tap,
    a retry on a bad connection) files one report."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("summary"))
    issues = models.TextField(_("issues"), blank=True)
    present = models.PositiveIntegerField(_("number present"), default=0)
    filed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    client_id = models.UUIDField(unique=True)
    history = HistoricalRecords()

    class Scoping:
        district = "session__district"
        school = "session__school"
        agency = FirstOf(("session__plan_line__agency", "session__domain__owner_agency"))
        trainer = "session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")

    def __str__(self):
        return str(self.session)


class HeadCount(TenantModel):
    """Attendance of a school class as counts by grade and gender (no names of children)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="head_counts")
    grade = models.PositiveSmallIntegerField(_("grade"), validators=[MaxValueValidator(12)])
    girls = models.PositiveIntegerField(_("girls"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    late = models.PositiveIntegerField(_("arrived late"), default=0)

    class Scoping:
        district = "session__district"
        school = "session__school"
        agency = FirstOf(("session__plan_line__agency", "session__domain__owner_agency"))
        trainer = "session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("head count")
        verbose_name_plural = _("head counts")
        constraints = [
            models.UniqueConstraint(fields=["session", "grade"], name="headcount_grade_unique")
        ]

    def __str__(self):
        return f"{self.session_id}:{self.grade}"


class ReportPhoto(TenantModel):
    report = models.ForeignKey(SessionReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="sessions/photos/%Y/%m/")

    class Scoping:
        district = "report__session__district"
        school = "report__session__school"
        agency = FirstOf(
            ("report__session__plan_line__agency", "report__session__domain__owner_agency")
        )
        trainer = "report__session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.file.name


class Registration(TenantModel):
    """A citizen's place in a public session: confirmed while seats last, then on the waitlist
    (promoted in order when someone cancels)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=120)
    mobile = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    client_id = models.UUIDField(
        unique=True, help_text="Made by the form: a resent form registers once."
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)

    class Scoping:
        district = "session__district"
        school = "session__school"
        agency = FirstOf(("session__plan_line__agency", "session__domain__owner_agency"))
        trainer = "session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "mobile"],
                condition=~Q(status="cancelled"),
                name="registration_once_per_mobile",
                violation_error_message=_(
                    "This mobile number is already registered for this session."
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} · {self.session_id}"


class PendingRegistration(TenantModel):
    """A public registration waiting for the code texted to its mobile. It holds no seat and no
    waitlist place: the place is taken when the code is entered (``registration.confirm``), and
    the row is then deleted; unconfirmed rows expire and are purged."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    mobile = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    client_id = models.UUIDField(
        unique=True, help_text="Made by the form; becomes the registration's client_id."
    )
    code_hash = models.CharField(max_length=64, editable=False)  # HMAC of the code, never the code
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)  # wrong codes entered
    expires_at = models.DateTimeField(db_index=True, editable=False)

    class Scoping:
        district = "session__district"
        school = "session__school"
        agency = FirstOf(("session__plan_line__agency", "session__domain__owner_agency"))
        trainer = "session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("registration waiting for its code")
        verbose_name_plural = _("registrations waiting for their code")

    def __str__(self):
        return f"{self.name} · {self.session_id} (pending)"


class Attendance(TenantModel):
    """One registered person marked present (or late) on the trainer's roster."""

    class Mark(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="attendance"
    )
    mark = models.CharField(_("mark"), max_length=10, choices=Mark.choices)

    class Scoping:
        district = "session__district"
        school = "session__school"
        agency = FirstOf(("session__plan_line__agency", "session__domain__owner_agency"))
        trainer = "session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.registration} · {self.mark}"
