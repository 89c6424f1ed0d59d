"""The vendored fonts: present, licensed, covering GB2312 in every role, named by the CSS."""

import re
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tools import subset_fonts as sf

FONTS = sf.OUT_DIR
CSS = sf.ROOT / "static" / "css" / "fonts.css"
FACES = {face.family: face for face in sf.FACES}
ROLES = ["CPPCC Song", "CPPCC FangSong", "CPPCC Hei", "CPPCC Kai", "CPPCC Fallback"]


@cache
def cmap(filename: str) -> frozenset[int]:
    return frozenset(TTFont(FONTS / filename, lazy=True).getBestCmap())


def font_faces() -> list[tuple[str, str]]:
    """(family, url) of each @font-face rule in fonts.css."""
    rules = re.findall(r"@font-face\s*{([^}]*)}", CSS.read_text(encoding="utf-8"))
    faces = []
    for rule in rules:
        family = re.search(r'font-family:\s*"([^"]+)"', rule).group(1)
        url = re.search(r'url\("([^"]+)"\)', rule).group(1)
        faces.append((family, url))
    return faces


def test_every_role_has_a_face():
    assert sorted(FACES) == sorted(ROLES)


def test_gb2312_is_all_of_it():
    assert len(sf.gb2312_chars()) == 7445
    assert {"喆", "堃", "镕", "昇", "犇"}.isdisjoint(sf.gb2312_chars())


@pytest.mark.parametrize("family", ROLES)
def test_font_file_exists_with_its_licence_beside_it(family):
    face = FACES[family]
    font = FONTS / face.filename
    assert font.is_file()
    assert font.stat().st_size > 500_000
    licence = font.parent / face.licence
    assert licence.is_file()
    text = licence.read_text(encoding="utf-8")
    if face.licence.endswith("-OFL.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
    else:
        assert "GNU GENERAL PUBLIC LICENSE" in text
        assert "GPL + GPL font exception" in text


def test_no_stray_files_in_the_fonts_folder():
    expected = {face.filename for face in sf.FACES} | set(sf.LICENCES) | {"README.md"}
    assert {p.name for p in FONTS.iterdir()} == expected


@pytest.mark.parametrize("family", ROLES)
def test_face_covers_all_of_gb2312(family):
    glyphs = cmap(FACES[family].filename)
    missing = sorted(ch for ch in sf.gb2312_chars() if ord(ch) not in glyphs)
    assert missing == []


@pytest.mark.parametrize("family", ROLES)
def test_face_covers_ascii_and_document_marks(family):
    glyphs = cmap(FACES[family].filename)
    needed = {chr(cp) for cp in range(0x20, 0x7F)} | set("—〔〕（）《》“”‘’、。，：；！？·…")
    assert sorted(ch for ch in needed if ord(ch) not in glyphs) == []


def test_fallback_covers_rare_name_characters():
    glyphs = cmap(FACES["CPPCC Fallback"].filename)
    assert [ch for ch in "喆堃镕昇犇淼" if ord(ch) not in glyphs] == []


def test_fallback_covers_gbk_hanzi_and_extension_a():
    glyphs = cmap(FACES["CPPCC Fallback"].filename)
    gbk_hanzi = {ch for ch in sf.gbk_chars() if "\u4e00" <= ch <= "\u9fff"}
    assert sorted(ch for ch in gbk_hanzi if ord(ch) not in glyphs) == []
    ext_a = range(0x3400, 0x4DB6)  # Unicode 3.0's Extension A; Noto lacks 13.0's ten
    assert sum(cp in glyphs for cp in ext_a) == len(ext_a)


@pytest.mark.parametrize("family", ROLES)
def test_face_is_renamed_and_keeps_its_credits(family):
    font = TTFont(FONTS / FACES[family].filename, lazy=True)
    names = font["name"]
    assert names.getDebugName(1) == family
    assert names.getDebugName(0)  # upstream copyright notice
    assert "subset" in names.getDebugName(10).lower()
    assert font["OS/2"].usWeightClass == FACES[family].weight


def test_css_names_every_face_and_only_existing_files():
    faces = font_faces()
    assert sorted(family for family, _ in faces) == sorted(ROLES)
    for family, url in faces:
        path = (CSS.parent / url).resolve()
        assert path.is_file(), url
        assert path.name == FACES[family].filename


def test_css_urls_are_relative():
    for _, url in font_faces():
        assert not re.match(r"^(/|[a-z]+:)", url), url


def test_fonts_stay_lean():
    total = sum((FONTS / face.filename).stat().st_size for face in sf.FACES)
    assert total < 25 * 1024 * 1024


def test_font_readme_names_every_file():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    for name in [face.filename for face in sf.FACES] + list(sf.LICENCES):
        assert name in readme


def test_sources_are_pinned():
    for face in sf.FACES:
        assert face.package in sf.PACKAGES
        assert re.fullmatch(r"[0-9a-f]{64}", face.sha256)
    assert Path(sf.__file__).parent.name == "tools"
