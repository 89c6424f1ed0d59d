"""Reading uploaded files (importing.readers): every encoding and every bad file."""

import io
import random
import zipfile

import docx
import pytest
from django.utils import translation
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from importing import readers
from importing.readers import ImportFileError, read_file


@pytest.fixture(autouse=True)
def chinese():
    # Messages are compared in Chinese, the default language, whatever ran before.
    with translation.override("zh-hans"):
        yield


TEXT = "政协河洛市委员会2026年度协商工作计划\n一、指导思想\n坚持团结和民主两大主题。"
LINES = TEXT.split("\n")


def word_file(build=None) -> bytes:
    document = docx.Document()
    if build is None:
        for line in LINES:
            document.add_paragraph(line)
    else:
        build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def message(name: str, data: bytes) -> str:
    with pytest.raises(ImportFileError) as raised:
        read_file(name, data)
    return raised.value.message


# --- plain text in every encoding ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        ("\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.replace("\n", "\r\n").encode("utf-16-le"), "utf-16-le"),
        (("Plan 2026\n" + TEXT).encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
)
def test_text_in_every_encoding(data, encoding):
    source = read_file("plan.txt", data)
    lines = [line for line in source.lines if line]
    assert lines[-3:] == LINES
    assert (source.format, source.encoding) == ("text", encoding)


def test_windows_line_endings():
    assert read_file("plan.txt", TEXT.replace("\n", "\r\n").encode()).lines == LINES


# --- bad files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", "\ufeff".encode("utf-8-sig")])
def test_empty_files(data):
    assert message("plan.txt", data) in {"文件是空的，没有可导入的内容。"}


def test_files_over_10_mb():
    assert message("plan.txt", b"a" * (10 * 1024 * 1024 + 1)) == "文件超过 10 MB，无法导入。"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (b"MZ\x90\x00" + bytes(100), "exe"),
    ],
)
def test_binary_files_renamed_to_txt(data, kind):
    assert message("plan.txt", data) == (
        f"这不是文本文件（看起来是{kind}）。请上传 .docx 或 .txt 文件。"
    )


def test_random_bytes_are_refused():
    data = random.Random(7).randbytes(4000)
    assert message("plan.txt", data) in {
        "这不是文本文件（看起来是二进制数据）。请上传 .docx 或 .txt 文件。",
        "无法识别文字的编码。请另存为 UTF-8 编码后重新上传。",
    }


def test_control_characters_mean_binary():
    data = bytes(range(1, 32)) * 50 + "一、指导思想".encode()
    assert (
        message("plan.txt", data)
        == "这不是文本文件（看起来是二进制数据）。请上传 .docx 或 .txt 文件。"
    )


def test_unknown_encoding():
    # Valid in neither UTF-8 nor GB18030.
    assert message("plan.txt", b"\x81\x30\x81" * 10) == (
        "无法识别文字的编码。请另存为 UTF-8 编码后重新上传。"
    )


# --- Word ----------------------------------------------------------------------------------------


def test_word_paragraphs_and_tables_in_order():
    def build(document):
        document.add_paragraph("一、指导思想")
        table = document.add_table(rows=2, cols=3)
        rows = [["序号", "议题", "时间安排"], ["1", "乡村振兴", "6月"]]
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        paragraph = document.add_paragraph("时间安排：6月")
        paragraph.add_run().add_break()
        paragraph.add_run("组织实施：由市政协调研室组织实施")

    source = read_file("plan.docx", word_file(build))
    assert source.format == "docx"
    assert source.lines == [
        "一、指导思想",
        "序号\t议题\t时间安排",
        "1\t乡村振兴\t6月",
        "时间安排：6月",
        "组织实施：由市政协调研室组织实施",
    ]


def test_word_heading_styles_become_hints():
    def build(document):
        document.add_paragraph("工作计划", style="Title")
        document.add_paragraph("指导思想", style="Heading 1")
        document.add_paragraph("学习", style="Heading 2")
        document.add_paragraph("一、已有编号", style="Heading 1")
        document.add_paragraph("正文")

    source = read_file("plan.docx", word_file(build))
    assert source.hints == {0: "title", 1: "h1", 2: "h2"}


LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."),
          ("decimalEnclosedCircle", "%4")]  # fmt: skip
NUMBERING = (
    f'<w:numbering {nsdecls("w")}><w:abstractNum w:abstractNumId="90">'
    + "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for level, (fmt, text) in enumerate(LEVELS)
    )
    + '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="90"/></w:num></w:numbering>'
)


def test_word_automatic_numbering_is_written_out():
    def build(document):
        numbering = document.part.numbering_part
        numbering._element = parse_xml(NUMBERING)
        for text, level in [
            ("指导思想", 0), ("协商安排", 0), ("专题协商", 1), ("乡村振兴", 2),
            ("科技创新", 2), ("小项", 3), ("重点视察", 1), ("民生实事", 2),
        ]:  # fmt: skip
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                    '<w:numId w:val="7"/></w:numPr>'
                )
            )

    source = read_file("plan.docx", word_file(build))
    assert source.lines == [
        "一、指导思想",
        "二、协商安排",
        "（一）专题协商",
        "1.乡村振兴",
        "2.科技创新",
        "①小项",
        "（二）重点视察",
        "1.民生实事",
    ]


def test_a_word_file_renamed_to_txt_is_read_as_word():
    assert read_file("plan.txt", word_file()).lines == LINES


def test_corrupt_word_files():
    data = word_file()
    damaged = ".docx 文件已损坏，无法读取。"
    assert message("plan.docx", data[: len(data) // 2]) == damaged
    assert message("plan.docx", b"not a zip at all") == damaged
    assert message("plan.docx", zip_of({"word/document.xml": b"<w:document"})) == damaged


def test_a_zip_without_a_document_is_no_word_file():
    assert message("plan.docx", zip_of({"hello.txt": b"hi"})) == "这不是 Word 文档（.docx）。"


def test_encrypted_word_files():
    ole = readers.OLE_MAGIC + bytes(600)
    assert message("plan.docx", ole) == (
        "这是加密的 Word 文档或旧版 .doc 文件。"
        "请取消密码，或在 Word、WPS 中另存为 .docx 后重新上传。"
    )
    assert message("plan.docx", zip_of({"word/document.xml": b"x"}, encrypted=True)) == (
        ".docx 文件已加密。请取消密码后重试。"
    )


def test_zip_bombs_are_refused_before_unpacking():
    bomb = zip_of({"word/document.xml": b"<x/>", "word/media/a.bin": bytes(5 * 1024 * 1024)})
    assert len(bomb) < 50_000
    assert message("plan.docx", bomb) == ".docx 文件解压后超过 100 MB，已拒绝导入。"


def test_archives_too_large_when_unpacked(monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1024)
    assert message("plan.docx", word_file()) == ".docx 文件解压后超过 0 MB，已拒绝导入。"


def test_word_files_without_text():
    assert message("plan.docx", word_file(lambda document: None)) == "Word 文档中没有文字。"


def zip_of(entries: dict[str, bytes], *, encrypted: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    data = bytearray(out.getvalue())
    if encrypted:
        # zipfile writes no encrypted entries: set the flag in the central directory.
        central = data.find(b"PK\x01\x02")
        data[central + 8] |= 0x1
    return bytes(data)
