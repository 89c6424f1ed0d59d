"""Reading an uploaded file into source lines: Word (.docx) and plain text (.txt).

Every refusal is an `ImportFileError` with a message for the user. The file is
judged by its bytes, not its name: a .docx renamed to .txt is read as Word, a
picture renamed to .txt is refused. A .docx is a zip archive, so its declared
sizes are checked before anything is unpacked; zipfile never unpacks an entry
beyond its declared size, so the check bounds memory.
"""

import codecs
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from importing.labels import split_label
from plans.numbering import chinese_numeral

MAX_FILE_BYTES = 10 * 1024 * 1024
# A 300-page plan unpacks to a few MB; far more is a zip bomb or not a plan.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 2000
# Word's XML packs 5–20 times; a thousandfold is a bomb.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# An encrypted .docx is an OLE compound file, as is an old .doc.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"GIF8": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7z",
    b"\x1f\x8b": "gzip",
    b"MZ": "exe",
    b"\x7fELF": "ELF",
    b"{\\rtf": "RTF",
}
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Characters no text file holds: controls, private use, the replacement character.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
NOT_TEXT_SHARE = 0.01
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
TITLE_STYLES = {"title", "标题", "计划标题"}
# Table cells are joined by a tab: the parser knows table rows by it.
CELL_SEPARATOR = "\t"


class ImportFileError(Exception):
    """A file that cannot be imported, with the reason for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SourceText:
    lines: list[str]
    format: str  # "docx" or "text"
    encoding: str = ""
    hints: dict[int, str] = field(default_factory=dict)  # line -> Override, from Word styles


def read_file(name: str, data: bytes) -> SourceText:
    """The lines of an uploaded .docx or .txt file."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This is an encrypted Word document or an old .doc file. Remove the password, "
                "or save it as .docx in Word or WPS, and upload it again."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return read_docx(data)
    if Path(name).suffix.lower() == ".docx":
        raise ImportFileError(_("The .docx file is damaged and cannot be read."))
    return read_text(data)


# --- plain text --------------------------------------------------------------------


def read_text(data: bytes) -> SourceText:
    """Decode text in UTF-8 (with or without BOM), UTF-16, UTF-32 or GB18030."""
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ImportFileError(_not_text(kind))
    encoding = _encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportFileError(_unknown_encoding()) from None
    if not text.replace("\ufeff", "").strip():
        raise ImportFileError(_("The file is empty."))
    strange = len(NOT_TEXT.findall(text))
    if strange > len(text) * NOT_TEXT_SHARE:
        raise ImportFileError(_not_text(_("binary data")))
    return SourceText(lines=text.splitlines(), format="text", encoding=encoding)


