"""`python manage.py export_review COMMITTEE_ID YEAR --period h1|h2|year --format pdf|docx -o FILE`

Writes a committee's mid-year or year-end summary (工作总结), as the summary pages
show it today: the figures counted from the recorded progress and the texts the
staff wrote (docs/progress.md).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from exports.management.commands.export_plan import write_atomically
from organisation.models import Committee
from plans.models import YEAR_MAX, YEAR_MIN
from printing.summary import FORMATS, render_summary
from progress.models import SummaryPeriod
from progress.selectors import committee_summary


class Command(BaseCommand):
    help = "Write a committee's summary (工作总结) of a half year or a year as PDF or Word."

    def add_arguments(self, parser):
        parser.add_argument("committee_id", type=int)
        parser.add_argument("year", type=int)
        parser.add_argument("--period", default=SummaryPeriod.YEAR, choices=SummaryPeriod.values)
        parser.add_argument("--format", dest="fmt", required=True, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", required=True, help="The file to write.")

    def handle(self, *args, committee_id, year, period, fmt, output, **options):
        committee = Committee.objects.filter(pk=committee_id).first()
        if committee is None:
            raise CommandError(f"There is no committee {committee_id}.")
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(f"The year must be between {YEAR_MIN} and {YEAR_MAX}.")
        summary = committee_summary(committee, year, period, timezone.localdate())
        content = render_summary(summary, fmt)
        path = Path(output)
        write_atomically(path, content)
        self.stdout.write(f"Wrote “{summary.title}” as {fmt} to {path} ({len(content)} bytes).")
