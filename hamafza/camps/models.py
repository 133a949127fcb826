"""Multi-day volunteer camps (اردوهای جهادی) for students: the camp, its participants with their
guardian's consent, its staff (trainers and volunteers) and its programme of sessions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.core.models import TenantModel
from hamafza.core.persian import dedupe_key, localize_digits
from hamafza.core.scoping import BY_DISTRICT, NOTHING
from hamafza.core.validators import validate_mobile
from hamafza.org.models import District, School, Venue
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer


class Camp(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for registration")
        CLOSED = "closed", _("Registration closed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        GIRLS = "girls", _("Girls")
        BOYS = "boys", _("Boys")
        MIXED = "mixed", _("Girls and boys")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="camps", verbose_name=_("district")
    )
    title = models.CharField(_("title"), max_length=200)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="camps",
        verbose_name=_("venue"),
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("Where the camp is held, when it is not one of the venues."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(_("capacity"))
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.MIXED
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    sessions = models.ManyToManyField(
        Session,
        through="CampSession",
        related_name="camps",
        blank=True,
        verbose_name=_("programme"),
    )
    history = HistoricalRecords()

    class Scoping:
        # children's data: no liaison; the staff their camps
        district = "district"
        school = BY_DISTRICT
        agency = NOTHING
        trainer = ("staff__trainer__user", "staff__user")
        person = "staff__user"

    class Meta:
        verbose_name = _("camp")
        verbose_name_plural = _("camps")
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["municipality", "start_date"], name="camp_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="camp_ends_after_start",
                violation_error_message=_("A camp cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(venue__isnull=False) | ~Q(place=""),
                name="camp_has_place",
                violation_error_message=_("Choose a venue or write where the camp is held."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="camp_capacity_positive",
                violation_error_message=_("A camp takes at least one participant."),
            ),
            models.CheckConstraint(
                condition=Q(grade_from__gte=1, grade_to__lte=12, grade_from__lte=F("grade_to")),
                name="camp_grades_valid",
                violation_error_message=_(
                    "Grades must run from 1 to 12, the first not after the last."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="camp_cancel_has_reason",
                violation_error_message=_("Say why the camp is cancelled."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.title)

    def get_absolute_url(self):
        return reverse("camps:detail", args=[self.pk])

    @property
    def place_label(self) -> str:
        if self.venue_id:
            return f"{self.venue} · {self.place}" if self.place else str(self.venue)
        return localize_digits(self.place)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def has_started(self) -> bool:
        return self.start_date <= timezone.localdate()

    @property
    def takes_participants(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.OPEN)

    @property
    def is_active(self) -> bool:
        """Not cancelled: its staff are taken for its days."""
        return self.status != self.Status.CANCELLED


class CampParticipant(TenantModel):
    """A student going to the camp. Nobody is marked as going (or attended) before their
    guardian's consent is recorded: who recorded it, when it was given and how."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        GOING = "going", _("Going")
        ATTENDED = "attended", _("Attended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Gender(models.TextChoices):
        GIRL = "girl", _("Girl")
        BOY = "boy", _("Boy")

    class ConsentMethod(models.TextChoices):
        PAPER = "paper", _("Signed paper form")
        SMS = "sms", _("SMS reply")
        IN_PERSON = "in_person", _("In person")

    camp = models.ForeignKey(
        Camp, on_delete=models.CASCADE, related_name="participants", verbose_name=_("camp")
    )
    full_name = models.CharField(_("student's full name"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False, blank=True)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="camp_participants",
        verbose_name=_("school"),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    guardian_name = models.CharField(_("guardian's name"), max_length=150)
    guardian_mobile = models.CharField(
        _("guardian's mobile"), max_length=11, validators=[validate_mobile]
    )
    notes = models.CharField(
        _("notes"),
        max_length=300,
        blank=True,
        help_text=_("Allergies, medicines or anything the staff should know."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_method = models.CharField(
        _("how consent was given"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    history = HistoricalRecords()

    class Scoping:
        district = "camp__district"
        school = "school"
        agency = NOTHING
        trainer = ("camp__staff__trainer__user", "camp__staff__user")
        person = "camp__staff__user"

    class Meta:
        verbose_name = _("camp participant")
        verbose_name_plural = _("camp participants")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["camp", "school", "name_key"],
                name="camp_participant_name_school_unique",
                violation_error_message=_(
                    "A student with this name from this school is already on the list of this camp."
                ),
            ),
            models.UniqueConstraint(
                fields=["camp", "guardian_mobile", "name_key"],
                name="camp_participant_guardian_unique",
                violation_error_message=_(
                    "A student with this name and guardian's mobile is already on the list of this camp."
                ),
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=12),
                name="camp_participant_grade_range",
                violation_error_message=_("The grade must be between 1 and 12."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["going", "attended"]) | Q(consent_given_at__isnull=False),
                name="camp_participant_going_needs_consent",
                violation_error_message=_(
                    "A student cannot be marked as going or attended before the guardian's consent is recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(consent_given_at__isnull=True) | ~Q(consent_method=""),
                name="camp_participant_consent_has_method",
                violation_error_message=_("Say how the guardian gave consent."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.full_name)

    def clean(self):
        super().clean()
        self.name_key = dedupe_key(self.full_name)

    def save(self, *args, **kwargs):
        self.name_key = dedupe_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None


class CampStaff(TenantModel):
    """A trainer of the pool or a volunteer (a user with a volunteer role) working at the camp."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Camp leader")
        TRAINER = "trainer", _("Trainer")
        VOLUNTEER = "volunteer", _("Volunteer")
        MEDIC = "medic", _("First aider")
        SUPPORT = "support", _("Support")

    camp = models.ForeignKey(
        Camp, on_delete=models.CASCADE, related_name="staff", verbose_name=_("camp")
    )
    trainer = models.ForeignKey(
        Trainer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="camp_staff",
        verbose_name=_("trainer"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="camp_staff",
        verbose_name=_("volunteer"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Scoping:
        district = "camp__district"
        school = BY_DISTRICT
        agency = NOTHING
        trainer = ("camp__staff__trainer__user", "camp__staff__user")
        person = "camp__staff__user"

    class Meta:
        verbose_name = _("camp staff member")
        verbose_name_plural = _("camp staff")
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trainer__isnull=True, user__isnull=False)
                | Q(trainer__isnull=False, user__isnull=True),
                name="camp_staff_one_person",
                violation_error_message=_("Choose a trainer or a volunteer (one of them)."),
            ),
            models.UniqueConstraint(
                fields=["camp", "trainer"],
                condition=Q(trainer__isnull=False),
                name="camp_staff_trainer_once",
                violation_error_message=_("This trainer is already on the staff of this camp."),
            ),
            models.UniqueConstraint(
                fields=["camp", "user"],
                condition=Q(user__isnull=False),
                name="camp_staff_user_once",
                violation_error_message=_("This person is already on the staff of this camp."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"

    @property
    def person(self):
        return self.trainer if self.trainer_id else self.user


class CampSession(TenantModel):
    """A session of the camp's programme. The session itself belongs to the sessions app; the
    camp only links it, so scheduling rules (conflicts, delivery) stay in one place."""

    camp = models.ForeignKey(
        Camp, on_delete=models.CASCADE, related_name="programme", verbose_name=_("camp")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="camp_links", verbose_name=_("session")
    )

    class Scoping:
        district = "camp__district"
        school = BY_DISTRICT
        agency = NOTHING
        trainer = ("camp__staff__trainer__user", "camp__staff__user")
        person = "camp__staff__user"

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme")
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["camp", "session"],
                name="camp_session_once",
                violation_error_message=_("This session is already in the camp's programme."),
            ),
        ]

    def __str__(self):
        return f"{self.camp} · {self.session_id}"
