"""The session import, plugged into the import engine (``org.importing``): a term's sessions from
Excel/CSV, one row a session (or a weekly series), checked for the same conflicts as the schedule
form — against the database and against the earlier rows of the same file.

Hard conflicts refuse the row and name the clashing session (or row); soft ones (weekly hours,
availability) are shown as warnings and the row stays importable. The writer schedules every
valid row through ``services.session_schedule`` in the engine's one transaction, so a clash that
appeared since the check rolls the whole import back.
"""

import dataclasses
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.catalogue.models import Program
from hamafza.core import jalali
from hamafza.core.l10n import join_list
from hamafza.core.persian import dedupe_key, localize_digits, search_key, to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import is_valid_national_code
from hamafza.org.importing import ImportSpec, RowChecker, register
from hamafza.org.models import District, School, Venue
from hamafza.sessions import conflicts, selectors, services
from hamafza.sessions.bulk import PendingSlots, local_datetime
from hamafza.sessions.models import Holiday, Session, place_label
from hamafza.sessions.permissions import can_schedule
from hamafza.trainers.models import Trainer

KIND = "session"

# column key -> accepted header spellings; the last one (Persian) names the column in messages
COLUMNS: dict[str, tuple[str, ...]] = {
    "program": ("program code", "program", "کد برنامه"),
    "lesson": ("lesson", "lesson order", "lesson number", "درس", "شماره درس"),
    "place": (
        "school code or venue",
        "school code",
        "school",
        "venue",
        "place",
        "کد مدرسه",
        "مدرسه",
        "مکان",
        "مکان برگزاری",
        "کد مدرسه یا نام مکان",
    ),
    "class_label": ("class", "کلاس"),
    "district": ("district", "منطقه"),
    "date": ("date", "تاریخ"),
    "start": ("start", "start time", "from", "از ساعت", "شروع", "ساعت شروع"),
    "end": ("end", "end time", "to", "تا ساعت", "پایان", "ساعت پایان"),
    "trainers": (
        "trainers",
        "trainer",
        "trainer national codes",
        "national codes",
        "آموزشگر",
        "آموزشگران",
        "کد ملی آموزشگر",
        "کد ملی آموزشگران",
    ),
    "capacity": ("capacity", "ظرفیت"),
    "public": ("public", "open to the public", "آزاد برای عموم", "عمومی"),
    "repeat": ("repeat weeks", "repeat", "weeks", "تعداد هفته‌ها", "تکرار", "تکرار (هفته)"),
}
REQUIRED = ("program", "lesson", "place", "date", "start", "end", "trainers")
TEMPLATE_HEADERS_FA = [spellings[-1] for spellings in COLUMNS.values()]
TEMPLATE_EXAMPLE = [
    "CIT-101",
    1,
    "1001",
    "5/2",
    "",
    "1405/09/15",
    "09:00",
    "10:30",
    "0499370899، 0790419904",
    "",
    "خیر",
    1,
]
MAX_CAPACITY = 5000
CLASS_LENGTH = Session._meta.get_field("class_label").max_length
YES = {search_key(w) for w in ("yes", "y", "true", "1", "بله", "بلی", "آری", "آره", "هست")}
NO = {search_key(w) for w in ("no", "n", "false", "0", "خیر", "نه", "نیست")}
_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?$")
_EXCEL_DAY_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")
_SEPARATORS = re.compile(r"[,،;؛/\s]+")


