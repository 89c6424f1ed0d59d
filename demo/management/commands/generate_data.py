"""`manage.py generate_data --committees 50 --years 5 --activities 200` (docs/performance.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.generate import generate


class Command(BaseCommand):
    help = "Fill the database with committees, plans and activities for scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--committees", type=int, default=50)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--activities", type=int, default=200, help="per plan")
        parser.add_argument("--first-year", type=int, default=2022)

    def handle(self, *args, committees, years, activities, first_year, **options):
        if not 1 <= committees <= 1000:
            raise CommandError("--committees must be between 1 and 1000.")
        if not 1 <= years <= 50:
            raise CommandError("--years must be between 1 and 50.")
        if not 0 <= activities <= 2000:
            raise CommandError("--activities must be between 0 and 2000.")
        if not 2000 <= first_year <= 2100:
            raise CommandError("--first-year must be between 2000 and 2100.")
        start = time.perf_counter()
        done = generate(
            committees=committees, years=years, activities=activities, first_year=first_year
        )
        self.stdout.write(
            f"Created {done.committees} committees, {done.plans} plans, {done.sections} sections "
            f"and {done.activities} activities in {time.perf_counter() - start:.1f} s."
        )
