"""`python manage.py export_plan PLAN_ID --format pdf|docx|xlsx|json -o FILE`"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.selectors import plan_outline
from exports.formats import FORMATS
from plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan as PDF, Word, Excel or JSON (docs/plan-json.md)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", dest="fmt", required=True, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", required=True, help="The file to write.")

    def handle(self, *args, plan_id, fmt, output, **options):
        plan = Plan.objects.select_related("committee").filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"There is no plan {plan_id}.")
        try:
            content = FORMATS[fmt].render(plan, plan_outline(plan))
        except ImportError as error:
            raise CommandError(f"The {fmt} renderer is not available: {error}") from error
        path = Path(output)
        write_atomically(path, content)
        self.stdout.write(
            f"Wrote plan {plan.pk} “{plan.title}” as {fmt} to {path} ({len(content)} bytes)."
        )


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    A failure part-way leaves the previous file as it was, never half a document.
    """
    folder = path.resolve().parent
    if not folder.is_dir():
        raise CommandError(f"The folder {folder} does not exist.")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes the file private; give it the permissions a new file gets.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
