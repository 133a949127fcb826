"""Notifications: the in-app message, what each user wants by which channel, and one delivery
row per external channel (so a message is sent at most once per channel)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import NOTHING
from hamafza.notifications import kinds


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


EXTERNAL_CHANNELS = (Channel.EMAIL, Channel.SMS)


class Notification(models.Model):
    # None for a text to a person without an account, known by a mobile number (a citizen who
    # registered for a public session): the delivery carries the number.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    municipality = models.ForeignKey(
        "org.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=50, default=kinds.GENERIC)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fa")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    key = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text="What this tells about (e.g. session-tomorrow:42): one notification per "
        "recipient and key, so a job run twice tells nobody twice.",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def kind_label(self):
        return kinds.label(self.kind)

    @property
    def href(self) -> str:
        """The link, if it is a path on this site or a web address (never ``javascript:``)."""
        return self.link if self.link.startswith(("/", "https://", "http://")) else ""

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A user's choice for one kind and channel; without a row the kind's default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("on"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="notification_preference_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.channel}: {self.enabled}"


# Why a recipient's address cannot be used. Stored in ``Delivery.last_error`` in English (the
# logs read it), shown to a person in their language.
ADDRESS_PROBLEMS = {
    "no e-mail address": _("no e-mail address"),
    "invalid e-mail address": _("invalid e-mail address"),
    "no mobile number": _("no mobile number"),
    "invalid mobile number": _("invalid mobile number"),
}


class Delivery(models.Model):
    """One notification sent by one external channel. Unique per (notification, channel), and
    claimed with a conditional UPDATE before sending, so it is never sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        INVALID = "invalid", _("Invalid recipient")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=~models.Q(channel=Channel.IN_APP), name="delivery_external_channel"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    class Scoping:
        # failed deliveries are listed for the directorate and the platform admin only
        municipality = "notification__municipality"
        district = NOTHING
        school = NOTHING
        agency = NOTHING
        trainer = NOTHING
        person = NOTHING

    def __str__(self):
        return f"{self.notification_id} {self.channel} {self.status}"

    @property
    def address_problem(self):
        """The translated reason a recipient's address is unusable, or ``None`` for any other
        error (an SMTP or gateway message, shown as the server wrote it)."""
        return ADDRESS_PROBLEMS.get(self.last_error)
