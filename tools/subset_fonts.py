"""Build the subset fonts in static/fonts/ from Debian's font packages.

The PDF of a work plan is set in five faces (see docs/fonts.md). Their full files are
large (15–27 MB each), so this script keeps only the characters an official document
needs, drops hinting, renames each face (the OFL's reserved font names must not be
used by a modified font) and copies each font's licence next to it.

Sources are Debian 12 (bookworm) packages, pinned by version below:

    fonts-noto-cjk        1:20220127+repack1-1   Noto Serif / Sans CJK SC (OFL-1.1)
    fonts-lxgw-wenkai     1.250+repack-1         LXGW WenKai (OFL-1.1)
    texlive-lang-chinese  2022.20230122-1        FandolFang (GPL-3 + font exception)

Usage (needs fontTools from requirements-dev.txt, and apt-get + dpkg for --download):

    .venv/bin/python tools/subset_fonts.py            # downloads the .debs to a temp dir
    .venv/bin/python tools/subset_fonts.py --debs DIR # uses (or downloads into) DIR
    .venv/bin/python tools/subset_fonts.py --check    # only verify static/fonts/

`apt-get download` + `dpkg -x` unpack the packages without installing them, so TeX
is never installed. The output is byte-for-byte reproducible from the same sources
and the same fontTools version (head.modified is kept, not set to "now").
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "static" / "fonts"

PACKAGES = {
    "fonts-noto-cjk": "1:20220127+repack1-1",
    "fonts-lxgw-wenkai": "1.250+repack-1",
    "texlive-lang-chinese": "2022.20230122-1",
}

FANDOL_DIR = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
FANDOL_DOC = "usr/share/doc/texlive-doc/fonts/fandol"


@dataclass(frozen=True)
class Licence:
    """A licence file written into static/fonts/, assembled from files in a package."""

    filename: str
    package: str
    parts: tuple[str, ...]  # paths inside the package; .gz files are decompressed


@dataclass(frozen=True)
class Face:
    role: str
    family: str  # CSS family name, also written into the subset's name table
    filename: str
    package: str
    path: str  # path of the source font inside the package
    font_number: int  # index inside a .ttc collection; -1 for a single font
    sha256: str  # of the source font file, to notice a changed package
    licence: str  # Licence.filename
    weight: int
    extended: bool = False  # the fallback face: GBK + CJK Unified + Extension A
    aliases: dict[int, int] = field(default_factory=dict)  # missing code point -> donor


LICENCES = {
    lic.filename: lic
    for lic in (
        Licence(
            "LICENSE-NotoCJK-OFL.txt",
            "fonts-noto-cjk",
            ("usr/share/doc/fonts-noto-cjk/copyright",),
        ),
        Licence(
            "LICENSE-LXGWWenKai-OFL.txt",
            "fonts-lxgw-wenkai",
            ("usr/share/doc/fonts-lxgw-wenkai/copyright",),
        ),
        Licence(
            "LICENSE-Fandol-GPL.txt",
            "texlive-lang-chinese",
            (f"{FANDOL_DOC}/README", f"{FANDOL_DOC}/COPYING.gz"),
        ),
    )
}

NOTO = "usr/share/fonts/opentype/noto"

FACES = (
    Face(
        role="title (小标宋 stand-in)",
        family="CPPCC Song",
        filename="CPPCCSong-Bold.otf",
        package="fonts-noto-cjk",
        path=f"{NOTO}/NotoSerifCJK-Bold.ttc",
        font_number=2,  # Noto Serif CJK SC Bold
        sha256="a5d4b046c127da3d7c72f98b46c41489cd29bf52abfdf18aba920903e920d4ac",
        licence="LICENSE-NotoCJK-OFL.txt",
        weight=700,
    ),
    Face(
        role="body (仿宋)",
        family="CPPCC FangSong",
        filename="CPPCCFangSong-Regular.otf",
        package="texlive-lang-chinese",
        path=f"{FANDOL_DIR}/FandolFang-Regular.otf",
        font_number=-1,
        sha256="d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9",
        licence="LICENSE-Fandol-GPL.txt",
        weight=400,
        # GB2312 0xA1AA decodes to U+2015 in Python but to U+2014 in GB18030; FandolFang
        # only maps U+2014. Both are the same full-width dash in a GB font.
        aliases={0x2015: 0x2014},
    ),
    Face(
        role="level-1 headings (黑体)",
        family="CPPCC Hei",
        filename="CPPCCHei-Regular.otf",
        package="fonts-noto-cjk",
        path=f"{NOTO}/NotoSansCJK-Regular.ttc",
        font_number=2,  # Noto Sans CJK SC
        sha256="b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a",
        licence="LICENSE-NotoCJK-OFL.txt",
        weight=400,
    ),
    Face(
        role="level-2 headings (楷体)",
        family="CPPCC Kai",
        filename="CPPCCKai-Regular.ttf",
        package="fonts-lxgw-wenkai",
        path="usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
        font_number=-1,
        sha256="bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8",
        licence="LICENSE-LXGWWenKai-OFL.txt",
        weight=400,
    ),
    Face(
        role="fallback for rarer hanzi",
        family="CPPCC Fallback",
        filename="CPPCCFallback-Regular.otf",
        package="fonts-noto-cjk",
        path=f"{NOTO}/NotoSerifCJK-Regular.ttc",
        font_number=2,  # Noto Serif CJK SC
        sha256="a04178ec485dffdff7cc0c0c20e1fce9202d7e2160d805e8e44a4c8841c58481",
        licence="LICENSE-NotoCJK-OFL.txt",
        weight=400,
        extended=True,
    ),
)

# Characters in personal names outside GB2312 that must never print as boxes.
RARE_NAME_CHARS = "喆堃镕昇犇淼"

# GPOS features worth keeping for CJK text; vertical ones are not needed.
LAYOUT_FEATURES = ["kern", "palt", "halt"]
# Copyright, names, version, trademark, vendor/designer, licence text and URL.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]


def _decode_all(codec: str, leads: range, trails: range) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([lead, trail]).decode(codec))
    return chars


def gb2312_chars() -> set[str]:
    """Every character of GB2312 (7445), by decoding each 2-byte EUC-CN code."""
    return _decode_all("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))


def gbk_chars() -> set[str]:
    """Every 2-byte character of GBK (21791 with Python's codec)."""
    return _decode_all("gbk", range(0x81, 0xFF), range(0x40, 0xFF))


def _block(first: int, last: int) -> set[str]:
    return {chr(cp) for cp in range(first, last + 1)}


def base_chars() -> set[str]:
    """What every role's face keeps."""
    chars = gb2312_chars()
    chars |= _block(0x20, 0x7E)  # ASCII
    chars |= _block(0xA0, 0xFF)  # Latin-1 (·, ×, ÷, §, °…)
    chars |= _block(0x2000, 0x206F)  # General Punctuation
    chars |= _block(0x3000, 0x303F)  # CJK Symbols and Punctuation
    chars |= _block(0xFF00, 0xFFEF)  # Halfwidth and Fullwidth Forms
    chars |= set("—〔〕①②③④⑤⑥⑦⑧⑨⑩")  # page numbers "— 1 —", document numbers
    return chars


def fallback_chars() -> set[str]:
    chars = base_chars() | gbk_chars() | set(RARE_NAME_CHARS)
    chars |= _block(0x3400, 0x4DBF)  # CJK Unified Ideographs Extension A
    chars |= _block(0x4E00, 0x9FFF)  # CJK Unified Ideographs
    chars |= _block(0xF900, 0xFAFF)  # CJK Compatibility Ideographs
    return chars


def chars_for(face: Face) -> set[str]:
    return fallback_chars() if face.extended else base_chars()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- sources -------------------------------------------------------------------------


def fetch_packages(debs: Path) -> dict[str, Path]:
    """Download (if missing) and unpack each pinned package; return package -> root."""
    debs.mkdir(parents=True, exist_ok=True)
    roots = {}
    for package, version in PACKAGES.items():
        found = [p for p in debs.glob(f"{package}_*.deb") if _deb_version(p) == version]
        if not found:
            subprocess.run(["apt-get", "download", f"{package}={version}"], cwd=debs, check=True)
            found = [p for p in debs.glob(f"{package}_*.deb") if _deb_version(p) == version]
        if not found:
            sys.exit(f"{package} {version}: no .deb in {debs}")
        root = debs / "x" / package
        if not root.exists():
            root.mkdir(parents=True)
            subprocess.run(["dpkg-deb", "-x", str(found[0]), str(root)], check=True)
        roots[package] = root
    return roots


def _deb_version(deb: Path) -> str:
    out = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


# --- subsetting ----------------------------------------------------------------------


def _rename(font, face: Face) -> None:
    """Give the subset its own names (OFL reserved names) and keep the credits."""
    ps_family = face.family.replace(" ", "")
    style = "Bold" if face.weight >= 700 else "Regular"
    ps_name = f"{ps_family}-{style}"
    name = font["name"]
    old_full = name.getDebugName(4) or name.getDebugName(1) or ""
    version = name.getDebugName(5) or ""
    for name_id in (16, 17, 21, 22):  # typographic / WWS names of the original
        name.removeNames(nameID=name_id)
    name.names = [rec for rec in name.names if rec.platformID != 1]  # Mac records
    name.setName(face.family, 1, 3, 1, 0x409)
    name.setName(style, 2, 3, 1, 0x409)
    name.setName(f"{version};{ps_name};subset of {old_full}", 3, 3, 1, 0x409)
    name.setName(f"{face.family} {style}" if style != "Regular" else face.family, 4, 3, 1, 0x409)
    name.setName(ps_name, 6, 3, 1, 0x409)
    note = (
        f"Subset of {old_full} made by tools/subset_fonts.py of the CPPCC plans project: "
        "characters outside the document character set removed, hinting removed, renamed."
    )
    name.setName(note, 10, 3, 1, 0x409)
    if font["OS/2"].usWeightClass != face.weight:
        font["OS/2"].usWeightClass = face.weight
    if "CFF " in font:
        cff = font["CFF "].cff
        old_ps = cff.fontNames[0]
        cff.fontNames[0] = ps_name
        top = cff[ps_name]
        for attr, value in (("FullName", name.getDebugName(4)), ("FamilyName", face.family)):
            if hasattr(top, attr):
                setattr(top, attr, value)
        if hasattr(top, "FDArray"):
            for fd in top.FDArray:
                if getattr(fd, "FontName", "").startswith(old_ps):
                    fd.FontName = ps_name + fd.FontName[len(old_ps) :]


def _add_aliases(font, face: Face) -> None:
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for missing, donor in face.aliases.items():
            if missing not in table.cmap and donor in table.cmap:
                table.cmap[missing] = table.cmap[donor]


def subset_face(face: Face, source: Path, out: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = NAME_IDS
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "gasp"]

    font = TTFont(source, fontNumber=face.font_number, lazy=False)
    _add_aliases(font, face)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in chars_for(face)))
    subsetter.subset(font)
    _rename(font, face)
    font.flavor = None
    font.recalcTimestamp = False  # keep head.modified: same input, same bytes
    font.save(out, reorderTables=True)


