"""The trainer registry: profiles, domains and levels, certificates, train-the-trainer courses,
availability and leave."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Domain
from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, NOTHING
from hamafza.core.validators import validate_mobile, validate_national_code
from hamafza.org.models import Agency, District, SearchableTenantModel


class Trainer(SearchableTenantModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class Education(models.TextChoices):
        DIPLOMA = "diploma", _("Diploma")
        ASSOCIATE = "associate", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainer_profile",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    national_code = models.CharField(
        _("national code"), max_length=10, validators=[validate_national_code]
    )
    mobile = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    photo = models.FileField(_("photo"), upload_to="trainers/photos/", blank=True)
    home_district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="trainers", verbose_name=_("home district")
    )
    employer = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainers",
        verbose_name=_("employing agency"),
    )
    is_volunteer = models.BooleanField(_("volunteer"), default=False)
    domains = models.ManyToManyField(
        Domain, through="TrainerDomain", related_name="trainers", verbose_name=_("domains")
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="فارسی")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    max_hours_per_week = models.PositiveSmallIntegerField(_("maximum hours per week"), default=20)
    history = HistoricalRecords(excluded_fields=["search_text"])

    search_fields = ("first_name", "last_name", "national_code", "mobile")

    class Scoping:
        # the pool is read by the planners and liaisons; a trainer reads their own record
        district = ALL
        school = ALL
        agency = ALL
        trainer = "user"
        person = NOTHING

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "national_code"],
                name="trainer_national_code_unique",
                violation_error_message=_(
                    "A trainer with this national code is already registered."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse("trainers:detail", args=[self.pk])


class CompetencyLevel(TenantModel):
    """One rung of a domain's standards ladder, with what it takes to reach it."""

    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="levels", verbose_name=_("domain")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=100)
    min_courses = models.PositiveSmallIntegerField(_("courses completed"), default=0)
    min_hours = models.PositiveIntegerField(_("hours delivered"), default=0)
    min_observation_score = models.PositiveSmallIntegerField(
        _("observation score (0–100)"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("competency level")
        verbose_name_plural = _("competency levels")
        ordering = ["domain", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "rank"],
                name="level_rank_unique",
                violation_error_message=_("This domain already has a level with this rank."),
            ),
            models.CheckConstraint(
                condition=Q(min_observation_score__isnull=True) | Q(min_observation_score__lte=100),
                name="level_score_range",
                violation_error_message=_("An observation score is between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.domain} · {self.name}"


class TrainerDomain(TenantModel):
    """A domain a trainer teaches, with the level the directorate granted."""

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="trainer_domains")
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    level = models.ForeignKey(
        CompetencyLevel, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("level")
    )
    prior_hours = models.PositiveIntegerField(
        _("hours delivered before Hamafza"),
        default=0,
        help_text=_("Teaching hours from earlier records."),
    )
    observation_score = models.PositiveSmallIntegerField(
        _("latest observation score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("trainer domain")
        verbose_name_plural = _("trainer domains")
        constraints = [
            models.UniqueConstraint(fields=["trainer", "domain"], name="trainer_domain_unique"),
        ]

    def __str__(self):
        return f"{self.trainer} · {self.domain}"


def _verification_code() -> str:
    return secrets.token_hex(5).upper()


class Certificate(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    trainer = models.ForeignKey(
        Trainer, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("trainer")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    file = models.FileField(_("scanned file"), upload_to="trainers/certificates/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=300, blank=True)
    course = models.ForeignKey(
        "TrainingCourse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    verification_code = models.CharField(
        max_length=12, unique=True, default=_verification_code, editable=False
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="certificate_expiry_after_issue",
                violation_error_message=_("The expiry date must be after the issue date."),
            ),
        ]

    def __str__(self):
        return f"{self.title} · {self.trainer}"

    def is_valid_on(self, day) -> bool:
        return self.status == self.Status.VERIFIED and (
            self.expires_on is None or self.expires_on >= day
        )


class TrainingCourse(TenantModel):
    """A train-the-trainer course (دوره تربیت مربی)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="courses", verbose_name=_("domain")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30)
    pass_percent = models.PositiveSmallIntegerField(
        _("attendance needed to pass (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    certificate_years = models.PositiveSmallIntegerField(
        _("certificate valid for (years)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("train-the-trainer course")
        verbose_name_plural = _("train-the-trainer courses")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="course_dates_ordered",
                violation_error_message=_("The course cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(pass_percent__lte=100),
                name="course_pass_percent_range",
                violation_error_message=_("The attendance needed is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainers:course_detail", args=[self.pk])


class CourseSession(TenantModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=2)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["date", "pk"]

    def __str__(self):
        return self.topic


class Enrolment(TenantModel):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Did not complete")

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="enrolments")
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    attended_percent = models.PositiveSmallIntegerField(null=True, blank=True)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "trainer"],
                name="enrolment_unique",
                violation_error_message=_("This trainer is already enrolled."),
            ),
        ]

    def __str__(self):
        return f"{self.trainer} · {self.course}"


class CourseAttendance(TenantModel):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=False)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "enrolment__trainer__user"
        person = NOTHING

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="course_attendance_unique"
            ),
        ]


class WeeklyAvailability(TenantModel):
    """A recurring slot when the trainer can teach. Weekdays follow the Iranian week."""

    class Weekday(models.IntegerChoices):
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="availability_ordered",
                violation_error_message=_("The slot must end after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Leave(TenantModel):
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="leaves")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leave")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="leave_ordered",
                violation_error_message=_("The leave cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.trainer} {self.starts_on}–{self.ends_on}"
