"""Which characters the printed documents can show, read from the shipped fonts.

Every role's face in static/css/fonts.css is followed by "CPPCC Fallback", so a
character prints if the fallback face has it, or if every role's face has it (the
same text may be a title, a heading or body text). Anything else would print as a
box, or in whatever font the machine has (docs/fonts.md). Forms refuse such
characters in the fields that print (`reject_unprintable`, attached by
`core.forms.CleanTextForm.printed_fields`); text that came in some other way
(import, admin, older rows) loses them when printed (`printable_text`, the
`printable` filter of templates/pdf/ and the summary's print template).
"""

import re
import unicodedata
from functools import cache

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FALLBACK_FACE = "fonts/CPPCCFallback-Regular.otf"
ROLE_FACES = (
    "fonts/CPPCCSong-Bold.otf",
    "fonts/CPPCCFangSong-Regular.otf",
    "fonts/CPPCCHei-Regular.otf",
    "fonts/CPPCCKai-Regular.ttf",
)
# Printed without a glyph of their own: line breaks and tabs become white space, and
# the renderer (HarfBuzz) shows these invisible format characters as nothing: soft
# hyphen, zero-width space, non-joiner and joiner, word joiner, byte order mark,
# variation selectors. Bidirectional controls are left out on purpose: they would
# reorder the printed text.
INVISIBLE = (
    "\t\n\r\u2028\u2029"
    "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
# Shown by their code point in messages: invisible or without a shape of their own.
SHOWN_BY_CODE = ("C", "M", "Z")


@cache
def printable_characters() -> frozenset[str]:
    """Every character the PDF can show (read once per process, about 0.4 s)."""
    fallback = _cmap(FALLBACK_FACE)
    every_role = frozenset.intersection(*(_cmap(face) for face in ROLE_FACES))
    return fallback | every_role | frozenset(INVISIBLE)


def _cmap(static_path: str) -> frozenset[str]:
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    font = TTFont(finders.find(static_path), lazy=True)
    try:
        return frozenset(map(chr, font.getBestCmap()))
    finally:
        font.close()


@cache
def _unprintable() -> re.Pattern:
    """One character outside printable_characters(), as a class of some 130 ranges.

    A regular expression scans a whole printed page (megabytes of HTML) some five
    times faster than a set of its characters can be made.
    """
    runs: list[list[int]] = []  # [first, last] of each run of consecutive code points
    for code in sorted(map(ord, printable_characters())):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    members = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in runs)
    return re.compile(f"[^{members}]")


def unprintable_characters(text: str) -> list[str]:
    """The characters of `text` that cannot print, each once, in the order they come."""
    return list(dict.fromkeys(_unprintable().findall(text)))


def printable_text(text: str) -> str:
    """`text` without the characters that cannot print."""
    return _unprintable().sub("", text)


def shown(char: str) -> str:
    """A character as a message names it: itself, or U+E000 if it has no visible shape."""
    if unicodedata.category(char)[0] in SHOWN_BY_CODE:
        return f"U+{ord(char):04X}"
    return char


def reject_unprintable(value: str) -> None:
    """Validator of the text fields that print: no character that would print as a box."""
    if not isinstance(value, str):
        return
    # ASCII control characters have their own message (core.forms, Django's NUL check).
    missing = [char for char in unprintable_characters(value) if not (char < " " or char == "\x7f")]
    if missing:
        raise ValidationError(
            _("These characters cannot be printed: %(chars)s"),
            code="unprintable",
            params={"chars": " ".join(map(shown, missing))},
        )
