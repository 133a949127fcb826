"""Helpers shared by benchmarks: fresh databases in child processes, timing, JSON lines."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), connect_timeout=2
        ):
            return True
    except Exception:  # noqa: BLE001
        return False


def fresh_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def run_child(module: str, args: list[str], database: str) -> list[dict]:
    """Run `python -m bench.<module> --child ...` against a fresh database; return its JSON lines."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false"}
    env.pop("DATABASE_URL", None)
    tmp = None
    if database == "postgresql":
        env["DATABASE_URL"] = fresh_postgres(f"hamafza_bench_{module}")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="hamafza-bench-")
        env["HAMAFZA_DATA_DIR"] = tmp.name
    try:
        out = subprocess.run(  # noqa: S603 - our own module, our own interpreter
            [sys.executable, "-m", f"bench.{module}", "--child", *args],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stdout + exc.stderr)
        raise
    finally:
        if tmp:
            tmp.cleanup()
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def emit(results: list[dict], as_json: bool, write) -> None:
    for r in results:
        if as_json:
            write(json.dumps(r, ensure_ascii=False))
        else:
            extra = (
                f"  (baseline {r['baseline']} {r['unit']}, ratio {r['ratio']})"
                if "baseline" in r
                else ""
            )
            db = f"[{r.get('database', '')}] " if r.get("database") else ""
            write(f"{r['bench']:<16} {db}{r['metric']:<34} {r['value']} {r['unit']}{extra}")
