from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hamafza.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into this site's database and MEDIA_ROOT, then "
        "check every table's row count and checksum against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive made by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database or media folder that already holds data",
        )

    def handle(self, *args, path, force=False, **options):
        try:
            summary = restore(Path(path), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {summary.tables} tables ({summary.rows} rows, every checksum matches) "
            f"and {summary.media_files} uploaded files from {summary.path}. "
            "Run `manage.py migrate` if this version of the app is newer than the backup."
        )
