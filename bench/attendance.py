"""A trainer takes attendance for a class of 40 on the roster, through the real HTTP endpoint the
phone page uses (the htmx one-tap mark), with 20 trainers doing it at the same moment, against
gunicorn on PostgreSQL. The figures: p50/p95/p99 latency and requests/s of the marks, the same for
a bare framework endpoint on the same server (a constant answer, no database, no session), their
ratio, errors, and the attendance rows counted in the database afterwards (sessions × 40).
Aim: p95 ≤ 100 ms.

    python manage.py bench attendance [--json]

What happens: a fresh PostgreSQL database is created and migrated, and a child process seeds one
trainer (with a password, so the clients log in through the login page) and 20 public sessions
that started ten minutes ago, each with 40 confirmed registrations. gunicorn serves
``config.wsgi`` with ``bench.settings`` (production's settings, DEBUG off, plus ``/bench/bare/``)
on a free port of 127.0.0.1. Each of 20 client threads (stdlib ``http.client``, one connection
each, kept alive when the server allows) logs in through the login page, opens its session's
roster page for the CSRF token, then taps present (every tenth person late) for its 40 people,
one after the other, as the phone does (``HX-Request``, ``X-CSRFToken``, and
``X-Forwarded-Proto: https`` as the reverse proxy sends it). An answer other than 2xx/3xx, or an
htmx answer that carries the roster's error message, is an error. gunicorn (its whole process
group) is always stopped and the database dropped.

The server: gunicorn's sync workers, 4 of them. Measured here (a 2-core box where the clients,
gunicorn and PostgreSQL share the cores, while other work ran too: load average 1.5–4), 20
clients tapping with no pause, the median of 2–5 runs each, p50 / p95 of a tap in ms:

    sync 3: 271 / 327      sync 4: 247 / 295      sync 5: 252 / 310
    gthread 3×2: 223 / 400    gthread 3×4: 221 / 464    gthread 2×8: 337 / 455

Every tap is CPU-bound work (17–20 ms of gunicorn's CPU, 3.5 ms of PostgreSQL's), so no
shape serves more than the two cores allow; what differs is how fairly the queue is served. Sync
workers take one request at a time from the kernel's queue, in arrival order, so the slowest taps
stay close to the median; gthread threads of one worker take turns on Python's lock and some taps
wait several turns, which shows in p95. Two workers per core keep a core busy while the other
worker waits on PostgreSQL (a tap makes ten round trips to it, one of them a commit). Sync
workers cannot hold slow clients, which is why production puts a buffering proxy (nginx) in front
of gunicorn anyway. ``BENCH_WORKER_CLASS``, ``BENCH_WORKERS`` and ``BENCH_THREADS`` change the
shape to compare.

Two runs of the same taps: first with clients that never pause (the saturation figure: what a
tap costs when the queue is full), then paced, each trainer tapping every half second, not in step
with the others (40 taps/s offered, about half of what this box serves) — the latency a trainer
feels on a busy morning. Both must lose nothing: every row is counted in the database.

Reading the figures: clients that never pause keep the server saturated, so a tap's latency is
mostly its wait behind the taps queued before it (p50 ≈ clients ÷ taps per second). The aim of
100 ms at p95 needs about four times this box's throughput; the server CPU per tap printed with
the figures is the number that does not depend on what else the machine is doing.
"""

import argparse
import http.client
import json
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CLIENTS = 20  # trainers tapping at the same moment
SESSIONS = CLIENTS  # one class each
CLASS_SIZE = 40
TARGET_P95_MS = 100
PACE_SECONDS = 0.5  # the paced run: each trainer taps every half second (a brisk human pace)
USERNAME = "bench-trainer"
ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


# --- the child: seed the database (runs with bench.settings against the fresh database) ---