def write_licence(lic: Licence, root: Path, out: Path) -> None:
    chunks = []
    for part in lic.parts:
        path = root / part
        data = gzip.decompress(path.read_bytes()) if part.endswith(".gz") else path.read_bytes()
        header = f"===== {lic.package}: /{part.removesuffix('.gz')} =====\n\n"
        chunks.append(header.encode() + data.rstrip(b"\n") + b"\n")
    out.write_bytes(b"\n".join(chunks))


def build(roots: dict[str, Path], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for lic in LICENCES.values():
        write_licence(lic, roots[lic.package], out_dir / lic.filename)
    for face in FACES:
        source = roots[face.package] / face.path
        digest = sha256_of(source)
        if face.sha256 and face.sha256 != digest:
            print(f"warning: {source.name} sha256 {digest} differs from the pinned one")
        out = out_dir / face.filename
        subset_face(face, source, out)
        print(f"{face.filename:28} {out.stat().st_size / 1e6:6.2f} MB  from {source.name}")


# --- checking ------------------------------------------------------------------------


def missing_chars(path: Path, chars: set[str]) -> list[str]:
    from fontTools.ttLib import TTFont

    cmap = TTFont(path, lazy=True).getBestCmap()
    return sorted(ch for ch in chars if ord(ch) not in cmap)


def check(out_dir: Path) -> int:
    errors = 0
    gb2312 = gb2312_chars()
    total = 0
    for face in FACES:
        path = out_dir / face.filename
        if not path.exists():
            print(f"missing: {path}")
            errors += 1
            continue
        size = path.stat().st_size
        total += size
        needed = gb2312 | (set(RARE_NAME_CHARS) if face.extended else set())
        lacking = missing_chars(path, needed)
        print(f"{face.filename:28} {size / 1e6:6.2f} MB  missing: {''.join(lacking) or 'none'}")
        errors += bool(lacking)
    print(f"total {total / 1e6:.2f} MB")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--debs", type=Path, help="folder for the .deb files (kept)")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--check", action="store_true", help="only check the output")
    args = parser.parse_args(argv)
    if not args.check:
        if args.debs:
            build(fetch_packages(args.debs), args.out)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                build(fetch_packages(Path(tmp)), args.out)
    return 1 if check(args.out) else 0


if __name__ == "__main__":
    sys.exit(main())
