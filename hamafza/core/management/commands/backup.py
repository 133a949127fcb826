import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hamafza.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump on PostgreSQL, SQLite's online backup) and every uploaded "
        "file into one archive with a manifest of row counts and checksums per table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="the archive to write (default: hamafza-backup-<UTC time>.tar.gz here)",
        )

    def handle(self, *args, path=None, **options):
        if not path:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            path = f"hamafza-backup-{stamp}.tar.gz"
        try:
            summary = backup(Path(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {summary.tables} tables ({summary.rows} rows) and "
            f"{summary.media_files} uploaded files to {summary.path}"
        )
