"""Justified Chinese paragraphs for the PDF: line breaking with font metrics and kinsoku.

WeasyPrint 70 justifies a line only by widening its spaces (``justify_line`` in
``weasyprint/layout/inline.py``); it knows no ``text-justify: inter-character``, and
``letter-spacing`` is a fixed property of a box that justification never touches. A
line of pure Chinese has no spaces, so it stays ragged.

So the PDF's body paragraphs are broken into lines here, in Python, and each line is
printed with its own ``letter-spacing`` that makes it exactly as wide as the measure
(see ``printing/templatetags/printing.py``). Widths come from the vendored fonts' advance
widths (fontTools, read once per font), which is what Pango/HarfBuzz lays out for
faces with no kerning or ligatures: the body face (FandolFang) has neither, and a face
that kerns (Noto Sans CJK) is only measured where kerning cannot apply (no two Latin
letters side by side).

Rules (GB/T 15834 and common 禁则):

- no line starts with closing punctuation (，。、；：？！）》」』】〕” …) and no line
  ends with opening punctuation (（《「『【〔“ …); a dash —— or ellipsis …… is never
  split, nor a run of Latin letters and digits (2026, CPPCC, 12.5%);
- where the natural break would violate a rule, the line takes in the closing marks
  (or the second half of —— or ……) that may not start the next line by squeezing, at
  most ``max_squeeze`` em per character (enough for one full-width mark in a line of
  28); otherwise it gives back characters and is stretched;
- a space where a line breaks is dropped; other spaces stay and are measured;
- the last line of a paragraph keeps the natural spacing.

Everything here is pure: text and metrics in, lines out. Widths are in any one unit
(the template tag uses CSS px, WeasyPrint's unit).
"""

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# May not start a line.
CLOSING = frozenset("，。、；：？！）》」』】〕〗〉’”〞〙〛｝］｠﹀・·々〻ゝゞ％‰℃°′″,.;:?!)]}%")
# May not end a line.
OPENING = frozenset("（《「『【〔〖〈‘“〝〘〚｛［｟([{￥＄$£€#＃")
# Never split between two of the same: —— and …….
PAIRED = frozenset("—…‥")
# Pango breaks no word of these; nor do we.
_WORD_PUNCTUATION = frozenset("'-_./:&+@#%$")
# Characters whose width we do not try to predict: marks, format and control
# characters, private use, surrogates, unassigned.
_UNMEASURABLE_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc", "Co", "Cs", "Cn", "Zl", "Zp"})
# Units of letter-spacing Pango works in (PANGO_SCALE): WeasyPrint truncates
# letter-spacing to whole units of 1/1024 px.
PANGO_UNITS = 1024


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of a face, in em, by code point.

    ``kerns`` is true for a face whose layout features (kern, liga) may change the
    width of Latin text, so that such text is not measured in it.
    """

    advances: Mapping[int, float]
    kerns: bool = False

    def advance(self, char: str) -> float | None:
        """The advance of ``char`` in em, or None if the face lacks it."""
        return self.advances.get(ord(char))


@cache
def font_metrics(path: str | Path) -> FontMetrics:
    """The metrics of the font file at ``path`` (read once per process, ~0.1 s)."""
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    font = TTFont(str(path), lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    advances = {cp: hmtx[glyph][0] / units for cp, glyph in font.getBestCmap().items()}
    kerns = False
    for tag in ("GPOS", "GSUB"):
        if tag in font:
            records = font[tag].table.FeatureList.FeatureRecord
            features = {record.FeatureTag for record in records}
            # halt/palt/vert are off unless asked for; anything else may apply.
            if features - {"halt", "palt", "vhal", "vpal", "vert", "vrt2", "vkrn"}:
                kerns = True
    return FontMetrics(advances, kerns)


@dataclass(frozen=True)
class Line:
    """One printed line: pieces of the paragraph's segments, and its letter-spacing.

    ``pieces`` are (segment index, text) in order. ``spacing`` is the letter-spacing
    (per character, in the caller's unit) that fills the measure, or None for a last
    line, which keeps the natural spacing.
    """

    pieces: tuple[tuple[int, str], ...]
    spacing: float | None

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces)


def is_word_char(char: str) -> bool:
    """Latin letters, digits and the punctuation inside such words: never split."""
    if char == " ":
        return False
    if char.isascii():
        return char.isalnum() or char in _WORD_PUNCTUATION
    return unicodedata.category(char)[0] in "LN" and unicodedata.east_asian_width(char) in (
        "Na",
        "N",
        "H",
        "A",
    )


def may_break(before: str, after: str) -> bool:
    """Whether a line may end with ``before`` and the next begin with ``after``."""
    if after == " " or after in CLOSING or before in OPENING:
        return False
    if before == " ":
        return True
    if before == after and before in PAIRED:
        return False
    return not (is_word_char(before) and is_word_char(after))


def normalize(segments: Sequence[str]) -> list[str]:
    """Collapse white space as HTML does (runs to one space, none at either end)."""
    out: list[str] = []
    previous_space = True  # drops leading white space
    for text in segments:
        chars = []
        for char in text:
            if char in " \t\n\r\f":
                if not previous_space:
                    chars.append(" ")
                previous_space = True
            else:
                chars.append(char)
                previous_space = False
        out.append("".join(chars))
    for index in reversed(range(len(out))):  # trailing white space of the paragraph
        out[index] = out[index].rstrip(" ")
        if out[index]:
            break
    return out


def break_paragraph(
    segments: Sequence[tuple[str, FontMetrics]],
    *,
    measure: float,
    font_size: float,
    indent: float = 0.0,
    spacing: float = 0.0,
    max_squeeze: float = 0.04,
    safety: float = 0.02,
    quantum: float = 1 / PANGO_UNITS,
) -> list[Line] | None:
    """Break a paragraph into justified lines, or None if it cannot be measured.

    ``segments`` are the paragraph's pieces of text (a label, a lead phrase, the text)
    each with the metrics of the face it prints in, all at ``font_size``. ``measure``
    is the line width, ``indent`` the first line's indent, ``spacing`` the natural
    letter-spacing; ``max_squeeze`` (em per character) bounds how much a line may be
    tightened to take in what may not start the next line. Each non-last line gets a
    letter-spacing that makes it ``safety`` short of the measure, rounded down to a
    multiple of ``quantum`` (a multiple of Pango's 1/1024), so never wider than it.

    Returns None, so that the caller lets the renderer wrap the paragraph itself, when
    a character has no width in its face (a fallback face would print it), is a mark
    or control character, or is Latin in a face that kerns; or when a word is longer
    than a line.
    """
    texts = normalize([text for text, _ in segments])
    chars: list[str] = []
    owners: list[int] = []
    widths: list[float] = []
    for index, (text, (_, metrics)) in enumerate(zip(texts, segments, strict=True)):
        for char in text:
            advance = metrics.advance(char)
            if advance is None or unicodedata.category(char) in _UNMEASURABLE_CATEGORIES:
                return None
            if (
                metrics.kerns
                and chars
                and owners[-1] == index
                and is_word_char(char)
                and is_word_char(chars[-1])
                and not char.isdigit()
            ):
                return None  # Latin that the face may kern
            chars.append(char)
            owners.append(index)
            widths.append(advance * font_size + spacing)
    count = len(chars)
    if not count:
        return []
    # prefix[i]: natural width of chars[:i]
    prefix = [0.0] * (count + 1)
    for i, width in enumerate(widths):
        prefix[i + 1] = prefix[i] + width

    def natural(start: int, end: int) -> float:
        while end > start and chars[end - 1] == " ":
            end -= 1
        return prefix[end] - prefix[start]

    def allowed(position: int) -> bool:
        return position == count or may_break(chars[position - 1], chars[position])

    lines: list[Line] = []
    start = 0
    first = True
    slack = 1e-6
    while start < count:
        available = measure - (indent if first else 0.0)
        if natural(start, count) <= available + slack:
            lines.append(_line(chars, owners, start, count, None))
            break
        # fit: the most characters that fit at natural spacing (at least one).
        fit = start + 1
        while fit < count and natural(start, fit + 1) <= available + slack:
            fit += 1
        if allowed(fit) and natural(start, fit) <= available + slack:
            end = fit
        else:
            back = next((p for p in range(fit, start, -1) if allowed(p)), None)
            ahead = next((p for p in range(fit + 1, count + 1) if allowed(p)), None)
            squeezable = (
                ahead is not None
                and all(char in CLOSING or char in PAIRED for char in chars[fit:ahead])
                and natural(start, ahead) - available <= (ahead - start) * max_squeeze * font_size
            )
            if squeezable:
                end = ahead
            elif back is not None and natural(start, back) <= available + slack:
                end = back
            else:
                return None  # a word longer than the line
        trimmed = end
        while trimmed > start and chars[trimmed - 1] == " ":
            trimmed -= 1
        extra = (available - safety - natural(start, end)) / (trimmed - start)
        letter_spacing = math.floor((spacing + extra) / quantum) * quantum
        lines.append(_line(chars, owners, start, trimmed, letter_spacing))
        start = end
        first = False
    return lines


def _line(chars, owners, start, end, spacing) -> Line:
    pieces: list[tuple[int, str]] = []
    for position in range(start, end):
        owner = owners[position]
        if pieces and pieces[-1][0] == owner:
            pieces[-1] = (owner, pieces[-1][1] + chars[position])
        else:
            pieces.append((owner, chars[position]))
    return Line(tuple(pieces), spacing)
