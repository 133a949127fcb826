"""manage.py backup / restore: the whole database and the uploaded files, checked table by table.
The same tests run on SQLite and on PostgreSQL (pg_dump / pg_restore)."""

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hamafza.core.backup import table_figures, tables_with_data
from hamafza.org.models import Municipality
from hamafza.org.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "certificates/2026/scan.pdf": b"%PDF-1.4 a scanned certificate",
    "photos/کلاس ۴.jpg": bytes(range(256)) * 4,
    "imports/trainers.xlsx": b"PK\x03\x04 a workbook",
}


@pytest.fixture
def site(world, users, settings, tmp_path):
    """The shared world with its people, and uploaded files under MEDIA_ROOT."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    for name, body in FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(body)
    return media


def _drop_everything():
    """Make the database what a fresh server gives: no tables at all."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        sqlite3.connect(":memory:").backup(connection.connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    assert connection.introspection.table_names() == []


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_backup_restored_into_an_empty_database_matches_table_by_table(site, tmp_path):
    # given a site with data and uploads, backed up
    before = table_figures()
    assert before["org_municipality"]["rows"] == 2 and before["accounts_user"]["rows"] == 9
    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{len(FILES)} uploaded files" in out.getvalue()
    manifest = json.load(tarfile.open(archive).extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == before
    assert "org.0001_initial" in manifest["migrations"] and manifest["app_version"]

    # when the server is new: an empty database and no uploads
    _drop_everything()
    for path in sorted(site.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    call_command("restore", str(archive), stdout=io.StringIO())

    # then every table has the same rows, checksum for checksum, and every file is back
    after = table_figures()
    assert after == before
    assert sum(f["rows"] for f in after.values()) > 20
    assert _files(site) == FILES
    assert Municipality.objects.get(slug="tehran").name == "شهرداری تهران"


def test_a_checksum_changes_when_one_value_changes(site):
    before = table_figures()
    Municipality.objects.filter(slug="bumehen").update(name="شهرداری بومهن ")
    after = table_figures()
    assert after["org_municipality"]["rows"] == before["org_municipality"]["rows"]
    assert after["org_municipality"]["checksum"] != before["org_municipality"]["checksum"]
    assert {t for t in after if after[t] != before[t]} == {"org_municipality"}


def test_restore_refuses_a_database_with_data_unless_forced(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    backed_up = table_figures()
    MunicipalityFactory(slug="pardis", name="شهرداری پردیس")
    (site / "photos" / "later.jpg").write_bytes(b"taken after the backup")
    current = table_figures()

    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert table_figures() == current  # nothing was touched
    assert (site / "photos" / "later.jpg").exists()

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert table_figures() == backed_up
    assert not Municipality.objects.filter(slug="pardis").exists()
    assert _files(site) == FILES


def _tampered(archive: Path, target: Path, *, manifest=None, dump=None) -> Path:
    """A copy of ``archive`` with its manifest or its database file altered."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            body = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                body = json.dumps(manifest(json.loads(body))).encode()
            elif member.name.startswith("database.") and dump:
                body = dump(body)
            member.size = len(body)
            copy.addfile(member, io.BytesIO(body))
    return target


def _future(m):
    return {**m, "migrations": [*m["migrations"], "org.9999_from_the_future"]}


def _other_vendor(m):
    other = "postgresql" if m["database"]["vendor"] == "sqlite" else "sqlite"
    return {**m, "database": {**m["database"], "vendor": other}}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"dump": lambda body: body[: len(body) // 2]}, "damaged: database.* checksum"),
        ({"manifest": _future}, "newer version of the app.*org.9999_from_the_future"),
        ({"manifest": _other_vendor}, "backup is of a .* database; this site uses"),
    ],
    ids=["damaged", "newer-app", "other-database"],
)
def test_a_bad_archive_is_refused_before_anything_is_written(site, tmp_path, change, reason):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    MunicipalityFactory(slug="pardis")
    current = table_figures()
    bad = _tampered(archive, tmp_path / "bad.tar.gz", **change)

    with pytest.raises(CommandError, match=reason):
        call_command("restore", str(bad), "--force", stdout=io.StringIO())
    assert table_figures() == current
    assert _files(site) == FILES


def test_something_that_is_not_a_backup_is_refused(site, tmp_path):
    junk = tmp_path / "notes.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(junk), stdout=io.StringIO())
    assert tables_with_data()  # still the site's data
