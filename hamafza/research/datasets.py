"""The research export: anonymised, analysis-ready tables of sessions, knowledge tests and
survey answers, as CSV and Parquet in one zip with a codebook (README) in Persian and English.

What keeps people out of it:

- no names, mobile numbers, national codes, trainers, free-text answers (short and long text may
  identify their writer) or exact dates (sessions carry the Jalali year and month only); the
  sources hold no birth dates or ages, so there is no age column;
- participants (a test's participant code, a survey response and its registration), sessions,
  schools and tests are replaced by pseudonyms: an HMAC-SHA256 of the internal key under a random
  salt drawn for each export and never stored, so rows pair up inside one export but two exports
  cannot be joined;
- small cells: every released count of people from 1 to ``MIN_CELL`` - 1 is written ``x`` (CSV)
  or null (Parquet): a session's registrations, girls and boys, and the table of head counts by
  district, program and gender (which also carries a ``suppressed`` flag); row-level tables drop
  every row of a session (or camp) with fewer than ``MIN_CELL`` participants;
- complementary suppression, so a hidden cell cannot be worked back from what is shown: a
  session's girls and boys add up to its participants, so when one is hidden the other is too;
  a district × program cell is the sum of its sessions' cells, so it is hidden when what it adds
  to the shown session cells is a single hidden session or fewer than ``MIN_CELL`` people; and
  the girls and boys of one district × program are hidden together (their sum is known from the
  sessions' participants).

The zip is built in memory while the request waits, which suits a municipality's modest volume."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from hamafza.assessment.models import Phase, Sheet
from hamafza.core import jalali, sheets
from hamafza.core.scoping import Scope, scoped
from hamafza.research.permissions import can_export_research
from hamafza.sessions.models import Attendance, HeadCount, Registration, Session
from hamafza.surveys.models import Answer
from hamafza.surveys.models import Question as SurveyQuestion

MIN_CELL = 5
FREE_TEXT = (SurveyQuestion.Kind.SHORT_TEXT, SurveyQuestion.Kind.LONG_TEXT)


class _Suppressed:
    """A hidden count: ``x`` in CSV, null in Parquet. One mark for every hidden cell, whether it
    is small itself or hidden to protect another, so the mark does not say which."""

    def __str__(self):
        return "x"


SUPPRESSED = _Suppressed()


def _small(n) -> bool:
    """A count of people that would single someone out (1 to MIN_CELL - 1; zero is shown)."""
    return isinstance(n, int) and 0 < n < MIN_CELL


def _hide_small(n):
    return SUPPRESSED if _small(n) else n


def _hide_pair(row: dict, a: str, b: str) -> None:
    """``a`` and ``b`` add up to a total that is shown: hide both or neither."""
    if _small(row[a]) or _small(row[b]):
        row[a] = row[b] = SUPPRESSED


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "string", "int", "float", "bool"
    fa: str
    en: str


@dataclass(frozen=True)
class Table:
    name: str
    fa: str
    en: str
    columns: tuple[Column, ...]


def _c(name, kind, fa, en):
    return Column(name, kind, fa, en)


SESSION_COLUMNS = (
    _c("session", "string", "نام مستعار جلسه", "pseudonym of the session"),
    _c("program_code", "string", "کد برنامه", "program code"),
    _c("program_version", "int", "شماره نسخه برنامه", "program version number"),
    _c("domain", "string", "کد حوزه آموزشی", "teaching domain code"),
    _c("district", "int", "شماره منطقه", "district number"),
    _c("setting", "string", "محل: school (کلاس مدرسه) یا public (عمومی)", "school class or public"),
    _c("school", "string", "نام مستعار مدرسه (خالی برای جلسه عمومی)", "school pseudonym (empty: public)"),
    _c("jalali_year", "int", "سال شمسی جلسه", "Jalali year of the session"),
    _c("jalali_month", "int", "ماه شمسی جلسه (۱ تا ۱۲)", "Jalali month of the session (1-12)"),
    _c("status", "string", "وضعیت: delivered یا verified", "status: delivered or verified"),
    _c("minutes", "int", "مدت جلسه به دقیقه", "length in minutes"),
    _c("registered", "int", "ثبت‌نام‌های قطعی (جلسه عمومی)؛ ۱ تا ۴: «x» در CSV و تهی در Parquet", "confirmed registrations (public); 1-4: 'x' in CSV, null in Parquet"),
    _c("present", "int", "حاضران (جلسه عمومی)", "people present (public)"),
    _c("girls", "int", "شمار دختران (سرشماری کلاس)؛ اگر دختران یا پسران ۱ تا ۴ باشند هر دو پنهان‌اند", "girls counted (class); hidden with boys when either is 1-4"),
    _c("boys", "int", "شمار پسران (سرشماری کلاس)؛ اگر دختران یا پسران ۱ تا ۴ باشند هر دو پنهان‌اند", "boys counted (class); hidden with girls when either is 1-4"),
    _c("participants", "int", "شمار شرکت‌کنندگان", "participants (head count or present)"),
)  # fmt: skip
TEST_COLUMNS = (
    _c("participant", "string", "نام مستعار شرکت‌کننده (از کد آزمون)", "participant pseudonym (from the test code)"),
    _c("test", "string", "نام مستعار آزمون", "pseudonym of the test"),
    _c("session", "string", "نام مستعار جلسه پیش‌آزمون", "pseudonym of the pre-test session"),
    _c("program_code", "string", "کد برنامه", "program code"),
    _c("program_version", "int", "شماره نسخه برنامه", "program version number"),
    _c("district", "int", "شماره منطقه", "district number"),
    _c("max_score", "int", "بیشترین نمره", "maximum score"),
    _c("pre_score", "int", "نمره پیش‌آزمون (خالی: نداده)", "pre-test score (empty: not taken)"),
    _c("post_score", "int", "نمره پس‌آزمون (خالی: نداده)", "post-test score (empty: not taken)"),
    _c("gain", "float", "بهره نرمال‌شده (پس − پیش) / (بیشینه − پیش)", "normalised gain (post − pre) / (max − pre)"),
)  # fmt: skip
ANSWER_COLUMNS = (
    _c("response", "string", "نام مستعار پاسخ‌نامه", "pseudonym of the response"),
    _c("participant", "string", "نام مستعار ثبت‌نام (خالی: بی‌نام)", "registration pseudonym (empty: anonymous)"),
    _c("occasion", "string", "نام مستعار جلسه یا اردو", "pseudonym of the session or camp"),
    _c("occasion_kind", "string", "session (جلسه) یا camp (اردو)", "session or camp"),
    _c("district", "int", "شماره منطقه", "district number"),
    _c("program_code", "string", "کد برنامه (اگر جلسه)", "program code (sessions)"),
    _c("survey", "string", "نام مستعار پرسشنامه", "pseudonym of the survey"),
    _c("question", "int", "شماره پرسش در پرسشنامه", "question number in the survey"),
    _c("question_kind", "string", "نوع پرسش: likert, single, multiple, rating", "question kind"),
    _c("value", "int", "پاسخ عددی (لیکرت ۱ تا ۵، نمره، شماره گزینه از ۰)", "numeric answer (Likert 1-5, rating, choice index from 0)"),
    _c("choices", "string", "گزینه‌های انتخاب‌شده (چندگزینه‌ای، با ; جدا)", "chosen options (multiple, ; separated)"),
)  # fmt: skip
COUNT_COLUMNS = (
    _c("district", "int", "شماره منطقه", "district number"),
    _c("program_code", "string", "کد برنامه", "program code"),
    _c("gender", "string", "girls (دختر) یا boys (پسر)", "girls or boys"),
    _c("count", "int", "شمار سرشماری‌شده؛ پنهان («x» در CSV و تهی در Parquet) اگر ۱ تا ۴ باشد یا از جمع جلسه‌ها یک شمار پنهان را آشکار کند", "head count; hidden ('x' in CSV, null in Parquet) when 1-4 or when it would reveal a hidden session figure"),
    _c("suppressed", "bool", "آیا شمار پنهان شده است", "whether the count is suppressed"),
)  # fmt: skip

TABLES = (
    Table("sessions", "جلسه‌های برگزارشده (هر ردیف یک جلسه)", "delivered sessions, one row each", SESSION_COLUMNS),
    Table("tests", "نمره‌های پیش و پس‌آزمون (هر ردیف یک شرکت‌کننده در یک آزمون)", "pre/post scores, one row per participant and test", TEST_COLUMNS),
    Table("survey_answers", "پاسخ‌های پرسشنامه بدون پاسخ‌های متنی (هر ردیف یک پاسخ)", "survey answers without text answers, one row per answer", ANSWER_COLUMNS),
    Table("counts_district_program_gender", "شمار سرشماری کلاس‌ها به تفکیک منطقه، برنامه و جنس", "class head counts by district, program and gender", COUNT_COLUMNS),
)  # fmt: skip

DONE = Session.DELIVERED_STATUSES


class Pseudonymiser:
    """Stable pseudonyms inside one export: HMAC-SHA256(salt, kind:key), 16 hex characters. The
    salt is random per instance and never stored."""

    def __init__(self, salt: bytes | None = None):
        self._salt = salt or secrets.token_bytes(32)

    def __call__(self, kind: str, key) -> str:
        digest = hmac.new(self._salt, f"{kind}:{key}".encode(), hashlib.sha256).hexdigest()
        return f"{kind[0].upper()}{digest[:16]}"


def _sessions(scope: Scope):
    return scoped(Session.objects.filter(status__in=DONE), scope)


def session_rows(scope: Scope, p: Pseudonymiser, shown: dict | None = None) -> list[dict]:
    """One row per delivered session with at least MIN_CELL participants, small counts hidden.
    ``shown`` (if given) receives each released row by session id, for the count table."""
    sessions = _sessions(scope)
    registered = Counter(
        dict(
            Registration.objects.filter(session__in=sessions, status=Registration.Status.CONFIRMED)
            .values_list("session_id")
            .annotate(n=Count("pk"))
        )
    )
    present = Counter(
        Attendance.objects.filter(session__in=sessions).values_list("session_id", flat=True)
    )
    girls: Counter = Counter()
    boys: Counter = Counter()
    for session_id, g, b in HeadCount.objects.filter(session__in=sessions).values_list(
        "session_id", "girls", "boys"
    ):
        girls[session_id] += g
        boys[session_id] += b
    rows = []
    for s in sessions.values(
        "pk",
        "version__program__code",
        "version__number",
        "domain__code",
        "district__number",
        "school_id",
        "is_public",
        "starts_at",
        "ends_at",
        "status",
    ).order_by("starts_at", "pk"):
        pk = s["pk"]
        is_class = s["school_id"] is not None and not s["is_public"]
        participants = girls[pk] + boys[pk] if is_class else present[pk]
        if participants < MIN_CELL:
            continue
        local = timezone.localtime(s["starts_at"])
        j = jalali.to_jalali(local.date())
        row = {
            "session": p("session", pk),
            "program_code": s["version__program__code"],
            "program_version": s["version__number"],
            "domain": s["domain__code"],
            "district": s["district__number"],
            "setting": "school" if is_class else "public",
            "school": p("school", s["school_id"]) if s["school_id"] else None,
            "jalali_year": j.year,
            "jalali_month": j.month,
            "status": s["status"],
            "minutes": int((s["ends_at"] - s["starts_at"]).total_seconds() // 60),
            "registered": registered[pk] if not is_class else None,
            "present": present[pk] if not is_class else None,
            "girls": girls[pk] if is_class else None,
            "boys": boys[pk] if is_class else None,
            "participants": participants,
        }
        row["registered"] = _hide_small(row["registered"])
        if is_class:
            _hide_pair(row, "girls", "boys")
        rows.append(row)
        if shown is not None:
            shown[pk] = row
    return rows


def sheet_rows(scope: Scope, p: Pseudonymiser) -> list[dict]:
    """One row per participant code and test; a session whose tests have fewer than MIN_CELL
    distinct participants is left out whole."""
    sheets = scoped(Sheet.objects.filter(test__session__in=_sessions(scope)), scope).values_list(
        "test_id",
        "test__session_id",
        "test__program__code",
        "test__session__version__number",
        "test__session__district__number",
        "phase",
        "code",
        "score",
        "max_score",
    )
    people: dict[tuple[int, str], dict] = {}
    per_session: dict[int, set] = defaultdict(set)
    for test_id, session_id, code_p, number, district, phase, code, score, maximum in sheets:
        row = people.setdefault(
            (test_id, code),
            {
                "participant": p("participant", f"test:{test_id}:{code}"),
                "test": p("test", test_id),
                "session": p("session", session_id),
                "program_code": code_p,
                "program_version": number,
                "district": district,
                "max_score": maximum,
                "pre_score": None,
                "post_score": None,
                "gain": None,
                "_session": session_id,
            },
        )
        row["pre_score" if phase == Phase.PRE else "post_score"] = score
        per_session[session_id].add((test_id, code))
    rows = []
    for row in people.values():
        if len(per_session[row.pop("_session")]) < MIN_CELL:
            continue
        pre, post, maximum = row["pre_score"], row["post_score"], row["max_score"]
        if pre is not None and post is not None and maximum and pre < maximum:
            row["gain"] = (post - pre) / (maximum - pre)
        rows.append(row)
    rows.sort(key=lambda r: (r["test"], r["participant"]))
    return rows


def answer_rows(scope: Scope, p: Pseudonymiser) -> list[dict]:
    """Answers to every closed question; text answers are never read. A session or camp with
    fewer than MIN_CELL responses is left out whole."""
    answers = (
        scoped(Answer.objects.exclude(question__kind__in=FREE_TEXT), scope)
        .exclude(response__session__isnull=False, response__session__status__in=_not_done())
        .values_list(
            "response_id",
            "response__registration_id",
            "response__session_id",
            "response__camp_id",
            "response__district__number",
            "response__session__version__program__code",
            "response__survey_id",
            "question__order",
            "question__kind",
            "value",
            "values",
        )
    )
    responses: dict[tuple[str, int], set] = defaultdict(set)
    raw = []
    for row in answers:
        occasion = ("session", row[2]) if row[2] is not None else ("camp", row[3])
        responses[occasion].add(row[0])
        raw.append((occasion, row))
    rows = []
    for occasion, (rid, reg, _s, _c, district, code, survey, order, kind, value, values) in raw:
        if len(responses[occasion]) < MIN_CELL:
            continue
        rows.append(
            {
                "response": p("response", rid),
                "participant": p("participant", f"registration:{reg}") if reg else None,
                "occasion": p(occasion[0], occasion[1]),
                "occasion_kind": occasion[0],
                "district": district,
                "program_code": code,
                "survey": p("survey", survey),
                "question": order,
                "question_kind": kind,
                "value": value,
                "choices": ";".join(str(v) for v in values) if values else None,
            }
        )
    rows.sort(key=lambda r: (r["survey"], r["response"], r["question"]))
    return rows


def _not_done():
    return [s for s in Session.Status.values if s not in DONE]


@dataclass
class _Cell:
    total: int = 0
    shown: int = 0  # the part of the total that released session rows show
    hidden_sessions: int = 0  # sessions adding to the total whose figure is not shown

    def recoverable(self) -> bool:
        """Would the total give away a hidden session figure, or be small itself?"""
        if _small(self.total):
            return True
        if not self.hidden_sessions:
            return False
        return self.hidden_sessions == 1 or _small(self.total - self.shown)


def count_rows(scope: Scope, shown: dict[int, dict] | None = None) -> list[dict]:
    """Head counts by district, program and gender. ``shown`` is the released session rows by
    session id: a cell that would reveal a hidden session figure is hidden too, and so is the
    other gender of its district and program."""
    shown = shown if shown is not None else {}
    per_session: dict[int, list] = {}
    sessions = _sessions(scope)
    for pk, district, code, girls, boys in HeadCount.objects.filter(
        session__in=sessions
    ).values_list(
        "session_id",
        "session__district__number",
        "session__version__program__code",
        "girls",
        "boys",
    ):
        entry = per_session.setdefault(pk, [district, code, 0, 0])
        entry[2] += girls
        entry[3] += boys
    cells: dict[tuple, _Cell] = defaultdict(_Cell)
    for pk, (district, code, girls, boys) in per_session.items():
        row = shown.get(pk)
        for gender, n in (("girls", girls), ("boys", boys)):
            cell = cells[(district, code, gender)]
            cell.total += n
            figure = row.get(gender) if row else None
            if isinstance(figure, int):
                cell.shown += figure
            elif n:
                cell.hidden_sessions += 1
    hidden_groups = {(d, c) for (d, c, _g), cell in cells.items() if cell.recoverable()}
    return [
        {
            "district": district,
            "program_code": code,
            "gender": gender,
            "count": SUPPRESSED if (district, code) in hidden_groups else cell.total,
            "suppressed": (district, code) in hidden_groups,
        }
        for (district, code, gender), cell in sorted(cells.items())
        if cell.total > 0
    ]


def to_csv(table: Table, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(sheets.row(c.name for c in table.columns))
    for row in rows:
        writer.writerow(
            sheets.row("" if row[c.name] is None else row[c.name] for c in table.columns)
        )
    return out.getvalue().encode("utf-8-sig")


def to_parquet(table: Table, rows: list[dict]) -> bytes:
    # pyarrow is large: imported here, by the export, not by every web worker that loads the URLs
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(c.name, types[c.kind]) for c in table.columns])
    data = {
        c.name: [None if row[c.name] is SUPPRESSED else row[c.name] for row in rows]
        for c in table.columns
    }
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pydict(data, schema=schema), out)
    return out.getvalue()


def readme() -> str:
    lines = [
        "داده‌های پژوهشی همافزا — راهنما و فرهنگ ستون‌ها",
        "Hamafza research data — README and codebook",
        "",
        "این داده‌ها بی‌نام شده‌اند: نام، شماره همراه، کد ملی، نام آموزشگران، پاسخ‌های متنی و تاریخ دقیق در آن نیست.",
        "شرکت‌کنندگان، جلسه‌ها، مدرسه‌ها، آزمون‌ها و پرسشنامه‌ها با نام مستعار آمده‌اند که فقط درون همین خروجی ثابت است؛",
        "دو خروجی را نمی‌توان به هم پیوند داد. شمارهای ۱ تا ۴ پنهان شده‌اند («x» در CSV، تهی در Parquet)",
        "و هر شماری که از جمع‌ها و شمارهای دیگر بتوان یک شمار پنهان را با آن بازسازی کرد نیز پنهان است،",
        "و ردیف‌های جلسه یا اردویی که کمتر از ۵ شرکت‌کننده داشته حذف شده است. سن یا تاریخ تولد در داده‌های منبع نیست.",
        "",
        "The data are anonymised: no names, mobile numbers, national codes, trainers' names, text",
        "answers or exact dates. Participants, sessions, schools, tests and surveys are pseudonyms",
        "(HMAC-SHA256 with a random salt per export), stable within this export only: two exports",
        "cannot be joined. Counts of 1 to 4 are suppressed ('x' in CSV, null in Parquet), as is any",
        "count from which a suppressed one could be worked back through totals, and rows of",
        "a session or camp with fewer than 5 participants are dropped. The sources hold no ages or",
        "birth dates. Each table is given as csv/<table>.csv (UTF-8) and parquet/<table>.parquet.",
    ]
    for table in TABLES:
        lines += ["", f"== {table.name} ==", table.fa, table.en]
        lines += [f"- {c.name} ({c.kind}): {c.fa} | {c.en}" for c in table.columns]
    return "\n".join(lines) + "\n"


def build(scope: Scope, p: Pseudonymiser | None = None) -> dict[str, list[dict]]:
    """The rows of every table (empty when the scope may not export)."""
    if not can_export_research(scope):
        return {t.name: [] for t in TABLES}
    p = p or Pseudonymiser()
    shown: dict[int, dict] = {}
    return {
        "sessions": session_rows(scope, p, shown),
        "tests": sheet_rows(scope, p),
        "survey_answers": answer_rows(scope, p),
        "counts_district_program_gender": count_rows(scope, shown),
    }


def build_zip(*, scope: Scope) -> bytes:
    data = build(scope)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", readme())
        for table in TABLES:
            zf.writestr(f"csv/{table.name}.csv", to_csv(table, data[table.name]))
            zf.writestr(f"parquet/{table.name}.parquet", to_parquet(table, data[table.name]))
    return out.getvalue()
