"""The trainers' library: resources a trainer shares (lesson plans, slides, activity sheets,
games, videos or links, assessments, good-practice write-ups), reviewed by a curator before the
whole municipality reads them.

A resource is a draft of its author until submitted; a curator (the directorate, or a liaison of
the agency that owns its domain) publishes it or returns it with a reason. A published resource
is read by every staff role of the municipality and gathers downloads, ratings, comments and
"used in my session" links. Its files are versions: once it has been published, a new file is a
new version and the earlier ones are kept.

Who reads which row: the gate lets every staff role read the municipality's resources
(``Scoping``); which of them a person sees (published, their own drafts, the submitted ones of
the domains they curate) is decided by ``selectors.visible`` on top of it, the one place that
rule lives.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.catalogue.models import Domain, Lesson, Program
from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import District, SearchableTenantModel
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer

MAX_LINKS = 10


class Resource(SearchableTenantModel):
    class Kind(models.TextChoices):
        LESSON_PLAN = "lesson_plan", _("Lesson plan")
        SLIDES = "slides", _("Slides")
        ACTIVITY_SHEET = "activity_sheet", _("Activity sheet")
        GAME = "game", _("Game")
        VIDEO = "video", _("Video or link")
        ASSESSMENT = "assessment", _("Assessment")
        GOOD_PRACTICE = "good_practice", _("Good-practice write-up")

    class Licence(models.TextChoices):
        ALL_RIGHTS = "all_rights", _("All rights reserved")
        CC_BY = "cc_by", _("Creative Commons Attribution (CC BY)")
        CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA)")
        CC_BY_NC = "cc_by_nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC)")

    OPEN_LICENCES = (Licence.CC_BY, Licence.CC_BY_SA, Licence.CC_BY_NC)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="resources", verbose_name=_("domain")
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("program"),
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("lesson"),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Program.Audience.choices)
    gender = models.CharField(
        _("audience gender"),
        max_length=10,
        choices=Program.Gender.choices,
        default=Program.Gender.ANY,
    )
    licence = models.CharField(
        _("licence"), max_length=12, choices=Licence.choices, default=Licence.ALL_RIGHTS
    )
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    author = models.ForeignKey(
        Trainer, on_delete=models.PROTECT, related_name="resources", verbose_name=_("author")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    offered_to_all = models.BooleanField(
        _("offered to every municipality"),
        default=False,
        help_text=_("Read-only in every other municipality on the platform, credited."),
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["download_count"])

    search_fields = ("title", "summary")

    class Scoping:
        # every staff role reads the municipality's library; which rows (published, one's own
        # drafts, the submitted ones one curates) is narrowed by selectors.visible
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")
        ordering = ["-published_at", "-updated_at"]
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(lesson__isnull=True) | Q(program__isnull=False),
                name="resource_lesson_needs_program",
                violation_error_message=_("Choose the program of the lesson."),
            ),
            models.CheckConstraint(
                condition=Q(offered_to_all=False)
                | Q(licence__in=["cc_by", "cc_by_sa", "cc_by_nc"]),
                name="resource_offered_needs_open_licence",
                violation_error_message=_(
                    "Only a resource with an open licence can be offered to other municipalities."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_open_licence(self) -> bool:
        return self.licence in self.OPEN_LICENCES

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.program_id and self.domain_id:
            program = Program.objects.filter(pk=self.program_id).first()
            if program is not None and program.domain_id != self.domain_id:
                errors["program"] = _("This program is not in the chosen domain.")
        if self.lesson_id and self.program_id:
            if not Lesson.objects.filter(
                pk=self.lesson_id, version__program_id=self.program_id
            ).exists():
                errors["lesson"] = _("This lesson is not one of the chosen program's.")
        links = self.link_list()
        if len(links) > MAX_LINKS:
            errors["links"] = _("At most %(n)s links.") % {"n": MAX_LINKS}
        else:
            check = URLValidator(schemes=["http", "https"])
            for link in links:
                try:
                    check(link)
                except ValidationError:
                    errors["links"] = _(
                        "“%(link)s” is not a web address (http:// or https://)."
                    ) % {"link": link[:80]}
                    break
        if errors:
            raise ValidationError(errors)


def resource_upload_to(instance, filename: str) -> str:
    return f"library/{instance.municipality_id}/{instance.resource_id}/{filename}"


class ResourceFile(TenantModel):
    """One version of a resource's file. Before the resource is first published its author may
    replace the file; afterwards a new file is a new version and the earlier ones stay."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="files", verbose_name=_("resource")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=resource_upload_to, max_length=300)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("resource file")
        verbose_name_plural = _("resource files")
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"],
                name="resource_file_number_unique",
                violation_error_message=_("This resource already has a file with this version."),
            ),
        ]

    def __str__(self):
        return f"{self.resource} v{self.number}"


