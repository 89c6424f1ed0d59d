"""The first pass of the parser: clean each line, drop pinyin, mark junk, read traditional text.

A text mostly in traditional characters is read in simplified ones; unless the
user asked for the conversion, the traditional characters are given back at the
end (`_restore_traditional`).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from importing.junk import find_junk
from importing.normalize import is_mostly_traditional, remove_pinyin, to_simplified
from importing.parse_state import ParseState, add_note
from importing.parsed import LineRole, Override


class Cleanup(ParseState):
    """The parser's methods that clean the lines before anything is read from them."""

    def _clean(self) -> None:
        for mark in self.marks:
            mark.text, dropped = remove_pinyin(mark.text)
            if dropped:
                add_note(mark, _("pinyin removed"))
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
                    add_note(mark, reason % {"reason": junk[mark.index]})

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
                    add_note(mark, _("converted to simplified characters"))
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
