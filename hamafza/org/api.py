"""Organisation records through the API. The same selectors and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.core.api_schemas import EDIT_ERRORS, ERRORS, Pages, VersionIn, VersionOut, kept
from hamafza.core.persian import clean_code, clean_typed
from hamafza.org import selectors, services
from hamafza.org.permissions import can_see_contacts, can_view

router = Router(tags=["organisation"])


class DistrictOut(VersionOut):
    id: int
    number: int
    name: str


class DistrictIn(Schema):
    number: int = Field(..., ge=1, le=999)
    name: str = Field(..., min_length=1, max_length=200)


class NeighbourhoodOut(VersionOut):
    id: int
    district_id: int
    name: str


class NeighbourhoodIn(Schema):
    district_id: int
    name: str = Field(..., min_length=1, max_length=200)


class AgencyOut(VersionOut):
    id: int
    name: str
    short_name: str
    kind: str
    contact_name: str
    contact_mobile: str | None = Field(
        None, description="Only for the directorate and district coordinators; null otherwise."
    )

    @staticmethod
    def resolve_contact_mobile(obj, context):
        return obj.contact_mobile if can_see_contacts(context["request"].scope, "agency") else None


class AgencyIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    short_name: str = ""
    kind: str = "other"
    contact_name: str = ""
    contact_mobile: str = ""


class SchoolOut(VersionOut):
    id: int
    name: str
    code: str
    district_id: int
    neighbourhood_id: int | None
    stage: str
    gender: str
    ownership: str
    grade_from: int
    grade_to: int
    address: str
    principal_name: str
    principal_mobile: str | None = Field(
        None,
        description=(
            "Only for the directorate, the school's district coordinator and the school's "
            "contact; null otherwise."
        ),
    )

    @staticmethod
    def resolve_principal_mobile(obj, context):
        return (
            obj.principal_mobile if can_see_contacts(context["request"].scope, "school") else None
        )


class SchoolIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    code: str = Field(..., min_length=1, max_length=20)
    district_id: int
    neighbourhood_id: int | None = None
    stage: str
    gender: str
    ownership: str = "public"
    grade_from: int
    grade_to: int
    address: str = ""
    principal_name: str = ""
    principal_mobile: str = ""


class SchoolPatch(VersionIn):
    name: str = kept(min_length=1, max_length=200)
    code: str = kept(min_length=1, max_length=20)
    district_id: int = kept()
    neighbourhood_id: int | None = Field(None, description="null: no neighbourhood.")
    stage: str = kept()
    gender: str = kept()
    ownership: str = kept()
    grade_from: int = kept()
    grade_to: int = kept()
    address: str = kept()
    principal_name: str = kept()
    principal_mobile: str = kept()


class VenueOut(VersionOut):
    id: int
    name: str
    district_id: int
    neighbourhood_id: int | None
    kind: str
    address: str
    capacity: int | None


class VenueIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    district_id: int
    neighbourhood_id: int | None = None
    kind: str = "other"
    address: str = ""
    capacity: int | None = Field(None, ge=0)


class DistrictPatch(DistrictIn, VersionIn):
    pass


class NeighbourhoodPatch(NeighbourhoodIn, VersionIn):
    pass


class AgencyPatch(AgencyIn, VersionIn):
    pass


class VenuePatch(VenueIn, VersionIn):
    pass


TEXT_FIELDS = {"name", "short_name", "contact_name", "address", "principal_name"}


def _clean(data: dict) -> dict:
    """Text as typed (keyboard artefacts fixed); a code with Latin digits, as the page form does."""
    cleaned = {
        k: clean_typed(v) if k in TEXT_FIELDS and isinstance(v, str) else v for k, v in data.items()
    }
    if isinstance(cleaned.get("code"), str):
        cleaned["code"] = clean_code(cleaned["code"])
    return cleaned


def _require_view(request, entity: str) -> None:
    if not can_view(request.scope, entity):
        raise PermissionDenied


def _get(request, entity: str, pk: int):
    _require_view(request, entity)
    obj = selectors.entity_get(scope=request.scope, entity=entity, pk=pk)
    if obj is None:
        raise Http404
    return obj


def _save(request, entity: str, payload: Schema, instance=None, *, partial=False):
    data = _clean(payload.dict(exclude_unset=partial))
    version = data.pop("version", None)
    return services.record_save(
        scope=request.scope,
        actor=request.user,
        entity=entity,
        data=data,
        instance=instance,
        expected_updated_at=version,
    )


def _register(entity: str, plural: str, out_schema, in_schema, patch_schema):
    """Add list, get, create and update routes for one kind of record."""

    @router.get(
        f"/{plural}", response={200: list[out_schema], **ERRORS}, operation_id=f"{plural}_list"
    )
    @paginate(Pages, page_size=50)
    def list_records(request, q: str = ""):
        _require_view(request, entity)
        return selectors.LISTS[entity](scope=request.scope, query=q)

    @router.get(
        f"/{plural}/{{pk}}", response={200: out_schema, **ERRORS}, operation_id=f"{plural}_get"
    )
    def get_record(request, pk: int):
        return _get(request, entity, pk)

    @router.post(
        f"/{plural}", response={201: out_schema, **ERRORS}, operation_id=f"{plural}_create"
    )
    def create_record(request, payload: in_schema):
        return Status(201, _save(request, entity, payload))

    @router.patch(
        f"/{plural}/{{pk}}",
        response={200: out_schema, **EDIT_ERRORS},
        operation_id=f"{plural}_update",
    )
    def update_record(request, pk: int, payload: patch_schema):
        return _save(request, entity, payload, _get(request, entity, pk), partial=True)


_register("district", "districts", DistrictOut, DistrictIn, DistrictPatch)
_register("neighbourhood", "neighbourhoods", NeighbourhoodOut, NeighbourhoodIn, NeighbourhoodPatch)
_register("agency", "agencies", AgencyOut, AgencyIn, AgencyPatch)
_register("school", "schools", SchoolOut, SchoolIn, SchoolPatch)
_register("venue", "venues", VenueOut, VenueIn, VenuePatch)
