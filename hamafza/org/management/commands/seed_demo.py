from django.core.management.base import BaseCommand

from hamafza.org.demo import seed


class Command(BaseCommand):
    help = (
        "Load the demo data: Tehran (22 districts) and Bumehen, one account per role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply the number of schools")

    def handle(self, *args, scale, **options):
        counts = seed(scale=max(1, scale))
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