def seed(sessions: int, class_size: int, password: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import datetime as dt
    import random
    import uuid

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from hamafza.catalogue.models import Domain, Lesson, Program, ProgramVersion
    from hamafza.core.scoping import Role
    from hamafza.org.models import District, Membership, Municipality, Venue
    from hamafza.sessions.models import Attendance, Registration, Session
    from hamafza.trainers.demo import national_code
    from hamafza.trainers.models import Trainer

    city = Municipality.objects.create(slug="bench", name="شهرداری آزمون")
    district = District.objects.create(municipality=city, number=1, name="منطقه ۱")
    venue = Venue.objects.create(municipality=city, district=district, name="فرهنگسرا")
    domain = Domain.objects.create(municipality=city, code="c", name="شهروندی")
    program = Program.objects.create(
        municipality=city, domain=domain, code="P", title="برنامه", audience="adults", gender="any",
        session_count=1, session_minutes=60, objectives="x",
    )  # fmt: skip
    version = ProgramVersion.objects.create(
        municipality=city, program=program, number=1, status="published", published_at=timezone.now()
    )  # fmt: skip
    lesson = Lesson.objects.create(
        municipality=city, version=version, order=1, title="درس", plan="طرح", minutes=60
    )
    user = get_user_model().objects.create_user(username=USERNAME, password=password)
    Membership.objects.create(user=user, municipality=city, role=Role.TRAINER, district=district)
    code = national_code(random.Random(1))  # noqa: S311 - benchmark data
    trainer = Trainer.objects.create(
        municipality=city, user=user, first_name="سمیرا", last_name="آموزشگر", national_code=code,
        mobile="09350000001", gender="female", home_district=district,
    )  # fmt: skip
    start = timezone.now() - dt.timedelta(minutes=10)  # begun: attendance is taken now
    out = []
    for s in range(sessions):
        session = Session.objects.create(
            municipality=city, version=version, lesson=lesson, domain=domain, district=district,
            venue=venue, starts_at=start, ends_at=start + dt.timedelta(hours=1),
            capacity=class_size, is_public=True,
        )  # fmt: skip
        session.trainers.add(trainer)
        people = Registration.objects.bulk_create(
            Registration(
                municipality=city,
                session=session,
                name=f"شهروند {i + 1}",
                mobile=f"0912{s:03d}{i:04d}",
                status=Registration.Status.CONFIRMED,
                client_id=uuid.uuid4(),
            )  # fmt: skip
            for i in range(class_size)
        )
        out.append({"id": session.pk, "people": [p.pk for p in people]})
    return {"sessions": out, "attendance_table": Attendance._meta.db_table}


# --- the parent: server, clients, figures ---


class Client:
    """One phone: a keep-alive connection, its cookies, its CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://{HOST}:{port}"
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        body = urllib.parse.urlencode(form) if form is not None else None
        sent = {"X-Forwarded-Proto": "https", **(headers or {})}
        if form is not None:
            sent |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once
            try:
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, data.decode("utf-8", "replace")

    def log_in(self, password: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        form = {"csrfmiddlewaretoken": token[1], "username": USERNAME, "password": password}
        status, _page = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login answered {status}")

    def open_roster(self, session_id: int) -> None:
        status, page = self.request("GET", f"/sessions/{session_id}/roster/")
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"roster page answered {status}")
        self.csrf = token[1]

    def mark(self, session_id: int, registration_id: int, mark: str) -> tuple[float, bool]:
        path = f"/sessions/{session_id}/roster/"
        headers = {
            "HX-Request": "true",
            "HX-Target": "roster",
            "HX-Current-URL": self.origin + path,
            "X-CSRFToken": self.csrf,
        }
        t = time.perf_counter()
        status, page = self.request(
            "POST", path, {"registration": registration_id, "mark": mark}, headers
        )
        elapsed = time.perf_counter() - t
        ok = 200 <= status < 400 and "alert-danger" not in page
        return elapsed, ok

    def bare(self) -> tuple[float, bool]:
        t = time.perf_counter()
        status, _page = self.request("GET", "/bench/bare/")
        return time.perf_counter() - t, 200 <= status < 400


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_ready(port: int, server: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + log.read_text()[-2000:])
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz:\n" + log.read_text()[-2000:])


def _stop(server: subprocess.Popen) -> None:
    """Stop gunicorn's master and its workers (their own process group)."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _cpu_snapshot() -> dict[int, tuple[int, float]]:
    """Every process's group and CPU time used so far (user + system, seconds), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            out[int(entry.name)] = (int(fields[2]), (int(fields[11]) + int(fields[12])) / tick)
    return out


def _backends(url: str) -> set[int]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in rows}


def _cpu_used(
    before: dict, after: dict, server_pid: int, backends: set[int]
) -> tuple[float, float]:
    """CPU seconds gunicorn (its process group) and the database's backends used in between."""

    def used(pids):
        return sum(after[p][1] - before.get(p, (0, 0.0))[1] for p in pids if p in after)

    group = {pid for pid, (pgrp, _cpu) in after.items() if pgrp == server_pid}
    return used(group), used(backends)


def _figures(latencies: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000, 1)

    return {
        "requests": len(ordered),
        "errors": errors,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
        "requests_per_second": round(len(ordered) / seconds),
    }


def _together(clients: list[Client], work) -> tuple[list[float], int, float]:
    """Run ``work(index, client)`` (a list of (seconds, ok)) in every client at the same moment."""
    gate = threading.Barrier(len(clients) + 1)

    def one(index: int, client: Client):
        gate.wait()
        return work(index, client)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(one, i, c) for i, c in enumerate(clients)]
        gate.wait()
        t0 = time.perf_counter()
        results = [r for f in futures for r in f.result()]
    seconds = time.perf_counter() - t0
    return [s for s, _ok in results], sum(1 for _s, ok in results if not ok), seconds


