import importlib
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a benchmark from bench/ (e.g. import_trainers) and print its figures."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--rows", help="comma-separated sizes (benchmark-specific)")
        parser.add_argument("--sizes", help="comma-separated sizes (benchmark-specific)")
        parser.add_argument("--databases", help="comma-separated: sqlite,postgresql")

    def handle(self, *args, name, **options):
        sys.path.insert(0, str(settings.BASE_DIR))
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            raise CommandError(f"No benchmark named {name!r} in bench/.") from exc
        from bench.common import emit  # lazy: bench/ sits beside the package, not in it

        results = module.run(options, self.stdout.write)
        emit(results, options["json"], self.stdout.write)
