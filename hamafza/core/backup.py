"""Backup and restore of the whole site: the database and the uploaded files in one archive.

The archive is a gzipped tar holding ``manifest.json``, the database (``database.sqlite3``, a
copy taken with SQLite's online backup API, or ``database.dump``, pg_dump's custom format) and
``media/`` (every file under MEDIA_ROOT). The manifest names the app version, the database
vendor, the applied migrations, every table's row count and checksum, and the SHA-256 of every
file in the archive, so a damaged archive is refused before anything is written and a restore is
checked table by table against the figures of the moment it was taken.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump, pg_restore and psql, with fixed arguments
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# Rows Django writes for itself on every migrated database: their presence is not data.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 2000


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


@dataclass
class Summary:
    path: Path
    tables: int
    rows: int
    media_files: int


# ----- figures: a row count and a checksum per table -----


def _text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def table_figures(connection=connection) -> dict[str, dict]:
    """``{table: {"rows": n, "checksum": sha256}}`` for every table of the database, read in
    primary-key order (all columns where a table has none), so equal data gives equal figures."""
    figures = {}
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        orders = {}
        for table in tables:
            columns = connection.introspection.get_primary_key_columns(cursor, table) or [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            orders[table] = ", ".join(qn(c) for c in columns)
    for table in tables:
        digest, rows = hashlib.sha256(), 0
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT * FROM {qn(table)} ORDER BY {orders[table]}")  # noqa: S608
            while batch := cursor.fetchmany(CHUNK):
                for row in batch:
                    digest.update(("\x1f".join(_text(v) for v in row) + "\x1e").encode())
                rows += len(batch)
        figures[table] = {"rows": rows, "checksum": digest.hexdigest()}
    return figures


def differences(expected: dict, actual: dict) -> list[str]:
    """The tables whose row count or checksum differ, or that one side lacks."""
    return sorted(
        table
        for table in expected.keys() | actual.keys()
        if expected.get(table) != actual.get(table)
    )


def tables_with_data() -> list[str]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        found = []
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in BOOKKEEPING:
                continue
            cursor.execute(f"SELECT 1 FROM {qn(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(table)
    return found


def applied_migrations(connection=connection) -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("hamafza")
    except metadata.PackageNotFoundError:
        return "unknown"


# ----- PostgreSQL through its own tools -----


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(name):
            env[key] = str(db[name])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install -y postgresql-client).")
    return path


def _run(args: list[str], **kwargs) -> None:
    result = subprocess.run(args, env=_pg_env(), capture_output=True, check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.decode(errors='replace')}")


# ----- backup -----


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def backup(path: Path) -> Summary:
    """Write the archive to ``path`` (through a temporary name, so a failed backup leaves no
    half-written archive under that name)."""
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backing up a {vendor} database is not supported.")
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="hamafza-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        if vendor == "postgresql":
            figures, migrations = _dump_postgresql(dump)
        else:
            figures, migrations = _dump_sqlite(dump)
        media_root = Path(settings.MEDIA_ROOT)
        media = {
            str(p.relative_to(media_root).as_posix()): _sha256(p) for p in _media_files(media_root)
        }
        manifest = {
            "format": FORMAT,
            "app_version": _version(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": dump.name, "sha256": _sha256(dump)},
            "migrations": migrations,
            "tables": figures,
            "media": media,
        }
        partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(partial, "w:gz") as tar:
            body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump, arcname=dump.name)
            for name in media:
                tar.add(media_root / name, arcname=MEDIA + name)
        partial.replace(path)
    return Summary(
        path=path,
        tables=len(figures),
        rows=sum(f["rows"] for f in figures.values()),
        media_files=len(media),
    )


def _dump_postgresql(dump: Path) -> tuple[dict, list[str]]:
    """One consistent moment: pg_dump reads the snapshot this transaction exported, and the
    figures are read in the same transaction."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ]
        )
        return table_figures(), applied_migrations()


