"""The joint plan: one per municipality and Jalali year, with terms; each district's part of it
(its targets per domain × agency × quarter) goes draft → submitted → approved. Approved targets
are kept as numbered versions, so an approved figure is never silently edited."""

import datetime as dt

import jdatetime
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Domain
from hamafza.core import jalali
from hamafza.core.models import TenantModel
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import ALL, BY_DISTRICT, NOTHING
from hamafza.org.models import Agency, District

TARGET_FIELDS = (
    "sessions",
    "participants",
    "schools_primary",
    "schools_lower_secondary",
    "schools_upper_secondary",
    "budget",
)


class Plan(TenantModel):
    """The municipality's joint plan for one Jalali year (1 Farvardin to the end of Esfand)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1390), MaxValueValidator(1500)]
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Empty: “Joint plan” and the year.")
    )
    history = HistoricalRecords()

    class Scoping:
        # the plan and its terms frame every page of the staff
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("joint plan")
        verbose_name_plural = _("joint plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="plan_year_unique",
                violation_error_message=_("This year already has a joint plan."),
            )
        ]

    def __str__(self):
        # a title someone gave, or one in the reader's language
        return self.title or gettext("Joint plan %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.year])


class Term(TenantModel):
    """A named stretch of the plan year (a school term, the summer), used to plan and to copy a
    term's schedule."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=80)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
                violation_error_message=_("A term must end after it starts."),
            )
        ]

    def __str__(self):
        return self.name


class DistrictPlan(TenantModel):
    """One district's part of the joint plan, with its workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="district_plans")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="plans", verbose_name=_("district")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveSmallIntegerField(
        _("revision"),
        default=1,
        help_text=_("Goes up by one each time approved targets are reopened for changes."),
    )
    history = HistoricalRecords()

    class Scoping:
        # the joint plan is read whole by the partners' liaisons
        district = "district"
        school = BY_DISTRICT
        agency = ALL
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("district plan")
        verbose_name_plural = _("district plans")
        ordering = ["district__number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "district"], name="district_plan_unique")
        ]

    def __str__(self):
        return f"{self.plan} · {self.district}"

    def get_absolute_url(self):
        return reverse("plans:district", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanLine(TenantModel):
    """Targets of one district for one domain, partner agency and quarter (the working copy;
    what was approved lives in ``TargetVersion``)."""

    district_plan = models.ForeignKey(DistrictPlan, on_delete=models.CASCADE, related_name="lines")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner agency")
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    sessions = models.PositiveIntegerField(
        _("sessions"), default=0, validators=[MaxValueValidator(100_000)]
    )
    participants = models.PositiveIntegerField(
        _("participants"), default=0, validators=[MaxValueValidator(10_000_000)]
    )
    schools_primary = models.PositiveIntegerField(
        _("primary schools"), default=0, validators=[MaxValueValidator(10_000)]
    )
    schools_lower_secondary = models.PositiveIntegerField(
        _("lower secondary schools"), default=0, validators=[MaxValueValidator(10_000)]
    )
    schools_upper_secondary = models.PositiveIntegerField(
        _("upper secondary schools"), default=0, validators=[MaxValueValidator(10_000)]
    )
    budget = models.PositiveBigIntegerField(
        _("budget (rials)"), default=0, validators=[MaxValueValidator(10**15)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    history = HistoricalRecords()

    class Scoping:
        district = "district"
        school = BY_DISTRICT
        agency = ALL
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["quarter", "domain__name", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district_plan", "domain", "agency", "quarter"],
                name="plan_line_unique",
                violation_error_message=_(
                    "This district already has targets for this domain, agency and quarter."
                ),
            )
        ]

    def __str__(self):
        return localize_digits(f"{self.district} · {self.domain} · {self.agency} · ") + str(
            self.quarter_label
        )

    @property
    def quarter_label(self) -> str:
        """The quarter as a person reads it: "فصل ۳" in Persian, "Q3" in English."""
        return jalali.quarter_label(self.quarter)

    @property
    def schools(self) -> int:
        return self.schools_primary + self.schools_lower_secondary + self.schools_upper_secondary


class TargetVersion(TenantModel):
    """The targets of a line as approved at one revision of its district plan."""

    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveSmallIntegerField(_("revision"))
    sessions = models.PositiveIntegerField(_("sessions"))
    participants = models.PositiveIntegerField(_("participants"))
    schools_primary = models.PositiveIntegerField(_("primary schools"))
    schools_lower_secondary = models.PositiveIntegerField(_("lower secondary schools"))
    schools_upper_secondary = models.PositiveIntegerField(_("upper secondary schools"))
    budget = models.PositiveBigIntegerField(_("budget (rials)"))
    approved_at = models.DateTimeField(_("approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Scoping:
        district = "line__district"
        school = BY_DISTRICT
        agency = ALL
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("approved targets")
        verbose_name_plural = _("approved targets")
        ordering = ["line", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["line", "revision"], name="target_version_unique")
        ]

    def __str__(self):
        return f"{self.line} r{self.revision}"


class PlanEvent(TenantModel):
    """A step of the workflow or a comment on a district plan, in order."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REOPENED = "reopened", _("Reopened for changes")

    district_plan = models.ForeignKey(DistrictPlan, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("comment"), blank=True, max_length=2000)
    revision = models.PositiveSmallIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Scoping:
        district = "district_plan__district"
        school = BY_DISTRICT
        agency = ALL
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.district_plan} · {self.kind}"


def quarter_of(jalali_month: int) -> int:
    return (jalali_month - 1) // 3 + 1


def default_terms(year: int) -> list[tuple[str, dt.date, dt.date]]:
    """The school calendar inside a Jalali year: the end of the school year, the summer, and the
    first and second halves of the next school year's first term."""

    def day(m, d):
        return jdatetime.date(year, m, d).togregorian()

    last = 30 if jdatetime.date(year, 1, 1).isleap() else 29
    return [
        (str(_("Spring term")), day(1, 1), day(3, 31)),
        (str(_("Summer term")), day(4, 1), day(6, 31)),
        (str(_("Autumn term")), day(7, 1), day(10, 30)),
        (str(_("Winter term")), day(11, 1), day(12, last)),
    ]
