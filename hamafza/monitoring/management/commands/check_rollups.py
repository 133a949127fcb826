from django.core.management.base import BaseCommand, CommandError

from hamafza.monitoring import rollups
from hamafza.monitoring.management.commands.rebuild_rollups import municipality_id


class Command(BaseCommand):
    help = "Compare the monitoring rollups with a fresh computation over the facts."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="slug; all municipalities when not given")

    def handle(self, *args, municipality=None, **options):
        found = rollups.differences(municipality_id(municipality))
        for line in found:
            self.stdout.write(line)
        if found:
            raise CommandError(f"{len(found)} differences between the rollups and the facts.")
        self.stdout.write("The rollups match the facts.")
