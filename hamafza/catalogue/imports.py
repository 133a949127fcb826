"""The program import, plugged into the import engine (``org.importing``): columns, a row checker
and a writer. The engine gives it the same pages, row-level report, background checking of large
files and all-or-nothing apply as the school import.

Headers may be in Persian or English; values may use Persian or Latin digits and the Persian or
English names of choices. Each imported program gets an empty draft version 1 for its lessons.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.catalogue import services
from hamafza.catalogue.models import Program
from hamafza.catalogue.permissions import can_add_programs, can_manage_domain
from hamafza.catalogue.selectors import domain_list
from hamafza.core.persian import dedupe_key, search_key, to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.org.importing import ImportSpec, RowChecker, register

KIND = "program"

# column key -> accepted header spellings; the last one (Persian) names the column in messages
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "program code", "کد", "کد برنامه"),
    "title": ("title", "name", "program", "عنوان", "نام برنامه", "عنوان برنامه"),
    "domain": ("domain", "domain code", "حوزه آموزشی", "حوزه"),
    "audience": ("audience", "مخاطبان", "مخاطب"),
    "gender": ("gender", "جنسیت"),
    "session_count": ("sessions", "number of sessions", "جلسات", "تعداد جلسات"),
    "session_minutes": (
        "minutes",
        "minutes per session",
        "session minutes",
        "مدت جلسه",
        "مدت هر جلسه (دقیقه)",
        "دقیقه",
        "مدت هر جلسه",
    ),
    "objectives": ("objectives", "هدف", "اهداف آموزشی", "اهداف"),
    "summary": ("summary", "description", "توضیحات", "خلاصه"),
}
REQUIRED = (
    "code",
    "title",
    "domain",
    "audience",
    "session_count",
    "session_minutes",
    "objectives",
)
TEMPLATE_HEADERS_FA = [spellings[-1] for spellings in COLUMNS.values()]
TEMPLATE_EXAMPLE = [
    "CIT-101",
    "شهروند مسئول",
    "citizenship",
    "4-6",
    "مختلط",
    4,
    45,
    "آشنایی با حقوق و وظایف شهروندی",
    "",
]

# Everyday spellings beside the values and the labels of the choices.
AUDIENCE_ALIASES = {
    Program.Audience.PRIMARY_LOWER: ("1-3", "1 تا 3", "دوره اول ابتدایی", "ابتدایی دوره اول"),
    Program.Audience.PRIMARY_UPPER: ("4-6", "4 تا 6", "دوره دوم ابتدایی", "ابتدایی دوره دوم"),
    Program.Audience.LOWER_SECONDARY: ("7-9", "7 تا 9", "متوسطه اول", "متوسطه دوره اول"),
    Program.Audience.UPPER_SECONDARY: ("10-12", "10 تا 12", "متوسطه دوم", "متوسطه دوره دوم"),
    Program.Audience.PARENTS: ("والدین", "اولیا", "اولیای دانش‌آموزان"),
    Program.Audience.ADULTS: ("adult", "بزرگسالان", "شهروندان", "شهروندان بزرگسال"),
}
GENDER_ALIASES = {
    Program.Gender.BOYS: ("پسرانه", "پسران", "پسر"),
    Program.Gender.GIRLS: ("دخترانه", "دختران", "دختر"),
    Program.Gender.MIXED: ("مختلط",),
    Program.Gender.ANY: ("همه", "فرقی ندارد"),
}


def _fold(text: str) -> str:
    return search_key(str(text).replace("–", "-").replace("—", "-")).replace(" - ", "-")


def _lookup(choices, aliases: dict) -> dict[str, str]:
    """Every spelling of a choice (value, English and Persian label, aliases) → value."""
    table = {}
    for value, label in choices:
        table[_fold(value)] = value
        for lang in ("en", "fa"):
            with translation.override(lang):
                table[_fold(str(label))] = value
        for alias in aliases.get(value, ()):
            table[_fold(alias)] = value
    return table


def _number(text: str, low: int, high: int) -> int | None:
    try:
        value = int(to_latin_digits(text).strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


class ProgramChecker(RowChecker):
    def __init__(self, scope: Scope):
        super().__init__(scope)
        self.domains = {}
        for domain in domain_list(scope=scope):
            self.domains[search_key(domain.code)] = domain
            self.domains[dedupe_key(domain.name)] = domain
        self.existing_codes = {
            search_key(code)
            for code in scoped(Program.objects.all(), scope).values_list("code", flat=True)
        }
        self.audiences = _lookup(Program.Audience.choices, AUDIENCE_ALIASES)
        self.genders = _lookup(Program.Gender.choices, GENDER_ALIASES)
        self.seen_codes: dict[str, int] = {}

    def check(self, number: int, values: dict[str, str]) -> tuple[dict, list[str], str]:
        errors: list[str] = []
        for key in REQUIRED:
            if not values[key]:
                errors.append(_("“%(col)s” is empty.") % {"col": COLUMNS[key][-1]})
        data: dict = {
            "code": to_latin_digits(values["code"]).strip(),
            "title": values["title"],
            "objectives": values["objectives"],
            "summary": values["summary"],
            "gender": Program.Gender.ANY,
        }
        if len(data["code"]) > 40:
            errors.append(_("The code is longer than 40 characters."))
        if len(data["title"]) > 200:
            errors.append(_("The title is longer than 200 characters."))
        data["domain_id"] = self._domain(values["domain"], errors)
        if values["audience"]:
            data["audience"] = self.audiences.get(_fold(values["audience"]))
            if data["audience"] is None:
                errors.append(_("“%(v)s” is not a known audience.") % {"v": values["audience"]})
        if values["gender"]:
            data["gender"] = self.genders.get(_fold(values["gender"]))
            if data["gender"] is None:
                errors.append(_("“%(v)s” is not a known gender.") % {"v": values["gender"]})
        if values["session_count"]:
            data["session_count"] = _number(values["session_count"], 1, 60)
            if data["session_count"] is None:
                errors.append(
                    _("The number of sessions “%(v)s” must be from 1 to 60.")
                    % {"v": values["session_count"]}
                )
        if values["session_minutes"]:
            data["session_minutes"] = _number(values["session_minutes"], 10, 480)
            if data["session_minutes"] is None:
                errors.append(
                    _("The minutes per session “%(v)s” must be from 10 to 480.")
                    % {"v": values["session_minutes"]}
                )
        self._check_code(number, data["code"], errors)
        return data, errors, values["title"] or values["code"]

    def _domain(self, text: str, errors: list[str]) -> int | None:
        if not text:
            return None
        domain = self.domains.get(search_key(text)) or self.domains.get(dedupe_key(text))
        if domain is None:
            errors.append(_("There is no domain “%(v)s”.") % {"v": text})
            return None
        if not can_manage_domain(self.scope, domain):
            errors.append(_("You cannot add programs to the domain “%(v)s”.") % {"v": domain.name})
            return None
        return domain.pk

    def _check_code(self, number: int, code: str, errors: list[str]) -> None:
        key = search_key(code)
        if not key:
            return
        if key in self.existing_codes:
            errors.append(_("A program with code %(c)s already exists.") % {"c": code})
        elif key in self.seen_codes:
            errors.append(
                _("Code %(c)s is repeated from row %(r)s.") % {"c": code, "r": self.seen_codes[key]}
            )
        else:
            self.seen_codes[key] = number


def write_programs(scope: Scope, actor, municipality_id: int, rows) -> int:
    """Create the programs of the valid rows through the same service as the page, so each is
    checked again against the database as it is now (and gets its draft version 1)."""
    if municipality_id != scope.municipality_id:
        raise PermissionDenied
    count = 0
    for data in rows:
        try:
            services.program_create(scope=scope, actor=actor, data=data)
        except (ValidationError, PermissionDenied) as exc:
            reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            raise ValidationError(
                _(
                    "The row of program %(code)s no longer passes the checks (%(reason)s). "
                    "Nothing was imported; upload the file again."
                )
                % {"code": data.get("code", ""), "reason": reason}
            ) from exc
        count += 1
    return count


PROGRAM_IMPORT = register(
    ImportSpec(
        kind=KIND,
        title=gettext_lazy("Import programs"),
        columns=COLUMNS,
        required=REQUIRED,
        checker=ProgramChecker,
        writer=write_programs,
        permission=can_add_programs,
        list_url="catalogue:program_list",
        template_headers=TEMPLATE_HEADERS_FA,
        template_example=TEMPLATE_EXAMPLE,
    )
)
