"""What surrounds the plan in a document, and what kind of plan it is.

Which document of a text that holds several (篇1, 篇2 …), the head (title,
issuing body, document number), the appendix table (附件), the signature (the
issuer and date at the end), then the plan's kind and year.
"""

import itertools
import re

from django.utils.translation import gettext as _

from importing.appendix import APPENDIX_LABEL, is_activity_table
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
from importing.labels import split_label
from importing.parse_state import ParseState
from importing.parsed import DOCUMENT_NUMBER_MAX, TITLE_MAX, DocumentRange, LineRole, Override
from plans.kinds import rules_for

# Plan kinds, as plans.models.PlanKind values (the parser does not import models).
KEY_POINTS, CONSULTATION, WORK_PLAN = "key_points", "consultation", "work_plan"
PROJECT_PLAN, HALF_YEAR = "project_plan", "half_year"
# The head (title, issuer, document number) is read from the first lines only.
HEAD_LINES = 8
HEAD_LINE_MAX = 80


class DocumentReading(ParseState):
    """The parser's methods that read the document around the plan's parts."""

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
        """The appendix table (附件) lists the activities again; it is made from them.

        A 附件 line with another 附件 line after it, before the table, is the note
        after the text (附件：…安排表, the 附件说明): no paragraph, and not the table.
        """
        for position, index in enumerate(work):
            if not APPENDIX_LABEL.match(self.marks[index].text) or self.overrides.get(index):
                continue
            region = work[position:]
            rows = [i for i in region if "\t" in self.marks[i].source]
            header = self.marks[rows[0]].source if rows else ""
            if not rows or not is_activity_table(header):
                continue
            before_table = region[1 : region.index(rows[0])]
            if any(APPENDIX_LABEL.match(self.marks[i].text) for i in before_table):
                self._mark(index, LineRole.APPENDIX, note=_("the note of the attachment"))
                work = work[:position] + work[position + 1 :]
                return self._mark_appendix(work)
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

    def _decide_kind(self, work: list[int]) -> None:
        has_fields = any(self._fields(index) for index in work)
        if self.options.kind:
            self.plan.kind, self.plan.kind_guessed = self.options.kind, False
        else:
            self.plan.kind = self._guess_kind(has_fields)
        self.labelled = rules_for(self.plan.kind).labelled

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

    def _fill_title(self) -> None:
        if not self.plan.issuer:
            match = ISSUER_IN_TEXT.search(self.plan.title)
            self.plan.issuer = match.group(1) if match else ""
        if not self.plan.title:
            self.plan.title = self.separator_name[:TITLE_MAX]
