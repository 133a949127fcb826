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
- small cells: an aggregate count below ``MIN_CELL`` is written ``<5`` (CSV) or null (Parquet,
  with a ``suppressed`` flag); row-level tables drop every row of a session (or camp) with fewer
  than ``MIN_CELL`` participants.

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

import pyarrow as pa
import pyarrow.parquet as pq
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
    """A count below the threshold: ``<5`` in CSV, null in Parquet."""

    def __str__(self):
        return f"<{MIN_CELL}"


SUPPRESSED = _Suppressed()


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
    _c("registered", "int", "ثبت‌نام‌های قطعی (جلسه عمومی)", "confirmed registrations (public)"),
    _c("present", "int", "حاضران (جلسه عمومی)", "people present (public)"),
    _c("girls", "int", "شمار دختران (سرشماری کلاس)", "girls counted (class)"),
    _c("boys", "int", "شمار پسران (سرشماری کلاس)", "boys counted (class)"),
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
    _c("count", "int", "شمار سرشماری‌شده؛ زیر ۵: «<5» در CSV و تهی در Parquet", "head count; below 5: '<5' in CSV, null in Parquet"),
    _c("suppressed", "bool", "آیا شمار پنهان شده است", "whether the count is suppressed"),
)  # fmt: skip

TABLES = (
    Table("sessions", "جلسه‌های برگزارشده (هر ردیف یک جلسه)", "delivered sessions, one row each", SESSION_COLUMNS),
    Table("tests", "نمره‌های پیش و پس‌آزمون (هر ردیف یک شرکت‌کننده در یک آزمون)", "pre/post scores, one row per participant and test", TEST_COLUMNS),
    Table("survey_answers", "پاسخ‌های پرسشنامه بدون پاسخ‌های متنی (هر ردیف یک پاسخ)", "survey answers without text answers, one row per answer", ANSWER_COLUMNS),
    Table("counts_district_program_gender", "شمار سرشماری کلاس‌ها به تفکیک منطقه، برنامه و جنس", "class head counts by district, program and gender", COUNT_COLUMNS),
)  # fmt: skip

DONE = (Session.Status.DELIVERED, Session.Status.VERIFIED)


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


def session_rows(scope: Scope, p: Pseudonymiser) -> list[dict]:
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
        rows.append(
            {
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
        )
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


def count_rows(scope: Scope) -> list[dict]:
    totals: Counter = Counter()
    for district, code, girls, boys in HeadCount.objects.filter(
        session__in=_sessions(scope)
    ).values_list("session__district__number", "session__version__program__code", "girls", "boys"):
        totals[(district, code, "girls")] += girls
        totals[(district, code, "boys")] += boys
    return [
        {
            "district": district,
            "program_code": code,
            "gender": gender,
            "count": SUPPRESSED if n < MIN_CELL else n,
            "suppressed": n < MIN_CELL,
        }
        for (district, code, gender), n in sorted(totals.items())
        if n > 0
    ]


ARROW_TYPES = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}


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
    schema = pa.schema([(c.name, ARROW_TYPES[c.kind]) for c in table.columns])
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
        "دو خروجی را نمی‌توان به هم پیوند داد. شمارهای کمتر از ۵ پنهان شده‌اند («<5» در CSV، تهی در Parquet)",
        "و ردیف‌های جلسه یا اردویی که کمتر از ۵ شرکت‌کننده داشته حذف شده است. سن یا تاریخ تولد در داده‌های منبع نیست.",
        "",
        "The data are anonymised: no names, mobile numbers, national codes, trainers' names, text",
        "answers or exact dates. Participants, sessions, schools, tests and surveys are pseudonyms",
        "(HMAC-SHA256 with a random salt per export), stable within this export only: two exports",
        "cannot be joined. Counts below 5 are suppressed ('<5' in CSV, null in Parquet), and rows of",
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
    return {
        "sessions": session_rows(scope, p),
        "tests": sheet_rows(scope, p),
        "survey_answers": answer_rows(scope, p),
        "counts_district_program_gender": count_rows(scope),
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
