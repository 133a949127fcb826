"""Teaching domains and the program catalogue.

A program's curriculum lives in versions. A draft version is edited (lessons, materials); publishing
makes it the program's current version and freezes it, so sessions that point at its lessons keep
what was taught. A change of curriculum is a new version: a draft copied from the current one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.core.models import TenantModel
from hamafza.core.persian import dedupe_key
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import Agency, SearchableTenantModel

MAX_CHOICES = 6
MIN_CHOICES = 2


class Domain(SearchableTenantModel):
    """A teaching domain (حوزه آموزشی): citizenship, health, environment, waste, safety, crisis,
    traffic, or one a tenant adds. Each has an owning agency."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    owner_agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="domains",
        verbose_name=_("owning agency"),
    )
    history = HistoricalRecords()

    search_fields = ("name", "code")

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="domain_code_unique",
                violation_error_message=_("A domain with this code already exists."),
            ),
        ]

    def __str__(self):
        return self.name


class Program(SearchableTenantModel):
    """A standard program of one domain: who it is for, how many sessions of what length."""

    class Audience(models.TextChoices):
        PRIMARY_LOWER = "primary_lower", _("Primary school, grades 1–3")
        PRIMARY_UPPER = "primary_upper", _("Primary school, grades 4–6")
        LOWER_SECONDARY = "lower_secondary", _("Lower secondary, grades 7–9")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary, grades 10–12")
        PARENTS = "parents", _("Parents")
        ADULTS = "adults", _("Adult citizens")

    class Gender(models.TextChoices):
        BOYS = "boys", _("Boys")
        GIRLS = "girls", _("Girls")
        MIXED = "mixed", _("Mixed")
        ANY = "any", _("Any")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="programs", verbose_name=_("domain")
    )
    code = models.CharField(_("program code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    gender = models.CharField(
        _("audience gender"), max_length=10, choices=Gender.choices, default=Gender.ANY
    )
    session_count = models.PositiveSmallIntegerField(_("number of sessions"))
    session_minutes = models.PositiveSmallIntegerField(_("minutes per session"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    current_version = models.ForeignKey(
        "ProgramVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
        editable=False,
    )
    history = HistoricalRecords()

    search_fields = ("title", "code", "summary")

    class Scoping:
        municipality_shared = True  # every staff role of the municipality reads the catalogue

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["domain__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="program_code_unique",
                violation_error_message=_("A program with this code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(session_count__gte=1, session_count__lte=60),
                name="program_session_count_range",
                violation_error_message=_("A program has from 1 to 60 sessions."),
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=10, session_minutes__lte=480),
                name="program_session_minutes_range",
                violation_error_message=_("A session lasts from 10 to 480 minutes."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:program_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.domain_id and self.municipality_id:
            if not Domain.objects.filter(
                pk=self.domain_id, municipality_id=self.municipality_id
            ).exists():
                raise ValidationError({"domain": _("Choose a domain of this municipality.")})
        if self.status == self.Status.ACTIVE and not self.current_version_id:
            raise ValidationError(
                {"status": _("A program becomes active when its first version is published.")}
            )

    @property
    def total_minutes(self) -> int:
        return (self.session_count or 0) * (self.session_minutes or 0)


class ProgramVersion(TenantModel):
    """One edition of a program's curriculum. Published versions never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="versions", verbose_name=_("program")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords()

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("program version")
        verbose_name_plural = _("program versions")
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="programversion_number_unique",
                violation_error_message=_("This program already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(status="draft"),
                name="programversion_one_draft",
                violation_error_message=_("This program already has a draft version."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="programversion_published_has_date",
                violation_error_message=_("A published version needs its publication date."),
            ),
        ]

    def __str__(self):
        return _("%(program)s, version %(number)s") % {
            "program": self.program,
            "number": self.number,
        }

    def get_absolute_url(self):
        return reverse("catalogue:version_detail", args=[self.program_id, self.number])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def _refuse_if_published(version: ProgramVersion | None) -> None:
    if version is not None and version.status == ProgramVersion.Status.PUBLISHED:
        raise ValidationError(
            _("A published version cannot be changed. Start a new version to change it.")
        )


class Lesson(TenantModel):
    """One session of a version's curriculum, with its lesson plan."""

    version = models.ForeignKey(
        ProgramVersion, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("session number"))
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True)
    plan = models.TextField(_("lesson plan"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    history = HistoricalRecords()

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"],
                name="lesson_order_unique",
                violation_error_message=_("This version already has a session with this number."),
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="lesson_order_positive",
                violation_error_message=_("Session numbers start at 1."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=480),
                name="lesson_minutes_range",
                violation_error_message=_("A session lasts from 5 to 480 minutes."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    def clean(self):
        super().clean()
        if self.version_id:
            _refuse_if_published(ProgramVersion.objects.filter(pk=self.version_id).first())


def material_upload_to(instance, filename: str) -> str:
    return f"catalogue/materials/{instance.municipality_id}/{filename}"


class Material(TenantModel):
    """A file or a link that goes with a version (or with one lesson of it)."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    version = models.ForeignKey(
        ProgramVersion,
        on_delete=models.PROTECT,
        related_name="materials",
        verbose_name=_("version"),
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.URLField(
        _("address (URL)"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=300, blank=True)
    content_type = models.CharField(_("file type"), max_length=120, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    history = HistoricalRecords()

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["version", "lesson__order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="")) | (Q(kind="link") & ~Q(url="")),
                name="material_file_or_link",
                violation_error_message=_("A file needs its file and a link needs its address."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.version_id:
            _refuse_if_published(ProgramVersion.objects.filter(pk=self.version_id).first())
        if (
            self.lesson_id
            and not Lesson.objects.filter(pk=self.lesson_id, version_id=self.version_id).exists()
        ):
            raise ValidationError({"lesson": _("This session is not part of this version.")})

    @property
    def href(self) -> str:
        if self.kind == self.Kind.LINK:
            return self.url
        return reverse("catalogue:material_download", args=[self.pk])


class Question(TenantModel):
    """A multiple-choice question of a program's bank for pre- and post-tests."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="questions", verbose_name=_("program")
    )
    text = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), default=list)
    correct_index = models.PositiveSmallIntegerField(_("correct choice"))
    explanation = models.TextField(_("explanation"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Scoping:
        # the bank holds the answers: staff only
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["program", "pk"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        choices = self.choices
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            raise ValidationError({"choices": _("The choices must be a list of texts.")})
        if any(not c.strip() for c in choices):
            raise ValidationError({"choices": _("A choice cannot be empty.")})
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            raise ValidationError(
                {
                    "choices": _("A question has from %(min)s to %(max)s choices.")
                    % {"min": MIN_CHOICES, "max": MAX_CHOICES}
                }
            )
        if len({dedupe_key(c) for c in choices}) != len(choices):
            raise ValidationError({"choices": _("Two choices are the same.")})
        if self.correct_index is None or self.correct_index >= len(choices):
            raise ValidationError(
                {"correct_index": _("The correct answer must be one of the choices.")}
            )

    @property
    def correct_choice(self) -> str:
        return self.choices[self.correct_index]
