"""Satisfaction surveys: a form (sections and questions) built by the directorate or a district's
coordinator, attached to a session, a program or a camp, and answered on a phone without an
account. A response is anonymous by default and always anonymous for minors (school sessions and
camps): no identity is stored with it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.camps.models import Camp
from hamafza.catalogue.models import Program
from hamafza.core.models import TenantModel
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import District
from hamafza.sessions.models import Registration, Session

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000


class Survey(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("program"),
        help_text=_("Answered after every session of this program."),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("session"),
    )
    camp = models.ForeignKey(
        Camp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("camp"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("district"),
        help_text=_("Empty for the directorate's surveys, used in every district."),
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Answers are never linked to a registration. Surveys of school sessions and camps "
            "(minors) are always anonymous."
        ),
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
        # surveys.selectors: a coordinator's district's and the directorate's, a trainer's sessions'
        district = ALL
        school = NOTHING
        agency = NOTHING
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=True, session__isnull=True)
                | Q(program__isnull=True, camp__isnull=True)
                | Q(session__isnull=True, camp__isnull=True),
                name="survey_one_target",
                violation_error_message=_("Attach the survey to a session, a program or a camp."),
            ),
        ]

    def __str__(self):
        return localize_digits(self.title)

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.pk])

    @property
    def target_label(self) -> str:
        if self.session_id:
            return str(self.session)
        if self.program_id:
            return str(self.program)
        if self.camp_id:
            return str(self.camp)
        return str(_("Any session"))


class Section(TenantModel):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey")
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Scoping:
        district = ALL
        school = NOTHING
        agency = NOTHING
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self):
        return localize_digits(self.title)


class Question(TenantModel):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agree / disagree (5 points)")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        RATING = "rating", _("Rating")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    class Scale(models.TextChoices):
        ONE_TO_FIVE = "1-5", _("1 to 5")
        ZERO_TO_TEN = "0-10", _("0 to 10")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale = models.CharField(
        _("scale"), max_length=5, choices=Scale.choices, default=Scale.ONE_TO_FIVE
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = NOTHING
        agency = NOTHING
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return localize_digits(self.text)

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (self.Kind.LIKERT, self.Kind.RATING)

    @property
    def is_text(self) -> bool:
        return self.kind in (self.Kind.SHORT_TEXT, self.Kind.LONG_TEXT)

    @property
    def value_range(self) -> tuple[int, int]:
        """The smallest and largest value of a Likert or rating answer."""
        if self.kind == self.Kind.RATING and self.scale == self.Scale.ZERO_TO_TEN:
            return 0, 10
        return 1, 5

    @property
    def options(self) -> list[tuple[int, str]]:
        """(value, label) of every answer a chart counts."""
        if self.has_choices:
            return [(i, localize_digits(c)) for i, c in enumerate(self.choices)]
        if self.kind == self.Kind.LIKERT:
            return list(zip(range(1, 6), LIKERT_LABELS, strict=True))
        if self.kind == self.Kind.RATING:
            low, high = self.value_range
            return [(v, localize_digits(v)) for v in range(low, high + 1)]
        return []


LIKERT_LABELS = [
    _("Strongly disagree"),
    _("Disagree"),
    _("Neither agree nor disagree"),
    _("Agree"),
    _("Strongly agree"),
]


class Response(TenantModel):
    """One participant's answers. ``nonce`` comes from the signed link, so a link answers once;
    ``registration`` is kept only for surveys that are not anonymous and never for minors."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("session"),
    )
    camp = models.ForeignKey(
        Camp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("camp"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("registration"),
    )
    nonce = models.CharField(max_length=40, unique=True, editable=False)

    class Scoping:
        district = "district"
        school = NOTHING
        agency = NOTHING
        trainer = "session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, camp__isnull=True)
                | Q(session__isnull=True, camp__isnull=False),
                name="survey_response_one_occasion",
            ),
            models.UniqueConstraint(
                fields=["survey", "session", "registration"],
                condition=Q(registration__isnull=False),
                name="survey_response_once_per_registration",
                violation_error_message=_("This participant has already answered this survey."),
            ),
        ]

    def __str__(self):
        return f"{self.survey} · {self.pk}"


class Answer(TenantModel):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    values = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Scoping:
        district = "response__district"
        school = NOTHING
        agency = NOTHING
        trainer = "response__session__trainers__user"
        person = NOTHING

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:30]}"
