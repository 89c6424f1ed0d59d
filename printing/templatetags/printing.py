"""Template tags of the printed plan (templates/pdf/).

``{% doc_p %}`` prints a body paragraph. In the PDF it is justified line by line
(``printing.justify``): each line is a ``<span class="jl">`` that does not wrap,
with the letter-spacing that makes it exactly as wide as the type area, and the lines
are separated by ``<br>``. Nothing is added to the text, so text copied from the PDF
has no extra spaces. In the browser's print preview (``preview`` in the context), and
for any paragraph that cannot be measured, it prints the plain paragraph and leaves
the wrapping to the renderer.

``{% filter printable %}`` around the printed page drops every character that no
shipped font has (``core.glyphs``), so that whatever way a text came in,
nothing prints as a box or in a font of the machine's.

The numbers below mirror static/css/print.css (the body's size, measure, indent and
letter-spacing); static/css/justify.css pins the faces of justified paragraphs, so
that what is printed is what was measured.
"""

import math

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from core.glyphs import printable_text
from printing.justify import PANGO_UNITS, break_paragraph, font_metrics

register = template.Library()

PX_PER_PT = 96 / 72
PX_PER_MM = 96 / 25.4
# A4 less the left and right margins (28 mm, 26 mm), in CSS px.
MEASURE = (210 - 28 - 26) * PX_PER_MM
FONT_SIZE = 16 * PX_PER_PT  # 3号
INDENT = 2 * FONT_SIZE  # text-indent: 2em
# letter-spacing: -0.25pt, as WeasyPrint hands it to Pango (whole 1/1024 px, truncated).
SPACING = math.trunc(-0.25 * PX_PER_PT * PANGO_UNITS) / PANGO_UNITS
# A line's letter-spacing is a class of justify.css, not a style attribute: WeasyPrint
# takes some 3 ms per element with a style attribute (+40 % for a plan of 100
# activities), a class costs nothing. Classes ls-{n} (ls-m{n} if negative) set n/128
# px, for n in SPACING_STEPS; a line rounded down to 1/128 px is at most 0.3 pt short
# even with 50 narrow characters. Rarer spacings get a style attribute.
QUANTUM = 1 / 128
SPACING_STEPS = range(-160, 161)  # -1.25 px to +1.25 px

FACE_FILES = {
    "fangsong": "fonts/CPPCCFangSong-Regular.otf",
    "hei": "fonts/CPPCCHei-Regular.otf",
    "kai": "fonts/CPPCCKai-Regular.ttf",
}
# The face of a heading-less part's number and lead phrase by level (print.css:
# 一、 in 黑体, （一） in 楷体, lower levels in the body's 仿宋).
LEAD_FACES = {1: "hei", 2: "kai"}


def metrics(face: str):
    return font_metrics(finders.find(FACE_FILES[face]))


@register.simple_tag(takes_context=True)
def doc_p(
    context,
    classes="doc-p",
    *,
    label="",
    label_class="item-label",
    lead="",
    text="",
    level=None,
    face=None,
):
    """A body paragraph ``<p class="{classes}">``: label, lead phrase, text.

    ``label`` prints in ``<span class="{label_class}">``, ``lead`` in
    ``<strong class="lead-phrase">``; both in the face of ``level`` (LEAD_FACES) if
    given, else in the body face. ``level`` is for a part without a heading, whose
    number and lead phrase run in with its first paragraph: it adds the classes
    ``lead-item level-{level}``. ``face`` ("hei", "kai") overrides the face of the label
    and lead phrase, e.g. for the run-in items of a 工作要点. Justified unless
    ``preview`` is in the context.
    """
    # What `printable` would drop later, dropped before measuring: the line breaks
    # are those of the printed characters.
    label, lead, text = (printable_text(str(piece or "")) for piece in (label, lead, text))
    if level is not None:
        classes = f"{classes} lead-item level-{level}"
    lead_face = face or LEAD_FACES.get(level, "fangsong")
    face_class = "" if lead_face == "fangsong" else f" face-{lead_face}"
    lines = None
    if not context.get("preview"):
        body, head = metrics("fangsong"), metrics(lead_face)
        lines = break_paragraph(
            [(label, head), (lead, head), (text, body)],
            measure=MEASURE,
            font_size=FONT_SIZE,
            indent=INDENT,
            spacing=SPACING,
            quantum=QUANTUM,
        )
    if lines is None:
        return format_html(
            # Levels take their faces from print.css; only an explicit face needs a class.
            '<p class="{}">{}</p>',
            classes,
            _segments(label, label_class, lead, text, f" face-{face}" if face else ""),
        )
    printed = []
    for line in lines:
        pieces = {0: "", 1: "", 2: ""}
        for index, piece in line.pieces:
            pieces[index] = piece
        content = _segments(pieces[0], label_class, pieces[1], pieces[2], face_class)
        if line.spacing is None:  # a last line: the body's letter-spacing
            printed.append(format_html('<span class="jl">{}</span>', content))
        elif (step := round(line.spacing / QUANTUM)) in SPACING_STEPS:
            printed.append(format_html('<span class="jl {}">{}</span>', _class(step), content))
        else:
            printed.append(
                format_html(
                    '<span class="jl" style="letter-spacing:{}px">{}</span>',
                    f"{line.spacing:.10f}".rstrip("0").rstrip("."),
                    content,
                )
            )
    return format_html('<p class="{} justified">{}</p>', classes, mark_safe("<br>".join(printed)))


@register.filter
def cell(row, column) -> str:
    """The text of one appendix cell: `column` (plans.kinds.Column) of `row`."""
    return getattr(row, column.key)


# The width class of each appendix column (static/css/print.css).
COLUMN_CLASSES = {
    "number": "number",
    "type_name": "type",
    "category": "type",
    "topic": "topic",
    "schedule": "time",
    "lead": "organizers",
}


@register.filter
def column_class(column) -> str:
    return COLUMN_CLASSES[column.key]


@register.filter
def no_orphan(value) -> str:
    """`value` escaped, its last two characters kept on one line: a heading that wraps
    never leaves a single character alone on its last line."""
    text = str(value)
    if len(text) < 4:
        return conditional_escape(text)
    return format_html('{}<span class="keep">{}</span>', text[:-2], text[-2:])


@register.filter(is_safe=True)
def printable(value):
    """`value` without the characters no shipped font has (core.glyphs)."""
    return printable_text(str(value))


def _segments(label, label_class, lead, text, face_class):
    parts = []
    if label:
        parts.append(format_html('<span class="{}{}">{}</span>', label_class, face_class, label))
    if lead:
        parts.append(format_html('<strong class="lead-phrase{}">{}</strong>', face_class, lead))
    parts.append(conditional_escape(text))
    return mark_safe("".join(parts))


def _class(step: int) -> str:
    return f"ls-m{-step}" if step < 0 else f"ls-{step}"


def spacing_rules() -> str:
    """The letter-spacing classes of static/css/justify.css (its generated part)."""
    return "\n".join(
        f"p.justified .{_class(step)} {{ letter-spacing: {step * QUANTUM:.10g}px; }}"
        for step in SPACING_STEPS
    )
