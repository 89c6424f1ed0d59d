"""Source lines → a parsed plan outline, every line marked with what it became.

The parser works in passes over the cleaned lines:

1. clean each line, drop pinyin glosses, convert traditional characters if most of
   the text is traditional, mark junk lines, find the documents of a text that
   holds several (篇1, 篇2 …) and keep the chosen one;
2. read the head: title, issuing body, document number;
3. build a tree of blocks from the numbering labels, nesting each style inside
   the styles that enclose it, so a plan may start at any style;
4. turn blocks into sections and activities: a block followed by labelled fields
   is an activity, a line right before a field is an activity's topic, numbered
   leaves of a plan written as run-in items are activities, the rest sections.

Nothing is dropped: text not recognised becomes paragraphs of the nearest section.
It never reads the database; names to match come in a `Vocabulary`.
"""

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from importing import fields as F
from importing.activity_reading import ActivityReading
from importing.appendix import APPENDIX_LABEL, fill_from_rows, is_activity_table
from importing.head import (
    DOCUMENT_NUMBER,
    ISSUER_IN_TEXT,
    ISSUER_LINE,
    SEPARATOR,
    TITLE_END,
    YEAR_IN_TEXT,
    read_date,
    separator_title,
)
from importing.junk import find_junk
from importing.labels import DIGIT_STYLES, Label, split_count, split_label
from importing.normalize import (
    clean_line,
    is_mostly_traditional,
    remove_pinyin,
    to_simplified,
)
from importing.parsed import (
    DOCUMENT_NUMBER_MAX,
    HEADING_OVERRIDES,
    MAX_DEPTH,
    TITLE_MAX,
    DocumentRange,
    LineMark,
    LineRole,
    Override,
    ParsedPlan,
    ParsedSection,
    ParseOptions,
    TypeName,
    Vocabulary,
)
from importing.sentences import split_section_head
from importing.types import DEFAULT_TYPES
from plans.numbering import number_label

# Plan kinds, as plans.models.PlanKind values (the parser does not import models).
KEY_POINTS, CONSULTATION, WORK_PLAN = "key_points", "consultation", "work_plan"
PROJECT_PLAN, HALF_YEAR = "project_plan", "half_year"
LABELLED_KINDS = {CONSULTATION, PROJECT_PLAN}
CONTINUOUS_KINDS = {KEY_POINTS, PROJECT_PLAN}
# The head (title, issuer, document number) is read from the first lines only.
HEAD_LINES = 8
HEAD_LINE_MAX = 80


@dataclass
class Block:
    """A numbered line and everything up to the next numbered line, nested by numbering."""

    index: int | None
    label: Label | None
    text: str
    rank: int
    forced: str = ""  # "heading" or "activity" when the user said so
    body: list[int] = field(default_factory=list)
    children: list["Block"] = field(default_factory=list)


def parse_text(
    lines: list[str], *, vocabulary: Vocabulary | None = None, options: ParseOptions | None = None
) -> ParsedPlan:
    """Parse the lines of a plan; never raises on any text."""
    vocabulary = vocabulary if vocabulary is not None else Vocabulary(types=list(DEFAULT_TYPES))
    return _Parser(list(lines), vocabulary, options or ParseOptions()).run()


