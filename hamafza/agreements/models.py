"""Agreements (memoranda of understanding) between the municipality and its partners, their
parties and clauses, and the commitment ledger: what each party promised and the evidence that it
was done. Evidence counted from delivered sessions is never stored; selectors compute it."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Program
from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import Agency


class Agreement(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        RENEWED = "renewed", _("Renewed")

    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    document = models.FileField(_("signed document"), upload_to="agreements/", blank=True)
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    history = HistoricalRecords()

    class Scoping:
        # a liaison: the agreements their agency is party to
        district = ALL
        school = NOTHING
        agency = "parties__agency"
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("An agreement must end on or after the day it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status not in (self.Status.EXPIRED, self.Status.RENEWED)


class Party(TenantModel):
    """One side of an agreement: the municipality itself, a partner agency, or another body."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("The municipality")
        AGENCY = "agency", _("Partner agency")
        OTHER = "other", _("Other body")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner agency"),
    )
    name = models.CharField(_("name of the body"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("For example: first party.")
    )

    class Scoping:
        district = ALL
        school = NOTHING
        agency = "agreement__parties__agency"
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="agency", agency__isnull=False)
                | Q(kind="municipality", agency__isnull=True)
                | (Q(kind="other", agency__isnull=True) & ~Q(name="")),
                name="party_kind_matches",
                violation_error_message=_(
                    "Choose the agency for a partner agency, or write the name of the other body."
                ),
            )
        ]

    def __str__(self):
        if self.kind == self.Kind.AGENCY and self.agency_id:
            return str(self.agency)
        if self.kind == self.Kind.MUNICIPALITY:
            return str(self.agreement.municipality)
        return self.name


class Clause(TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MaxValueValidator(999)])
    text = models.TextField(_("text"), max_length=4000)

    class Scoping:
        district = ALL
        school = NOTHING
        agency = "agreement__parties__agency"
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="clause_number_unique",
                violation_error_message=_("This agreement already has a clause with this number."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Commitment(TenantModel):
    """What one party promised under a clause, with a measurable target where there is one."""

    class TargetKind(models.TextChoices):
        NONE = "none", _("No measurable target")
        PROGRAM = "program", _("Delivered sessions of a program")
        PLAN_LINE = "plan_line", _("Sessions counting toward a plan line")
        MEETINGS = "meetings", _("Meetings held in a series")
        MANUAL = "manual", _("A count recorded by hand")

    class Recurrence(models.TextChoices):
        NONE = "none", _("Once")
        MONTHLY = "monthly", _("Every month")
        QUARTERLY = "quarterly", _("Every three months")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="commitments")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("party")
    )
    description = models.TextField(_("what is promised"), max_length=2000)
    target_kind = models.CharField(
        _("target"), max_length=20, choices=TargetKind.choices, default=TargetKind.NONE
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    plan_line = models.ForeignKey(
        "plans.PlanLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan line"),
    )
    meeting_series = models.ForeignKey(
        "meetings.MeetingSeries",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting series"),
    )
    target_count = models.PositiveIntegerField(
        _("target count"),
        default=0,
        validators=[MaxValueValidator(100_000)],
        help_text=_("For a recurring commitment, the count due in each period."),
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = NOTHING
        agency = "agreement__parties__agency"
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["clause__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_kind="program") | Q(program__isnull=False),
                name="commitment_program_given",
                violation_error_message=_("Choose the program whose sessions count."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="plan_line") | Q(plan_line__isnull=False),
                name="commitment_plan_line_given",
                violation_error_message=_("Choose the plan line whose sessions count."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="meetings") | Q(meeting_series__isnull=False),
                name="commitment_series_given",
                violation_error_message=_("Choose the meeting series whose meetings count."),
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_automatic(self) -> bool:
        return self.target_kind in (
            self.TargetKind.PROGRAM,
            self.TargetKind.PLAN_LINE,
            self.TargetKind.MEETINGS,
        )

    @property
    def per_period(self) -> int:
        """The count due (once, or in each period): a commitment without a measurable target is
        met by one piece of evidence."""
        if self.target_kind == self.TargetKind.NONE:
            return 1
        return max(self.target_count, 1)


class Evidence(TenantModel):
    """Evidence recorded by hand that a commitment was (partly) fulfilled."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    description = models.TextField(_("what was done"), max_length=2000)
    done_on = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to="agreements/evidence/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = NOTHING
        agency = "commitment__agreement__parties__agency"
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-done_on", "-pk"]

    def __str__(self):
        return self.description[:80]
