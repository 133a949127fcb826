"""The school import: columns, the row checker and the writer, plugged into the import engine.

Headers may be in Persian or English; values may use Persian or Latin digits and the Persian or
English names of choices.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from hamafza.core.persian import dedupe_key, localize_digits, search_key, to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.org.importing import (
    ImportSpec,
    RowChecker,
    int_value,
    register,
)
from hamafza.org.models import District, Neighbourhood, School
from hamafza.org.permissions import can_import_schools

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
    "نام مدرسه", "کد مدرسه", "منطقه", "محله", "مقطع", "جنسیت", "نوع مالکیت", "از پایه", "تا پایه",
    "نشانی", "نام مدیر", "تلفن همراه مدیر",
]  # fmt: skip
TEMPLATE_EXAMPLE = [
    "دبستان نمونه",
    "123456",
    1,
    "",
    "ابتدایی",
    "دخترانه",
    "دولتی",
    1,
    6,
    "",
    "",
    "09121234567",
]


def choice_lookup(choices) -> dict[str, str]:
    """Every spelling of a choice (value, English label, Persian label) → value."""
    lookup = {}
    for value, label in choices:
        lookup[search_key(value)] = value
        for lang in ("en", "fa"):
            with translation.override(lang):
                lookup[search_key(str(label))] = value
                lookup[search_key(str(label).split("(")[0])] = value
    return lookup


class DistrictResolver:
    """District numbers → the districts the scope may use, with a reason when it may not."""

    def __init__(self, scope: Scope):
        self.visible = {d.number: d for d in scoped(District.objects.all(), scope)}
        self.all_numbers = set(
            District.objects.filter(municipality_id=scope.municipality_id).values_list(
                "number", flat=True
            )
        )

    def resolve(self, text: str, errors: list[str]) -> District | None:
        try:
            number = int_value(text)
        except ValueError:
            errors.append(_("District “%(v)s” is not a number.") % {"v": text})
            return None
        district = self.visible.get(number)
        if district is None:
            if number in self.all_numbers:
                errors.append(
                    _("District %(n)s is outside your area.") % {"n": localize_digits(number)}
                )
            else:
                errors.append(_("There is no district %(n)s.") % {"n": localize_digits(number)})
        return district


class SchoolChecker(RowChecker):
    def __init__(self, scope: Scope):
        super().__init__(scope)
        self.districts = DistrictResolver(scope)
        self.neighbourhoods = {
            (n.district_id, dedupe_key(n.name)): n.pk
            for n in scoped(Neighbourhood.objects.all(), scope)
        }
        schools = School.objects.filter(municipality_id=scope.municipality_id)
        self.existing_codes = set(schools.values_list("code", flat=True))
        self.existing_names = set(schools.values_list("district_id", "name_key"))
        self.stages = choice_lookup(School.Stage.choices)
        self.genders = choice_lookup(School.Gender.choices)
        self.ownerships = choice_lookup(School.Ownership.choices)
        self.seen_codes: dict[str, int] = {}
        self.seen_names: dict[tuple, int] = {}

    def check(self, number: int, values: dict[str, str]) -> tuple[dict, list[str], str]:
        errors: list[str] = []
        for key in REQUIRED:
            if not values[key]:
                errors.append(_("“%(col)s” is empty.") % {"col": SCHOOL_COLUMNS[key][-1]})
        data: dict = {
            "name": values["name"],
            "code": to_latin_digits(values["code"]),
            "address": values["address"],
            "principal_name": values["principal_name"],
            "principal_mobile": "",
            "neighbourhood_id": None,
        }
        district = (
            self.districts.resolve(values["district"], errors) if values["district"] else None
        )
        data["district_id"] = district.pk if district else None
        if values["neighbourhood"] and district:
            data["neighbourhood_id"] = self.neighbourhoods.get(
                (district.pk, dedupe_key(values["neighbourhood"]))
            )
            if data["neighbourhood_id"] is None:
                errors.append(
                    _("District %(n)s has no neighbourhood “%(name)s”.")
                    % {"n": district.number, "name": values["neighbourhood"]}
                )
        for key, lookup, label in (
            ("stage", self.stages, _("type")),
            ("gender", self.genders, _("gender")),
            ("ownership", self.ownerships, _("ownership")),
        ):
            if values[key]:
                data[key] = lookup.get(search_key(values[key]))
                if data[key] is None:
                    errors.append(
                        _("“%(v)s” is not a known %(field)s.") % {"v": values[key], "field": label}
                    )
        if not data.get("ownership"):
            data["ownership"] = School.Ownership.PUBLIC
        for key in ("grade_from", "grade_to"):
            if values[key]:
                try:
                    data[key] = int_value(values[key])
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
        if values["principal_mobile"]:
            try:
                validate_mobile(values["principal_mobile"])
                data["principal_mobile"] = normalize_mobile(values["principal_mobile"])
            except ValidationError as exc:
                errors.extend(exc.messages)
        if data["code"]:
            if data["code"] in self.existing_codes:
                errors.append(_("A school with code %(c)s already exists.") % {"c": data["code"]})
            elif data["code"] in self.seen_codes:
                errors.append(
                    _("Code %(c)s is repeated from row %(r)s.")
                    % {"c": data["code"], "r": self.seen_codes[data["code"]]}
                )
            else:
                self.seen_codes[data["code"]] = number
        if data["name"] and district:
            key = (district.pk, dedupe_key(data["name"]))
            if key in self.existing_names:
                errors.append(
                    _("District %(n)s already has a school with this name.")
                    % {"n": district.number}
                )
            elif key in self.seen_names:
                errors.append(
                    _("This school is repeated from row %(r)s.") % {"r": self.seen_names[key]}
                )
            else:
                self.seen_names[key] = number
        return data, errors, values["name"] or values["code"]


def write_schools(scope: Scope, actor, municipality_id: int, rows) -> int:
    """Create the schools of the valid rows, re-validated against the database as it is now."""
    schools = []
    for data in rows:
        school = School(municipality_id=municipality_id, **data)
        try:
            school.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                _(
                    "A row no longer passes the checks (%(reason)s). Nothing was imported; upload the file again."
                )
                % {"reason": "; ".join(exc.messages)}
            ) from exc
        school.refresh_keys()
        schools.append(school)
    bulk_create_with_history(schools, School, batch_size=500, default_user=actor)
    return len(schools)


SCHOOL_IMPORT = register(
    ImportSpec(
        kind="school",
        title=gettext_lazy("Import schools"),
        columns=SCHOOL_COLUMNS,
        required=REQUIRED,
        checker=SchoolChecker,
        writer=write_schools,
        permission=can_import_schools,
        list_url="org:school_list",
        template_headers=TEMPLATE_HEADERS_FA,
        template_example=TEMPLATE_EXAMPLE,
    )
)
