"""Mentoring (issue #15, part 4): a senior or master trainer of a domain's standards ladder
mentors a trainee in that domain.

A coordinator of the trainee's home district (or the directorate) proposes a pair; it becomes
active once the mentor and the trainee have both accepted and the coordinator (or the
directorate) has approved, in any order; either trainer may decline a proposal, and the
coordinator ends an active pair with a reason (completed, or stopped early). While it is active,
the two write a log of what they did together: meetings, sessions they co-taught (a session both
of them taught), observations. A mentor takes at most ``capacity`` trainees of a domain at once
(``MentorCapacity``, 3 unless set). The directorate may require, for a rung of the ladder, a
mentoring pair as trainee with at least N log entries (``LevelRequirement``); the ladder's "what
is missing for the next level" counts it through ``trainers.selectors.LADDER_CHECKS``.

Who reads a pair and its log: the two trainers (trainer path), the coordinator of the trainee's
home district (district path), the directorate; liaisons, schools and the public nothing.
"""

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
from hamafza.sessions.models import Session
from hamafza.trainers.models import CompetencyLevel, Trainer

DEFAULT_CAPACITY = 3
# Who may mentor: a trainer whose granted level in the domain is at least this rung (the default
# ladder's "آموزشگر ارشد", senior, and "استاد آموزشگر", master).
MENTOR_MIN_RANK = 3


class Pair(TenantModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED = "ended", _("Ended early")
        DECLINED = "declined", _("Declined")

    OPEN_STATUSES = (Status.PROPOSED, Status.ACTIVE)
    # the pairs whose log counts toward the ladder (one ended early does not)
    COUNTED_STATUSES = (Status.ACTIVE, Status.COMPLETED)

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    mentor = models.ForeignKey(
        Trainer, on_delete=models.PROTECT, related_name="mentor_pairs", verbose_name=_("mentor")
    )
    trainee = models.ForeignKey(
        Trainer, on_delete=models.PROTECT, related_name="trainee_pairs", verbose_name=_("trainee")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    mentor_accepted_at = models.DateTimeField(_("mentor accepted"), null=True, blank=True)
    trainee_accepted_at = models.DateTimeField(_("trainee accepted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = "trainee__home_district"
        school = NOTHING
        agency = NOTHING
        trainer = ("mentor__user", "trainee__user")
        person = NOTHING

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("trainee")),
                name="mentoring_pair_two_people",
                violation_error_message=_("A trainer cannot mentor themself."),
            ),
            models.UniqueConstraint(
                fields=["trainee", "domain"],
                condition=Q(status__in=["proposed", "active"]),
                name="mentoring_one_open_pair_per_trainee",
                violation_error_message=_(
                    "This trainee already has a mentoring pair in this domain, proposed or active."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.trainee} · {self.domain}"

    def get_absolute_url(self):
        return reverse("mentoring:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def ready(self) -> bool:
        """Accepted by both and approved: it may become active."""
        return bool(self.mentor_accepted_at and self.trainee_accepted_at and self.approved_at)


class LogEntry(TenantModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CO_TAUGHT = "co_taught", _("Co-taught session")
        OBSERVATION = "observation", _("Observation")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    notes = models.TextField(_("notes"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    history = HistoricalRecords()

    class Scoping:
        district = "pair__trainee__home_district"
        school = NOTHING
        agency = NOTHING
        trainer = ("pair__mentor__user", "pair__trainee__user")
        person = NOTHING

    class Meta:
        verbose_name = _("mentoring log entry")
        verbose_name_plural = _("mentoring log entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="co_taught", session__isnull=False) | ~Q(kind="co_taught"),
                name="mentoring_co_taught_has_session",
                violation_error_message=_("A co-taught session names the session."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.date}"


class MentorCapacity(TenantModel):
    """How many trainees of a domain a mentor takes at once (``DEFAULT_CAPACITY`` without a row)."""

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="mentor_capacities")
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="+", verbose_name=_("domain")
    )
    capacity = models.PositiveSmallIntegerField(
        _("trainees at once"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    history = HistoricalRecords()

    class Scoping:
        # the planners rank mentors of every district by what they can still take
        district = ALL
        school = NOTHING
        agency = NOTHING
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("mentor capacity")
        verbose_name_plural = _("mentor capacities")
        constraints = [
            models.UniqueConstraint(fields=["trainer", "domain"], name="mentor_capacity_unique"),
            models.CheckConstraint(
                condition=Q(capacity__lte=20),
                name="mentor_capacity_range",
                violation_error_message=_("A mentor takes from 0 to 20 trainees at once."),
            ),
        ]

    def __str__(self):
        return f"{self.trainer} · {self.domain}: {self.capacity}"


class LevelRequirement(TenantModel):
    """A rung of the ladder that asks for mentoring: a pair as trainee in the rung's domain
    (active or completed) with at least ``min_entries`` log entries."""

    level = models.OneToOneField(
        CompetencyLevel,
        on_delete=models.CASCADE,
        related_name="mentoring_requirement",
        verbose_name=_("level"),
    )
    min_entries = models.PositiveSmallIntegerField(
        _("log entries needed"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Scoping:
        municipality_shared = True

    class Meta:
        verbose_name = _("mentoring requirement")
        verbose_name_plural = _("mentoring requirements")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_entries__gte=1, min_entries__lte=100),
                name="mentoring_requirement_range",
                violation_error_message=_("The log entries needed are from 1 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.level}: {self.min_entries}"
