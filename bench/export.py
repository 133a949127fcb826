"""Streaming export benchmark: the raw sessions and attendance exports (CSV and Excel) over a
synthetic Tehran-scale history (the dashboard benchmark's generator), timed through the real
background runner. Reports rows/s and the export's peak memory above the process's baseline,
sampled every 20 ms, so flat memory shows as the same figure at every size.

    python manage.py bench export [--json] [--sizes 100000,1000000] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import sys
import threading
import time


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


class _Peak:
    """The highest resident memory seen while the block runs."""

    def __enter__(self):
        self.base = _rss_mb()
        self.peak = self.base
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def _watch(self):
        while self.running:
            self.peak = max(self.peak, _rss_mb())
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss_mb())

    @property
    def growth(self) -> float:
        return round(self.peak - self.base, 1)


def child(size: int, formats: list[str]) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from bench.dashboard import _history, _world
    from hamafza.exports import runner
    from hamafza.exports.models import ExportJob
    from hamafza.org.middleware import scope_for_user

    city, user, rng = _world()
    _history(city, size, rng)
    scope = scope_for_user(user)
    common = {"bench": "export", "database": connection.vendor, "sessions": size}
    results = []
    import datetime as dt

    for kind in ("sessions", "attendance"):
        for fmt in formats:
            job = ExportJob.objects.create(
                municipality_id=city.pk, requested_by=user, kind=kind, fmt=fmt,
                date_from=dt.date(2000, 1, 1), date_to=dt.date(2100, 1, 1), role=scope.role,
            )  # fmt: skip
            with _Peak() as peak:
                t = time.perf_counter()
                ok = runner.run(job.pk)
                seconds = time.perf_counter() - t
            job.refresh_from_db()
            if not ok:
                raise RuntimeError(f"export failed: {job.error}")
            size_mb = round(job.file.size / 1_048_576, 1)
            job.file.delete(save=False)
            tag = f"{kind}_{fmt}"
            results += [
                {**common, "metric": f"{tag}_rows", "value": job.rows_done, "unit": "rows"},
                {**common, "metric": f"{tag}_rows_per_s", "value": round(job.rows_done / seconds),
                 "unit": "rows/s", "seconds": round(seconds, 1), "file_mb": size_mb},
                {**common, "metric": f"{tag}_peak_memory_growth", "value": peak.growth,
                 "unit": "MB"},
            ]  # fmt: skip
    return results


def run(options, write) -> list[dict]:
    from bench.common import postgres_available, run_child

    sizes = options.get("sizes") or options.get("rows") or "100000,1000000"
    formats = options.get("formats") or "csv,xlsx"
    results = []
    for size in sizes.split(","):
        for database in (options.get("databases") or "sqlite,postgresql").split(","):
            if database == "postgresql" and not postgres_available():
                continue
            results += run_child("export", ["--size", size, "--formats", formats], database)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,xlsx")
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    for line in child(args.size, args.formats.split(",")):
        print(json.dumps(line, ensure_ascii=False))  # noqa: T201 - the parent reads these lines
