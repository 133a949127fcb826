"""Attendance keeps its rollups by database triggers.

A roster tap or a QR check-in is the most frequent delivery write. Each attendance row adds one
participant to its session, so a row inserted, deleted or moved to another session changes the
session's ``Contribution`` and its two buckets by exactly one. A trigger does that inside the
statement that writes the row: no extra round trip, no Python, and every write path (the ORM, a
bulk upsert, a queryset delete, a cascade) is covered.

The trigger first updates the contribution row (``WHERE cancelled = 0``: a cancelled session
counts nobody) and then the buckets named by that row. Updating the contribution takes its row
lock, the same lock ``rollups.refresh`` takes before it recomputes a session from the facts, so a
tap and a concurrent change of the session (cancel, move) are serialised and neither is lost. A
session without a contribution row yet counts nothing here; ``refresh`` counts its attendance
from the facts when the row is made.

Everything else (sessions, head counts, registrations) is kept by ``rollups.refresh`` from
signals and services."""

from contextlib import contextmanager

from django.db import connection

TABLE = "sessions_app_attendance"
NAMES = ("monitoring_attendance_ins", "monitoring_attendance_del", "monitoring_attendance_move")

_BUCKET = "municipality_id, year, month, district_id, domain_id, agency_id, program_id"
_SCHOOL = "school_id, domain_id, year, month, district_id"


def _sqlite_body(session: str, sign: str) -> str:
    """Three statements that add ``sign``1 participant for ``session`` (NEW/OLD.session_id)."""
    live = f"FROM monitoring_contribution WHERE session_id = {session} AND cancelled = 0"
    return f"""
  UPDATE monitoring_contribution SET participants = participants {sign} 1
   WHERE session_id = {session} AND cancelled = 0;
  UPDATE monitoring_rollup SET participants = participants {sign} 1
   WHERE ({_BUCKET}) = (SELECT {_BUCKET} {live});
  UPDATE monitoring_schoolrollup SET participants = participants {sign} 1
   WHERE ({_SCHOOL}) = (SELECT {_SCHOOL} {live} AND school_id <> 0);"""  # noqa: S608 - our names, no input


def _sqlite_create() -> list[str]:
    return [
        f"CREATE TRIGGER monitoring_attendance_ins AFTER INSERT ON {TABLE} FOR EACH ROW BEGIN"
        f"{_sqlite_body('NEW.session_id', '+')}\nEND",
        f"CREATE TRIGGER monitoring_attendance_del AFTER DELETE ON {TABLE} FOR EACH ROW BEGIN"
        f"{_sqlite_body('OLD.session_id', '-')}\nEND",
        f"CREATE TRIGGER monitoring_attendance_move AFTER UPDATE OF session_id ON {TABLE} "
        f"FOR EACH ROW WHEN OLD.session_id <> NEW.session_id BEGIN"
        f"{_sqlite_body('OLD.session_id', '-')}{_sqlite_body('NEW.session_id', '+')}\nEND",
    ]


_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION monitoring_participants_add(sid bigint, d integer) RETURNS void AS $$
DECLARE c record;
BEGIN
  UPDATE monitoring_contribution SET participants = participants + d
   WHERE session_id = sid AND cancelled = 0
   RETURNING {_BUCKET}, school_id INTO c;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE monitoring_rollup SET participants = participants + d
   WHERE municipality_id = c.municipality_id AND year = c.year AND month = c.month
     AND district_id = c.district_id AND domain_id = c.domain_id
     AND agency_id = c.agency_id AND program_id = c.program_id;
  IF c.school_id <> 0 THEN
    UPDATE monitoring_schoolrollup SET participants = participants + d
     WHERE school_id = c.school_id AND domain_id = c.domain_id AND year = c.year
       AND month = c.month AND district_id = c.district_id;
  END IF;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION monitoring_attendance_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM monitoring_participants_add(OLD.session_id, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM monitoring_participants_add(NEW.session_id, 1);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""  # noqa: S608 - our names, no input


def _pg_create() -> list[str]:
    run = "FOR EACH ROW EXECUTE FUNCTION monitoring_attendance_changed()"
    return [
        _PG_FUNCTIONS,
        f"CREATE TRIGGER monitoring_attendance_ins AFTER INSERT ON {TABLE} {run}",
        f"CREATE TRIGGER monitoring_attendance_del AFTER DELETE ON {TABLE} {run}",
        f"CREATE TRIGGER monitoring_attendance_move AFTER UPDATE OF session_id ON {TABLE} "
        f"FOR EACH ROW WHEN (OLD.session_id IS DISTINCT FROM NEW.session_id) "
        f"EXECUTE FUNCTION monitoring_attendance_changed()",
    ]


def _statements(conn) -> list[str]:
    if conn.vendor == "postgresql":
        return _pg_create()
    if conn.vendor == "sqlite":
        return _sqlite_create()
    raise NotImplementedError(f"no attendance triggers for {conn.vendor}")


def install(conn=connection) -> None:
    with conn.cursor() as cursor:
        for sql in _statements(conn):
            cursor.execute(sql)


def remove(conn=connection) -> None:
    on = f" ON {TABLE}" if conn.vendor == "postgresql" else ""
    with conn.cursor() as cursor:
        for name in NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


@contextmanager
def paused(conn=connection):
    """For bulk loads followed by ``rollups.rebuild()``: attendance rows written inside count
    nothing until the rebuild."""
    remove(conn)
    try:
        yield
    finally:
        install(conn)