class _Parser(ActivityReading):
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

    # --- the passes ---------------------------------------------------------------

    def run(self) -> ParsedPlan:
        self._clean()
        work = self._select_document()
        work = self._read_head(work)
        work = self._mark_appendix(work)
        work = self._mark_dates_and_issuer(work)
        root = self._build_blocks(work)
        self._decide_kind(work)
        self.year = self.options.year or self._find_year()
        self.plan.year = self.year
        self._convert_root(root)
        self._finish()
        if self.originals and not self.options.convert_traditional:
            self._restore_traditional()
        return self.plan

    def _clean(self) -> None:
        for mark in self.marks:
            mark.text, dropped = remove_pinyin(mark.text)
            if dropped:
                _note(mark, _("pinyin removed"))
            mark.override = self.overrides.get(mark.index, "")
        texts = [mark.text for mark in self.marks]
        self.plan.traditional = is_mostly_traditional(texts)
        if self.plan.traditional:
            # The parser reads simplified text; kept traditional text is restored at the end.
            self._convert_traditional()
        junk = find_junk([mark.text for mark in self.marks])
        for mark in self.marks:
            if not mark.text:
                mark.role = LineRole.BLANK
            if mark.override == Override.JUNK:
                mark.role, mark.note = LineRole.JUNK, _("as marked")
            elif mark.index in junk and not mark.override:
                if self.options.remove_junk:
                    mark.role, mark.note = LineRole.JUNK, junk[mark.index]
                else:
                    reason = _("kept, may not belong to the plan: %(reason)s")
                    _note(mark, reason % {"reason": junk[mark.index]})

    def _convert_traditional(self) -> None:
        texts = [mark.text for mark in self.marks]
        converted = to_simplified("\n".join(texts)).split("\n")
        if len(converted) != len(texts):  # the converter merged lines: line by line
            converted = [to_simplified(text) for text in texts]
        keep = not self.options.convert_traditional
        for mark, text in zip(self.marks, converted, strict=True):
            if text != mark.text:
                self.originals[mark.index] = mark.text
                mark.text = text
                if not keep:
                    _note(mark, _("converted to simplified characters"))
        self.plan.converted = not keep

    def _restore_traditional(self) -> None:
        """Give back the traditional characters the user chose to keep.

        Each simplified character goes back to the traditional one it came from in
        this text (the most frequent, should one stand for two).
        """
        seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for index, original in self.originals.items():
            converted = self.marks[index].text
            if len(original) == len(converted):
                for before, after in zip(original, converted, strict=True):
                    if before != after:
                        seen[after][before] += 1
            self.marks[index].text = original
        table = str.maketrans(
            {after: max(counts, key=counts.get) for after, counts in seen.items()}
        )
        self.plan.translate(table)

    def _select_document(self) -> list[int]:
        """The indices of the chosen document's lines; marks the others."""
        separators = [
            mark.index
            for mark in self.marks
            if not mark.role and not mark.override and SEPARATOR.match(mark.text)
        ]
        if not separators:
            return [mark.index for mark in self.marks if not mark.role]
        bounds = [*separators, len(self.marks)]
        for number, (start, end) in enumerate(itertools.pairwise(bounds), start=1):
            name = self.marks[start].text
            self.plan.documents.append(DocumentRange(number, start + 1, end, name))
        chosen = min(max(self.options.document, 1), len(self.plan.documents))
        document = self.plan.documents[chosen - 1]
        for mark in self.marks:
            if mark.role:
                continue
            if mark.index in separators:
                mark.role = LineRole.SEPARATOR
            elif not document.start <= mark.index < document.end:
                mark.role = LineRole.OUTSIDE
        self.separator_name = separator_title(document.name)
        return [
            index for index in range(document.start, document.end) if not self.marks[index].role
        ]

    def _read_head(self, work: list[int]) -> list[int]:
        """Title, issuer and document number from the first lines; returns the rest."""
        titled = [index for index in work if self.overrides.get(index) == Override.TITLE]
        for index in titled:
            self._set_title(index)
        rest = [index for index in work if index not in titled]
        issuer_index = None
        for position, index in enumerate(rest[:HEAD_LINES]):
            text = self.marks[index].text
            if (
                len(text) > HEAD_LINE_MAX
                or self.overrides.get(index)
                or split_label(text)[0]
                or self._fields(index)
            ):
                return rest[position:]
            if DOCUMENT_NUMBER.match(text) and len(text) <= DOCUMENT_NUMBER_MAX:
                self.plan.document_number = text
                self._mark(index, LineRole.DOCUMENT_NUMBER)
            elif ISSUER_LINE.match(text) and not self.plan.issuer:
                self.plan.issuer = re.sub("(?:文件|办公室)$", "", text)
                issuer_index = index
                self._mark(index, LineRole.ISSUER)
            elif TITLE_END.search(text) and "。" not in text and not self.plan.title:
                if position and issuer_index == rest[position - 1]:
                    self.plan.title = (self.plan.issuer + text)[:TITLE_MAX]
                else:
                    self.plan.title = text[:TITLE_MAX]
                self._mark(index, LineRole.TITLE)
            else:
                return rest[position:]
        return rest[HEAD_LINES:] if len(rest) > HEAD_LINES else []

    def _set_title(self, index: int) -> None:
        """A line the user marked as the title; several such lines make one title."""
        self.plan.title = (self.plan.title + self.marks[index].text)[:TITLE_MAX]
        self._mark(index, LineRole.TITLE, note=_("as marked"))

    def _mark_appendix(self, work: list[int]) -> list[int]:
        """The appendix table (附件) lists the activities again; it is made from them."""
        for position, index in enumerate(work):
            if not APPENDIX_LABEL.match(self.marks[index].text) or self.overrides.get(index):
                continue
            region = work[position:]
            rows = [i for i in region if "\t" in self.marks[i].source]
            header = self.marks[rows[0]].source if rows else ""
            if not rows or not is_activity_table(header):
                continue
            last_row = region.index(rows[-1])
            self.appendix_rows = [(i, self.marks[i].source.split("\t")) for i in rows]
            for i in region[: last_row + 1]:
                if not self.overrides.get(i):
                    self._mark(i, LineRole.APPENDIX)
            kept = [i for i in region[: last_row + 1] if self.overrides.get(i)]
            return work[:position] + kept + region[last_row + 1 :]
        return work

    def _mark_dates_and_issuer(self, work: list[int]) -> list[int]:
        """A date or the issuing body alone on a line (the signature) is no paragraph."""
        rest = []
        for index in work:
            text = self.marks[index].text
            if self.overrides.get(index):
                rest.append(index)
                continue
            date = read_date(text)
            if date and not self.plan.issue_date:
                self.plan.issue_date = date
                self._mark(index, LineRole.ISSUE_DATE)
            elif ISSUER_LINE.match(text) and len(text) <= 40 and self._is_signature(index, work):
                self.plan.issuer = self.plan.issuer or text
                self._mark(index, LineRole.ISSUER)
            else:
                rest.append(index)
        return rest

    def _is_signature(self, index: int, work: list[int]) -> bool:
        """The issuer's name near the end of the document, above the date."""
        return work.index(index) >= len(work) - 3

    # --- blocks ---------------------------------------------------------------------

    def _build_blocks(self, work: list[int]) -> Block:
        root = Block(index=None, label=None, text="", rank=-1)
        stack = [root]
        last_number: dict = {}
        pending_head: Block | None = None  # a label alone on its line takes the next line
        for index in work:
            text, override = self.marks[index].text, self.overrides.get(index, "")
            if (
                pending_head is not None
                and not override
                and not split_label(text)[0]
                and not self._fields(index)
            ):
                pending_head.text = text
                self._mark(index, LineRole.HEADING, note=_("heading continued from the line above"))
                pending_head = None
                continue
            pending_head = None
            if override == Override.PARAGRAPH or (not override and self._fields(index)):
                stack[-1].body.append(index)
                continue
            label, rest = split_label(text)
            if override in HEADING_OVERRIDES:
                block = self._place_at_level(stack, index, label, rest, HEADING_OVERRIDES[override])
            elif label is not None:
                block = self._place(stack, index, label, rest, last_number)
                if override == Override.ACTIVITY:
                    block.forced = "activity"
            else:
                stack[-1].body.append(index)
                continue
            if not block.text:
                pending_head = block
        return root

    def _place(self, stack, index, label: Label, rest: str, last_number: dict) -> Block:
        """Put a numbered line where its style nests: beside the same style, or below."""
        block = Block(index=index, label=label, text=rest, rank=label.rank)
        for depth in range(len(stack) - 1, 0, -1):
            open_label = stack[depth].label
            if open_label is not None and open_label.style == label.style:
                if label.number != open_label.number + 1:
                    self._warn(
                        index,
                        _("Numbering jumps from %(before)s to %(after)s.")
                        % {"before": open_label.text, "after": label.text},
                    )
                del stack[depth:]
                break
        else:
            while len(stack) > 1 and stack[-1].rank >= label.rank:
                stack.pop()
            if label.number != 1:
                if last_number.get(label.style) == label.number - 1:
                    self.plan.continuous_numbering = True
                else:
                    self._warn(
                        index,
                        _("Numbering starts at %(label)s instead of 1.") % {"label": label.text},
                    )
        last_number[label.style] = label.number
        stack[-1].children.append(block)
        stack.append(block)
        return block

    def _place_at_level(self, stack, index, label, rest: str, level: int) -> Block:
        """A heading whose level the user chose."""
        text = rest if label is not None else self.marks[index].text
        del stack[min(level, len(stack)) :]
        block = Block(index=index, label=label, text=text, rank=level, forced="heading")
        stack[-1].children.append(block)
        stack.append(block)
        return block

    # --- kind and year --------------------------------------------------------------

    def _decide_kind(self, work: list[int]) -> None:
        has_fields = any(self._fields(index) for index in work)
        if self.options.kind:
            self.plan.kind, self.plan.kind_guessed = self.options.kind, False
        else:
            self.plan.kind = self._guess_kind(has_fields)
        self.labelled = self.plan.kind in LABELLED_KINDS

    def _guess_kind(self, has_fields: bool) -> str:
        words = self.plan.title or self.separator_name
        if "项目" in words:
            return PROJECT_PLAN
        if has_fields or "协商" in words:
            return CONSULTATION
        if "要点" in words:
            return KEY_POINTS
        if "半年" in words:
            return HALF_YEAR
        return KEY_POINTS if self.plan.continuous_numbering else WORK_PLAN

    def _find_year(self) -> int | None:
        sources = [self.plan.title, self.plan.document_number, self.separator_name]
        sources += [
            mark.text for mark in self.marks if mark.role == LineRole.BLANK or not mark.role
        ]
        for text in sources:
            match = YEAR_IN_TEXT.search(text or "")
            if match and 2000 <= int(match.group(1)) <= 2100:
                return int(match.group(1))
        return None

    # --- blocks into sections and activities ------------------------------------------

    def _convert_root(self, root: Block) -> None:
        loose = ParsedSection(line=None, level=1, heading=_("Activities"))
        for item in self._segment(root.body, loose, type_name="", untitled=False):
            if isinstance(item, int):
                self.plan.preamble.append(self.marks[item].text)
                self._mark(item, LineRole.PREAMBLE)
        if loose.activities:
            self._warn(
                None, _("Activities before the first heading were put in a part of their own.")
            )
            self.plan.sections.append(loose)
        self.plan.sections.extend(self._convert_children(root, parent=None, level=1, type_name=""))

    def _convert_children(
        self, block: Block, *, parent: ParsedSection | None, level: int, type_name: str
    ) -> list[ParsedSection]:
        """Turn a block's children into sections, or activities of `parent`."""
        kinds = self._child_kinds(block, parent)
        sections = []
        for child, kind in zip(block.children, kinds, strict=True):
            if kind == "activity" and parent is not None:
                parent.activities.append(self._block_activity(child, type_name))
            elif kind == "run_in" and parent is not None:
                activity = self._run_in_activity(child, type_name, parent.heading)
                parent.activities.append(activity)
            elif level > MAX_DEPTH and parent is not None:
                self._flatten(child, parent)
            else:
                sections.append(self._section(child, level=level, type_name=type_name))
        return sections

    def _child_kinds(self, block: Block, parent: ParsedSection | None) -> list[str]:
        """Decide for each child: activity (with fields), run-in activity or section."""
        kinds = [self._block_kind(child) for child in block.children]
        group = parent is not None and (
            parent.declared_count is not None
            or bool(parent.type_name)
            or any(kind == "activity" for kind in kinds)
        )
        for position, child in enumerate(block.children):
            if kinds[position] != "section" or child.forced or child.children:
                continue
            if child.label is None or child.label.style not in DIGIT_STYLES:
                continue
            if not self.labelled:
                kinds[position] = "run_in"
            elif group:
                kinds[position] = "activity"
        return kinds

    def _block_kind(self, block: Block) -> str:
        if block.forced == "activity":
            return "activity"
        if block.forced == "heading" or not block.body:
            return "section"
        first = block.body[0]
        if self._fields(first) and self.overrides.get(first) != Override.PARAGRAPH:
            _, count = split_count(block.text)
            return "section" if count is not None else "activity"
        return "section"

    def _section(self, block: Block, *, level: int, type_name: str) -> ParsedSection:
        heading, lead, opening, count = split_section_head(block.text)
        section = ParsedSection(
            line=block.index, level=level, heading=heading, lead_phrase=lead, declared_count=count
        )
        if not heading and not lead:
            section.heading = block.label.text if block.label else _("(untitled)")
            self._warn(block.index, _("A heading without text was kept as it stands."))
        own_type = F.type_from_heading(heading, self.types) if heading else ""
        section.type_name = own_type
        role = LineRole.LEAD if lead and not heading else LineRole.HEADING
        self._mark(block.index, role, level=level)
        if opening:
            section.paragraphs.append(opening)
        body = self._segment(block.body, section, type_name=own_type or type_name, untitled=True)
        for item in body:
            if isinstance(item, int):
                section.paragraphs.append(self.marks[item].text)
                self._mark(item, LineRole.PARAGRAPH, level=level)
        section.children = self._convert_children(
            block, parent=section, level=level + 1, type_name=own_type or type_name
        )
        return section

    def _flatten(self, block: Block, section: ParsedSection) -> None:
        """A part nested deeper than four levels becomes paragraphs of the fourth."""
        self._warn(block.index, _("Parts nest at most four levels; this one became a paragraph."))
        for index in self._block_lines(block):
            section.paragraphs.append(self.marks[index].text)
            self._mark(index, LineRole.PARAGRAPH, level=section.level)

    def _block_lines(self, block: Block) -> list[int]:
        lines = [block.index] if block.index is not None else []
        lines += block.body
        for child in block.children:
            lines += self._block_lines(child)
        return lines

    # --- finishing ------------------------------------------------------------------

    def _finish(self) -> None:
        self._keep_unplaced()
        warnings = fill_from_rows(
            self.appendix_rows,
            self.plan.activities,
            types=self.types,
            committees=self.vocabulary.committees,
            year=self.year,
        )
        for index, message in warnings:
            self._warn(index, message)
        self._number()
        self._check_counts()
        self._fill_title()

    def _keep_unplaced(self) -> None:
        """A line no pass placed still reaches the plan, as a paragraph (nothing is dropped)."""
        for mark in self.marks:
            if mark.role:
                continue
            self._warn(mark.index, _("This line was kept as a paragraph."))
            if self.plan.sections:
                last = list(self.plan.walk_sections())[-1]
                last.paragraphs.append(mark.text)
                self._mark(mark.index, LineRole.PARAGRAPH, level=last.level)
            else:
                self.plan.preamble.append(mark.text)
                self._mark(mark.index, LineRole.PREAMBLE)

    def _number(self) -> None:
        """Labels as the plan will print them, for the preview."""
        running = 0
        continuous = self.plan.kind in CONTINUOUS_KINDS

        def number(sections: list[ParsedSection], level: int) -> None:
            nonlocal running
            for position, section in enumerate(sections, start=1):
                section.level = level
                section.label = number_label(level, position)
                item_level = min(max(level + 1, 3), 4)
                alone = len(section.activities) == 1 and not continuous
                for offset, activity in enumerate(section.activities, start=1):
                    value = running + offset if continuous else offset
                    activity.label = "" if alone else number_label(item_level, value)
                if continuous:
                    running += len(section.activities)
                number(section.children, level + 1)

        number(self.plan.sections, 1)
        self._retarget()

    def _retarget(self) -> None:
        """Tell each marked line the printed label of what it went into."""
        owner: dict[int, str] = {}
        for section in self.plan.walk_sections():
            if section.line is not None:
                owner[section.line] = section.label
            for activity in section.activities:
                if activity.line is not None:
                    owner[activity.line] = activity.label or activity.topic[:12]
        current = ""
        for mark in self.marks:
            if mark.index in owner:
                current = owner[mark.index]
            if mark.role in {
                LineRole.HEADING, LineRole.LEAD, LineRole.PARAGRAPH, LineRole.ACTIVITY,
                LineRole.FIELD, LineRole.ACTIVITY_TEXT,
            }:  # fmt: skip
                mark.target = current

    def _check_counts(self) -> None:
        for section in self.plan.walk_sections():
            if section.declared_count is None:
                continue
            found = section.activity_count
            if found != section.declared_count:
                self._warn(
                    section.line,
                    _("%(heading)s says %(declared)d activities but %(found)d were found.")
                    % {
                        "heading": section.heading,
                        "declared": section.declared_count,
                        "found": found,
                    },
                )

    def _fill_title(self) -> None:
        if not self.plan.issuer:
            match = ISSUER_IN_TEXT.search(self.plan.title)
            self.plan.issuer = match.group(1) if match else ""
        if not self.plan.title:
            self.plan.title = self.separator_name[:TITLE_MAX]

    # --- helpers --------------------------------------------------------------------

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
        _note(mark, note)

    def _warn(self, index: int | None, message: str) -> None:
        where = _("Line %(number)d: ") % {"number": index + 1} if index is not None else ""
        self.plan.warnings.append(f"{where}{message}")


def _note(mark: LineMark, note: str) -> None:
    if note:
        mark.note = f"{mark.note}；{note}" if mark.note else note
