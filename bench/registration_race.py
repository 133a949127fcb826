"""200 people register at the same moment for 30 seats of a public session, through the real
registration service with one database connection each, on SQLite and PostgreSQL. The race is on
holding seats, so it calls the service that holds a place once the number is shown to be the
registrant's (``registration.register``, what entering the texted code ends in). The figures:
confirmed registrations (must be exactly 30), waitlisted, errors, and the time the race took.

    python manage.py bench registration_race [--json] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

WORKERS = 40  # concurrent database connections, as a web tier would hold


def child(people: int, seats: int) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from hamafza.catalogue.models import Domain, Lesson, Program, ProgramVersion
    from hamafza.org.models import District, Municipality, Venue
    from hamafza.sessions import registration
    from hamafza.sessions.models import Registration, Session

    city = Municipality.objects.create(slug="race", name="آزمون")
    district = District.objects.create(municipality=city, number=1, name="منطقه ۱")
    venue = Venue.objects.create(municipality=city, district=district, name="فرهنگسرا")
    domain = Domain.objects.create(municipality=city, code="c", name="شهروندی")
    program = Program.objects.create(
        municipality=city, domain=domain, code="P", title="برنامه", audience="adults", gender="any",
        session_count=1, session_minutes=60, objectives="x",
    )  # fmt: skip
    version = ProgramVersion.objects.create(
        municipality=city,
        program=program,
        number=1,
        status="published",
        published_at=timezone.now(),
    )
    lesson = Lesson.objects.create(
        municipality=city, version=version, order=1, title="درس", plan="طرح", minutes=60
    )
    start = timezone.now() + dt.timedelta(days=1)
    session = Session.objects.create(
        municipality=city, version=version, lesson=lesson, domain=domain, district=district, venue=venue,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), capacity=seats, is_public=True,
    )  # fmt: skip
    connection.close()

    errors: list[str] = []
    gate = threading.Event()
    latencies: list[float] = []

    def person(i: int) -> None:
        try:
            gate.wait()
            t = time.perf_counter()
            for attempt in range(20):  # SQLite answers "locked" to a writer that waits too long
                try:
                    registration.register(
                        session_id=session.pk,
                        name=f"شهروند {i}",
                        mobile=f"0912{i:07d}",
                        client_id=uuid.uuid4(),
                    )
                    break
                except Exception as exc:  # noqa: BLE001
                    if "locked" not in str(exc) or attempt == 19:
                        raise
                    time.sleep(0.05)
            latencies.append(time.perf_counter() - t)
        except Exception as exc:  # noqa: BLE001 - counted in the figures
            errors.append(repr(exc))
        finally:
            close_old_connections()

    # All requests arrive at once; like a web tier, WORKERS threads (connections) serve them.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(person, i) for i in range(people)]
        time.sleep(0.2)
        t0 = time.perf_counter()
        gate.set()
        for f in futures:
            f.result()
    elapsed = time.perf_counter() - t0
    confirmed = Registration.objects.filter(session=session, status="confirmed").count()
    waitlisted = Registration.objects.filter(session=session, status="waitlisted").count()
    latencies.sort()
    common = {
        "bench": "registration_race",
        "database": connection.vendor,
        "people": people,
        "seats": seats,
    }
    return [
        {**common, "metric": "confirmed", "value": confirmed, "unit": "registrations", "baseline": seats,
         "ratio": round(confirmed / seats, 3)},
        {**common, "metric": "waitlisted", "value": waitlisted, "unit": "registrations"},
        {**common, "metric": "errors", "value": len(errors), "unit": "requests", "sample": errors[:3]},
        {**common, "metric": "race_seconds", "value": round(elapsed, 2), "unit": "s"},
        {**common, "metric": "p95_registration", "value": round(latencies[int(len(latencies) * 0.95) - 1] * 1000) if latencies else None, "unit": "ms"},
    ]  # fmt: skip


def run(options, write) -> list[dict]:
    from bench.common import postgres_available, run_child

    results = []
    for database in (options.get("databases") or "sqlite,postgresql").split(","):
        if database == "postgresql" and not postgres_available():
            continue
        results += run_child("registration_race", ["--people", "200", "--seats", "30"], database)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    for line in child(args.people, args.seats):
        print(json.dumps(line, ensure_ascii=False))  # noqa: T201 - the parent reads these lines
