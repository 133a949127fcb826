"""Writes of volunteering. Pages and the API call these same functions.

Every function is keyword-only and atomic, checks the verb on a row read through the gate,
validates with ``full_clean()`` and records who made the change (simple-history). A sign-up
counts the shift's places with the shift row locked (``select_for_update``, as public
registration does), and the volunteer's row too, so two sign-ups at once can neither overfill
a shift nor book one volunteer twice at the same hour; a withdrawal promotes the first waiting
under the same lock.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.core import jalali
from hamafza.core.persian import clean_typed, localize_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import normalize_mobile
from hamafza.notifications.services import notify
from hamafza.org.models import District, School
from hamafza.volunteering import permissions
from hamafza.volunteering.models import Opportunity, Shift, Signup, Skill, Volunteer

OUTSIDE = gettext_lazy("This record is outside your area.")


def _save(obj, actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _id(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value, limit: int) -> str:
    return clean_typed(str(value or ""))[:limit]


def _multiline(value) -> str:
    text = str(value or "").replace("\r\n", "\n")
    return "\n".join(clean_typed(line) for line in text.split("\n")).strip()


def _skills(values) -> list[str]:
    chosen = [v for v in (values or []) if isinstance(v, str)]
    if set(chosen) - set(Skill.values):
        raise ValidationError({"skills": _("Choose skills from the list.")})
    return sorted(set(chosen))


# ----- volunteers -----


@transaction.atomic
def volunteer_create(*, scope: Scope, actor, data: dict) -> Volunteer:
    """A school's contact adds one of its students (a minor); a coordinator adds an adult of
    their district; the directorate an adult of any district (or a student of any school)."""
    if not permissions.can_list_volunteers(scope):
        raise PermissionDenied(
            _("Only a school, a district coordinator or the directorate adds volunteers.")
        )
    volunteer = Volunteer(
        municipality_id=scope.municipality_id,
        name=_text(data.get("name"), 120),
        gender=data.get("gender") or "",
        birth_year=_id(data.get("birth_year")),
        skills=_skills(data.get("skills")),
        availability=_text(data.get("availability"), 300),
        added_by=actor,
    )
    if not volunteer.name:
        raise ValidationError({"name": _("Enter the volunteer's name.")})
    if permissions.adds_students(scope) or (
        scope.is_municipality_wide and _id(data.get("school_id"))
    ):
        school_id = scope.school_id if permissions.adds_students(scope) else _id(data["school_id"])
        school = scoped(School.objects.all(), scope).filter(pk=school_id).first()
        if school is None:
            raise ValidationError({"school": _("Choose a school of this municipality.")})
        volunteer.is_minor = True
        volunteer.school = school
        volunteer.home_district_id = school.district_id
        volunteer.grade = _id(data.get("grade"))
        volunteer.guardian_name = _text(data.get("guardian_name"), 120)
        volunteer.guardian_mobile = normalize_mobile(data.get("guardian_mobile"))
    else:
        district_id = scope.district_id if scope.district_id else _id(data.get("district_id"))
        district = (
            scoped(District.objects.all(), scope).filter(pk=district_id).first()
            if district_id
            else None
        )
        if district is None or not permissions.manages_district(scope, district.pk):
            raise ValidationError({"home_district": _("Choose a district of your area.")})
        volunteer.home_district = district
        volunteer.mobile = normalize_mobile(data.get("mobile"))
    _save(volunteer, actor)
    return volunteer


# ----- opportunities and shifts -----


@transaction.atomic
def opportunity_create(*, scope: Scope, actor, data: dict) -> Opportunity:
    """A draft opportunity of the actor's district (the directorate names the district)."""
    if not permissions.can_manage(scope):
        raise PermissionDenied(
            _("Only a district coordinator or the directorate publishes opportunities.")
        )
    district_id = scope.district_id or _id(data.get("district_id"))
    district = (
        scoped(District.objects.all(), scope).filter(pk=district_id).first()
        if district_id
        else None
    )
    if district is None or not permissions.manages_district(scope, district.pk):
        raise ValidationError({"district": _("Choose a district of your area.")})
    opportunity = Opportunity(
        municipality_id=scope.municipality_id,
        title=_text(data.get("title"), 200),
        description=_multiline(data.get("description")),
        domain_id=_id(data.get("domain_id")),
        district=district,
        kind=data.get("kind") or "",
        camp_id=_id(data.get("camp_id")),
        session_id=_id(data.get("session_id")),
        min_age=_id(data.get("min_age")),
        gender=data.get("gender") or "",
        skills=_skills(data.get("skills")),
        certificate=_text(data.get("certificate"), 120),
        minors_allowed=bool(data.get("minors_allowed")),
        created_by=actor,
    )
    if not opportunity.title:
        raise ValidationError({"title": _("Enter a title.")})
    _save(opportunity, actor)
    return opportunity


