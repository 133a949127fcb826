"""Program effectiveness through the API, from the same selector (and scope) as the page."""

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from hamafza.core.api_schemas import ERRORS
from hamafza.research.effectiveness import SORTS, Row, effectiveness
from hamafza.research.permissions import can_read_effectiveness

router = Router(tags=["research"])


class GainOut(Schema):
    pairs: int
    used: int
    average_gain: float | None
    gain_of_averages: float | None
    ci_low: float | None
    ci_high: float | None
    too_few: bool


class RowOut(Schema):
    program_id: int
    program_code: str
    program_title: str
    version: int | None
    district_id: int | None
    district_number: int | None
    sessions: int
    public_sessions: int
    class_sessions: int
    registered: int
    present: int
    attendance_rate: float | None
    headcount: int
    ratings: int
    satisfaction: float | None
    gain: GainOut


class EffectivenessOut(Schema):
    by_version: list[RowOut]
    by_district: list[RowOut]


class Filters(Schema):
    sort: str = "program"


def _out(r: Row) -> dict:
    return {
        "program_id": r.program.pk,
        "program_code": r.program.code,
        "program_title": r.program.title,
        "version": r.version.number if r.version else None,
        "district_id": r.district.pk if r.district else None,
        "district_number": r.district.number if r.district else None,
        "sessions": r.sessions,
        "public_sessions": r.public_sessions,
        "class_sessions": r.class_sessions,
        "registered": r.registered,
        "present": r.present,
        "attendance_rate": r.attendance_rate,
        "headcount": r.headcount,
        "ratings": r.ratings,
        "satisfaction": r.satisfaction,
        "gain": {
            "pairs": r.gain.pairs,
            "used": r.gain.used,
            "average_gain": r.gain.average_gain,
            "gain_of_averages": r.gain.gain_of_averages,
            "ci_low": r.gain.ci_low,
            "ci_high": r.gain.ci_high,
            "too_few": r.too_few,
        },
    }


@router.get(
    "/effectiveness",
    response={200: EffectivenessOut, **ERRORS},
    operation_id="research_effectiveness",
)
def effectiveness_get(request, filters: Query[Filters]):
    """Per program × version and per program × district: sessions delivered, attendance,
    satisfaction and learning gain (directorate: all districts; a coordinator: theirs)."""
    if not can_read_effectiveness(request.scope):
        raise PermissionDenied
    sort = filters.sort if filters.sort in SORTS else "program"
    report = effectiveness(scope=request.scope, sort=sort)
    return {
        "by_version": [_out(r) for r in report.by_version],
        "by_district": [_out(r) for r in report.by_district],
    }
