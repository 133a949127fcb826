"""Trainers, domains, levels and certificates through the API: the same selectors and services
as the pages, so the same scope and rules."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.core.api_schemas import ERRORS, MAX_ID, Pages
from hamafza.core.persian import clean_typed, to_latin_digits
from hamafza.core.validators import normalize_mobile
from hamafza.trainers import selectors, services
from hamafza.trainers.permissions import can_view_personal_data, can_view_pool

router = Router(tags=["trainers"])


class DomainOut(Schema):
    id: int
    code: str
    name: str
    owner_agency_id: int | None


class TrainerDomainOut(Schema):
    domain_id: int
    level_id: int | None
    level_rank: int | None
    prior_hours: int
    observation_score: int | None


class TrainerOut(Schema):
    id: int
    first_name: str
    last_name: str
    gender: str
    education: str
    home_district_id: int
    employer_id: int | None
    is_volunteer: bool
    languages: str
    status: str
    max_hours_per_week: int
    domains: list[TrainerDomainOut]
    national_code: str | None = Field(None, description="Only for those who may see personal data.")
    mobile: str | None = Field(None, description="Only for those who may see personal data.")

    @staticmethod
    def resolve_domains(obj):
        return [
            {
                "domain_id": td.domain_id,
                "level_id": td.level_id,
                "level_rank": td.level.rank if td.level else None,
                "prior_hours": td.prior_hours,
                "observation_score": td.observation_score,
            }
            for td in obj.trainer_domains.all()
        ]

    @staticmethod
    def resolve_national_code(obj, context):
        return obj.national_code if can_view_personal_data(context["request"].scope, obj) else None

    @staticmethod
    def resolve_mobile(obj, context):
        return obj.mobile if can_view_personal_data(context["request"].scope, obj) else None


class TrainerIn(Schema):
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    national_code: str
    mobile: str
    gender: str
    education: str = ""
    home_district_id: int
    employer_id: int | None = None
    is_volunteer: bool = False
    languages: str = "فارسی"
    status: str = "active"
    max_hours_per_week: int = Field(20, ge=1, le=60)
    domain_ids: list[int] = []


class CertificateOut(Schema):
    id: int
    trainer_id: int
    domain_id: int
    title: str
    issuer: str
    issued_on: dt.date
    expires_on: dt.date | None
    status: str
    verification_code: str


def _get(request, pk: int):
    trainer = selectors.trainer_get(scope=request.scope, pk=pk)
    if trainer is None:
        raise Http404
    return trainer


@router.get(
    "/domains",
    response={200: list[DomainOut], **ERRORS},
    operation_id="trainer_domains_list",
    description="The domains with their standards ladders.",
)
def domains_list(request):
    if not can_view_pool(request.scope):  # as the ladder page
        raise PermissionDenied
    return list(selectors.domains(scope=request.scope))


@router.get("/trainers", response={200: list[TrainerOut], **ERRORS}, operation_id="trainers_list")
@paginate(Pages, page_size=50)
def trainers_list(
    request,
    q: str = "",
    domain: int | None = Query(None, ge=1, le=MAX_ID),
    district: int | None = Query(None, ge=1, le=MAX_ID),
    level: int | None = Query(None, ge=1, le=100),
    certified: bool = False,
):
    if not can_view_pool(request.scope):
        raise PermissionDenied
    return selectors.trainer_pool(
        scope=request.scope,
        query=q,
        domain_id=domain,
        district_id=district,
        level_rank=level,
        certified_only=certified,
    )


@router.get("/trainers/{pk}", response={200: TrainerOut, **ERRORS}, operation_id="trainers_get")
def trainers_get(request, pk: int):
    return _get(request, pk)


def _clean(payload: dict) -> dict:
    for key in ("first_name", "last_name", "languages"):
        if key in payload:
            payload[key] = clean_typed(payload[key])
    if "national_code" in payload:
        payload["national_code"] = to_latin_digits(payload["national_code"]).strip()
    if "mobile" in payload:
        payload["mobile"] = normalize_mobile(payload["mobile"])
    return payload


@router.post("/trainers", response={201: TrainerOut, **ERRORS}, operation_id="trainers_create")
def trainers_create(request, payload: TrainerIn):
    data = _clean(payload.dict())
    domain_ids = data.pop("domain_ids")
    trainer = services.trainer_save(
        scope=request.scope, actor=request.user, data=data, domain_ids=domain_ids
    )
    return Status(201, trainer)


@router.get(
    "/trainers/{pk}/certificates",
    response={200: list[CertificateOut], **ERRORS},
    operation_id="trainer_certificates",
)
def trainer_certificates(request, pk: int):
    return list(_get(request, pk).certificates.all())


@router.get(
    "/certificates/expiring",
    response={200: list[CertificateOut], **ERRORS},
    operation_id="certificates_expiring",
)
def certificates_expiring(request, days: int = 30):
    if not can_view_pool(request.scope):
        raise PermissionDenied
    return list(selectors.certificates_expiring(scope=request.scope, days=min(max(days, 1), 365)))