def _encoding(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        return _utf16_without_bom(data)
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError(_unknown_encoding())


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 without a BOM: ASCII characters leave a zero byte on one side."""
    sample = data[:4096]
    even = sum(1 for byte in sample[0::2] if byte == 0)
    odd = sum(1 for byte in sample[1::2] if byte == 0)
    if odd > even * 2:
        return "utf-16-le"
    if even > odd * 2:
        return "utf-16-be"
    raise ImportFileError(_not_text(_("binary data")))


def _not_text(kind: str) -> str:
    return _("This file is not text (it looks like %(kind)s). Upload a .docx or .txt file.") % {
        "kind": kind
    }


def _unknown_encoding() -> str:
    return _("The text's encoding could not be recognised. Save it as UTF-8 and upload it again.")


# --- Word ------------------------------------------------------------------------


def read_docx(data: bytes) -> SourceText:
    """The paragraphs and table rows of a .docx body in order, numbering labels included."""
    _check_archive(data)
    # Imported here: python-docx is only needed when a Word file comes in.
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines, hints = _document_lines(document)
    except ImportFileError:
        raise
    except Exception as error:  # a hostile file can make the library raise anything
        raise ImportFileError(_("The .docx file is damaged and cannot be read.")) from error
    if not any(line.strip() for line in lines):
        raise ImportFileError(_("The Word document has no text."))
    return SourceText(lines=lines, format="docx", hints=hints)


def _check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ImportFileError(_("The .docx file is damaged and cannot be read.")) from None
    bomb = _("The .docx file unpacks to more than %(limit)d MB and is refused.") % {
        "limit": MAX_UNPACKED_BYTES // 1024 // 1024
    }
    if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ImportFileError(bomb)
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ImportFileError(
                _("The .docx file is encrypted. Remove the password and try again.")
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise ImportFileError(bomb)
    if "word/document.xml" not in archive.namelist():
        raise ImportFileError(_("This is not a Word document (.docx)."))


def _document_lines(document) -> tuple[list[str], dict[int, str]]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    styles = _Styles(document, qn)
    numbering = _Numbering(document, qn)
    lines: list[str] = []
    hints: dict[int, str] = {}
    titled = False
    for element in _body_elements(document.element.body, qn):
        if element.tag == qn("w:tbl"):
            for row in Table(element, document).rows:
                lines.append(CELL_SEPARATOR.join(_row_cells(row)))
            continue
        style = styles.of(element)
        label = numbering.label(element, styles.numbering(style))
        parts = Paragraph(element, document).text.split("\n")
        parts[0] = label + parts[0]
        # A heading style says the level only of a heading that carries no number.
        hint = "" if label or split_label(parts[0].strip())[0] else styles.hint(style)
        if hint == "title":
            hint = "" if titled else hint
            titled = True
        if hint and parts[0].strip():
            hints[len(lines)] = hint
        lines.extend(parts)
    return lines, hints


def _body_elements(body, qn):
    """Paragraphs and tables of the body in order, also inside content controls (w:sdt)."""
    for element in body.iterchildren():
        if element.tag in {qn("w:p"), qn("w:tbl")}:
            yield element
        elif element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content, qn)


def _row_cells(row) -> list[str]:
    """Cell texts of a row; a merged cell is listed once."""
    texts: list[str] = []
    previous = None
    for cell in row.cells:
        if cell._tc is previous:
            continue
        previous = cell._tc
        texts.append(" ".join(cell.text.split()))
    return texts


class _Styles:
    """The paragraph styles, read once: python-docx looks the default style up per call."""

    def __init__(self, document, qn):
        self.qn = qn
        self.styles: dict[str, tuple[str, str | None, object]] = {}
        self.default: str | None = None
        for style in document.styles.element.findall(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":
                continue
            style_id = style.get(qn("w:styleId"))
            properties = style.find(qn("w:pPr"))
            numbering = properties.find(qn("w:numPr")) if properties is not None else None
            self.styles[style_id] = (
                _val(style, "w:name", qn) or "",
                _val(style, "w:basedOn", qn),
                numbering,
            )
            if style.get(qn("w:default")) in {"1", "true"}:
                self.default = style_id

    def of(self, paragraph) -> str | None:
        properties = paragraph.find(self.qn("w:pPr"))
        style = properties.find(self.qn("w:pStyle")) if properties is not None else None
        return style.get(self.qn("w:val")) if style is not None else self.default

    def chain(self, style_id: str | None):
        """The style and those it is based on, nearest first (at most five)."""
        for _step in range(5):
            if style_id not in self.styles:
                return
            yield self.styles[style_id]
            style_id = self.styles[style_id][1]

    def hint(self, style_id: str | None) -> str:
        """'h1'…'h4' for a heading style, 'title' for a title style, else ''."""
        for name, _based_on, _numbering in self.chain(style_id):
            if name.strip().lower() in TITLE_STYLES:
                return "title"
            match = HEADING_STYLE.match(name.strip())
            if match:
                level = int(match.group(1))
                return f"h{level}" if level <= 4 else ""
        return ""

    def numbering(self, style_id: str | None):
        """The numbering a style gives its paragraphs (w:numPr), if any."""
        return next((found for _n, _b, found in self.chain(style_id) if found is not None), None)


class _Numbering:
    """Word's automatic numbering, rendered as the label it shows (一、 （一） 1. ①)."""

    def __init__(self, document, qn):
        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = defaultdict(dict)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                levels[_int(level.get(qn("w:ilvl")))] = (
                    _val(level, "w:numFmt", qn) or "decimal",
                    _val(level, "w:lvlText", qn) or "",
                    _int(_val(level, "w:start", qn), 1),
                )
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            starts = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride", qn)
                if start is not None:
                    starts[_int(override.get(qn("w:ilvl")))] = _int(start, 1)
            self.lists[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId", qn), starts)

    def label(self, paragraph, style_numbering) -> str:
        num_id, level = self._numbering_of(paragraph, style_numbering)
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return ""
        abstract_id, starts = self.lists[num_id]
        levels = self.levels.get(abstract_id, {})
        if level not in levels:
            return ""
        # A list with its own start counts apart; others continue their abstract list.
        key = num_id if starts else f"a{abstract_id}"
        counters = self.counters[key]
        fmt, text, start = levels[level]
        counters[level] = counters.get(level, starts.get(level, start) - 1) + 1
        for deeper in [other for other in counters if other > level]:
            del counters[deeper]
        if fmt in {"bullet", "none"}:
            return ""

        def value(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            at_fmt = levels.get(at, (fmt, "", 1))[0]
            return _format_number(counters.get(at, levels.get(at, (fmt, "", 1))[2]), at_fmt)

        return re.sub(r"%([1-9])", value, text)

    def _numbering_of(self, paragraph, style_numbering) -> tuple[str | None, int]:
        qn = self.qn
        properties = paragraph.find(qn("w:pPr"))
        own = properties.find(qn("w:numPr")) if properties is not None else None
        for num_pr in (own, style_numbering):
            if num_pr is not None:
                return _val(num_pr, "w:numId", qn), _int(_val(num_pr, "w:ilvl", qn))
        return None, 0


def _val(element, tag: str, qn) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _format_number(number: int, fmt: str) -> str:
    if number < 1:
        return str(number)
    if fmt.startswith(("chineseCounting", "ideograph", "japaneseCounting", "taiwaneseCounting")):
        return chinese_numeral(number)
    if fmt.startswith("decimalEnclosedCircle") and number <= len(CIRCLED):
        return CIRCLED[number - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(digit) + 0xFEE0) for digit in str(number))
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(number)