def _dump_sqlite(dump: Path) -> tuple[dict, list[str]]:
    """SQLite's online backup copies the database in one step (a consistent copy, restarted by
    SQLite if another connection writes meanwhile). It runs outside any transaction of ours: an
    open write transaction (this project opens them IMMEDIATE) holds a lock the copy waits on.
    The figures are then read from the copy itself, so they describe exactly what was saved."""
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    copy = connection.copy()
    copy.settings_dict = {**connection.settings_dict, "NAME": str(dump), "OPTIONS": {}}
    try:
        return table_figures(copy), applied_migrations(copy)
    finally:
        copy.close()


# ----- restore -----


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise BackupError("This is not a Hamafza backup: it has no readable manifest.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _unpack(tar: tarfile.TarFile, manifest: dict, work: Path) -> tuple[Path, Path]:
    """Extract the database and the media into ``work``, every file checked against its SHA-256
    in the manifest; nothing outside ``work`` is written."""
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({MEDIA + name: sha for name, sha in manifest["media"].items()})
    members = {m.name: m for m in tar.getmembers()}
    for name, sha in expected.items():
        member = members.get(name)
        if member is None or not member.isfile():
            raise BackupError(f"The backup is damaged: {name} is missing.")
        tar.extract(member, work, filter="data")
        if _sha256(work / name) != sha:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return work / manifest["database"]["file"], work / MEDIA


def _restore_sqlite(dump: Path) -> None:
    source = sqlite3.connect(dump)
    try:
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


def _restore_postgresql(dump: Path) -> None:
    """Everything in one transaction: the public schema is emptied and the dump replayed, or,
    if any statement fails, the database is left as it was."""
    connection.close()
    script = subprocess.Popen(  # noqa: S603
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_pg_env(),
    )
    try:
        _run(
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--command=DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
                "--file=-",
            ],
            stdin=script.stdout,
        )
    finally:
        script.stdout.close()
        errors = script.stderr.read().decode(errors="replace")
        script.stderr.close()
        if script.wait() != 0:
            raise BackupError(f"pg_restore failed: {errors}")


def restore(path: Path, *, force: bool = False) -> Summary:
    """Restore the archive at ``path`` over this site's database and MEDIA_ROOT, then check every
    table against the manifest. Refuses a database or media folder that holds data unless
    ``force``; refuses a damaged archive, another vendor's, or one made by newer code."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    vendor = connection.vendor
    media_root = Path(settings.MEDIA_ROOT)
    try:
        tar = tarfile.open(path, "r:*")
    except tarfile.TarError as exc:
        raise BackupError(f"{path} is not a backup archive.") from exc
    with tar, tempfile.TemporaryDirectory(prefix="hamafza-restore-") as work:
        manifest = read_manifest(tar)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']['vendor']} database; "
                f"this site uses {vendor}."
            )
        known = {
            f"{app}.{name}"
            for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        }
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(
                "This backup was made by a newer version of the app (migrations unknown here: "
                + ", ".join(unknown[:5])
                + "). Install that version first."
            )
        if not force:
            busy = tables_with_data()
            if busy:
                raise BackupError(
                    "The database is not empty (data in "
                    + ", ".join(busy[:5])
                    + (", …" if len(busy) > 5 else "")
                    + "). Restore into an empty database, or pass --force to replace it."
                )
            if _media_files(media_root):
                raise BackupError(
                    f"{media_root} holds files. Empty it, or pass --force to replace it."
                )
        dump, media = _unpack(tar, manifest, Path(work))
        if vendor == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        wrong = differences(manifest["tables"], table_figures())
        if wrong:
            raise BackupError(
                "The restored database does not match the backup in: " + ", ".join(wrong)
            )
        _replace_media(media, media_root)
    figures = manifest["tables"]
    return Summary(
        path=path,
        tables=len(figures),
        rows=sum(f["rows"] for f in figures.values()),
        media_files=len(manifest["media"]),
    )


def _replace_media(unpacked: Path, media_root: Path) -> None:
    """Swap the restored files in by renaming, so MEDIA_ROOT is never half-replaced."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".restoring-", dir=media_root.parent))
    if unpacked.is_dir():
        staged.rmdir()
        shutil.copytree(unpacked, staged)
    old = None
    if media_root.exists():
        old = media_root.with_name(media_root.name + ".replaced")
        shutil.rmtree(old, ignore_errors=True)
        media_root.rename(old)
    staged.rename(media_root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
