"""Pre/post knowledge tests built from a program's question bank. The items are copied from the
bank when the test is made, so a later edit of a question cannot change a test already taken.
Participants are known only by a pseudonymous code they choose (no names: many are children), so
a pre-test and a post-test pair up without anyone's identity."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Program, Question
from hamafza.core.models import TenantModel
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import District
from hamafza.sessions.models import Session


class Phase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class KnowledgeTest(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="knowledge_tests", verbose_name=_("program")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="knowledge_tests",
        verbose_name=_("session"),
        help_text=_("The pre-test is taken at the start of this session."),
    )
    post_session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post-test session"),
        help_text=_("For a series: the last session, where the post-test is taken."),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    history = HistoricalRecords()

    class Scoping:
        district = "district"
        school = NOTHING
        agency = NOTHING
        trainer = ("session__trainers__user", "post_session__trainers__user")
        person = NOTHING

    class Meta:
        verbose_name = _("knowledge test")
        verbose_name_plural = _("knowledge tests")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return localize_digits(self.title)

    def get_absolute_url(self):
        return reverse("assessment:detail", args=[self.pk])


class TestItem(TenantModel):
    """A question of the test, copied from the bank (text, choices and the right answer)."""

    test = models.ForeignKey(
        KnowledgeTest, on_delete=models.CASCADE, related_name="items", verbose_name=_("test")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank question")
    )
    order = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))
    choices = models.JSONField(_("choices"), default=list)
    correct_index = models.PositiveSmallIntegerField(_("correct choice"))

    class Scoping:
        district = "test__district"
        school = NOTHING
        agency = NOTHING
        trainer = ("test__session__trainers__user", "test__post_session__trainers__user")
        person = NOTHING

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["test", "order"], name="assessment_item_order_once"),
        ]

    def __str__(self):
        return f"{localize_digits(self.order)}. {localize_digits(self.text[:80])}"


class Sheet(TenantModel):
    """One participant's answer sheet of one phase, taken on a phone or entered from paper. A
    sheet entered as a total score only (no item answers) counts for the gain, not for the item
    analysis."""

    class Source(models.TextChoices):
        PHONE = "phone", _("Phone")
        PAPER = "paper", _("Paper")

    test = models.ForeignKey(
        KnowledgeTest, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("test")
    )
    phase = models.CharField(_("phase"), max_length=4, choices=Phase.choices)
    code = models.CharField(_("participant code"), max_length=12)
    source = models.CharField(_("source"), max_length=5, choices=Source.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    max_score = models.PositiveSmallIntegerField(_("out of"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    nonce = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Scoping:
        district = "district"
        school = NOTHING
        agency = NOTHING
        trainer = ("test__session__trainers__user", "test__post_session__trainers__user")
        person = NOTHING

    class Meta:
        verbose_name = _("answer sheet")
        verbose_name_plural = _("answer sheets")
        ordering = ["test", "phase", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "phase", "code"],
                name="assessment_sheet_once_per_code",
                violation_error_message=_("This code already has a sheet for this phase."),
            ),
            models.CheckConstraint(
                condition=Q(score__lte=F("max_score")),
                name="assessment_sheet_score_within_max",
                violation_error_message=_("A score cannot be more than the maximum."),
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.get_phase_display()}"


class SheetAnswer(TenantModel):
    sheet = models.ForeignKey(
        Sheet, on_delete=models.CASCADE, related_name="answers", verbose_name=_("sheet")
    )
    item = models.ForeignKey(
        TestItem, on_delete=models.CASCADE, related_name="answers", verbose_name=_("item")
    )
    chosen = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    correct = models.BooleanField(_("correct"), default=False)

    class Scoping:
        district = "sheet__district"
        school = NOTHING
        agency = NOTHING
        trainer = (
            "sheet__test__session__trainers__user",
            "sheet__test__post_session__trainers__user",
        )
        person = NOTHING

    class Meta:
        verbose_name = _("sheet answer")
        verbose_name_plural = _("sheet answers")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="assessment_answer_once"),
        ]

    def __str__(self):
        return f"{self.sheet_id}:{self.item_id}={self.chosen}"


class Rubric(TenantModel):
    """A tenant's observation checklist: criteria with weights, each scored 0–4."""

    title = models.CharField(_("title"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = NOTHING
        agency = NOTHING
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("observation rubric")
        verbose_name_plural = _("observation rubrics")
        ordering = ["title", "pk"]

    def __str__(self):
        return localize_digits(self.title)


class Criterion(TenantModel):
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    order = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("criterion"), max_length=300)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Scoping:
        district = ALL
        school = NOTHING
        agency = NOTHING
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10),
                name="assessment_criterion_weight_range",
                violation_error_message=_("A weight is from 1 to 10."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.text)


class Observation(TenantModel):
    """A supervisor's visit to a delivered session, scored against a rubric; ``score`` is the
    weighted score from 0 to 100."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="observations", verbose_name=_("session")
    )
    trainer = models.ForeignKey(
        "trainers.Trainer",
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("trainer"),
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="observations", verbose_name=_("rubric")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("observer"),
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    comments = models.TextField(_("comments"), blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = "district"
        school = NOTHING
        agency = NOTHING
        trainer = "trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="assessment_observation_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.trainer} · {self.session_id}"


class ObservationMark(TenantModel):
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="marks", verbose_name=_("observation")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(pgettext_lazy("observation, 0 to 4", "mark"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Scoping:
        district = "observation__district"
        school = NOTHING
        agency = NOTHING
        trainer = "observation__trainer__user"
        person = NOTHING

    class Meta:
        verbose_name = _("observation mark")
        verbose_name_plural = _("observation marks")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__lte=4),
                name="assessment_mark_range",
                violation_error_message=_("A mark is from 0 to 4."),
            ),
            models.UniqueConstraint(
                fields=["observation", "criterion"], name="assessment_mark_once"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}={self.value}"
