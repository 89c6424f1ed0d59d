"""What every pass of the parser shares: the marked lines, the options and the plan so far.

`ParseState` is the base of the parser's parts (`importing.parser._Parser` and the
classes it is made of); its `_mark`, `_warn` and `_fields` are how they record
what a line became, report a problem and read a line's labelled fields.
"""

from django.utils.translation import gettext as _

from importing import fields as F
from importing.normalize import clean_line
from importing.parsed import LineMark, Override, ParsedPlan, ParseOptions, TypeName, Vocabulary
from importing.types import DEFAULT_TYPES


class ParseState:
    """The source lines with their marks, and what the passes have found so far."""

    def __init__(self, lines: list[str], vocabulary: Vocabulary, options: ParseOptions):
        self.vocabulary = vocabulary
        self.options = options
        self.types: list[TypeName] = vocabulary.types or list(DEFAULT_TYPES)
        self.marks = [
            LineMark(index=index, source=line, text=clean_line(line))
            for index, line in enumerate(lines)
        ]
        self.plan = ParsedPlan(lines=self.marks)
        self.overrides = {
            index: value
            for index, value in options.overrides.items()
            if 0 <= index < len(self.marks) and value in Override.values
        }
        self.fields_cache: dict[int, list[F.FieldLine]] = {}
        self.labelled = False
        self.year: int | None = options.year
        self.separator_name = ""  # 政协2023年工作计划样本 篇1, without 样本 篇1
        self.originals: dict[int, str] = {}  # traditional lines, before conversion
        self.appendix_rows: list[tuple[int, list[str]]] = []

    def _fields(self, index: int) -> list[F.FieldLine]:
        if index not in self.fields_cache:
            self.fields_cache[index] = F.read_fields(self.marks[index].text)
        return self.fields_cache[index]

    def _mark(
        self, index: int | None, role: str, *, level: int | None = None, note: str = ""
    ) -> None:
        if index is None:
            return
        mark = self.marks[index]
        mark.role, mark.level = role, level
        add_note(mark, note)

    def _warn(self, index: int | None, message: str) -> None:
        where = _("Line %(number)d: ") % {"number": index + 1} if index is not None else ""
        self.plan.warnings.append(f"{where}{message}")


def add_note(mark: LineMark, note: str) -> None:
    """Add `note` to what the preview says of the line."""
    if note:
        mark.note = f"{mark.note}；{note}" if mark.note else note
