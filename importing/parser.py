"""Source lines → a parsed plan outline, every line marked with what it became.

The parser works in passes over the cleaned lines, each pass a part of `_Parser`
in a module of its own:

1. `cleanup`: clean each line, drop pinyin glosses, convert traditional characters
   if most of the text is traditional, mark junk lines;
2. `document_reading`: find the documents of a text that holds several (篇1, 篇2 …)
   and keep the chosen one; read the head (title, issuing body, document number),
   the appendix table and the signature; decide the plan's kind and year;
3. `blocks`: build a tree of blocks from the numbering labels, nesting each style
   inside the styles that enclose it, so a plan may start at any style;
4. `section_reading` and `activity_reading`: turn blocks into sections and
   activities: a block followed by labelled fields is an activity, a line right
   before a field is an activity's topic, numbered leaves of a plan written as
   run-in items are activities, the rest sections;
5. here: lines no pass placed, the appendix, the labels as printed, the counts.

Nothing is dropped: text not recognised becomes paragraphs of the nearest section.
It never reads the database; names to match come in a `Vocabulary`. What the
passes share (the marked lines, `_mark`, `_warn`) is `parse_state.ParseState`.
"""

from django.utils.translation import gettext as _

from importing.appendix import fill_from_rows
from importing.blocks import BlockBuilding
from importing.cleanup import Cleanup
from importing.document_reading import DocumentReading
from importing.parsed import LineRole, ParsedPlan, ParsedSection, ParseOptions, Vocabulary
from importing.section_reading import SectionReading
from importing.types import DEFAULT_TYPES
from plans.kinds import rules_for
from plans.numbering import number_label


def parse_text(
    lines: list[str], *, vocabulary: Vocabulary | None = None, options: ParseOptions | None = None
) -> ParsedPlan:
    """Parse the lines of a plan; never raises on any text."""
    vocabulary = vocabulary if vocabulary is not None else Vocabulary(types=list(DEFAULT_TYPES))
    return _Parser(list(lines), vocabulary, options or ParseOptions()).run()


class _Parser(Cleanup, DocumentReading, BlockBuilding, SectionReading):
    """The passes in order (`run`), and the last one: finishing the plan."""

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
        continuous = rules_for(self.plan.kind).items_run_on

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
