"""Keeping the rollups right, in the transaction of the fact.

``refresh(session_ids)`` is the one entry point for writes: it locks the sessions, recomputes what
each one contributes now (one aggregated query), compares it with the stored ``Contribution`` and
applies the difference to the buckets with ``UPDATE … SET x = x + delta`` (creating a missing
bucket inside a savepoint, retrying the update if a concurrent writer created it first). Signals
call it for ordinary saves and deletes (``signals.py``); the write paths that bypass signals
(bulk creates, queryset updates) call it explicitly.

``rebuild()`` recomputes everything from the facts in bulk; ``differences()`` compares the
stored rollups with a fresh computation (``check_rollups``)."""

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

import jdatetime
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hamafza.core.bulk import insert_rows
from hamafza.monitoring.models import (
    MEASURES,
    Contribution,
    ReachRollup,
    Rollup,
    SchoolFirstReach,
    SchoolRollup,
)
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session

KEYS = ("municipality_id", "district_id", "domain_id", "agency_id", "program_id", "school_id")
ROLLUP_KEYS = ("municipality_id", "district_id", "domain_id", "agency_id", "program_id")
SCHOOL_KEYS = ("municipality_id", "school_id", "district_id", "domain_id")

# ----- Jalali months of instants, without a conversion per row -----

_bounds: list[dt.datetime] = []
_labels: list[tuple[int, int]] = []


def _extend_calendar(year_from: int, year_to: int) -> None:
    """The first instant (aware, tenant's zone) of every Jalali month of the years."""
    pairs = dict(zip(_bounds, _labels, strict=True))
    for year in range(year_from, year_to + 1):
        for month in range(1, 13):
            day = jdatetime.date(year, month, 1).togregorian()
            pairs[timezone.make_aware(dt.datetime.combine(day, dt.time()))] = (year, month)
    _bounds[:], _labels[:] = zip(*sorted(pairs.items()), strict=True)


def jalali_month(when: dt.datetime) -> tuple[int, int]:
    """(Jalali year, month) of an instant, in the tenant's time zone."""
    if not _bounds or when < _bounds[0] or when >= _bounds[-1]:
        year = jdatetime.date.fromgregorian(date=timezone.localtime(when).date()).year
        first = _labels[0][0] if _labels else year
        last = _labels[-1][0] if _labels else year
        _extend_calendar(min(first, year - 1), max(last, year + 1))
    return _labels[bisect.bisect_right(_bounds, when) - 1]


# ----- one session's contribution -----


def _measures(status: str, attended: int, counted: int, registered: int) -> dict[str, int]:
    live = status != "cancelled"
    return {
        "planned": int(status in ("planned", "confirmed")),
        "delivered": int(status in Session.DELIVERED_STATUSES),
        "verified": int(status == "verified"),
        "cancelled": int(not live),
        "participants": (attended + counted) if live else 0,
        "registrations": registered if live else 0,
    }


def _row(values: tuple, attended: int, counted: int, registered: int) -> dict:
    (
        pk,
        municipality,
        district,
        domain,
        line_agency,
        owner_agency,
        program,
        school,
        starts,
        status,
    ) = values
    year, month = jalali_month(starts)
    return {
        "session_id": pk,
        "municipality_id": municipality,
        "district_id": district,
        "domain_id": domain,
        "agency_id": line_agency or owner_agency or 0,
        "program_id": program,
        "school_id": school or 0,
        "year": year,
        "month": month,
        **_measures(status, attended, counted, registered),
    }


SESSION_COLUMNS = (
    "pk",
    "municipality_id",
    "district_id",
    "domain_id",
    "plan_line__agency_id",
    "domain__owner_agency_id",
    "version__program_id",
    "school_id",
    "starts_at",
    "status",
)