class Rating(TenantModel):
    """One person's rating of a published resource, 1 to 5; rating again changes it."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("resource")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("rated by"),
    )
    stars = models.PositiveSmallIntegerField(_("rating"))
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "user"],
                name="rating_one_per_person",
                violation_error_message=_("You have already rated this resource."),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5),
                name="rating_stars_range",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]


class Comment(TenantModel):
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="comments", verbose_name=_("resource")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=2000)
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]


class Use(TenantModel):
    """Evidence of reuse: a trainer used the resource in a session they delivered."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="uses", verbose_name=_("resource")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="library_uses", verbose_name=_("session")
    )
    trainer = models.ForeignKey(
        Trainer, on_delete=models.CASCADE, related_name="library_uses", verbose_name=_("trainer")
    )
    history = HistoricalRecords()

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("use in a session")
        verbose_name_plural = _("uses in sessions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "session"],
                name="use_once_per_session",
                violation_error_message=_("This resource is already linked to that session."),
            ),
        ]


class ExperienceReport(TenantModel):
    """What a trainer learnt from a session they delivered: what worked, what did not, tips for
    the next trainer, with a few photos. Read by every staff role of the municipality, like a
    published resource; one report per trainer and session."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="experience_reports",
        verbose_name=_("session"),
    )
    trainer = models.ForeignKey(
        Trainer,
        on_delete=models.CASCADE,
        related_name="experience_reports",
        verbose_name=_("trainer"),
    )
    # copied from the session so that lists filter and the index files them without joins
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="experience_reports",
        verbose_name=_("program"),
    )  # fmt: skip
    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, related_name="experience_reports",
        verbose_name=_("lesson"),
    )  # fmt: skip
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    worked = models.TextField(_("what worked"), blank=True, max_length=4000)
    did_not_work = models.TextField(_("what did not work"), blank=True, max_length=4000)
    tips = models.TextField(_("tips for the next trainer"), blank=True, max_length=4000)
    no_minor_identifiable = models.BooleanField(
        _("no child can be identified in the photos"), default=False
    )
    history = HistoricalRecords()

    class Scoping:
        # read by every staff role of the municipality, like a published resource
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("experience report")
        verbose_name_plural = _("experience reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainer"],
                name="report_one_per_trainer_and_session",
                violation_error_message=_("You have already written a report of this session."),
            ),
        ]

    def __str__(self):
        return f"{self.program} · {self.lesson}"

    def get_absolute_url(self):
        return reverse("library:report_detail", kwargs={"pk": self.pk})

    def text(self) -> str:
        return "\n".join(t for t in (self.worked, self.did_not_work, self.tips) if t)


def report_photo_upload_to(instance, filename: str) -> str:
    return f"library/{instance.municipality_id}/reports/{instance.report_id}/{filename}"


class ReportPhoto(TenantModel):
    """A photo of an experience report, re-encoded without any metadata before it is stored."""

    report = models.ForeignKey(
        ExperienceReport, on_delete=models.CASCADE, related_name="photos",
        verbose_name=_("report"),
    )  # fmt: skip
    file = models.FileField(_("photo"), upload_to=report_photo_upload_to, max_length=300)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["pk"]

    def __str__(self):
        return self.file.name


class Helped(TenantModel):
    """A person's “this helped me” on a report: one per person and report."""

    report = models.ForeignKey(
        ExperienceReport, on_delete=models.CASCADE, related_name="helped",
        verbose_name=_("report"),
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip

    class Scoping:
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("“this helped me”")
        verbose_name_plural = _("“this helped me”")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"],
                name="helped_one_per_person",
                violation_error_message=_("You have already marked this report."),
            ),
        ]
