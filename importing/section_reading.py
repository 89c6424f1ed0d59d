"""Blocks into sections and activities (`ParsedSection`, `ParsedActivity`).

A block followed by labelled fields is an activity, numbered leaves of a plan
written as run-in items are activities, the rest sections; sections deeper than
four levels become paragraphs. The activities themselves are `activity_reading`.
"""

from django.utils.translation import gettext as _

from importing.activity_reading import ActivityReading
from importing.blocks import Block, block_lines
from importing.labels import DIGIT_STYLES, split_count
from importing.parsed import MAX_DEPTH, LineRole, Override, ParsedSection
from importing.sentences import split_section_head
from importing.types import type_from_heading


class SectionReading(ActivityReading):
    """The parser's methods that turn blocks into sections, and hand activities on."""

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
        own_type = type_from_heading(heading, self.types) if heading else ""
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
        for index in block_lines(block):
            section.paragraphs.append(self.marks[index].text)
            self._mark(index, LineRole.PARAGRAPH, level=section.level)
