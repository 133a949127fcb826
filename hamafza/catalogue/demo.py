"""Demo and default data of the catalogue: the seven teaching domains of the design brief and,
for demos, two published programs per domain with their lessons and test questions."""

from django.db import transaction

from hamafza.catalogue import services
from hamafza.catalogue.demo_data import PROGRAMS
from hamafza.catalogue.models import Domain, Program
from hamafza.core.persian import to_persian_digits
from hamafza.core.scoping import Role, Scope
from hamafza.org.models import Agency

# code, Persian name, kind of the owning agency
DEFAULT_DOMAINS = [
    ("citizenship", "آموزش شهروندی", None),
    ("health", "سلامت", Agency.Kind.HEALTH),
    ("environment", "محیط‌زیست", Agency.Kind.ENVIRONMENT),
    ("waste", "پسماند", Agency.Kind.WASTE),
    ("safety", "ایمنی و آتش‌نشانی", Agency.Kind.SAFETY),
    ("crisis", "مدیریت بحران", Agency.Kind.CRISIS),
    ("traffic", "ترافیک", Agency.Kind.TRAFFIC),
]


def seed_domains(municipality) -> list[Domain]:
    domains = []
    for code, name, kind in DEFAULT_DOMAINS:
        owner = (
            Agency.objects.filter(municipality=municipality, kind=kind).first() if kind else None
        )
        domain, _ = Domain.objects.get_or_create(
            municipality=municipality, code=code, defaults={"name": name, "owner_agency": owner}
        )
        domains.append(domain)
    return domains


def _lesson_plan(minutes: int, title: str, teach: str, activity: str) -> str:
    warm = max(5, round(minutes * 0.1))
    group = round(minutes * 0.35)
    close = max(5, round(minutes * 0.15))
    main = minutes - warm - group - close
    steps = [
        f"آغاز و گرم‌کردن ({warm} دقیقه): پرسش از تجربه شرکت‌کنندگان درباره «{title}».",
        f"آموزش و گفت‌وگو ({main} دقیقه): {teach}.",
        f"فعالیت گروهی ({group} دقیقه): {activity}.",
        f"جمع‌بندی ({close} دقیقه): مرور نکته‌های کلیدی، پاسخ به پرسش‌ها و تکلیف کوتاه برای خانه.",
    ]
    # Persian text, Persian digits: the step numbers and the minutes.
    return "\n".join(to_persian_digits(f"{n}. {step}") for n, step in enumerate(steps, start=1))


@transaction.atomic
def seed_programs(municipality) -> list[Program]:
    """Two published programs per default domain (3–4 lessons, 5 questions each), written through
    the catalogue's services by "the system". Idempotent: existing program codes are skipped."""
    seed_domains(municipality)
    # The seeding system acts as a platform admin of this municipality; no person is recorded.
    scope = Scope(user_id=0, role=Role.PLATFORM_ADMIN, municipality_id=municipality.pk)
    domains = {d.code: d for d in Domain.objects.filter(municipality=municipality)}
    existing = set(Program.objects.filter(municipality=municipality).values_list("code", flat=True))
    created = []
    for domain_code, programs in PROGRAMS.items():
        domain = domains.get(domain_code)
        if domain is None:
            continue
        for spec in programs:
            if spec["code"] in existing:
                continue
            created.append(_seed_program(scope, domain, spec))
    return created


def _seed_program(scope: Scope, domain: Domain, spec: dict) -> Program:
    program = services.program_create(
        scope=scope,
        actor=None,
        data={
            "domain": domain,
            "code": spec["code"],
            "title": spec["title"],
            "summary": spec["summary"],
            "objectives": spec["objectives"],
            "audience": spec["audience"],
            "gender": spec["gender"],
            "session_count": len(spec["lessons"]),
            "session_minutes": spec["minutes"],
        },
    )
    version = program.versions.get(number=1)
    for title, objective, teach, activity in spec["lessons"]:
        services.lesson_save(
            scope=scope,
            actor=None,
            version=version,
            data={
                "title": title,
                "objectives": objective,
                "plan": _lesson_plan(spec["minutes"], title, teach, activity),
            },
        )
    services.version_publish(scope=scope, actor=None, version=version)
    for text, choices, correct, explanation in spec["questions"]:
        services.question_save(
            scope=scope,
            actor=None,
            program=program,
            data={
                "text": text,
                "choices": list(choices),
                "correct_index": correct,
                "explanation": explanation,
            },
        )
    program.refresh_from_db()
    return program
