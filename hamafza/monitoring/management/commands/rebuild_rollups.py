from django.core.management.base import BaseCommand, CommandError

from hamafza.monitoring import rollups
from hamafza.org.models import Municipality


def municipality_id(slug: str | None) -> int | None:
    if not slug:
        return None
    found = Municipality.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        raise CommandError(f"No municipality {slug!r}.")
    return found


class Command(BaseCommand):
    help = "Recompute the monitoring rollups from the delivery facts."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="slug; all municipalities when not given")

    def handle(self, *args, municipality=None, **options):
        count = rollups.rebuild(municipality_id(municipality))
        self.stdout.write(f"Rebuilt the rollups of {count} sessions.")
