"""The tree of numbered blocks the parser builds from the numbering labels.

Each numbered line opens a `Block` holding the lines up to the next numbered
line; a style nests inside the styles that enclose it, so a plan may start at
any style (一、 or （一） or 1.). What the blocks become is `section_reading`.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from importing.labels import Label, split_label
from importing.parse_state import ParseState
from importing.parsed import HEADING_OVERRIDES, LineRole, Override


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


def block_lines(block: Block) -> list[int]:
    """The indices of a block's lines and of every block inside it, in order."""
    lines = [block.index] if block.index is not None else []
    lines += block.body
    for child in block.children:
        lines += block_lines(child)
    return lines


class BlockBuilding(ParseState):
    """The parser's methods that nest numbered lines into blocks."""

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
