"""Import 100,000 trainer rows (valid and invalid mixed) through the real import engine, on SQLite
and PostgreSQL: rows/second, peak memory, and the ratio against a plain row-by-row ORM save.

The parent process creates a fresh database per engine and runs this module as a child:
    python manage.py bench import_trainers [--json] [--rows 100000] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world():
    from django.contrib.auth import get_user_model

    from hamafza.catalogue.demo import seed_domains
    from hamafza.core.scoping import Role
    from hamafza.org.middleware import scope_for_user
    from hamafza.org.models import Agency, District, Membership, Municipality

    city = Municipality.objects.create(slug="bench", name="شهرداری آزمون")
    districts = [
        District.objects.create(municipality=city, number=n, name=f"منطقه {n}")
        for n in range(1, 23)
    ]
    Agency.objects.create(municipality=city, name="اداره‌کل سلامت", kind=Agency.Kind.HEALTH)
    seed_domains(city)
    user = get_user_model().objects.create(username="bench")
    Membership.objects.create(user=user, municipality=city, role=Role.DIRECTORATE)
    scope = scope_for_user(user)
    return city, districts, user, scope


def _rss_mb() -> float:
    """Peak resident memory of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_csv(path, rows: int, seed: int = 1) -> int:
    """Write a CSV (streamed to disk) with about a quarter of the rows invalid: bad check digit,
    bad mobile, unknown district. Returns the number of invalid rows written."""
    from hamafza.trainers.demo import FIRST, LAST, national_code

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    codes = set()
    invalid = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("نام,نام خانوادگی,کد ملی,تلفن همراه,جنسیت,منطقه,سازمان,حوزه‌ها,تحصیلات\n")
        for i in range(rows):
            code = national_code(rng)
            while code in codes:
                code = national_code(rng)
            codes.add(code)
            mobile = f"09{rng.randint(100000000, 999999999)}"
            district = rng.randint(1, 22)
            kind = i % 10
            if kind == 3:
                code = code[:9] + str((int(code[9]) + 1) % 10)  # bad check digit
                invalid += 1
            elif kind == 6:
                mobile = "0912"
                invalid += 1
            elif kind == 9 and i % 20 == 9:
                district = 40
                invalid += 1
            agency = "اداره‌کل سلامت" if i % 3 == 0 else ""
            domains = rng.choice(["سلامت", "پسماند", "سلامت، ترافیک", ""])
            out.write(
                f"{rng.choice(FIRST)},{rng.choice(LAST)},{code},{mobile},{rng.choice(['زن', 'مرد'])},"
                f'{district},{agency},"{domains}",کارشناسی\n'
            )
    return invalid


def child(rows: int, baseline_rows: int) -> list[dict]:
    _setup_django()
    from django.core.files import File
    from django.db import connection

    from hamafza.org import importing
    from hamafza.org.models import ImportBatch
    from hamafza.trainers.models import Trainer, TrainerDomain

    city, districts, user, scope = _world()
    path = os.path.join(tempfile.mkdtemp(prefix="hamafza-bench-"), "trainers.csv")
    make_csv(path, rows)
    size = os.path.getsize(path)
    db = connection.vendor
    results = []

    rss_before = _rss_mb()
    t0 = time.perf_counter()
    with open(path, "rb") as handle:
        batch = importing.import_start(
            scope=scope, actor=user, kind="trainer", upload=File(handle, name="trainers.csv")
        )
    if batch.status == ImportBatch.Status.PARSING:  # large files go to the queue: run the job here
        importing.import_check(batch_id=batch.pk)
        batch.refresh_from_db()
    t_check = time.perf_counter() - t0
    t1 = time.perf_counter()
    count = importing.import_apply(scope=scope, actor=user, batch=batch)
    t_apply = time.perf_counter() - t1
    peak_rss = _rss_mb()
    rss_growth = peak_rss - rss_before
    total = t_check + t_apply
    if not Trainer.objects.count() == count == batch.valid_count:
        raise RuntimeError(f"imported {count}, expected {batch.valid_count}")
    rate = rows / total

    # Baseline: the same kind of rows saved one by one through the ORM (validated, then saved).
    from django.core.exceptions import ValidationError

    from hamafza.catalogue.models import Domain
    from hamafza.core.validators import normalize_mobile
    from hamafza.trainers.demo import national_code

    rng = random.Random(7)  # noqa: S311
    domain_ids = list(Domain.objects.filter(municipality=city).values_list("pk", flat=True))
    t2 = time.perf_counter()
    saved = 0
    for i in range(baseline_rows):
        trainer = Trainer(
            municipality=city, first_name="نام", last_name="خانوادگی", national_code=national_code(rng),
            mobile=normalize_mobile(f"09{rng.randint(100000000, 999999999)}"), gender="female",
            home_district=districts[i % 22],
        )  # fmt: skip
        try:
            trainer.full_clean()
        except ValidationError:  # a random repeat of an existing code
            continue  # noqa: S112
        trainer.save()
        TrainerDomain.objects.create(
            municipality=city, trainer=trainer, domain_id=domain_ids[i % len(domain_ids)]
        )
        saved += 1
    baseline_rate = baseline_rows / (time.perf_counter() - t2)

    common = {"bench": "import_trainers", "database": db, "rows": rows}
    results.append({**common, "metric": "rows_per_second", "value": round(rate), "unit": "rows/s",
                    "baseline": round(baseline_rate), "ratio": round(rate / baseline_rate, 1)})  # fmt: skip
    results.append({**common, "metric": "check_seconds", "value": round(t_check, 2), "unit": "s"})
    results.append({**common, "metric": "apply_seconds", "value": round(t_apply, 2), "unit": "s"})
    results.append({**common, "metric": "imported_rows", "value": count, "unit": "rows"})
    results.append({**common, "metric": "rejected_rows", "value": rows - count, "unit": "rows"})
    results.append(
        {**common, "metric": "peak_memory_growth", "value": round(rss_growth, 1), "unit": "MB"}
    )
    results.append(
        {**common, "metric": "process_peak_rss", "value": round(peak_rss, 1), "unit": "MB"}
    )
    results.append(
        {**common, "metric": "file_size", "value": round(size / 1_048_576, 1), "unit": "MB"}
    )
    return results


def run(options, write) -> list[dict]:
    from bench.common import postgres_available, run_child

    results = []
    sizes = [int(s) for s in str(options.get("rows") or "20000,100000").split(",")]
    databases = (options.get("databases") or "sqlite,postgresql").split(",")
    for database in databases:
        if database == "postgresql" and not postgres_available():
            write(
                json.dumps(
                    {
                        "bench": "import_trainers",
                        "database": "postgresql",
                        "metric": "skipped",
                        "value": 0,
                        "unit": "no server",
                    }
                )
            )
            continue
        for size in sizes:
            results += run_child(
                "import_trainers",
                ["--rows", str(size), "--baseline-rows", str(min(size, 3000))],
                database,
            )
    # memory growth between the smallest and the largest file
    for database in databases:
        peaks = {
            r["rows"]: r["value"]
            for r in results
            if r["database"] == database and r["metric"] == "peak_memory_growth"
        }
        if len(peaks) > 1:
            small, large = min(peaks), max(peaks)
            results.append({"bench": "import_trainers", "database": database, "metric": "memory_growth_large_vs_small",
                            "value": round(peaks[large] - peaks[small], 1), "unit": f"MB for {large // small}x rows"})  # fmt: skip
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=3000)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    for line in child(args.rows, args.baseline_rows):
        print(json.dumps(line, ensure_ascii=False))  # noqa: T201 - the parent reads these lines
