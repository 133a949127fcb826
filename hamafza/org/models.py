"""Organisation: the tenant municipality, its districts and neighbourhoods, partner agencies,
schools, venues, and the memberships that give people a role scoped to an org unit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.core.models import TenantModel, TimeStampedModel
from hamafza.core.persian import dedupe_key, localize_digits, search_key
from hamafza.core.scoping import ALL, BY_DISTRICT, Role
from hamafza.core.validators import validate_mobile


class Municipality(TimeStampedModel):
    """The tenant."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return localize_digits(self.name)


class SearchableTenantModel(TenantModel):
    """A tenant row with a folded search column (Persian-normalised) kept up to date on save."""

    search_text = models.TextField(editable=False, blank=True, default="")

    search_fields: tuple[str, ...] = ("name",)

    class Meta:
        abstract = True

    def refresh_keys(self) -> None:
        """Recompute the folded columns used for search and duplicate detection."""
        self.search_text = " ".join(
            search_key(str(getattr(self, f) or "")) for f in self.search_fields
        )
        if hasattr(self, "name_key"):
            self.name_key = dedupe_key(self.name)

    def clean(self):
        super().clean()
        self.refresh_keys()
        neighbourhood_id = getattr(self, "neighbourhood_id", None)
        if neighbourhood_id and getattr(self, "district_id", None):
            if not Neighbourhood.objects.filter(
                pk=neighbourhood_id, district_id=self.district_id
            ).exists():
                raise ValidationError(
                    {"neighbourhood": _("This neighbourhood is not in the chosen district.")}
                )

    def save(self, *args, **kwargs):
        self.refresh_keys()
        super().save(*args, **kwargs)


class District(SearchableTenantModel):
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    search_fields = ("name", "number")

    class Scoping:
        # reference: every role reads the districts, a coordinator their own
        district = "pk"
        school = BY_DISTRICT
        agency = ALL
        trainer = ALL
        person = ALL

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["municipality", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"],
                name="district_number_unique",
                violation_error_message=_("A district with this number already exists."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.name)

    def get_absolute_url(self):
        return reverse("org:district_detail", args=[self.pk])


class Neighbourhood(SearchableTenantModel):
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("district"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = "district"
        school = BY_DISTRICT
        agency = ALL
        trainer = ALL
        person = ALL

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["district__number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_key"],
                name="neighbourhood_name_unique",
                violation_error_message=_(
                    "This district already has a neighbourhood with this name."
                ),
            ),
        ]

    def __str__(self):
        return localize_digits(self.name)

    def get_absolute_url(self):
        return reverse("org:neighbourhood_detail", args=[self.pk])


