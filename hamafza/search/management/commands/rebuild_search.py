from django.core.management.base import BaseCommand
from django.db import transaction

from hamafza.search.models import SearchDocument
from hamafza.search.registry import KINDS


class Command(BaseCommand):
    help = (
        "Put every findable thing (published resources, experience reports, visible questions) "
        "in the search index again, kind by kind, each in one transaction: after a restore of "
        "data without the index, or to index what existed before the search did."
    )

    def handle(self, *args, **options):
        for kind in KINDS.values():
            if kind.rebuild is None:
                continue
            with transaction.atomic():
                SearchDocument.objects.filter(kind=kind.key).delete()
                kind.rebuild()
                found = SearchDocument.objects.filter(kind=kind.key).count()
            self.stdout.write(f"{kind.key}: {found} in the index")