def parse_time(text: str) -> dt.time:
    """'9', '09:30', '۰۹:۳۰', '9.30' or an Excel time (09:30:00, or a fraction of a day)."""
    raw = to_latin_digits(text).strip()
    if raw.startswith("0.") or raw == "0":
        try:
            minutes = round(float(raw) * 24 * 60)
        except ValueError:
            minutes = -1
        if 0 <= minutes < 24 * 60:
            return dt.time(minutes // 60, minutes % 60)
    match = _TIME_RE.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(raw)


def parse_day(text: str) -> dt.date:
    """A Jalali date in Persian or Latin digits (or an Excel date cell, which arrives as ISO)."""
    raw = to_latin_digits(text).strip()
    excel = _EXCEL_DAY_RE.match(raw)
    return jalali.parse_date(excel.group(1) if excel else raw)


class SessionChecker(RowChecker):
    """Resolves every column within the uploader's scope and checks each session for conflicts.
    What the earlier valid rows will schedule is kept (indexed by day) so that two rows of the
    file that clash are caught as well."""

    def __init__(self, scope: Scope):
        super().__init__(scope)
        self.lessons = {
            (search_key(lesson.version.program.code), lesson.order): lesson
            for lesson in selectors.schedulable_lessons(scope=scope)
        }
        self.programs = {
            search_key(code)
            for code in scoped(Program.objects.all(), scope).values_list("code", flat=True)
        }
        self.venues: dict[str, list[Venue]] = {}
        for venue in scoped(Venue.objects.select_related("district"), scope):
            self.venues.setdefault(dedupe_key(venue.name), []).append(venue)
        self.all_venues = set(
            Venue.objects.filter(municipality_id=scope.municipality_id).values_list(
                "name_key", flat=True
            )
        )
        self.district_numbers = dict(
            District.objects.filter(municipality_id=scope.municipality_id).values_list(
                "number", "pk"
            )
        )
        self.holidays = dict(
            Holiday.objects.filter(municipality_id=scope.municipality_id).values_list(
                "date", "name"
            )
        )
        self.schools: dict[str, School | None | bool] = {}
        self.trainers: dict[str, Trainer | None] = {}
        self.pending = PendingSlots()
        self.now = timezone.now()

    # ---- columns ------------------------------------------------------------------------

    def _lesson(self, values, errors):
        program = values["program"]
        try:
            order = int(to_latin_digits(values["lesson"]).strip())
        except ValueError:
            errors.append(_("Lesson “%(v)s” is not a number.") % {"v": values["lesson"]})
            return None
        lesson = self.lessons.get((search_key(program), order))
        if lesson is None:
            if search_key(program) not in self.programs:
                errors.append(_("There is no program with code “%(v)s”.") % {"v": program})
            else:
                errors.append(
                    _("The published version of program %(p)s has no lesson %(n)s.")
                    % {"p": program, "n": localize_digits(order)}
                )
        return lesson

    def _school(self, code: str) -> School | None | bool:
        """The school with this code in scope; False when it exists outside the scope."""
        if code not in self.schools:
            school = scoped(School.objects.select_related("district"), self.scope).filter(code=code)
            found = school.first()
            if (
                found is None
                and (
                    School.objects.filter(municipality_id=self.scope.municipality_id, code=code)
                ).exists()
            ):
                found = False
            self.schools[code] = found
        return self.schools[code]

    def _place(self, values, errors) -> tuple[School | None, Venue | None]:
        text = values["place"]
        district_id = None
        if values["district"]:
            try:
                number = int(to_latin_digits(values["district"]).strip())
            except ValueError:
                number = None
            district_id = self.district_numbers.get(number)
            if district_id is None:
                errors.append(_("There is no district %(n)s.") % {"n": values["district"]})
                return None, None
        school = self._school(to_latin_digits(text).strip())
        if school is False:
            errors.append(_("School %(c)s is outside your area.") % {"c": localize_digits(text)})
            return None, None
        if school is not None:
            if district_id and school.district_id != district_id:
                errors.append(
                    _("School %(c)s is in %(d)s, not in district %(n)s.")
                    % {"c": localize_digits(text), "d": school.district, "n": values["district"]}
                )
            return school, None
        venues = self.venues.get(dedupe_key(text), [])
        if district_id:
            venues = [v for v in venues if v.district_id == district_id]
        if len(venues) == 1:
            if values["class_label"]:
                errors.append(_("A class is given only for a school, not for a venue."))
            return None, venues[0]
        if len(venues) > 1:
            errors.append(
                _("Several venues are called “%(v)s”; give the district in its column.")
                % {"v": text}
            )
        elif dedupe_key(text) in self.all_venues:
            errors.append(_("Venue “%(v)s” is outside your area.") % {"v": text})
        else:
            errors.append(_("There is no school or venue “%(v)s”.") % {"v": text})
        return None, None

    def _trainers(self, text: str, errors) -> list[Trainer]:
        found = []
        for part in _SEPARATORS.split(to_latin_digits(text)):
            code = part.replace("-", "").strip()
            if not code:
                continue
            if code.isdecimal() and 8 <= len(code) < 10:
                code = code.zfill(10)  # Excel drops the leading zeros of a number
            if not is_valid_national_code(code):
                errors.append(_("National code %(c)s is not valid.") % {"c": code})
                continue
            if code not in self.trainers:
                self.trainers[code] = scoped(
                    Trainer.objects.filter(national_code=code), self.scope
                ).first()
            trainer = self.trainers[code]
            if trainer is None:
                errors.append(_("No trainer has national code %(c)s.") % {"c": code})
            elif trainer not in found:
                found.append(trainer)
        return found

    def _times(self, values, errors) -> tuple[dt.datetime, dt.datetime] | None:
        day = start = end = None
        try:
            day = parse_day(values["date"])
        except ValidationError as exc:
            errors.append(
                _("Date “%(v)s”: %(e)s") % {"v": values["date"], "e": " ".join(exc.messages)}
            )
        for key in ("start", "end"):
            try:
                value = parse_time(values[key])
            except ValueError:
                errors.append(
                    _("“%(v)s” is not a time; write it as hour:minute, for example 09:30.")
                    % {"v": values[key]}
                )
                continue
            if key == "start":
                start = value
            else:
                end = value
        if day is None or start is None or end is None:
            return None
        starts_at, ends_at = local_datetime(day, start), local_datetime(day, end)
        if ends_at <= starts_at:
            errors.append(_("A session must end after it starts."))
            return None
        if not (
            self.now - dt.timedelta(days=366) <= starts_at <= self.now + dt.timedelta(days=800)
        ) or ends_at - starts_at > dt.timedelta(hours=12):
            errors.append(_("Schedule within the coming two years, for at most 12 hours."))
            return None
        return starts_at, ends_at

    @staticmethod
    def _number(text, low, high, message, errors, default=None):
        if not text:
            return default
        try:
            value = int(to_latin_digits(text).strip())
            if not low <= value <= high:
                raise ValueError
        except ValueError:
            errors.append(message)
            return default
        return value

    # ---- the row ------------------------------------------------------------------------

    def check(self, number: int, values: dict[str, str]) -> tuple[dict, list[str], str]:
        errors: list[str] = []
        for key in REQUIRED:
            if not values[key]:
                errors.append(_("“%(col)s” is empty.") % {"col": COLUMNS[key][-1]})
        label = " · ".join(v for v in (values["program"], values["place"], values["date"]) if v)
        if errors:
            return {}, errors, label
        lesson = self._lesson(values, errors)
        school, venue = self._place(values, errors)
        before = len(errors)
        trainers = self._trainers(values["trainers"], errors)
        if not trainers and len(errors) == before:
            errors.append(_("“%(col)s” is empty.") % {"col": COLUMNS["trainers"][-1]})
        if len(values["class_label"]) > CLASS_LENGTH:
            errors.append(
                _("The class may have at most %(n)s characters.")
                % {"n": localize_digits(CLASS_LENGTH)}
            )
        times = self._times(values, errors)
        capacity = self._number(
            values["capacity"],
            1,
            MAX_CAPACITY,
            _("The capacity must be a number from 1 to %(n)s.")
            % {"n": localize_digits(MAX_CAPACITY)},
            errors,
        )
        repeat = self._number(
            values["repeat"],
            1,
            services.MAX_REPEAT,
            _("Repeat between 1 and %(n)s weeks.") % {"n": services.MAX_REPEAT},
            errors,
            default=1,
        )
        is_public = False
        if values["public"]:
            answer = search_key(values["public"])
            if answer not in YES | NO:
                errors.append(
                    _("“%(v)s” is not a known %(field)s.")
                    % {"v": values["public"], "field": _("open to the public")}
                )
            is_public = answer in YES
        if errors or lesson is None or times is None or (school is None and venue is None):
            return {}, errors, label

        starts_at, ends_at = times
        class_label = values["class_label"] if school else ""
        place = place_label(school, class_label, venue)
        first = conflicts.Slot(
            municipality_id=self.scope.municipality_id,
            district_id=(school or venue).district_id,
            domain_id=lesson.version.program.domain_id,
            school_id=school.pk if school else None,
            class_label=class_label,
            venue_id=venue.pk if venue else None,
            starts_at=starts_at,
            ends_at=ends_at,
            trainer_ids=frozenset(t.pk for t in trainers),
        )
        label = conflicts.describe(lesson.title, place, first)
        row_label = f"{label} {_('(row %(n)s)') % {'n': localize_digits(number)}}"
        day = timezone.localtime(starts_at).date()
        if day in self.holidays:
            errors.append(
                _("%(date)s is a holiday (%(name)s); no session can be scheduled then.")
                % {"date": jalali.format_date(day), "name": self.holidays[day]}
            )
            return {}, errors, label

        slots, skipped, warnings = [], [], []
        for week in range(repeat):
            shift = dt.timedelta(weeks=week)
            on = day + shift
            if on in self.holidays:
                skipped.append(on)
                continue
            slots.append(
                dataclasses.replace(
                    first,
                    starts_at=local_datetime(on, timezone.localtime(starts_at).time()),
                    ends_at=local_datetime(on, timezone.localtime(ends_at).time()),
                    label=row_label,
                )
            )
        for i, slot in enumerate(slots):
            found = conflicts.find_conflicts(
                slot, trainers, pending=[*self.pending.near(slot), *slots[:i]]
            )
            prefix = f"{jalali.format_date(slot.starts_at)}: " if len(slots) > 1 else ""
            errors += [prefix + m for m in conflicts.hard(found)]
            warnings += [prefix + m for m in conflicts.soft(found)]
        if skipped:
            warnings.append(
                _("Skipped for holidays: %(days)s")
                % {"days": join_list(jalali.format_date(d) for d in skipped)}
            )
        if errors:
            return {}, errors, label
        for slot in slots:
            self.pending.add(slot)
        data = {
            "row": number,
            "lesson_id": lesson.pk,
            "school_id": school.pk if school else None,
            "class_label": class_label,
            "venue_id": venue.pk if venue else None,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "trainer_ids": [t.pk for t in trainers],
            "capacity": capacity,
            "is_public": is_public,
            "repeat_weeks": repeat,
            "skipped": [d.isoformat() for d in skipped],
        }
        if warnings:
            data["warnings"] = warnings
        return data, [], label


def write_sessions(scope: Scope, actor, municipality_id: int, rows) -> int:
    """Schedule every valid row through the one scheduling service, inside the engine's
    transaction: the service re-checks every conflict against the database as it is now
    (including the rows written just before), so anything that clashes rolls all back."""
    count = 0
    for data in rows:
        row = f"{_('Row')} {localize_digits(data['row'])}"
        try:
            _created, skipped = services.session_schedule(
                scope=scope,
                actor=actor,
                lesson_id=data["lesson_id"],
                starts_at=dt.datetime.fromisoformat(data["starts_at"]),
                ends_at=dt.datetime.fromisoformat(data["ends_at"]),
                trainer_ids=data["trainer_ids"],
                school_id=data["school_id"],
                class_label=data["class_label"],
                venue_id=data["venue_id"],
                capacity=data["capacity"],
                is_public=data["is_public"],
                repeat_weeks=data["repeat_weeks"],
                confirm_warnings=True,  # soft conflicts were shown on the review page
            )
        except ValidationError as exc:
            raise ValidationError(
                _(
                    "A row no longer passes the checks (%(reason)s). Nothing was imported; upload the file again."
                )
                % {"reason": f"{row}: {' '.join(exc.messages)}"}
            ) from exc
        if [d.isoformat() for d in skipped] != data["skipped"]:
            raise ValidationError(
                _(
                    "A row no longer passes the checks (%(reason)s). Nothing was imported; upload the file again."
                )
                % {"reason": f"{row}: {_('the holidays changed since the check')}"}
            )
        count += 1
    return count


SESSION_IMPORT = register(
    ImportSpec(
        kind=KIND,
        title=gettext_lazy("Import sessions"),
        columns=COLUMNS,
        required=REQUIRED,
        checker=SessionChecker,
        writer=write_sessions,
        permission=can_schedule,
        list_url="sessions:list",
        template_headers=TEMPLATE_HEADERS_FA,
        template_example=TEMPLATE_EXAMPLE,
        # each row is checked for conflicts (some 10–30 ms): above this, in the background
        background_rows=200,
    )
)
