"""What an uploaded attachment really is, judged by its content, not its name.

A file is accepted when its first bytes are those of a PDF, a PNG, JPEG, GIF or
WebP image, or when it is a zip archive holding `word/document.xml` and
`[Content_Types].xml` (a .docx), and its name ends in an extension of that same
type. A renamed program, a web page called report.pdf, or an empty file is
refused with a message that says why.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from progress.models import AttachmentKind

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
NAME_MAX_LENGTH = 200
HEAD_BYTES = 16

EXTENSIONS = {
    AttachmentKind.PDF: {".pdf"},
    AttachmentKind.DOCX: {".docx"},
    AttachmentKind.PNG: {".png"},
    AttachmentKind.JPEG: {".jpg", ".jpeg"},
    AttachmentKind.GIF: {".gif"},
    AttachmentKind.WEBP: {".webp"},
}
CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    AttachmentKind.PNG: "image/png",
    AttachmentKind.JPEG: "image/jpeg",
    AttachmentKind.GIF: "image/gif",
    AttachmentKind.WEBP: "image/webp",
}
DOCX_PARTS = {"word/document.xml", "[Content_Types].xml"}
# Characters no file system or browser takes in a name, and control characters.
UNSAFE_NAME = str.maketrans(dict.fromkeys('\\/:*?"<>|' + "".join(map(chr, range(32))), "_"))


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    name: str
    size: int


def check_upload(upload) -> CheckedFile:
    """The kind, a safe display name and the size of an upload; ValidationError if refused."""
    if upload is None:
        raise ValidationError(_("Choose a file to upload."))
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file to attach is empty."))
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)d MB.")
            % {"limit": MAX_ATTACHMENT_BYTES // 2**20}
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _("Only PDF, Word (.docx) and image files (PNG, JPEG, GIF, WebP) can be attached.")
        )
    name = safe_name(upload.name or "")
    if PurePosixPath(name).suffix.lower() not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file name does not match its content, which is %(kind)s.")
            % {"kind": AttachmentKind(kind).label}
        )
    return CheckedFile(kind=kind, name=name, size=size)


def sniff(upload) -> str | None:
    """The attachment kind the content shows, or None. Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return AttachmentKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return AttachmentKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return AttachmentKind.JPEG
    if head[:6] in {b"GIF87a", b"GIF89a"}:
        return AttachmentKind.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return AttachmentKind.WEBP
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return AttachmentKind.DOCX
    return None


def _is_docx(upload) -> bool:
    """A zip archive whose directory lists the parts every Word document has.

    Only the directory is read, nothing is unpacked, so a zip bomb costs nothing.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    return names >= DOCX_PARTS


def safe_name(name: str) -> str:
    """The uploaded name as it may be shown and offered back: no folders, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = base.translate(UNSAFE_NAME).strip(" .")
    if len(cleaned) > NAME_MAX_LENGTH:
        suffix = PurePosixPath(cleaned).suffix[:10]
        cleaned = cleaned[: NAME_MAX_LENGTH - len(suffix)] + suffix
    return cleaned or "attachment"
