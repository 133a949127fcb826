"""Writes of the joint plan: the year's plan, targets, and the district workflow
draft → submitted → approved (or returned), with reopening of approved targets as a new
revision. Keyword-only, atomic, permission-checked; nothing is half-written."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.catalogue.models import Domain
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed
from hamafza.core.scoping import Role, Scope, in_scope, scoped
from hamafza.notifications.services import notify
from hamafza.org.models import Agency, District, Membership
from hamafza.plans.models import (
    TARGET_FIELDS,
    DistrictPlan,
    Plan,
    PlanEvent,
    PlanLine,
    TargetVersion,
    Term,
    default_terms,
)
from hamafza.plans.permissions import can_approve_plans, can_edit_plans
from hamafza.plans.selectors import owner_candidates


@transaction.atomic
def plan_create(*, scope: Scope, actor, year: int, title: str = "") -> Plan:
    """The year's plan with its default terms and an empty draft part for every district."""
    if not can_approve_plans(scope):
        raise PermissionDenied(_("Only the directorate starts a year's joint plan."))
    return start_plan(municipality_id=scope.municipality_id, actor=actor, year=year, title=title)


def start_plan(*, municipality_id: int, actor, year: int, title: str = "") -> Plan:
    """The plan, its terms and a draft part per district (no permission check: callers check)."""
    plan = Plan(
        municipality_id=municipality_id,
        year=year,
        title=clean_typed(title),
    )
    plan.full_clean()
    plan._history_user = actor
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # started by someone else a moment ago
        raise ValidationError(_("This year already has a joint plan.")) from None
    for name, starts, ends in default_terms(year):
        Term.objects.create(
            municipality_id=municipality_id, plan=plan, name=name, starts_on=starts, ends_on=ends
        )
    DistrictPlan.objects.bulk_create(
        DistrictPlan(municipality_id=municipality_id, plan=plan, district=district)
        for district in District.objects.filter(municipality_id=municipality_id)
    )
    return plan


def _locked_part(scope: Scope, district_plan: DistrictPlan) -> DistrictPlan:
    if district_plan.municipality_id != scope.municipality_id or not in_scope(district_plan, scope):
        raise PermissionDenied(_("This plan is outside your area."))
    return DistrictPlan.objects.select_for_update().get(pk=district_plan.pk)


def _event(part: DistrictPlan, actor, kind: str, text: str = "") -> PlanEvent:
    return PlanEvent.objects.create(
        municipality_id=part.municipality_id,
        district_plan=part,
        kind=kind,
        text=clean_typed(text)[:2000],
        revision=part.revision,
        author=actor,
    )


def _tell(part: DistrictPlan, kind: str, title, comment: str = "") -> None:
    """Tell the other side of the workflow: the directorate when a district submits, the
    district's coordinators when the directorate decides."""
    wanted = (
        Q(role=Role.DIRECTORATE)
        if kind == "plan_submitted"
        else Q(role=Role.DISTRICT_COORDINATOR, district_id=part.district_id)
    )
    people = Membership.objects.filter(
        wanted, municipality_id=part.municipality_id, is_active=True
    ).values_list("user_id", flat=True)
    notify(
        recipients=list(people),
        kind=kind,
        title=title,
        body=clean_typed(comment),
        link=part.get_absolute_url(),
        municipality_id=part.municipality_id,
        context={"district": str(part.district), "year": part.plan.year},
    )


