import json

from django.core.management.base import BaseCommand

from hamafza.org.demo import accounts_listing


class Command(BaseCommand):
    help = "List the demo accounts (one per role) and their password."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        accounts = accounts_listing()
        if options["json"]:
            self.stdout.write(json.dumps(accounts, ensure_ascii=False, indent=1))
            return
        for a in accounts:
            unit = ", ".join(f"{k}={v}" for k, v in a["scope"].items())
            self.stdout.write(f"{a['username']:<22} {a['role']:<22} {a['password']}  ({unit})")