def _measure(port: int, password: str, world: dict, server_pid: int, url: str) -> dict:
    sessions = world["sessions"]
    clients = [Client(port) for _ in sessions]
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:  # log in, open the roster
        list(pool.map(lambda c: c.log_in(password), clients))
        list(
            pool.map(
                lambda pair: pair[0].open_roster(pair[1]["id"]), zip(clients, sessions, strict=True)
            )
        )
    login_seconds = time.perf_counter() - t

    def take_attendance(index: int, client: Client):
        session = sessions[index]
        return [
            client.mark(session["id"], person, "late" if n % 10 == 9 else "present")
            for n, person in enumerate(session["people"])
        ]

    before = _cpu_snapshot()
    attendance = _figures(*_together(clients, take_attendance))
    web, database = _cpu_used(before, _cpu_snapshot(), server_pid, _backends(url))
    attendance["server_cpu_ms_per_request"] = {
        "gunicorn": round(web * 1000 / attendance["requests"], 1),
        "postgresql": round(database * 1000 / attendance["requests"], 1),
    }

    def paced_attendance(index: int, client: Client):
        """The same taps at a human pace: one every PACE_SECONDS per trainer, the trainers not in
        step with each other (20 trainers → 40 taps/s offered, under what the server can do)."""
        session = sessions[index]
        time.sleep(index * PACE_SECONDS / len(clients))
        out = []
        for n, person in enumerate(session["people"]):
            began = time.perf_counter()
            out.append(client.mark(session["id"], person, "present" if n % 10 == 9 else "late"))
            time.sleep(max(0.0, PACE_SECONDS - (time.perf_counter() - began)))
        return out

    paced = _figures(*_together(clients, paced_attendance))
    _together(clients, lambda i, c: [c.bare() for _ in range(5)])  # warm the bare path
    before = _cpu_snapshot()
    bare = _figures(*_together(clients, lambda i, c: [c.bare() for _ in range(CLASS_SIZE)]))
    web, _database = _cpu_used(before, _cpu_snapshot(), server_pid, set())
    bare["server_cpu_ms_per_request"] = {"gunicorn": round(web * 1000 / bare["requests"], 1)}
    return {
        "attendance": attendance,
        "paced": paced,
        "bare": bare,
        "login_seconds": round(login_seconds, 1),
    }


