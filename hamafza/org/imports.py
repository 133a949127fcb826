"""Reading school lists from Excel or CSV and checking every row before anything is written.

Headers may be in Persian or English; values may use Persian or Latin digits and the Persian or
English names of choices. Each row comes back with its cleaned data or the reasons it is refused.
"""

import csv
import io
from collections.abc import Callable, Iterator

import openpyxl
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.core.persian import dedupe_key, normalize, search_key, to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.org.models import District, Neighbourhood, School

# column key -> accepted header spellings (folded)
SCHOOL_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "school", "نام", "نام مدرسه"),
    "code": ("code", "school code", "کد", "کد مدرسه"),
    "district": ("district", "منطقه", "شماره منطقه"),
    "neighbourhood": ("neighbourhood", "neighborhood", "محله"),
    "stage": ("type", "stage", "نوع", "مقطع"),
    "gender": ("gender", "جنسیت"),
    "ownership": ("ownership", "مالکیت", "نوع مالکیت"),
    "grade_from": ("grade from", "from grade", "از پایه"),
    "grade_to": ("grade to", "to grade", "تا پایه"),
    "address": ("address", "نشانی", "آدرس"),
    "principal_name": ("principal", "principal name", "مدیر", "نام مدیر"),
    "principal_mobile": (
        "principal mobile",
        "principal's mobile",
        "تلفن همراه مدیر",
        "موبایل مدیر",
    ),
}
REQUIRED = ("name", "code", "district", "stage", "gender", "grade_from", "grade_to")
TEMPLATE_HEADERS_FA = [
    "نام مدرسه",
    "کد مدرسه",
    "منطقه",
    "محله",
    "مقطع",
    "جنسیت",
    "نوع مالکیت",
    "از پایه",
    "تا پایه",
    "نشانی",
    "نام مدیر",
    "تلفن همراه مدیر",
]
MAX_ROWS = 50_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


def _choice_lookup(choices) -> dict[str, str]:
    """Every spelling of a choice (value, English label, Persian label) → value."""
    lookup = {}
    for value, label in choices:
        lookup[search_key(value)] = value
        for lang in ("en", "fa"):
            with translation.override(lang):
                lookup[search_key(str(label))] = value
                lookup[search_key(str(label).split("(")[0])] = value
    return lookup