def _check_targets(data: dict) -> None:
    errors = {}
    for field in TARGET_FIELDS:
        value = data.get(field, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[field] = _("Enter a whole number, zero or more.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def line_save(
    *,
    scope: Scope,
    actor,
    district_plan: DistrictPlan,
    domain_id: int,
    agency_id: int,
    quarter: int,
    targets: dict,
    owner_id: int | None = None,
    line: PlanLine | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> PlanLine:
    """Add or change a line of targets while the district's part is a draft (or returned)."""
    if not can_edit_plans(scope):
        raise PermissionDenied(_("You do not have permission to change the plan."))
    part = _locked_part(scope, district_plan)
    if not part.editable:
        raise ValidationError(
            _(
                "Approved or submitted targets cannot be changed. Reopen the district's plan for "
                "changes first; the approved figures stay on record."
            )
        )
    domain = scoped(Domain.objects.all(), scope).filter(pk=domain_id).first()
    agency = scoped(Agency.objects.all(), scope).filter(pk=agency_id).first()
    errors = {}
    if domain is None:
        errors["domain"] = _("Choose a domain of your municipality.")
    if agency is None:
        errors["agency"] = _("Choose a partner agency of your municipality.")
    if owner_id is not None and not owner_candidates(part=part).filter(pk=owner_id).exists():
        errors["owner"] = _("Choose an owner from the directorate, the district or an agency.")
    if errors:
        raise ValidationError(errors)
    _check_targets(targets)
    if line is None:
        obj = PlanLine(municipality_id=part.municipality_id, district_plan=part)
    else:
        if line.district_plan_id != part.pk:
            raise PermissionDenied(_("This line belongs to another plan."))
        obj = PlanLine.objects.select_for_update().get(pk=line.pk)
        check_version(obj, expected_updated_at)
        moved = (obj.domain_id, obj.agency_id, obj.quarter) != (domain.pk, agency.pk, quarter)
        if moved and (obj.versions.exists() or obj.delivered_by.exists()):
            raise ValidationError(
                _(
                    "These targets were approved or have sessions counting toward them, so their "
                    "domain, agency and quarter stay; add a new line instead."
                )
            )
    obj.district_id = part.district_id
    obj.domain = domain
    obj.agency = agency
    obj.quarter = quarter
    obj.owner_id = owner_id
    for field in TARGET_FIELDS:
        setattr(obj, field, targets.get(field, 0))
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


@transaction.atomic
def line_delete(*, scope: Scope, actor, line: PlanLine) -> None:
    if not can_edit_plans(scope):
        raise PermissionDenied(_("You do not have permission to change the plan."))
    part = _locked_part(scope, line.district_plan)
    if not part.editable:
        raise ValidationError(_("Approved or submitted targets cannot be removed."))
    if line.versions.exists():
        raise ValidationError(
            _("These targets were approved before; set them to zero instead of removing them.")
        )
    if line.delivered_by.exists():  # sessions count toward it (the reverse of Session.plan_line)
        raise ValidationError(_("Sessions count toward these targets; they cannot be removed."))
    line._history_user = actor
    line.delete()


@transaction.atomic
def plan_submit(*, scope: Scope, actor, district_plan: DistrictPlan, comment: str = ""):
    if not can_edit_plans(scope):
        raise PermissionDenied(_("You do not have permission to change the plan."))
    part = _locked_part(scope, district_plan)
    if not part.editable:
        raise ValidationError(_("Only a draft or a returned plan can be submitted."))
    if not part.lines.exists():
        raise ValidationError(_("Add at least one line of targets before submitting."))
    part.status = DistrictPlan.Status.SUBMITTED
    part._history_user = actor
    part.save()
    _event(part, actor, PlanEvent.Kind.SUBMITTED, comment)
    _tell(
        part,
        "plan_submitted",
        gettext_lazy("%(district)s submitted its targets for %(year)s"),
        comment,
    )
    return part


@transaction.atomic
def plan_approve(*, scope: Scope, actor, district_plan: DistrictPlan, comment: str = ""):
    """Approve a submitted part: its targets are recorded as the approved version for this
    revision."""
    if not can_approve_plans(scope):
        raise PermissionDenied(_("Only the directorate approves plans."))
    part = _locked_part(scope, district_plan)
    if part.status != DistrictPlan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved."))
    now = timezone.now()
    TargetVersion.objects.bulk_create(
        TargetVersion(
            municipality_id=part.municipality_id,
            line=line,
            revision=part.revision,
            approved_at=now,
            approved_by=actor,
            **{field: getattr(line, field) for field in TARGET_FIELDS},
        )
        for line in part.lines.all()
    )
    part.status = DistrictPlan.Status.APPROVED
    part._history_user = actor
    part.save()
    _event(part, actor, PlanEvent.Kind.APPROVED, comment)
    _tell(
        part,
        "plan_approved",
        gettext_lazy("The targets of %(district)s for %(year)s were approved"),
        comment,
    )
    return part


@transaction.atomic
def plan_return(*, scope: Scope, actor, district_plan: DistrictPlan, comment: str):
    if not can_approve_plans(scope):
        raise PermissionDenied(_("Only the directorate returns plans."))
    if not clean_typed(comment):
        raise ValidationError({"comment": _("Say what should change.")})
    part = _locked_part(scope, district_plan)
    if part.status != DistrictPlan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned."))
    part.status = DistrictPlan.Status.RETURNED
    part._history_user = actor
    part.save()
    _event(part, actor, PlanEvent.Kind.RETURNED, comment)
    _tell(
        part,
        "plan_returned",
        gettext_lazy("The targets of %(district)s for %(year)s were returned for changes"),
        comment,
    )
    return part


@transaction.atomic
def plan_reopen(*, scope: Scope, actor, district_plan: DistrictPlan, comment: str):
    """Open approved targets for changes as the next revision. The approved figures stay in
    force (and on record) until the new revision is approved."""
    if not can_edit_plans(scope):
        raise PermissionDenied(_("You do not have permission to change the plan."))
    if not clean_typed(comment):
        raise ValidationError({"comment": _("Say why the approved targets must change.")})
    part = _locked_part(scope, district_plan)
    if part.status != DistrictPlan.Status.APPROVED:
        raise ValidationError(_("Only an approved plan can be reopened."))
    part.status = DistrictPlan.Status.DRAFT
    part.revision += 1
    part._history_user = actor
    part.save()
    _event(part, actor, PlanEvent.Kind.REOPENED, comment)
    return part


@transaction.atomic
def plan_comment(*, scope: Scope, actor, district_plan: DistrictPlan, comment: str):
    if not (can_edit_plans(scope) or can_approve_plans(scope)):
        raise PermissionDenied(_("You do not have permission to comment on the plan."))
    if not clean_typed(comment):
        raise ValidationError({"comment": _("Write a comment.")})
    part = _locked_part(scope, district_plan)
    return _event(part, actor, PlanEvent.Kind.COMMENT, comment)
