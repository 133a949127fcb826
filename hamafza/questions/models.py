"""Questions and answers of the trainers' community: per domain, a trainer (or any staff role of
the municipality that reads the library) asks a question, optionally about a program or one of
its lessons; others answer and vote; the asker or a curator of the domain accepts one answer.

Moderation: any reader reports a question or an answer with a reason; a curator of the domain
(the directorate, or a liaison of the agency that owns it) hides it with a reason, or unhides it.
A hidden item is seen only by the curators and its author (who sees why). Who hid what, when and
why is on the row and in its history (simple-history).

Who reads which row: the gate lets every staff role read the municipality's questions
(``Scoping``); which of them a person sees (not hidden, or their own, or hidden in a domain they
curate) is decided by ``selectors`` on top of it, the one place that rule lives.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Domain, Lesson, Program
from hamafza.core.models import TenantModel
from hamafza.core.persian import dedupe_key
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import SearchableTenantModel

MAX_TAGS = 5
MAX_TAG_LENGTH = 30


class Moderated(models.Model):
    """Hidden by a curator, with who, when and why (the history keeps every change)."""

    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        abstract = True


class Question(Moderated, SearchableTenantModel):
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lesson"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("question"), max_length=10_000)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # the folded tags, "|key|key|", so a tag is matched however it is spelt or spaced
    tag_keys = models.TextField(editable=False, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    history = HistoricalRecords(excluded_fields=["search_text", "tag_keys"])

    search_fields = ("title", "body")

    class Scoping:
        # every staff role reads the municipality's questions; which rows (not hidden, one's own,
        # the hidden ones of the domains one curates) is narrowed by selectors
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "domain", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(lesson__isnull=True) | Q(program__isnull=False),
                name="question_lesson_needs_program",
                violation_error_message=_("Choose the program of the lesson."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"pk": self.pk})

    @property
    def asked_at(self):
        return self.created_at

    def refresh_keys(self) -> None:
        super().refresh_keys()
        keys = [dedupe_key(tag) for tag in self.tags or []]
        self.tag_keys = "|" + "|".join(k for k in keys if k) + "|" if keys else ""

    def clean(self):
        super().clean()
        errors = {}
        if not isinstance(self.tags, list) or len(self.tags) > MAX_TAGS:
            errors["tags"] = _("At most %(n)s tags.") % {"n": MAX_TAGS}
        elif any(len(tag) > MAX_TAG_LENGTH for tag in self.tags):
            errors["tags"] = _("A tag is at most %(n)s letters.") % {"n": MAX_TAG_LENGTH}
        if self.program_id and self.domain_id:
            program = Program.objects.filter(pk=self.program_id).first()
            if program is not None and program.domain_id != self.domain_id:
                errors["program"] = _("This program is not in the chosen domain.")
        if self.lesson_id and self.program_id:
            if not Lesson.objects.filter(
                pk=self.lesson_id, version__program_id=self.program_id
            ).exists():
                errors["lesson"] = _("This lesson is not one of the chosen program's.")
        if errors:
            raise ValidationError(errors)


class Answer(Moderated, TenantModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    body = models.TextField(_("answer"), max_length=10_000)
    is_accepted = models.BooleanField(_("accepted"), default=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_accepted=True),
                name="answer_one_accepted_per_question",
                violation_error_message=_("A question has one accepted answer."),
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"pk": self.question_id}) + f"#answer-{self.pk}"


class Vote(TenantModel):
    """One person's vote up on a question or an answer; voting again takes it back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=True, answer__isnull=False)
                | Q(question__isnull=False, answer__isnull=True),
                name="vote_on_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="vote_once_per_question",
                violation_error_message=_("You have already voted for this."),
            ),
            models.UniqueConstraint(
                fields=["user", "answer"],
                condition=Q(answer__isnull=False),
                name="vote_once_per_answer",
                violation_error_message=_("You have already voted for this."),
            ),
        ]


class Report(TenantModel):
    """A reader's report of a question or an answer, open until a curator hides the item or
    dismisses the reports."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    is_open = models.BooleanField(_("open"), default=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    history = HistoricalRecords()

    class Scoping:
        # readers report; the queue is narrowed to the curators by selectors
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=True, answer__isnull=False)
                | Q(question__isnull=False, answer__isnull=True),
                name="report_on_one_thing",
            ),
        ]

    @property
    def target(self):
        return self.answer if self.answer_id else self.question

    @property
    def thread(self) -> Question:
        return self.answer.question if self.answer_id else self.question
