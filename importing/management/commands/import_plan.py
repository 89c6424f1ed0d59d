"""`python manage.py import_plan FILE [--committee ID] [--year YEAR] [--kind KIND] …`

A `.json` file in the schema of docs/plan-json.md is imported as it stands. A
`.docx` or `.txt` file is read like the import page reads it (docs/import.md):
with the same defaults (junk removed, traditional characters converted), into a
draft plan of the committee given by `--committee`.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from activities.models import Activity
from activities.selectors import plan_outline
from importing import ParseOptions, parse_text
from importing.readers import MAX_FILE_BYTES, ImportFileError, read_file
from importing.save import create_imported_plan, import_vocabulary
from importing.services import import_plan
from organisation.models import Committee
from plans.models import YEAR_MAX, YEAR_MIN, Plan
from plans.outline import walk

# A plan of a thousand activities takes about 1 MB; anything far larger is a mistake.
MAX_JSON_BYTES = 50 * 1024 * 1024
DOCUMENT_SUFFIXES = {".docx", ".txt", ".text"}


class Command(BaseCommand):
    help = (
        "Create a draft plan from a JSON file (docs/plan-json.md), "
        "or from a Word document or text file (docs/import.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .json file from export_plan, or a .docx or .txt file.")
        parser.add_argument(
            "--committee",
            type=int,
            help="Id of the committee the plan is for (JSON: default the one the file names).",
        )
        parser.add_argument(
            "--year", type=int, help="Year of the plan (.docx/.txt: default the year in the text)."
        )
        parser.add_argument(
            "--kind",
            choices=Plan.Kind.values,
            help="Kind of plan (.docx/.txt: default decided from the text).",
        )
        parser.add_argument("--title", help="Title (.docx/.txt: default the title in the text).")
        parser.add_argument(
            "--document",
            type=int,
            default=1,
            help="Which document, when the text holds several (篇1, 篇2 …).",
        )
        parser.add_argument(
            "--keep-junk", action="store_true", help="Keep lines that web pages add."
        )
        parser.add_argument(
            "--keep-traditional",
            action="store_true",
            help="Keep traditional characters instead of converting them to simplified.",
        )
        parser.add_argument(
            "--create-organizers",
            action="store_true",
            help="Create organizers not found among the committee's bodies.",
        )

    def handle(self, *args, file, committee, **options):
        path = Path(file)
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            self.import_document(path, committee, options)
            return
        data = read_json(path)
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

    def import_document(self, path: Path, committee_id: int | None, options: dict) -> None:
        if committee_id is None:
            raise CommandError("Give the committee the plan is for with --committee ID.")
        committee = find_committee(committee_id, None)
        year = options["year"]
        if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(f"The year must be from {YEAR_MIN} to {YEAR_MAX}.")
        source = read_document(path)
        parsed = parse_text(
            source.lines,
            vocabulary=import_vocabulary(committee),
            options=ParseOptions(
                kind=options["kind"] or "",
                year=year,
                remove_junk=not options["keep_junk"],
                convert_traditional=not options["keep_traditional"],
                overrides=source.hints,
                document=options["document"],
            ),
        )
        year = year or parsed.year
        title = options["title"] or parsed.title
        if year is None:
            raise CommandError("No year was found in the text; give one with --year YEAR.")
        if not title:
            raise CommandError("No title was found in the text; give one with --title TITLE.")
        create = parsed.unknown_organizers if options["create_organizers"] else []
        try:
            result = create_imported_plan(
                parsed=parsed,
                committee=committee,
                year=year,
                kind=parsed.kind,
                title=title,
                create_organizers=create,
            )
        except ValidationError as error:
            lines = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"{path} was not imported:\n{lines}") from error
        self.report(parsed, result)

    def report(self, parsed, result) -> None:
        """What was removed, what was created, and what to check."""
        write = self.stdout.write
        for mark in parsed.junk_lines:
            write(f"Removed line {mark.number}: {mark.text} ({mark.note})")
        if parsed.converted:
            write("Converted traditional characters to simplified.")
        plan = result.plan
        for node in walk(plan_outline(plan)):
            indent = "  " * (node.level - 1)
            heading = node.heading_text if node.section.heading else node.section.lead_phrase
            write(f"{indent}{node.label}{heading}")
            for item in node.activities:
                write(f"{indent}  - {item.label}{item.activity.topic} [{item.activity.type.name}]")
        for committee in result.created_committees:
            write(f"Created organizer {committee.name} (committee {committee.pk}).")
        for name in [] if result.created_committees else parsed.unknown_organizers:
            write(f"Unknown organizer kept in the notes: {name}")
        for warning in parsed.warnings:
            write(f"Check: {warning}")
        write(
            f"Imported plan {plan.pk} “{plan.title}” for {plan.committee.name} as a draft: "
            f"{result.sections} sections, {result.activities} activities."
        )


def read_document(path: Path):
    """A .docx or .txt file's lines, refused with the reader's message when it cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
    try:
        return read_file(path.name, data)
    except ImportFileError as error:
        raise CommandError(f"{path}: {error.message}") from error


def read_json(path: Path):
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise CommandError(f"{path} is larger than {MAX_JSON_BYTES // 1024 // 1024} MB.")
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
