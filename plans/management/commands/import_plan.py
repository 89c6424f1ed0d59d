"""`python manage.py import_plan FILE.json [--committee ID]`"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from activities.models import Activity
from cppcc.models import Committee
from plans.services import import_plan

# A plan of a thousand activities takes about 1 MB; anything far larger is a mistake.
MAX_FILE_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = "Create a draft plan from a JSON file in the schema of docs/plan-json.md."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A plan file written by export_plan --format json.")
        parser.add_argument(
            "--committee",
            type=int,
            help="Id of the committee the plan is for (default: the one the file names).",
        )

    def handle(self, *args, file, committee, **options):
        data = read_json(Path(file))
        target = find_committee(committee, data)
        try:
            plan = import_plan(data=data, committee=target)
        except ValidationError as error:
            lines = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"{file} was not imported:\n{lines}") from error
        sections = plan.sections.count()
        activities = Activity.objects.filter(section__plan=plan).count()
        self.stdout.write(
            f"Imported plan {plan.pk} “{plan.title}” for {target.name} as a draft: "
            f"{sections} sections, {activities} activities."
        )


def read_json(path: Path):
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}.") from error


def find_committee(pk: int | None, data) -> Committee:
    """The committee given by id, else the one the file names (by name, then short name)."""
    if pk is not None:
        committee = Committee.objects.filter(pk=pk).first()
        if committee is None:
            raise CommandError(f"There is no committee {pk}.")
        return committee
    name = data.get("committee") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise CommandError("The file names no committee; give one with --committee ID.")
    for field in ("name", "short_name"):
        matches = list(Committee.objects.filter(**{field: name})[:2])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise CommandError(
                f"Several committees are named “{name}”; choose one with --committee ID."
            )
    raise CommandError(f"There is no committee named “{name}”; give one with --committee ID.")