def _locked_opportunity(scope: Scope, opportunity: Opportunity) -> Opportunity:
    row = scoped(Opportunity.objects.select_for_update(), scope).filter(pk=opportunity.pk).first()
    if row is None or not permissions.manages(scope, row):
        raise PermissionDenied(OUTSIDE)
    return row


@transaction.atomic
def shift_add(*, scope: Scope, actor, opportunity: Opportunity, data: dict) -> Shift:
    row = _locked_opportunity(scope, opportunity)
    if row.status == Opportunity.Status.CLOSED:
        raise ValidationError(_("This opportunity is closed."))
    shift = Shift(
        municipality_id=row.municipality_id,
        opportunity=row,
        date=data.get("date"),
        starts=data.get("starts"),
        ends=data.get("ends"),
        place=_text(data.get("place"), 200),
        needed=data.get("needed"),
        role_name=_text(data.get("role_name"), 120),
    )
    errors = {}
    if not shift.place:
        errors["place"] = _("Enter the place.")
    if shift.needed is None or shift.needed < 1:
        errors["needed"] = _("A shift needs at least one volunteer.")
    if shift.starts and shift.ends and shift.ends <= shift.starts:
        errors["ends"] = _("A shift ends after it starts.")
    if errors:
        raise ValidationError(errors)
    _save(shift, actor)
    return shift


@transaction.atomic
def opportunity_publish(*, scope: Scope, actor, opportunity: Opportunity) -> Opportunity:
    row = _locked_opportunity(scope, opportunity)
    if row.status != Opportunity.Status.DRAFT:
        raise ValidationError(_("Only a draft is published."))
    if not row.shifts.exists():
        raise ValidationError(_("Add at least one shift before publishing."))
    row.status = Opportunity.Status.PUBLISHED
    row.published_at = timezone.now()
    _save(row, actor)
    return row


@transaction.atomic
def opportunity_close(*, scope: Scope, actor, opportunity: Opportunity) -> Opportunity:
    row = _locked_opportunity(scope, opportunity)
    if row.status == Opportunity.Status.CLOSED:
        raise ValidationError(_("This opportunity is already closed."))
    row.status = Opportunity.Status.CLOSED
    _save(row, actor)
    return row


# ----- sign-ups -----


def _shift_label(shift: Shift) -> str:
    return _("%(what)s on %(day)s, %(from)s–%(to)s") % {
        "what": shift.role_name or shift.opportunity.title,
        "day": jalali.format_date(shift.date),
        "from": localize_digits(shift.starts.strftime("%H:%M")),
        "to": localize_digits(shift.ends.strftime("%H:%M")),
    }


def _check_requirements(opportunity: Opportunity, volunteer: Volunteer, shift: Shift) -> None:
    if volunteer.is_minor and not opportunity.minors_allowed:
        raise ValidationError(_("Minors may not take part in this opportunity."))
    if opportunity.min_age:
        age = volunteer.age_in(jalali.to_jalali(shift.date).year)
        if age is None or age < opportunity.min_age:
            raise ValidationError(
                _("This opportunity asks for volunteers of at least %(age)s years.")
                % {"age": localize_digits(opportunity.min_age)}
            )
    if opportunity.gender and volunteer.gender != opportunity.gender:
        raise ValidationError(
            _("This opportunity is for %(gender)s volunteers only.")
            % {"gender": opportunity.get_gender_display()}
        )
    missing = set(opportunity.skills) - set(volunteer.skills or [])
    if missing:
        names = dict(Skill.choices)
        raise ValidationError(
            _("This opportunity needs a skill the volunteer has not: %(skills)s.")
            % {"skills": "، ".join(str(names[m]) for m in sorted(missing))}
        )


def _notify_signup(signup: Signup, *, promoted: bool = False) -> None:
    user_id = signup.volunteer.user_id
    if not user_id:
        return
    shift = signup.shift
    context = {"shift": _shift_label(shift), "title": shift.opportunity.title}
    if promoted:
        kind = "volunteer_promoted"
        title = gettext_lazy("A place freed up: you now have a place at %(title)s")
    elif signup.status == Signup.Status.WAITLISTED:
        kind = "volunteer_waitlisted"
        title = gettext_lazy("%(title)s is full: you are on the waitlist")
    else:
        kind = "volunteer_signup_confirmed"
        title = gettext_lazy("Your place at %(title)s is held")
    body = (
        gettext_lazy("%(shift)s. Your guardian's consent is still needed.")
        if signup.status == Signup.Status.PENDING_CONSENT
        else gettext_lazy("%(shift)s.")
    )
    notify(
        recipients=[user_id],
        kind=kind,
        title=title,
        body=body,
        link=signup.get_absolute_url(),
        municipality_id=signup.municipality_id,
        context=context,
    )


