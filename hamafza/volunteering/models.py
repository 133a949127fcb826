"""Volunteering (issue #16, first slice): volunteer profiles, opportunities with shifts and
requirements, and sign-ups with a waitlist.

A ``Volunteer`` is an adult added by a district coordinator or the directorate, or a student
(a minor) added by their school's contact. A minor carries the fewest fields: name, gender,
school and grade, and the guardian who answers for them; the guardian's mobile is read only by
those who read a school's contacts (the school, the district's coordinator, the directorate).
An ``Opportunity`` of a district (a camp, a public session, an event or a district campaign) is
drafted, published and closed by the coordinator or the directorate; its ``Shift``s take
``needed`` volunteers. A ``Signup`` holds a place (confirmed, or ``pending_consent`` for a minor:
the consent slice confirms it) or a waitlist place; a withdrawal promotes the first waiting.

Later slices add to these rows, not beside them: guardian consent (``Signup.Status.PENDING_CONSENT``
is the state it answers), the hours ledger (by sign-up), the passport and the monitoring facts.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hamafza.camps.models import Camp
from hamafza.catalogue.models import Domain
from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, BY_DISTRICT, NOTHING
from hamafza.core.validators import validate_mobile
from hamafza.org.models import District, School
from hamafza.sessions.models import Session


class Skill(models.TextChoices):
    FIRST_AID = "first_aid", _("First aid")
    TEACHING = "teaching", _("Teaching")
    LOGISTICS = "logistics", _("Logistics")
    MEDIA = "media", _("Media and photography")
    CRISIS = "crisis", _("Crisis response")
    ENVIRONMENT = "environment", _("Environment")
    ARTS = "arts", _("Arts and crafts")
    SPORTS = "sports", _("Sports")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


def skill_labels(codes) -> list[str]:
    names = dict(Skill.choices)
    return [str(names.get(code, code)) for code in codes or ()]


class Volunteer(TenantModel):
    name = models.CharField(_("name"), max_length=120)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mobile])
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, help_text=_("Jalali year, like 1380.")
    )
    is_minor = models.BooleanField(_("minor"), default=False)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("school"),
    )
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=120, blank=True)
    guardian_mobile = models.CharField(
        _("guardian's mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    home_district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("district")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_profile",
        verbose_name=_("account"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Scoping:
        district = "home_district"
        school = "school"
        agency = NOTHING
        trainer = NOTHING
        person = "user"

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=12),
                name="volunteering_grade_1_to_12",
                violation_error_message=_("A grade is between 1 and 12."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.is_minor:
            if not self.school_id:
                errors["school"] = _("A student volunteer belongs to a school.")
            if not self.guardian_name:
                errors["guardian_name"] = _("Enter the guardian's name.")
            if not self.guardian_mobile:
                errors["guardian_mobile"] = _("Enter the guardian's mobile.")
            if self.mobile:
                errors["mobile"] = _("A minor's own mobile is not kept: the guardian's is.")
        else:
            if not self.mobile:
                errors["mobile"] = _("Enter the volunteer's mobile.")
            if self.guardian_name or self.guardian_mobile:
                errors["guardian_name"] = _("Only a minor has a guardian on record.")
        if self.school_id and self.school.district_id != self.home_district_id:
            errors["school"] = _("The school is not in the volunteer's district.")
        if self.skills and not set(self.skills) <= set(Skill.values):
            errors["skills"] = _("Choose skills from the list.")
        if errors:
            raise ValidationError(errors)

    @property
    def skill_names(self) -> list[str]:
        return skill_labels(self.skills)

    def age_in(self, jyear: int) -> int | None:
        return jyear - self.birth_year if self.birth_year else None


class Opportunity(TenantModel):
    class Kind(models.TextChoices):
        CAMP = "camp", _("Camp")
        SESSION = "session", _("Public session")
        EVENT = "event", _("Event")
        CAMPAIGN = "campaign", _("District campaign")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    domain = models.ForeignKey(
        Domain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("domain"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    camp = models.ForeignKey(
        Camp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("camp"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=6,
        choices=Gender.choices,
        blank=True,
        help_text=_("Empty: anyone."),
    )
    skills = models.JSONField(_("skills needed"), default=list, blank=True)
    certificate = models.CharField(_("certificate required"), max_length=120, blank=True)
    minors_allowed = models.BooleanField(_("minors may take part"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Scoping:
        district = "district"
        school = BY_DISTRICT
        agency = NOTHING
        trainer = NOTHING
        person = ALL  # a volunteer browses the municipality's (published: the selectors say so)

    class Meta:
        verbose_name = _("volunteering opportunity")
        verbose_name_plural = _("volunteering opportunities")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("volunteering:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.camp_id and self.camp.district_id != self.district_id:
            errors["camp"] = _("The camp is not in this district.")
        if self.session_id and self.session.district_id != self.district_id:
            errors["session"] = _("The session is not in this district.")
        if self.skills and not set(self.skills) <= set(Skill.values):
            errors["skills"] = _("Choose skills from the list.")
        if errors:
            raise ValidationError(errors)

    @property
    def skill_names(self) -> list[str]:
        return skill_labels(self.skills)


class Shift(TenantModel):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("opportunity")
    )
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    needed = models.PositiveSmallIntegerField(_("volunteers needed"))
    role_name = models.CharField(_("role"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = "opportunity__district"
        school = BY_DISTRICT
        agency = NOTHING
        trainer = NOTHING
        person = ALL

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["date", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="volunteering_shift_ends_after_start",
                violation_error_message=_("A shift ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(needed__gte=1),
                name="volunteering_shift_needs_someone",
                violation_error_message=_("A shift needs at least one volunteer."),
            ),
        ]

    def __str__(self):
        label = self.role_name or str(self.opportunity)
        return f"{label} · {self.place}"

    def get_absolute_url(self):
        return self.opportunity.get_absolute_url()

    def overlaps(self, other: "Shift") -> bool:
        return self.date == other.date and self.starts < other.ends and other.starts < self.ends


class Signup(TenantModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        PENDING_CONSENT = "pending_consent", _("Waiting for the guardian's consent")
        WAITLISTED = "waitlisted", _("On the waitlist")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # the sign-ups that hold a place of the shift (a minor's holds it until the guardian answers)
    HOLDING = (Status.CONFIRMED, Status.PENDING_CONSENT)
    ACTIVE = (Status.CONFIRMED, Status.PENDING_CONSENT, Status.WAITLISTED)

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="signups", verbose_name=_("volunteer")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    history = HistoricalRecords()

    class Scoping:
        district = ("shift__opportunity__district", "volunteer__home_district")
        school = "volunteer__school"
        agency = NOTHING
        trainer = NOTHING
        person = "volunteer__user"

    class Meta:
        verbose_name = _("volunteer sign-up")
        verbose_name_plural = _("volunteer sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=~Q(status="withdrawn"),
                name="volunteering_one_signup_per_shift",
                violation_error_message=_("This volunteer has already signed up for this shift."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.shift}"

    def get_absolute_url(self):
        return self.shift.opportunity.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