def _count_rows(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608


def _drop(name: str) -> None:
    import psycopg

    from bench.common import PG_ADMIN_URL

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure() -> dict:
    from bench.common import PG_ADMIN_URL, fresh_postgres, postgres_available

    if not postgres_available():
        raise RuntimeError(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL} (set BENCH_POSTGRES_URL); "
            "this benchmark runs on PostgreSQL only."
        )
    worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    threads = int(os.environ.get("BENCH_THREADS", "4")) if worker_class == "gthread" else 1
    load = [round(x, 2) for x in os.getloadavg()]  # other work on this machine skews the figures
    password = secrets.token_urlsafe(16)
    name = f"hamafza_bench_attendance_{os.getpid()}"
    started = time.perf_counter()
    tmp = tempfile.TemporaryDirectory(prefix="hamafza-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": HOST,
        "HAMAFZA_DATA_DIR": tmp.name,
        "PYTHONPATH": str(ROOT),
    }
    server = None
    try:
        env["DATABASE_URL"] = url = fresh_postgres(name)
        port = _free_port()
        log = Path(tmp.name) / "gunicorn.log"
        server = subprocess.Popen(  # noqa: S603 - boots while the child migrates and seeds
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--bind", f"{HOST}:{port}", "--worker-class", worker_class,
             "--workers", str(workers), "--threads", str(threads),
             "--error-logfile", str(log), "--graceful-timeout", "5"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        out = subprocess.run(  # noqa: S603 - our own module, our own interpreter
            [sys.executable, "-m", "bench.attendance", "--seed"],
            cwd=ROOT, env={**env, "BENCH_PASSWORD": password}, check=True, capture_output=True,
            text=True,
        )  # fmt: skip
        world = json.loads(out.stdout.strip().splitlines()[-1])
        _wait_ready(port, server, log)
        setup_seconds = time.perf_counter() - started
        figures = _measure(port, password, world, server.pid, url)
        rows = _count_rows(url, world["attendance_table"])
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"seeding failed:\n{exc.stdout}{exc.stderr}") from exc
    finally:
        if server is not None:
            _stop(server)
        _drop(name)
        tmp.cleanup()
    expected = len(world["sessions"]) * CLASS_SIZE
    attendance, bare = figures["attendance"], figures["bare"]
    return {
        "bench": "attendance",
        "database": "postgresql",
        "server": {"worker_class": worker_class, "workers": workers, "threads": threads},
        "clients": len(world["sessions"]),
        "sessions": len(world["sessions"]),
        "class_size": CLASS_SIZE,
        "attendance": attendance,
        "paced": {**figures["paced"], "seconds_between_taps": PACE_SECONDS},
        "paced_meets_target": figures["paced"]["p95_ms"] <= TARGET_P95_MS,
        "bare": bare,
        "ratio_p50": round(attendance["p50_ms"] / bare["p50_ms"], 1),
        "ratio_p95": round(attendance["p95_ms"] / bare["p95_ms"], 1),
        "rows_expected": expected,
        "rows_verified": rows,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": attendance["p95_ms"] <= TARGET_P95_MS,
        "load_average": load,
        "seconds": {
            "setup": round(setup_seconds, 1),
            "login": figures["login_seconds"],
            "total": round(time.perf_counter() - started, 1),
        },
    }


def table(r: dict) -> list[str]:
    server, secs = r["server"], r["seconds"]
    shape = f"{server['worker_class']} {server['workers']}×{server['threads']}"
    lines = [
        f"attendance: gunicorn {shape} on PostgreSQL, {r['clients']} clients, "
        f"{r['sessions']} classes × {r['class_size']}",
        f"{'':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'req/s':>8}   server CPU ms/request",
    ]
    for label, key in (
        ("roster mark", "attendance"),
        ("mark, paced", "paced"),
        ("bare endpoint", "bare"),
    ):
        f = r[key]
        cpu = " + ".join(f"{v} {k}" for k, v in f.get("server_cpu_ms_per_request", {}).items())
        lines.append(
            f"{label:<16}{f['requests']:>9}{f['errors']:>8}{f['p50_ms']:>9}{f['p95_ms']:>9}"
            f"{f['p99_ms']:>9}{f['requests_per_second']:>8}   {cpu}"
        )
    lines += [
        f"{'ratio mark/bare':<33}{r['ratio_p50']:>9}{r['ratio_p95']:>9}",
        f"attendance rows in the database: {r['rows_verified']} of {r['rows_expected']}",
        f"aim p95 ≤ {r['target_p95_ms']} ms: {'met' if r['meets_target'] else 'NOT met'} "
        f"with clients that never pause; {'met' if r['paced_meets_target'] else 'NOT met'} "
        f"at one tap every {r['paced']['seconds_between_taps']} s per trainer",
        f"{secs['total']} s in all ({secs['setup']} s database and server, {secs['login']} s "
        f"logging in); load average before: {' '.join(map(str, r['load_average']))}",
    ]
    return lines


def run(options, write) -> list[dict]:
    from django.core.management.base import CommandError

    try:
        result = measure()
    except RuntimeError as exc:
        raise CommandError(str(exc)) from exc
    if options.get("json"):
        write(json.dumps(result, ensure_ascii=False))
    else:
        for line in table(result):
            write(line)
    errors = result["attendance"]["errors"] + result["paced"]["errors"]
    if result["rows_verified"] != result["rows_expected"] or errors:
        raise CommandError("Some marks were lost or refused (see the figures above).")
    return []  # printed above: one JSON object, not one line per figure


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", action="store_true", required=True)
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    world = seed(args.sessions, CLASS_SIZE, os.environ["BENCH_PASSWORD"])
    print(json.dumps(world))  # noqa: T201 - the parent reads this line
