"""Coordination meetings: series (a monthly joint committee, say) and single meetings with their
invitees, agenda, attendance, minutes (صورتجلسه) with decisions, and action items that their
owners update from a link. An overdue action item is carried into the next meeting's agenda."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL
from hamafza.org.models import Agency, District


class MeetingSeries(TenantModel):
    """Meetings held again and again by the same body (a joint committee, a district council)."""

    class Recurrence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")
        QUARTERLY = "quarterly", _("Every three months")
        AS_NEEDED = "as_needed", _("As needed")

    title = models.CharField(_("title"), max_length=200)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for a meeting of the whole municipality."),
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.MONTHLY
    )
    place = models.CharField(_("usual place"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Scoping:
        # meetings.selectors narrows staff to their district's meetings and invitations
        district = ALL
        school = ALL
        agency = ALL
        trainer = "meetings__invitees__user"
        person = "meetings__invitees__user"

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Meeting(TenantModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for a meeting of the whole municipality."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    history = HistoricalRecords()

    class Scoping:
        # meetings.selectors narrows staff to their district's meetings and invitations
        district = ALL
        school = ALL
        agency = ALL
        trainer = "invitees__user"
        person = "invitees__user"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="meeting_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""),
                name="meeting_has_place",
                violation_error_message=_("Give a place or an online link."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])


class Invitee(TenantModel):
    """Someone invited to a meeting: a user (staff of the municipality or a partner), or a guest
    named by hand. ``present`` is recorded when the meeting is held."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner agency"),
    )
    present = models.BooleanField(_("present"), default=False)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "meeting__invitees__user"
        person = "meeting__invitees__user"

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="invitee_once",
                violation_error_message=_("This person is already invited."),
            )
        ]

    def __str__(self):
        return self.name


class ActionItem(TenantModel):
    """Something a meeting decided someone must do, by a day. The owner reports progress from a
    signed link (no password needed) or their own page."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action item", "Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("what is to be done"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    note = models.TextField(_("progress note"), blank=True, max_length=2000)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ("meeting__invitees__user", "owner")
        person = ("meeting__invitees__user", "owner")

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_item_due")]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DROPPED)


class AgendaItem(TenantModel):
    """A line of a meeting's agenda; one carried over from an overdue action item points to it
    (once per meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    carried = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("overdue action item"),
    )

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "meeting__invitees__user"
        person = "meeting__invitees__user"

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "carried"],
                condition=Q(carried__isnull=False),
                name="agenda_carry_once",
            )
        ]

    def __str__(self):
        return self.title


class Decision(TenantModel):
    """A numbered decision (مصوبه) of the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"), max_length=2000)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = "meeting__invitees__user"
        person = "meeting__invitees__user"

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="decision_number_unique",
                violation_error_message=_("This meeting already has a decision with this number."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"