def compute(session_ids: Iterable[int]) -> dict[int, dict]:
    """What the sessions contribute now, from the facts, in one query."""
    zero = Value(0, output_field=IntegerField())

    def per_session(qs, expression):
        return Coalesce(
            Subquery(
                qs.filter(session=OuterRef("pk"))
                .order_by()
                .values("session")
                .annotate(n=expression)
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            zero,
        )

    rows = Session.objects.filter(pk__in=list(session_ids)).values_list(
        *SESSION_COLUMNS,
        per_session(Attendance.objects.all(), Count("pk")),
        per_session(HeadCount.objects.all(), Sum(F("girls") + F("boys"))),
        per_session(Registration.objects.filter(status="confirmed"), Count("pk")),
    )
    return {r[0]: _row(r[:10], *r[10:]) for r in rows}


# ----- applying differences -----


def _add(model, key: dict, deltas: dict[str, int]) -> None:
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    changes = {k: F(k) + v for k, v in deltas.items()}
    if model.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **deltas)
    except IntegrityError:  # someone created the bucket a moment ago
        model.objects.filter(**key).update(**changes)


def _apply(old: dict | None, new: dict | None, touched_reach: set) -> None:
    for sign, row in ((-1, old), (1, new)):
        if row is None:
            continue
        deltas = {m: sign * row[m] for m in MEASURES}
        period = {"year": row["year"], "month": row["month"]}
        _add(Rollup, {**{k: row[k] for k in ROLLUP_KEYS}, **period}, deltas)
        if row["school_id"]:
            _add(SchoolRollup, {**{k: row[k] for k in SCHOOL_KEYS}, **period}, deltas)
            if row["delivered"]:
                touched_reach.add((*(row[k] for k in SCHOOL_KEYS), row["year"]))


def _same(old: dict, new: dict) -> bool:
    return all(old[k] == new[k] for k in (*KEYS, "year", "month", *MEASURES))


def _same_bucket(old: dict, new: dict) -> bool:
    return all(old[k] == new[k] for k in (*KEYS, "year", "month"))


def _apply_delta(old: dict, new: dict, touched_reach: set) -> None:
    """Same buckets (the usual case: a roster tap, a head count, a status change): one
    ``UPDATE … SET x = x + delta`` per bucket, and the first reach only if delivery changed."""
    deltas = {m: new[m] - old[m] for m in MEASURES}
    period = {"year": new["year"], "month": new["month"]}
    _add(Rollup, {**{k: new[k] for k in ROLLUP_KEYS}, **period}, deltas)
    if new["school_id"]:
        _add(SchoolRollup, {**{k: new[k] for k in SCHOOL_KEYS}, **period}, deltas)
        if bool(old["delivered"]) != bool(new["delivered"]):
            touched_reach.add((*(new[k] for k in SCHOOL_KEYS), new["year"]))


def _refresh_reach(municipality, school, district, domain, year) -> None:
    """Move the school's first reach (domain, year) to the earliest month with a delivery."""
    first = (
        SchoolRollup.objects.filter(
            school_id=school, district_id=district, domain_id=domain, year=year, delivered__gt=0
        )
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    ) or 0
    key = {"school_id": school, "district_id": district, "domain_id": domain, "year": year}
    record = SchoolFirstReach.objects.select_for_update().filter(**key).first()
    before = record.month if record else 0
    if before == first:
        return
    if record is None:
        SchoolFirstReach.objects.create(municipality_id=municipality, month=first, **key)
    else:
        record.month = first
        record.save(update_fields=["month"])
    bucket = {"municipality_id": municipality, "district_id": district, "domain_id": domain}
    if before:
        _add(ReachRollup, {**bucket, "year": year, "month": before}, {"schools": -1})
    if first:
        _add(ReachRollup, {**bucket, "year": year, "month": first}, {"schools": 1})


