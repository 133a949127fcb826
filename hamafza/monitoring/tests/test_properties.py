"""Random sequences of writes keep the rollups equal to a fresh computation over the facts."""

import datetime as dt
import uuid

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamafza.monitoring import rollups
from hamafza.monitoring.tests.conftest import at, make_session
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

DAYS = [dt.date(2026, 3, 25), dt.date(2026, 9, 20), dt.date(2026, 10, 5), dt.date(2027, 3, 25)]

op = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 3), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("move"), st.integers(0, 9), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("line"), st.integers(0, 9), st.integers(0, 2)),
    st.tuples(st.just("status"), st.integers(0, 9), st.sampled_from(list(Session.Status))),
    st.tuples(st.just("count"), st.integers(0, 9), st.integers(0, 3), st.integers(0, 30)),
    st.tuples(st.just("register"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("mark"), st.integers(0, 9), st.booleans(), st.integers(0, 1)),
    st.tuples(st.just("cancel_all"), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("agency"), st.integers(0, 1)),
)


class Rollback(Exception):
    pass


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, max_size=14))
def test_rollups_equal_recompute_after_any_writes(world, pool, plan, facts, ops):
    places = [world.s6, world.s12, world.v6, world.v12]
    lines = [None, facts.lines[6], facts.lines[12]]
    agencies = [world.health, facts.waste_agency]
    try:
        with transaction.atomic():
            sessions: list[Session] = []

            def pick(i):
                alive = [s for s in sessions if Session.objects.filter(pk=s.pk).exists()]
                return alive[i % len(alive)] if alive else None

            for name, *args in ops:
                if name == "create":
                    place, day, public = places[args[0]], DAYS[args[1]], args[2]
                    kw = {"venue": place} if place in (world.v6, world.v12) else {"school": place}
                    sessions.append(
                        make_session(world, plan, when=at(day), is_public=public, capacity=9, **kw)
                    )
                    continue
                if name == "agency":
                    line = facts.lines[6]
                    line.agency = agencies[args[0]]
                    line.save()
                    continue
                session = pick(args[0])
                if session is None:
                    continue
                session.refresh_from_db()
                if name == "move":
                    place = places[args[1]]
                    session.school = place if place in (world.s6, world.s12) else None
                    session.venue = None if session.school else place
                    session.district = place.district
                    session.starts_at = at(DAYS[args[2]])
                    session.ends_at = session.starts_at + dt.timedelta(hours=1)
                    session.save()
                elif name == "line":
                    session.plan_line = lines[args[1]]
                    session.save()
                elif name == "status":
                    session.status = args[1]
                    session.cancel_reason = "x" if args[1] == "cancelled" else ""
                    session.save()
                elif name == "count":  # the delivery path: bulk rows, then the session saved
                    HeadCount.objects.filter(session=session, grade=args[1]).delete()
                    HeadCount.objects.bulk_create(
                        [HeadCount(municipality=world.tehran, session=session, grade=args[1], girls=args[2], boys=1)]
                    )  # fmt: skip
                    session.save()
                elif name == "register":
                    Registration.objects.create(
                        municipality=world.tehran, session=session, name="ن",
                        mobile=f"0912{uuid.uuid4().int % 10**7:07d}",
                        status="confirmed" if args[1] else "waitlisted", client_id=uuid.uuid4(),
                    )  # fmt: skip
                elif name == "mark":
                    person = session.registrations.exclude(attendance__isnull=False).first()
                    if args[1] and person:  # the roster's upsert: no signal, counted by trigger
                        Attendance.objects.bulk_create(
                            [Attendance(municipality=world.tehran, session=session, registration=person, mark="present")],
                            update_conflicts=True, unique_fields=["registration"],
                            update_fields=["session", "mark", "updated_at"],
                        )  # fmt: skip
                    else:  # marked absent: one attendance row deleted (a queryset delete too)
                        rows = Attendance.objects.filter(session=session)
                        if args[2] % 2:
                            rows.filter(pk__in=list(rows.values_list("pk", flat=True)[:1])).delete()
                        else:
                            for row in rows[:1]:
                                row.delete()
                elif name == "cancel_all":
                    from hamafza.sessions.registration import cancel_all

                    cancel_all(session=session)
                elif name == "delete":
                    session.delete()
            assert rollups.differences() == []
            raise Rollback
    except Rollback:
        pass
