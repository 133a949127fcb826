"""The trainer import, plugged into the import engine: rows are checked against the rules of the
Trainer model (national code checksum and uniqueness, mobile, district in scope, known domains)
and written in bulk, so a file of 100,000 rows imports in seconds."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.catalogue.models import Domain
from hamafza.core.bulk import insert_rows
from hamafza.core.l10n import join_list
from hamafza.core.persian import dedupe_key, localize_digits, search_key, to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import is_valid_national_code, normalize_mobile
from hamafza.org.importing import CHUNK, ImportSpec, RowChecker, register
from hamafza.org.imports import DistrictResolver, choice_lookup
from hamafza.org.models import Agency
from hamafza.trainers.models import Trainer, TrainerDomain
from hamafza.trainers.permissions import can_add_trainer

COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "نام"),
    "last_name": ("last name", "surname", "نام خانوادگی"),
    "national_code": ("national code", "کد ملی"),
    "mobile": ("mobile", "mobile number", "تلفن همراه"),
    "gender": ("gender", "جنسیت"),
    "district": ("home district", "district", "منطقه"),
    "employer": ("employer", "agency", "سازمان"),
    "domains": ("domains", "حوزه‌ها"),
    "education": ("education", "تحصیلات"),
}
REQUIRED = ("first_name", "last_name", "national_code", "mobile", "gender", "district")
TEMPLATE_HEADERS_FA = [
    "نام",
    "نام خانوادگی",
    "کد ملی",
    "تلفن همراه",
    "جنسیت",
    "منطقه",
    "سازمان",
    "حوزه‌ها",
    "تحصیلات",
]
TEMPLATE_EXAMPLE = [
    "مریم",
    "احمدی",
    "0499370899",
    "09121234567",
    "زن",
    6,
    "اداره‌کل سلامت",
    "سلامت، پسماند",
    "کارشناسی",
]
_SEPARATORS = str.maketrans({"،": ",", "؛": ",", ";": ",", "/": ","})


def _unknown(value: str, field: str, choices) -> str:
    """The refusal of a value outside ``choices``, listing the values that are accepted."""
    return _("“%(v)s” is not a known %(field)s. Write one of: %(choices)s.") % {
        "v": value,
        "field": field,
        "choices": join_list(choices.labels),
    }


class TrainerChecker(RowChecker):
    def __init__(self, scope: Scope):
        super().__init__(scope)
        self.districts = DistrictResolver(scope)
        self.existing = set(
            Trainer.objects.filter(municipality_id=scope.municipality_id).values_list(
                "national_code", flat=True
            )
        )
        self.agencies = {}
        for agency in scoped(Agency.objects.all(), scope):
            self.agencies[dedupe_key(agency.name)] = agency.pk
            if agency.short_name:
                self.agencies.setdefault(dedupe_key(agency.short_name), agency.pk)
        self.domains = {}
        for domain in scoped(Domain.objects.all(), scope):
            self.domains[dedupe_key(domain.code)] = domain.pk
            self.domains[dedupe_key(domain.name)] = domain.pk
        self.genders = choice_lookup(Trainer.Gender.choices)
        self.genders.update(
            {search_key("زن"): Trainer.Gender.FEMALE, search_key("مرد"): Trainer.Gender.MALE}
        )
        self.education = choice_lookup(Trainer.Education.choices)
        self.education.update(
            {search_key(k): v for k, v in (("دیپلم", "diploma"), ("کاردانی", "associate"), ("کارشناسی", "bachelor"),
                                           ("کارشناسی ارشد", "master"), ("دکتری", "doctorate"),
                                           ("دکترا", "doctorate"), ("فوق دیپلم", "associate"),
                                           ("لیسانس", "bachelor"), ("فوق لیسانس", "master"))}
        )  # fmt: skip

    def check(self, number: int, values: dict[str, str]) -> tuple[dict, list[str], str]:
        errors: list[str] = []
        for key in REQUIRED:
            if not values[key]:
                errors.append(_("“%(col)s” is empty.") % {"col": COLUMNS[key][-1]})
        code = to_latin_digits(values["national_code"]).replace("-", "").replace(" ", "")
        if code and not is_valid_national_code(code):
            errors.append(_("National code %(c)s is not valid.") % {"c": code})
        elif code in self.existing:
            errors.append(
                _("A trainer with national code %(c)s is already registered.") % {"c": code}
            )
        mobile = normalize_mobile(values["mobile"]) if values["mobile"] else ""
        if mobile and not (
            len(mobile) == 11
            and mobile.startswith("09")
            and mobile.isascii()
            and mobile.isdecimal()
        ):
            errors.append(_("Mobile number %(m)s is not valid.") % {"m": values["mobile"]})
        data = {
            "first_name": values["first_name"][:100],
            "last_name": values["last_name"][:100],
            "national_code": code,
            "mobile": mobile,
        }
        if values["gender"]:
            data["gender"] = self.genders.get(search_key(values["gender"]))
            if data["gender"] is None:
                errors.append(_unknown(values["gender"], _("gender"), Trainer.Gender))
        data["education"] = ""
        if values["education"]:
            data["education"] = self.education.get(search_key(values["education"]))
            if data["education"] is None:
                errors.append(_unknown(values["education"], _("education"), Trainer.Education))
        district = (
            self.districts.resolve(values["district"], errors) if values["district"] else None
        )
        data["home_district_id"] = district.pk if district else None
        data["employer_id"] = None
        if values["employer"]:
            data["employer_id"] = self.agencies.get(dedupe_key(values["employer"]))
            if data["employer_id"] is None:
                errors.append(_("There is no agency “%(v)s”.") % {"v": values["employer"]})
        data["domain_ids"] = []
        for part in values["domains"].translate(_SEPARATORS).split(","):
            part = part.strip()
            if part:
                domain_id = self.domains.get(dedupe_key(part))
                if domain_id is None:
                    errors.append(_("There is no domain “%(v)s”.") % {"v": part})
                elif domain_id not in data["domain_ids"]:
                    data["domain_ids"].append(domain_id)
        label = f"{values['first_name']} {values['last_name']}".strip() or code
        return data, errors, label

    def key(self, data: dict) -> str:
        return data["national_code"]

    def duplicate_message(self, first_row: int) -> str:
        return _("The same national code is on row %(r)s.") % {"r": localize_digits(first_row)}


TRAINER_COLUMNS = (
    "municipality_id", "created_at", "updated_at", "search_text", "first_name", "last_name",
    "national_code", "mobile", "gender", "education", "photo", "home_district_id", "employer_id",
    "is_volunteer", "languages", "status", "max_hours_per_week",
)  # fmt: skip


def write_trainers(scope: Scope, actor, municipality_id: int, rows) -> int:
    """Insert trainers, their audit rows and their domains a chunk at a time (COPY on PostgreSQL).
    A national code registered since the check makes the database refuse the whole import."""
    count = 0
    chunk: list[dict] = []
    history_columns = (*[c for c in TRAINER_COLUMNS if c != "search_text"], "id", "user_id", "history_date",
                       "history_type", "history_user_id", "history_change_reason")  # fmt: skip
    HistoricalTrainer = Trainer.history.model

    def flush():
        nonlocal count
        now = timezone.now()
        tuples = []
        for data in chunk:
            search = " ".join(search_key(data[f]) for f in Trainer.search_fields)
            data.update(municipality_id=municipality_id, created_at=now, updated_at=now, search_text=search,
                        photo="", is_volunteer=False, languages="فارسی", status=Trainer.Status.ACTIVE,
                        max_hours_per_week=20)  # fmt: skip
            tuples.append(tuple(data[c] for c in TRAINER_COLUMNS))
        insert_rows(Trainer, TRAINER_COLUMNS, tuples)
        ids = dict(
            Trainer.objects.filter(
                municipality_id=municipality_id,
                national_code__in=[d["national_code"] for d in chunk],
            ).values_list("national_code", "pk")
        )
        insert_rows(
            HistoricalTrainer,
            history_columns,
            [
                (*(d[c] for c in TRAINER_COLUMNS if c != "search_text"), ids[d["national_code"]], None, now, "+",
                 getattr(actor, "pk", None), None)
                for d in chunk
            ],
        )  # fmt: skip
        insert_rows(
            TrainerDomain,
            (
                "municipality_id",
                "created_at",
                "updated_at",
                "trainer_id",
                "domain_id",
                "prior_hours",
            ),
            [
                (municipality_id, now, now, ids[d["national_code"]], domain_id, 0)
                for d in chunk
                for domain_id in d["domain_ids"]
            ],
        )
        count += len(chunk)
        chunk.clear()

    for data in rows:
        chunk.append(data)
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    return count


TRAINER_IMPORT = register(
    ImportSpec(
        kind="trainer",
        title=gettext_lazy("Import trainers"),
        columns=COLUMNS,
        required=REQUIRED,
        checker=TrainerChecker,
        writer=write_trainers,
        permission=can_add_trainer,
        list_url="trainers:pool",
        template_headers=TEMPLATE_HEADERS_FA,
        template_example=TEMPLATE_EXAMPLE,
    )
)
