"""Benchmarks, run with `python manage.py bench NAME [--json]`."""