class Agency(SearchableTenantModel):
    class Kind(models.TextChoices):
        HEALTH = "health", _("Health")
        ENVIRONMENT = "environment", _("Environment and sustainable development")
        SAFETY = "safety", _("Fire and safety services")
        WASTE = "waste", _("Waste management")
        TRAFFIC = "traffic", _("Transport and traffic")
        SOCIAL = "social", _("Social services")
        CRISIS = "crisis", _("Crisis prevention and management")
        EDUCATION = "education", _("Education department")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_mobile = models.CharField(
        _("contact mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    history = HistoricalRecords()

    search_fields = ("name", "short_name")

    class Scoping:
        municipality_shared = True  # visible to every role in the municipality

    class Meta:
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name_key"],
                name="agency_name_unique",
                violation_error_message=_("An agency with this name already exists."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.name)

    def get_absolute_url(self):
        return reverse("org:agency_detail", args=[self.pk])


class School(SearchableTenantModel):
    class Stage(models.TextChoices):
        PRIMARY = "primary", _("Primary (grades 1–6)")
        LOWER_SECONDARY = "lower_secondary", _("Lower secondary (grades 7–9)")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary (grades 10–12)")
        KINDERGARTEN = "kindergarten", _("Pre-school")
        SPECIAL = "special", _("Special education")

    class Gender(models.TextChoices):
        BOYS = "boys", _("Boys")
        GIRLS = "girls", _("Girls")
        MIXED = "mixed", _("Mixed")

    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Public")
        NON_GOVERNMENT = "non_government", _("Non-government")
        OTHER = "other", _("Other")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, blank=True)
    code = models.CharField(_("school code"), max_length=20)
    stage = models.CharField(_("type"), max_length=20, choices=Stage.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    grade_from = models.PositiveSmallIntegerField(_("from grade"))
    grade_to = models.PositiveSmallIntegerField(_("to grade"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    principal_name = models.CharField(_("principal"), max_length=120, blank=True)
    principal_mobile = models.CharField(
        _("principal's mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    history = HistoricalRecords()

    search_fields = ("name", "code", "address", "principal_name")

    class Scoping:
        district = "district"
        school = "pk"
        agency = ALL
        trainer = ALL
        person = ALL

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["district__number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="school_code_unique",
                violation_error_message=_("A school with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["district", "name_key"],
                name="school_name_unique",
                violation_error_message=_("This district already has a school with this name."),
            ),
            models.CheckConstraint(
                condition=Q(
                    grade_from__gte=0, grade_to__lte=12, grade_from__lte=models.F("grade_to")
                ),
                name="school_grades_valid",
                violation_error_message=_(
                    "Grades must run from 0 to 12, the first not after the last."
                ),
            ),
        ]

    def __str__(self):
        return localize_digits(self.name)

    def get_absolute_url(self):
        return reverse("org:school_detail", args=[self.pk])


class Venue(SearchableTenantModel):
    class Kind(models.TextChoices):
        CULTURAL_CENTRE = "cultural_centre", _("Cultural centre")
        NEIGHBOURHOOD_HOUSE = "neighbourhood_house", _("Neighbourhood house (Saray-e Mahalleh)")
        PARK = "park", _("Park")
        LIBRARY = "library", _("Library")
        HALL = "hall", _("Hall")
        OTHER = "other", _("Other")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="venues", verbose_name=_("district")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    history = HistoricalRecords()

    search_fields = ("name", "address")

    class Scoping:
        district = "district"
        school = BY_DISTRICT
        agency = ALL
        trainer = ALL
        person = ALL

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["district__number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_key"],
                name="venue_name_unique",
                violation_error_message=_("This district already has a venue with this name."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.name)

    def get_absolute_url(self):
        return reverse("org:venue_detail", args=[self.pk])


class Membership(TimeStampedModel):
    """A person's role in a municipality, scoped to an org unit where the role needs one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("district")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("partner agency")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("school")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["municipality", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="district_coordinator") | Q(district__isnull=False),
                name="membership_coordinator_has_district",
            ),
            models.CheckConstraint(
                condition=~Q(role="agency_liaison") | Q(agency__isnull=False),
                name="membership_liaison_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role="school_contact") | Q(school__isnull=False),
                name="membership_school_contact_has_school",
            ),
        ]

    def __str__(self):
        unit = self.district or self.agency or self.school or self.municipality
        return f"{self.user} · {self.get_role_display()} · {unit}"


class ImportBatch(TenantModel):
    """An uploaded file of records, checked row by row before anything is written."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("Checking")
        READY = "ready", _("Ready for review")
        APPLIED = "applied", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, default="school")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The uploader's district when they are district-scoped.",
    )
    membership = models.ForeignKey(
        "Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The role the uploader acted in; the file is checked in that role's scope.",
    )
    file_name = models.CharField(_("file"), max_length=255)
    language = models.CharField(max_length=10, default="fa")
    upload = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PARSING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    valid_count = models.PositiveIntegerField(default=0)

    class Scoping:
        district = "district"
        school = BY_DISTRICT
        agency = "membership__agency"
        trainer = "created_by"
        person = "created_by"

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def progress_percent(self) -> int:
        return min(100, int(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0

    @property
    def invalid_count(self) -> int:
        return self.total_rows - self.valid_count

    def rejected(self, limit: int = 500):
        return self.staged_rows.filter(ok=False).order_by("number")[:limit]

    def _warned(self):
        # a checker may put warnings in a valid row's data: it is imported, but they are shown
        return self.staged_rows.filter(ok=True, data__has_key="warnings")

    def warned(self, limit: int = 500):
        return self._warned().order_by("number")[:limit]

    @property
    def warned_count(self) -> int:
        return self._warned().count()


class ImportRow(models.Model):
    """One checked row of an import, staged until the user chooses to import or not. Rows are
    written and read in chunks, so a file of any size is checked and applied in flat memory."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="staged_rows")
    number = models.PositiveIntegerField()
    ok = models.BooleanField(default=True)
    label = models.CharField(max_length=200, blank=True)
    key = models.CharField(
        max_length=100, blank=True, default="", help_text="Duplicate-detection key."
    )
    data = models.JSONField(default=dict)
    errors = models.JSONField(default=list)

    class Meta:
        ordering = ["number"]
        indexes = [
            models.Index(fields=["batch", "ok", "number"], name="importrow_batch_ok"),
            models.Index(fields=["batch", "key"], name="importrow_batch_key"),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.number}"
