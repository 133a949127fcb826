"""Program effectiveness: per program × version, and per district within a program, what was
delivered and how well it worked, so the directorate sees which curricula work.

For the delivered (or verified) sessions in the caller's scope:

- sessions delivered, and how many were public (registration) or at a school class;
- attendance: people present / confirmed registrations of the public sessions; the head count
  (girls + boys) of the class sessions;
- satisfaction: the mean of the agree/disagree answers (1–5) of the survey responses given at
  those sessions (surveys of the session or of the program);
- learning gain ⟨g⟩ of the knowledge tests whose pre-test session is one of them: sheets paired by
  participant code within a test, scores taken as a share of the test's maximum (g does not
  change with the scale) and summarised by ``assessment.stats.gain_summary`` with its 95%
  t-interval. Fewer than ``MIN_PAIRS`` pairs is marked too few to judge.

Everything is grouped in the database by version × district (one query per measure), then
summed in Python into the two views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from hamafza.assessment import stats
from hamafza.assessment.models import Phase, Sheet
from hamafza.catalogue.models import Program, ProgramVersion
from hamafza.core.scoping import Scope, scoped
from hamafza.org.models import District
from hamafza.research.permissions import can_read_effectiveness
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session
from hamafza.surveys.models import Answer
from hamafza.surveys.models import Question as SurveyQuestion

DONE = Session.DELIVERED_STATUSES
MIN_PAIRS = 5
SORTS = ("program", "sessions", "attendance", "headcount", "satisfaction", "gain", "pairs")


@dataclass
class _Tally:
    sessions: int = 0
    public_sessions: int = 0
    class_sessions: int = 0
    registered: int = 0
    present: int = 0
    headcount: int = 0
    ratings: int = 0
    rating_sum: float = 0.0
    pairs: list[tuple[float, float]] = field(default_factory=list)

    def add(self, other: _Tally) -> None:
        self.sessions += other.sessions
        self.public_sessions += other.public_sessions
        self.class_sessions += other.class_sessions
        self.registered += other.registered
        self.present += other.present
        self.headcount += other.headcount
        self.ratings += other.ratings
        self.rating_sum += other.rating_sum
        self.pairs.extend(other.pairs)


@dataclass
class Row:
    program: Program
    version: ProgramVersion | None  # None in the per-district view (all versions)
    district: District | None  # None in the per-version view (all districts in scope)
    sessions: int
    public_sessions: int
    class_sessions: int
    registered: int
    present: int
    attendance_rate: float | None  # present / registered, public sessions
    headcount: int  # class sessions
    headcount_mean: float | None  # per class session
    ratings: int
    satisfaction: float | None  # mean Likert 1–5
    gain: stats.GainSummary

    @property
    def too_few(self) -> bool:
        return self.gain.pairs < MIN_PAIRS


@dataclass
class Report:
    by_version: list[Row]
    by_district: list[Row]


def _row(program, version, district, t: _Tally) -> Row:
    return Row(
        program=program,
        version=version,
        district=district,
        sessions=t.sessions,
        public_sessions=t.public_sessions,
        class_sessions=t.class_sessions,
        registered=t.registered,
        present=t.present,
        attendance_rate=t.present / t.registered if t.registered else None,
        headcount=t.headcount,
        headcount_mean=t.headcount / t.class_sessions if t.class_sessions else None,
        ratings=t.ratings,
        satisfaction=t.rating_sum / t.ratings if t.ratings else None,
        gain=stats.gain_summary(t.pairs, 1.0),
    )


def delivered_sessions(*, scope: Scope):
    if not can_read_effectiveness(scope):
        return Session.objects.none()
    return scoped(Session.objects.filter(status__in=DONE), scope)


def _tallies(sessions) -> dict[tuple[int, int], _Tally]:
    """Measures keyed by (version id, district id)."""
    tallies: dict[tuple[int, int], _Tally] = defaultdict(_Tally)
    for row in sessions.values("version_id", "district_id", "is_public", "school_id").annotate(
        n=Count("pk")
    ):
        t = tallies[(row["version_id"], row["district_id"])]
        t.sessions += row["n"]
        if row["is_public"]:
            t.public_sessions += row["n"]
        elif row["school_id"] is not None:
            t.class_sessions += row["n"]
    public = sessions.filter(is_public=True)
    for v, d, n in (
        Registration.objects.filter(session__in=public, status=Registration.Status.CONFIRMED)
        .values_list("session__version_id", "session__district_id")
        .annotate(n=Count("pk"))
    ):
        tallies[(v, d)].registered += n
    for v, d, n in (
        Attendance.objects.filter(session__in=public)
        .values_list("session__version_id", "session__district_id")
        .annotate(n=Count("pk"))
    ):
        tallies[(v, d)].present += n
    classes = sessions.filter(is_public=False, school__isnull=False)
    for v, d, girls, boys in (
        HeadCount.objects.filter(session__in=classes)
        .values_list("session__version_id", "session__district_id")
        .annotate(g=Sum("girls"), b=Sum("boys"))
    ):
        tallies[(v, d)].headcount += (girls or 0) + (boys or 0)
    for v, d, n, total in (
        Answer.objects.filter(
            question__kind=SurveyQuestion.Kind.LIKERT,
            value__isnull=False,
            response__session__in=sessions,
        )
        .values_list("response__session__version_id", "response__session__district_id")
        .annotate(n=Count("pk"), total=Sum("value"))
    ):
        tallies[(v, d)].ratings += n
        tallies[(v, d)].rating_sum += float(total or 0)
    sheets: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    keys: dict[int, tuple[int, int]] = {}
    for test_id, phase, code, score, maximum, v, d in Sheet.objects.filter(
        test__session__in=sessions
    ).values_list(
        "test_id",
        "phase",
        "code",
        "score",
        "max_score",
        "test__session__version_id",
        "test__session__district_id",
    ):
        if maximum:
            sheets[(test_id, phase)][code] = score / maximum
            keys[test_id] = (v, d)
    for test_id, key in keys.items():
        pre, post = sheets.get((test_id, Phase.PRE), {}), sheets.get((test_id, Phase.POST), {})
        tallies[key].pairs.extend((pre[c], post[c]) for c in sorted(set(pre) & set(post)))
    return tallies


def _sort_key(sort: str):
    def none_last(value):
        return (value is None, -(value or 0))

    return {
        "sessions": lambda r: (-r.sessions,),
        "attendance": lambda r: none_last(r.attendance_rate),
        "headcount": lambda r: (-r.headcount,),
        "satisfaction": lambda r: none_last(r.satisfaction),
        "gain": lambda r: (r.too_few, *none_last(r.gain.average_gain)),
        "pairs": lambda r: (-r.gain.pairs,),
    }.get(sort)


def effectiveness(*, scope: Scope, sort: str = "program") -> Report:
    """Both views of program effectiveness for the scope (empty when not allowed). ``sort`` is
    one of ``SORTS``; figures sort best first (a missing figure last), ``program`` by title."""
    sessions = delivered_sessions(scope=scope)
    tallies = _tallies(sessions)
    versions = {
        v.pk: v
        for v in scoped(
            ProgramVersion.objects.filter(pk__in={v for v, _d in tallies}), scope
        ).select_related("program")
    }
    districts = scoped(District.objects.all(), scope).in_bulk({d for _v, d in tallies})
    per_version: dict[int, _Tally] = defaultdict(_Tally)
    per_district: dict[tuple[int, int], _Tally] = defaultdict(_Tally)
    for (v, d), t in tallies.items():
        if v not in versions:
            continue
        per_version[v].add(t)
        per_district[(versions[v].program_id, d)].add(t)
    programs = {v.program_id: v.program for v in versions.values()}
    by_version = [_row(versions[v].program, versions[v], None, t) for v, t in per_version.items()]
    by_district = [_row(programs[p], None, districts[d], t) for (p, d), t in per_district.items()]

    def title_key(r: Row):
        return (
            r.program.title,
            r.program.pk,
            r.version.number if r.version else 0,
            r.district.number if r.district else 0,
        )

    key = _sort_key(sort)
    by_version.sort(key=title_key)
    by_district.sort(key=title_key)
    if key is not None:  # stable: ties stay in program order
        by_version.sort(key=key)
        by_district.sort(key=key)
    return Report(by_version=by_version, by_district=by_district)
