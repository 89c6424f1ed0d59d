"""Files the browser saves: one way to name and send them, one way to write a worksheet cell.

Every download is an attachment (never shown inline, so a file that is also valid
HTML cannot run in the app's origin) and is never sniffed. Django writes the
Content-Disposition (RFC 6266): `filename*` in UTF-8, so Chinese names survive.
"""

import io
import re

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters that Windows, macOS or a browser would refuse or mangle in a file name.
UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')
FILENAME_MAX_LENGTH = 100
MAX_CELL_CHARS = 32767
WRAP = Alignment(wrap_text=True, vertical="top")


def safe_filename(filename: str, *, default: str = "download") -> str:
    """`filename` with what a file system refuses replaced and its stem cut to a sane length."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    stem = UNSAFE_IN_FILENAME.sub("_", stem).strip(" .")[:FILENAME_MAX_LENGTH] or default
    extension = UNSAFE_IN_FILENAME.sub("", extension).strip(" .")
    return f"{stem}.{extension}" if extension else stem


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """`content` as a file to save under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_download(handle, filename: str, content_type: str) -> FileResponse:
    """An open file, streamed, as a file to save under `filename`."""
    response = FileResponse(
        handle, as_attachment=True, filename=safe_filename(filename), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_download(workbook, filename: str) -> HttpResponse:
    """An openpyxl workbook as an .xlsx file to save."""
    return download(xlsx_bytes(workbook), filename, XLSX_CONTENT_TYPE)


def cell_text(value: str) -> str:
    """The value without the control characters a worksheet cannot hold, cut to Excel's limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]


def text_cell(sheet, row: int, column: int, value: str):
    """Write `value` as a wrapped text cell that Excel never reads as a formula."""
    cell = sheet.cell(row=row, column=column, value=cell_text(value))
    # openpyxl reads a leading "=" as a formula; these two keep every text a string.
    cell.data_type = "s"
    cell.quotePrefix = True
    cell.alignment = WRAP
    return cell