def _holding_status(volunteer: Volunteer) -> str:
    return Signup.Status.PENDING_CONSENT if volunteer.is_minor else Signup.Status.CONFIRMED


@transaction.atomic
def signup_create(*, scope: Scope, actor, shift: Shift, volunteer_id=None) -> Signup:
    """Sign a volunteer up for ``shift``: a place while there is one (a minor's waits for the
    guardian's consent), else the next waitlist place. A volunteer signs up themselves; a
    coordinator (or the directorate) a volunteer of their district."""
    if permissions.is_volunteer(scope):
        volunteer = scoped(Volunteer.objects.all(), scope).filter(user_id=scope.user_id).first()
        if volunteer is None:
            raise PermissionDenied(_("Your account is not linked to a volunteer record."))
    elif permissions.can_manage(scope):
        volunteer = (
            scoped(Volunteer.objects.all(), scope).filter(pk=_id(volunteer_id)).first()
            if _id(volunteer_id)
            else None
        )
        if volunteer is None:
            raise ValidationError({"volunteer": _("Choose a volunteer of your district.")})
        if not permissions.signs_up_others(scope, volunteer):
            raise PermissionDenied(_("You sign up the volunteers of your own district only."))
    else:
        raise PermissionDenied(OUTSIDE)
    locked = (
        scoped(Shift.objects.select_for_update(), scope)
        .filter(pk=shift.pk)
        .select_related("opportunity")
        .first()
    )
    if locked is None:
        raise PermissionDenied(OUTSIDE)
    opportunity = locked.opportunity
    if opportunity.status != Opportunity.Status.PUBLISHED:
        raise ValidationError(_("This opportunity does not take sign-ups."))
    if locked.date < timezone.localdate():
        raise ValidationError(_("This shift is over."))
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    _check_requirements(opportunity, volunteer, locked)
    others = Signup.objects.filter(
        volunteer=volunteer, status__in=Signup.ACTIVE, shift__date=locked.date
    ).select_related("shift__opportunity")
    for other in others:
        if other.shift_id == locked.pk:
            raise ValidationError(_("This volunteer has already signed up for this shift."))
        if other.shift.overlaps(locked):
            raise ValidationError(
                _("This shift overlaps another the volunteer signed up for: %(shift)s.")
                % {"shift": _shift_label(other.shift)}
            )
    taken = locked.signups.filter(status__in=Signup.HOLDING).count()
    signup = Signup(
        municipality_id=locked.municipality_id,
        shift=locked,
        volunteer=volunteer,
        status=_holding_status(volunteer) if taken < locked.needed else Signup.Status.WAITLISTED,
        signed_up_by=actor,
    )
    try:
        with transaction.atomic():
            _save(signup, actor)
    except IntegrityError as exc:
        raise ValidationError(_("This volunteer has already signed up for this shift.")) from exc
    _notify_signup(signup)
    return signup


@transaction.atomic
def signup_withdraw(*, scope: Scope, actor, signup: Signup) -> Signup | None:
    """The volunteer (or the opportunity's manager) withdraws a sign-up; when it held a place,
    the first waiting takes it. Returns who was promoted."""
    row = scoped(Signup.objects.select_for_update(), scope).filter(pk=signup.pk).first()
    if row is None:
        raise PermissionDenied(OUTSIDE)
    own = permissions.is_volunteer(scope) and row.volunteer.user_id == scope.user_id
    if not own and not permissions.manages(scope, row.shift.opportunity):
        raise PermissionDenied(OUTSIDE)
    shift = Shift.objects.select_for_update().get(pk=row.shift_id)
    row = Signup.objects.select_for_update().get(pk=row.pk)  # read again under the shift's lock
    if not row.is_active:
        raise ValidationError(_("This sign-up is already withdrawn."))
    held = row.status in Signup.HOLDING
    row.status = Signup.Status.WITHDRAWN
    row.withdrawn_at = timezone.now()
    _save(row, actor)
    if not held:
        return None
    taken = shift.signups.filter(status__in=Signup.HOLDING).count()
    if taken >= shift.needed:
        return None
    first = (
        shift.signups.select_for_update()
        .filter(status=Signup.Status.WAITLISTED)
        .select_related("volunteer")
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = _holding_status(first.volunteer)
    _save(first, actor)
    _notify_signup(first, promoted=True)
    return first
