"""Plan vs actual at Tehran scale: a synthetic history (22 districts, 3,000 trainers, 4,000
schools, 7 domains, 5 Jalali years) of 10k, 100k and 1M sessions with ~25 attendees each (head
counts for classes; registrations and roster marks for a share of public sessions), loaded with
the fast bulk inserts, then ``rebuild_rollups``. Per size and database: the directorate's
dashboard p50/p95 through the selector and over HTTP, the same figures by a plain GROUP BY over
the facts (the baseline) and the ratio, freshness (an attendance write until the selector shows
it), and the attendance write's p95 with and without rollup upkeep.

    python manage.py bench dashboard [--json] [--sizes 10000,100000,1000000]
                                     [--databases sqlite,postgresql]
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid

YEARS = (1401, 1402, 1403, 1404, 1405)
DISTRICTS, SCHOOLS, TRAINERS, VENUES_PER_DISTRICT = 22, 4000, 3000, 5
PUBLIC_SHARE = 0.2  # of sessions, at venues
ROSTER_SHARE = 0.3  # of public sessions, with registrations and roster marks as rows


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * q))] * 1000, 2)


def _world():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from hamafza.catalogue.demo import seed_domains
    from hamafza.catalogue.models import Lesson, Program, ProgramVersion
    from hamafza.core.scoping import Role
    from hamafza.org.models import Agency, District, Membership, Municipality, School, Venue
    from hamafza.trainers.models import Trainer

    city = Municipality.objects.create(slug="tehran", name="شهرداری تهران")
    districts = [
        District.objects.create(municipality=city, number=n, name=f"منطقه {n}")
        for n in range(1, DISTRICTS + 1)
    ]
    for kind in ("health", "environment", "waste", "safety", "crisis", "traffic"):
        Agency.objects.create(municipality=city, name=f"سازمان {kind}", kind=kind)
    domains = seed_domains(city)
    lessons = []
    for domain in domains:
        program = Program.objects.create(
            municipality=city, domain=domain, code=f"P-{domain.code}", title=f"برنامه {domain.name}",
            audience="adults", gender="any", session_count=1, session_minutes=60, objectives="x",
        )  # fmt: skip
        version = ProgramVersion.objects.create(
            municipality=city, program=program, number=1, status="published",
            published_at=timezone.now(),
        )  # fmt: skip
        lessons.append(
            Lesson.objects.create(
                municipality=city, version=version, order=1, title="درس", plan="طرح", minutes=60
            )
        )
    rng = random.Random(7)  # noqa: S311 - benchmark data
    School.objects.bulk_create(
        School(
            municipality=city,
            district=districts[i % DISTRICTS],
            name=f"دبستان {i}",
            name_key=f"{i}",
            code=f"{100000 + i}",
            stage="primary",
            gender="girls",
            grade_from=1,
            grade_to=6,
        )  # fmt: skip
        for i in range(SCHOOLS)
    )
    Venue.objects.bulk_create(
        Venue(
            municipality=city,
            district=d,
            name=f"فرهنگسرا {d.number}-{k}",
            name_key=f"{d.number}-{k}",
        )
        for d in districts
        for k in range(VENUES_PER_DISTRICT)
    )
    Trainer.objects.bulk_create(
        Trainer(
            municipality=city,
            first_name="آموزشگر",
            last_name=str(i),
            national_code=f"{i:010d}",
            mobile=f"0912{i:07d}",
            gender="female",
            home_district=districts[i % DISTRICTS],
        )  # fmt: skip
        for i in range(TRAINERS)
    )
    user = get_user_model().objects.create(username="directorate")
    Membership.objects.create(user=user, municipality=city, role=Role.DIRECTORATE)
    _plans(city, districts, domains, rng)
    return city, user, rng


def _plans(city, districts, domains, rng):
    from django.utils import timezone

    from hamafza.plans.models import DistrictPlan, Plan, PlanLine, TargetVersion

    for year in YEARS:
        plan = Plan.objects.create(municipality=city, year=year)
        for district in districts:
            part = DistrictPlan.objects.create(
                municipality=city, plan=plan, district=district, status="approved"
            )
            lines = PlanLine.objects.bulk_create(
                PlanLine(
                    municipality=city,
                    district_plan=part,
                    district=district,
                    domain=domain,
                    agency_id=domain.owner_agency_id
                    or domain.municipality_id
                    and _any_agency(city),
                    quarter=q,
                    sessions=rng.randint(50, 400),
                    participants=rng.randint(1000, 9000),
                    schools_primary=rng.randint(5, 40),
                )  # fmt: skip
                for domain in domains
                for q in (1, 2, 3, 4)
            )
            TargetVersion.objects.bulk_create(
                TargetVersion(
                    municipality=city,
                    line=line,
                    revision=1,
                    sessions=line.sessions,
                    participants=line.participants,
                    schools_primary=line.schools_primary,
                    schools_lower_secondary=0,
                    schools_upper_secondary=0,
                    budget=0,
                    approved_at=timezone.now(),
                )  # fmt: skip
                for line in lines
            )


def _any_agency(city) -> int:
    from hamafza.org.models import Agency

    return Agency.objects.filter(municipality=city).order_by("pk").values_list("pk", flat=True)[0]


def _history(city, size: int, rng: random.Random) -> dict:
    """``size`` sessions over the five years, with their head counts, registrations, roster marks
    and trainers, through COPY (PostgreSQL) or one prepared INSERT (SQLite), a chunk at a time."""
    import jdatetime
    from django.db import connection, transaction
    from django.utils import timezone

    from hamafza.catalogue.models import Lesson
    from hamafza.core.bulk import insert_rows
    from hamafza.monitoring import triggers
    from hamafza.org.models import School, Venue
    from hamafza.sessions.models import Attendance, HeadCount, Registration, Session
    from hamafza.trainers.models import Trainer

    lessons = list(Lesson.objects.values_list("pk", "version_id", "version__program__domain_id"))
    schools = list(School.objects.values_list("pk", "district_id"))
    venues = list(Venue.objects.values_list("pk", "district_id"))
    trainers = list(Trainer.objects.values_list("pk", flat=True))
    first = timezone.make_aware(
        dt.datetime.combine(jdatetime.date(YEARS[0], 1, 1).togregorian(), dt.time(8))
    )
    span_days = (jdatetime.date(YEARS[-1] + 1, 1, 1).togregorian() - first.date()).days
    now = timezone.now()
    through = Session.trainers.through
    s_cols = (
        "id", "municipality_id", "version_id", "lesson_id", "domain_id", "district_id",
        "school_id", "class_label", "venue_id", "starts_at", "ends_at", "capacity", "is_public",
        "status", "cancel_reason", "delivered_at", "verified_by", "created_at", "updated_at",
    )  # fmt: skip
    h_cols = (
        "municipality_id", "session_id", "grade", "girls", "boys", "late", "created_at",
        "updated_at",
    )  # fmt: skip
    r_cols = (
        "id", "municipality_id", "session_id", "name", "mobile", "status", "client_id",
        "created_at", "updated_at",
    )  # fmt: skip
    a_cols = (
        "municipality_id", "session_id", "registration_id", "mark", "created_at", "updated_at",
    )  # fmt: skip
    counts = dict.fromkeys(("sessions", "head_counts", "registrations", "attendance"), 0)
    reg_id = 0
    pg = connection.vendor == "postgresql"
    chunk = 20_000
    t0 = time.perf_counter()
    pause = triggers.paused()  # the history is counted by ``rollups.rebuild()`` afterwards
    pause.__enter__()
    for start in range(0, size, chunk):
        sessions, heads, regs, marks, links = [], [], [], [], []
        for pk in range(start + 1, min(size, start + chunk) + 1):
            lesson, version, domain = rng.choice(lessons)
            when = first + dt.timedelta(days=rng.randrange(span_days), hours=rng.randrange(10))
            public = rng.random() < PUBLIC_SHARE
            if public:
                venue, district = rng.choice(venues)
                school = None
            else:
                school, district = rng.choice(schools)
                venue = None
            roll = rng.random()
            if when > now:
                status = "planned"
            else:
                status = "cancelled" if roll < 0.05 else "verified" if roll < 0.6 else "delivered"
            sessions.append((
                pk, city.pk, version, lesson, domain, district, school, "5/1" if school else "",
                venue, when, when + dt.timedelta(hours=1), 40 if public else None, public, status,
                "لغو" if status == "cancelled" else "", when if status in ("delivered", "verified")
                else None, "", now, now,
            ))  # fmt: skip
            links.append((pk, rng.choice(trainers)))
            done = status in ("delivered", "verified")
            if not public and done:
                girls = rng.randint(5, 15)
                heads.append((city.pk, pk, 4, girls, 12 - girls // 2, 0, now, now))
                heads.append((city.pk, pk, 5, rng.randint(3, 8), rng.randint(3, 8), 1, now, now))
            elif public and status != "cancelled" and rng.random() < ROSTER_SHARE:
                for k in range(25):
                    reg_id += 1
                    regs.append((
                        reg_id, city.pk, pk, f"شهروند {k}", f"0912{k:07d}", "confirmed",
                        uuid.UUID(int=reg_id) if pg else uuid.UUID(int=reg_id).hex, now, now,
                    ))  # fmt: skip
                    if done and k < 22:
                        marks.append((city.pk, pk, reg_id, "present", now, now))
        with transaction.atomic():
            insert_rows(Session, s_cols, sessions)
            insert_rows(through, ("session_id", "trainer_id"), links)
            insert_rows(HeadCount, h_cols, heads)
            insert_rows(Registration, r_cols, regs)
            insert_rows(Attendance, a_cols, marks)
        counts["sessions"] += len(sessions)
        counts["head_counts"] += len(heads)
        counts["registrations"] += len(regs)
        counts["attendance"] += len(marks)
    pause.__exit__(None, None, None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Session, Registration):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608 - our tables
                )
            cursor.execute("ANALYZE")
    counts["seconds"] = round(time.perf_counter() - t0, 1)
    return counts


def _baseline(scope, period):
    """The same figures by a plain GROUP BY over the fact tables (what a dashboard without
    rollups would run): sessions by status, head counts, roster marks, registrations and
    distinct schools reached, by district × domain, for the period's dates."""
    import datetime as _dt

    from django.db.models import Count, F, Q, Sum
    from django.utils import timezone

    from hamafza.core.scoping import scoped
    from hamafza.monitoring import selectors
    from hamafza.sessions.models import Attendance, HeadCount, Registration, Session

    start = timezone.make_aware(_dt.datetime.combine(period.first_day(), _dt.time()))
    end = timezone.make_aware(
        _dt.datetime.combine(period.last_day() + _dt.timedelta(days=1), _dt.time())
    )
    sessions = scoped(Session.objects.filter(starts_at__gte=start, starts_at__lt=end), scope)
    by = ("district_id", "domain_id")
    out = [
        list(
            sessions.order_by()
            .values(*by)
            .annotate(
                planned=Count("pk", filter=Q(status__in=("planned", "confirmed"))),
                delivered=Count("pk", filter=Q(status__in=("delivered", "verified"))),
                verified=Count("pk", filter=Q(status="verified")),
                cancelled=Count("pk", filter=Q(status="cancelled")),
                schools=Count(
                    "school_id", distinct=True, filter=Q(status__in=("delivered", "verified"))
                ),
            )
        ),
        list(
            HeadCount.objects.filter(session__in=sessions.exclude(status="cancelled"))
            .order_by()
            .values("session__district_id", "session__domain_id")
            .annotate(n=Sum(F("girls") + F("boys")))
        ),  # fmt: skip
        list(
            Attendance.objects.filter(session__in=sessions.exclude(status="cancelled"))
            .order_by()
            .values("session__district_id", "session__domain_id")
            .annotate(n=Count("pk"))
        ),  # fmt: skip
        list(
            Registration.objects.filter(
                session__in=sessions.exclude(status="cancelled"), status="confirmed"
            )
            .order_by()
            .values("session__district_id", "session__domain_id")
            .annotate(n=Count("pk"))
        ),  # fmt: skip
    ]
    selectors._targets(scope, period, selectors.Filters())
    return out


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def _write_path(city, user, common) -> list[dict]:
    """The roster tap (``delivery.roster_mark``) with and without rollup upkeep, interleaved."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from hamafza.catalogue.models import Lesson
    from hamafza.core.scoping import Role
    from hamafza.monitoring import rollups, triggers
    from hamafza.org.middleware import scope_for_user
    from hamafza.org.models import Membership, Venue
    from hamafza.sessions import delivery
    from hamafza.sessions.models import Registration, Session
    from hamafza.trainers.models import Trainer

    teacher = get_user_model().objects.create(username="trainer")
    Membership.objects.create(user=teacher, municipality=city, role=Role.TRAINER)
    trainer = Trainer.objects.order_by("pk").first()
    trainer.user = teacher
    trainer.save()
    lesson = Lesson.objects.select_related("version__program").first()
    venue = Venue.objects.first()
    start = timezone.now() - dt.timedelta(minutes=5)
    session = Session.objects.create(
        municipality=city, version=lesson.version, lesson=lesson,
        domain_id=lesson.version.program.domain_id, district_id=venue.district_id, venue=venue,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), capacity=700, is_public=True,
    )  # fmt: skip
    session.trainers.add(trainer)
    people = Registration.objects.bulk_create(
        Registration(
            municipality=city,
            session=session,
            name=f"شهروند {i}",
            mobile=f"0935{i:07d}",
            status="confirmed",
            client_id=uuid.uuid4(),
        )  # fmt: skip
        for i in range(650)
    )
    rollups.refresh([session.pk])
    scope = scope_for_user(teacher)

    def mark(person, value):
        t = time.perf_counter()
        delivery.roster_mark(scope=scope, session=session, registration_id=person.pk, mark=value)
        return time.perf_counter() - t

    # Blocks of 25 taps with the attendance triggers and 25 without, alternating, so that both
    # sides see the same database state (table sizes, caches) over the run.
    for person in people[:50]:  # warm-up, not timed
        mark(person, "present")
    people = people[50:]
    with_upkeep, without = [], []
    for start in range(0, len(people), 25):
        upkeep = (start // 25) % 2 == 0
        if not upkeep:
            triggers.remove()
        for person in people[start : start + 25]:
            (with_upkeep if upkeep else without).append(mark(person, "present"))
        if not upkeep:
            triggers.install()
    # freshness: an attendance write until the directorate's selector shows the new figure
    from hamafza.monitoring import selectors

    rollups.refresh([session.pk])  # catch up with the taps made without the triggers
    dscope = scope_for_user(user)
    period = selectors.Period.year(1405)
    before = sum(
        r.actual["participants"] for r in selectors.plan_vs_actual(scope=dscope, period=period)
    )
    person = Registration.objects.create(
        municipality=city, session=session, name="تازه", mobile="09350009999",
        status="confirmed", client_id=uuid.uuid4(),
    )  # fmt: skip
    t = time.perf_counter()
    delivery.roster_mark(scope=scope, session=session, registration_id=person.pk, mark="present")
    seen = None
    while time.perf_counter() - t < 10:
        now = sum(
            r.actual["participants"] for r in selectors.plan_vs_actual(scope=dscope, period=period)
        )
        if now == before + 1:
            seen = time.perf_counter() - t
            break
    p95_with, p95_without = _p(with_upkeep, 0.95), _p(without, 0.95)
    return [
        {**common, "metric": "freshness", "value": round(seen * 1000, 1) if seen else None, "unit": "ms"},
        {**common, "metric": "attendance_write_p95", "value": p95_with, "unit": "ms",
         "baseline": p95_without, "ratio": round(p95_with / p95_without, 2)},
        {**common, "metric": "attendance_write_p50", "value": _p(with_upkeep, 0.5), "unit": "ms",
         "baseline": _p(without, 0.5), "ratio": round(_p(with_upkeep, 0.5) / _p(without, 0.5), 2)},
    ]  # fmt: skip


def child(size: int) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from hamafza.monitoring import rollups, selectors
    from hamafza.org.middleware import scope_for_user

    city, user, rng = _world()
    made = _history(city, size, rng)
    t = time.perf_counter()
    rollups.rebuild()
    rebuild_s = time.perf_counter() - t
    common = {"bench": "dashboard", "database": connection.vendor, "sessions": size}
    scope = scope_for_user(user)
    period = selectors.Period.year(1405)

    def dashboard():
        rows = selectors.plan_vs_actual(scope=scope, period=period)
        selectors.league(rows, period)
        return rows

    dashboard()
    selector = _timed(dashboard, 40)
    client = Client()
    client.force_login(user)
    # Warm up as for the selector: the first request compiles the templates and loads the
    # translation catalogues once per process (p95 of 20 runs is the slowest run).
    client.get("/monitoring/?period=year&year=1405")
    client.get("/monitoring/data.json?period=year&year=1405")
    page = _timed(lambda: client.get("/monitoring/?period=year&year=1405"), 20)
    if client.get("/monitoring/?period=year&year=1405").status_code != 200:
        raise RuntimeError("the dashboard did not answer 200")
    api = _timed(lambda: client.get("/monitoring/data.json?period=year&year=1405"), 20)
    _baseline(scope, period)
    base = _timed(lambda: _baseline(scope, period), 10 if size <= 100_000 else 3)
    p95, b95 = _p(selector, 0.95), _p(base, 0.95)
    results = [
        {**common, "metric": "generate_history", "value": made["seconds"], "unit": "s",
         "rows": {k: v for k, v in made.items() if k != "seconds"}},
        {**common, "metric": "rebuild_rollups", "value": round(rebuild_s, 1), "unit": "s"},
        {**common, "metric": "dashboard_selector_p50", "value": _p(selector, 0.5), "unit": "ms"},
        {**common, "metric": "dashboard_selector_p95", "value": p95, "unit": "ms",
         "baseline": b95, "ratio": round(b95 / p95, 1)},
        {**common, "metric": "dashboard_http_page_p50", "value": _p(page, 0.5), "unit": "ms"},
        {**common, "metric": "dashboard_http_page_p95", "value": _p(page, 0.95), "unit": "ms"},
        {**common, "metric": "dashboard_http_json_p95", "value": _p(api, 0.95), "unit": "ms"},
        {**common, "metric": "baseline_group_by_p50", "value": _p(base, 0.5), "unit": "ms"},
    ]  # fmt: skip
    results += _write_path(city, user, common)
    ok = not rollups.differences()
    results.append({**common, "metric": "rollups_match_facts", "value": int(ok), "unit": "bool"})
    return results


def run(options, write) -> list[dict]:
    from bench.common import postgres_available, run_child

    sizes = options.get("sizes") or options.get("rows") or "10000,100000,1000000"
    results = []
    for size in sizes.split(","):
        for database in (options.get("databases") or "sqlite,postgresql").split(","):
            if database == "postgresql" and not postgres_available():
                continue
            results += run_child("dashboard", ["--size", size], database)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    for line in child(args.size):
        print(json.dumps(line, ensure_ascii=False))  # noqa: T201 - the parent reads these lines