def read_table(data: bytes, file_name: str) -> tuple[list[str], list[list]]:
    """Header row and data rows from .xlsx or .csv bytes."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise ImportFileError(_("This file could not be read as an Excel workbook.")) from exc
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1256")
            except UnicodeDecodeError as exc:
                raise ImportFileError(_("The CSV file must be saved as UTF-8.")) from exc
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFileError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return [str(h or "") for h in rows[0]], rows[1:]


def map_headers(headers: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    folded = [search_key(h) for h in headers]
    mapping = {}
    for key, spellings in columns.items():
        for i, h in enumerate(folded):
            if h in {search_key(s) for s in spellings}:
                mapping[key] = i
                break
    missing = [k for k in REQUIRED if k not in mapping]
    if missing:
        raise ImportFileError(
            _("These columns are missing: %(cols)s")
            % {"cols": ", ".join(columns[k][-1] for k in missing)}
        )
    return mapping


def _cell(row: list, index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _int(text: str) -> int:
    return int(to_latin_digits(text).strip())


def check_school_rows(
    *,
    scope: Scope,
    headers: list[str],
    rows: list[list],
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict]:
    """Yield {"row": n, "data": {...}, "errors": [...]} for every data row (n counts from 2)."""
    mapping = map_headers(headers, SCHOOL_COLUMNS)
    visible_districts = {d.number: d for d in scoped(District.objects.all(), scope)}
    all_numbers = set(
        District.objects.filter(municipality_id=scope.municipality_id).values_list(
            "number", flat=True
        )
    )
    neighbourhoods = {
        (n.district_id, dedupe_key(n.name)): n.pk
        for n in scoped(Neighbourhood.objects.all(), scope)
    }
    existing_codes = set(
        School.objects.filter(municipality_id=scope.municipality_id).values_list("code", flat=True)
    )
    existing_names = set(
        School.objects.filter(municipality_id=scope.municipality_id).values_list(
            "district_id", "name_key"
        )
    )
    stages = _choice_lookup(School.Stage.choices)
    genders = _choice_lookup(School.Gender.choices)
    ownerships = _choice_lookup(School.Ownership.choices)
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}

    for offset, row in enumerate(rows):
        number = offset + 2
        values = {k: _cell(row, mapping.get(k)) for k in SCHOOL_COLUMNS}
        errors: list[str] = []
        data: dict = {}
        for key in REQUIRED:
            if not values[key]:
                errors.append(_("“%(col)s” is empty.") % {"col": SCHOOL_COLUMNS[key][-1]})
        data["name"] = values["name"]
        data["code"] = to_latin_digits(values["code"])
        data["address"] = values["address"]
        data["principal_name"] = values["principal_name"]

        district = None
        if values["district"]:
            try:
                district_number = _int(values["district"])
            except ValueError:
                errors.append(_("District “%(v)s” is not a number.") % {"v": values["district"]})
            else:
                district = visible_districts.get(district_number)
                if district is None:
                    if district_number in all_numbers:
                        errors.append(
                            _("District %(n)s is outside your area.") % {"n": district_number}
                        )
                    else:
                        errors.append(_("There is no district %(n)s.") % {"n": district_number})
        data["district_id"] = district.pk if district else None

        data["neighbourhood_id"] = None
        if values["neighbourhood"] and district:
            data["neighbourhood_id"] = neighbourhoods.get(
                (district.pk, dedupe_key(values["neighbourhood"]))
            )
            if data["neighbourhood_id"] is None:
                errors.append(
                    _("District %(n)s has no neighbourhood “%(name)s”.")
                    % {"n": district.number, "name": values["neighbourhood"]}
                )

        for key, lookup, label in (
            ("stage", stages, _("type")),
            ("gender", genders, _("gender")),
            ("ownership", ownerships, _("ownership")),
        ):
            if values[key]:
                data[key] = lookup.get(search_key(values[key]))
                if data[key] is None:
                    errors.append(
                        _("“%(v)s” is not a known %(field)s.") % {"v": values[key], "field": label}
                    )
        data.setdefault("ownership", School.Ownership.PUBLIC)
        if data.get("ownership") is None:
            data["ownership"] = School.Ownership.PUBLIC

        for key in ("grade_from", "grade_to"):
            if values[key]:
                try:
                    data[key] = _int(values[key])
                    if not 0 <= data[key] <= 12:
                        raise ValueError
                except ValueError:
                    errors.append(
                        _("Grade “%(v)s” must be a number from 0 to 12.") % {"v": values[key]}
                    )
                    data[key] = None
        if data.get("grade_from") is not None and data.get("grade_to") is not None:
            if data["grade_from"] > data["grade_to"]:
                errors.append(_("The first grade is after the last grade."))

        data["principal_mobile"] = ""
        if values["principal_mobile"]:
            try:
                validate_mobile(values["principal_mobile"])
                data["principal_mobile"] = normalize_mobile(values["principal_mobile"])
            except ValidationError as exc:
                errors.extend(exc.messages)

        if data["code"]:
            if data["code"] in existing_codes:
                errors.append(_("A school with code %(c)s already exists.") % {"c": data["code"]})
            elif data["code"] in seen_codes:
                errors.append(
                    _("Code %(c)s is repeated from row %(r)s.")
                    % {"c": data["code"], "r": seen_codes[data["code"]]}
                )
            else:
                seen_codes[data["code"]] = number
        if data["name"] and district:
            key = (district.pk, dedupe_key(data["name"]))
            if key in existing_names:
                errors.append(
                    _("District %(n)s already has a school with this name.")
                    % {"n": district.number}
                )
            elif key in seen_names:
                errors.append(_("This school is repeated from row %(r)s.") % {"r": seen_names[key]})
            else:
                seen_names[key] = number

        yield {
            "row": number,
            "data": data,
            "errors": errors,
            "label": values["name"] or values["code"],
        }
        if progress and number % 200 == 0:
            progress(offset + 1)