def refresh(session_ids: Iterable[int]) -> None:
    """Bring the rollups of these sessions up to date. Call inside the fact's transaction."""
    ids = sorted(set(session_ids))
    if not ids:
        return
    with transaction.atomic(savepoint=False):  # part of the fact's transaction
        # Lock first, then read: a concurrent writer of the same session waits and then counts
        # what this one committed, so no delta is lost.
        list(Session.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        stored = {
            c["session_id"]: c
            for c in Contribution.objects.select_for_update().filter(session_id__in=ids).values()
        }
        fresh = compute(ids)
        touched_reach: set = set()
        for pk in ids:
            old, new = stored.get(pk), fresh.get(pk)
            if old is not None and new is not None and _same(old, new):
                continue
            if old is not None and new is not None and _same_bucket(old, new):
                _apply_delta(old, new, touched_reach)
            else:
                _apply(old, new, touched_reach)
            if new is None:
                Contribution.objects.filter(session_id=pk).delete()
            elif old is None:
                Contribution.objects.create(**new)
            else:
                Contribution.objects.filter(session_id=pk).update(
                    **{k: v for k, v in new.items() if k != "session_id" and old[k] != v}
                )
        for reach in sorted(touched_reach):
            _refresh_reach(*reach)


def refresh_plan_line(line_id: int) -> None:
    """A plan line changed its agency: its sessions move bucket."""
    refresh(Session.objects.filter(plan_line_id=line_id).values_list("pk", flat=True))


# ----- rebuilding and checking -----


def fresh_contributions(municipality_id: int | None = None) -> Iterator[dict]:
    """Every session's contribution, from the facts, streamed (a few GROUP BYs and one pass)."""

    def by_session(qs, expression) -> dict[int, int]:
        if municipality_id:
            qs = qs.filter(municipality_id=municipality_id)
        return dict(
            qs.order_by().values("session_id").annotate(n=expression).values_list("session_id", "n")
        )

    attended = by_session(Attendance.objects.all(), Count("pk"))
    counted = by_session(HeadCount.objects.all(), Sum(F("girls") + F("boys")))
    registered = by_session(Registration.objects.filter(status="confirmed"), Count("pk"))
    sessions = Session.objects.order_by()
    if municipality_id:
        sessions = sessions.filter(municipality_id=municipality_id)
    for values in sessions.values_list(*SESSION_COLUMNS).iterator(chunk_size=20000):
        pk = values[0]
        yield _row(values, attended.get(pk, 0), counted.get(pk, 0) or 0, registered.get(pk, 0))


CONTRIBUTION_COLUMNS = ("session_id", *KEYS, "year", "month", *MEASURES)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@transaction.atomic
def rebuild(municipality_id: int | None = None) -> int:
    """Recompute every rollup from the facts. Returns the number of sessions."""
    models_ = (Contribution, Rollup, SchoolRollup, SchoolFirstReach, ReachRollup)
    for model in models_:
        qs = model.objects.all()
        if municipality_id:
            qs = qs.filter(municipality_id=municipality_id)
        qs._raw_delete(qs.db)
    count, chunk = 0, []
    for row in fresh_contributions(municipality_id):
        chunk.append(tuple(row[c] for c in CONTRIBUTION_COLUMNS))
        if len(chunk) >= 50_000:
            insert_rows(Contribution, CONTRIBUTION_COLUMNS, chunk)
            count += len(chunk)
            chunk = []
    insert_rows(Contribution, CONTRIBUTION_COLUMNS, chunk)
    count += len(chunk)

    where = "WHERE municipality_id = %s" if municipality_id else ""
    params = [municipality_id] if municipality_id else []
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    cols = ", ".join(MEASURES)
    school_where = f"{where} {'AND' if where else 'WHERE'} school_id <> 0"
    keys = ", ".join(ROLLUP_KEYS)
    skeys = ", ".join(SCHOOL_KEYS)
    statements = [
        f"INSERT INTO {_table(Rollup)} ({keys}, year, month, {cols}) "  # noqa: S608 - our names
        f"SELECT {keys}, year, month, {sums} FROM {_table(Contribution)} {where} "
        f"GROUP BY {keys}, year, month",
        f"INSERT INTO {_table(SchoolRollup)} ({skeys}, year, month, {cols}) "  # noqa: S608 - our names
        f"SELECT {skeys}, year, month, {sums} FROM {_table(Contribution)} {school_where} "
        f"GROUP BY {skeys}, year, month",
        f"INSERT INTO {_table(SchoolFirstReach)} ({skeys}, year, month) "  # noqa: S608 - our names
        f"SELECT {skeys}, year, MIN(month) FROM {_table(SchoolRollup)} "
        f"{where} {'AND' if where else 'WHERE'} delivered > 0 GROUP BY {skeys}, year",
        f"INSERT INTO {_table(ReachRollup)} (municipality_id, district_id, domain_id, year, month, "  # noqa: S608 - our names
        f"schools) SELECT municipality_id, district_id, domain_id, year, month, COUNT(*) "
        f"FROM {_table(SchoolFirstReach)} {where} "
        f"GROUP BY municipality_id, district_id, domain_id, year, month",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)  # noqa: S608 - table and column names are ours
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models_:
                cursor.execute(f"ANALYZE {_table(model)}")
    return count


def _nonzero(values: dict) -> dict:
    return {k: v for k, v in values.items() if any(v)}


def expected(municipality_id: int | None = None) -> dict[str, dict]:
    """Every rollup as a fresh computation over the facts says it should be (non-zero rows)."""
    rollup: dict = defaultdict(lambda: [0] * len(MEASURES))
    school: dict = defaultdict(lambda: [0] * len(MEASURES))
    contributions = {}
    for row in fresh_contributions(municipality_id):
        contributions[row["session_id"]] = tuple(row[c] for c in CONTRIBUTION_COLUMNS)
        values = [row[m] for m in MEASURES]
        key = (*(row[k] for k in ROLLUP_KEYS), row["year"], row["month"])
        rollup[key] = [a + b for a, b in zip(rollup[key], values, strict=True)]
        if row["school_id"]:
            skey = (*(row[k] for k in SCHOOL_KEYS), row["year"], row["month"])
            school[skey] = [a + b for a, b in zip(school[skey], values, strict=True)]
    first: dict = {}
    delivered = MEASURES.index("delivered")
    for (*unit, year, month), values in school.items():
        if values[delivered]:
            k = (*unit, year)
            first[k] = min(first.get(k, 13), month)
    reach: dict = defaultdict(int)
    for (municipality, _school, district, domain, year), month in first.items():
        reach[(municipality, district, domain, year, month)] += 1
    return {
        "contributions": contributions,
        "rollups": {k: tuple(v) for k, v in _nonzero(rollup).items()},
        "school_rollups": {k: tuple(v) for k, v in _nonzero(school).items()},
        "reach": {k: (v,) for k, v in reach.items() if v},
    }


def stored(municipality_id: int | None = None) -> dict[str, dict]:
    def rows(model, keys, measures):
        qs = model.objects.all()
        if municipality_id:
            qs = qs.filter(municipality_id=municipality_id)
        found = {}
        for r in qs.values_list(*keys, *measures).iterator(chunk_size=20000):
            if any(r[len(keys) :]):
                found[r[: len(keys)]] = tuple(r[len(keys) :])
        return found

    contributions = Contribution.objects.all()
    if municipality_id:
        contributions = contributions.filter(municipality_id=municipality_id)
    return {
        "contributions": {
            r[0]: r for r in contributions.values_list(*CONTRIBUTION_COLUMNS).iterator()
        },
        "rollups": rows(Rollup, (*ROLLUP_KEYS, "year", "month"), MEASURES),
        "school_rollups": rows(SchoolRollup, (*SCHOOL_KEYS, "year", "month"), MEASURES),
        "reach": rows(
            ReachRollup,
            ("municipality_id", "district_id", "domain_id", "year", "month"),
            ("schools",),
        ),
    }


def differences(municipality_id: int | None = None) -> list[str]:
    """Every difference between the stored rollups and the facts (empty when all is right)."""
    want, have = expected(municipality_id), stored(municipality_id)
    found = []
    for table, rows in want.items():
        for key in sorted(set(rows) | set(have[table]), key=str):
            if rows.get(key) != have[table].get(key):
                found.append(
                    f"{table} {key}: expected {rows.get(key)}, stored {have[table].get(key)}"
                )
    return found
