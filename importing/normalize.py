"""Cleaning source lines: invisible characters, pinyin glosses, traditional characters.

Text copied from web pages carries zero-width spaces, non-breaking spaces and
pinyin glosses such as 協(xié); sources from Hong Kong, Macao and Taiwan, or
old scans, come in traditional characters. The parser works on the cleaned line
and the preview shows what was changed.
"""

import functools
import re
import unicodedata

# Zero-width and direction marks, the BOM, soft hyphens: invisible, they break matching.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Control characters (a source line holds no tab or line break that matters), and lone
# surrogates, which UTF-8 cannot hold.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
SPACES = re.compile("[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]+")
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# A pinyin gloss right after a Chinese character: 協(xié), 商（shāng）. One syllable:
# an optional initial, vowels (perhaps with a tone mark), an optional n / ng / r ending,
# perhaps a tone number; English words in brackets such as (word) are no syllable.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv{TONED}]{{1,4}}(?:ng|n|r)?[1-5]?"
PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\s?[（(]\s*{SYLLABLE}\s*[)）]")


# Web pages often type Chinese with half-width punctuation (围绕中心,服务大局); official
# documents use full width. Only marks between Chinese characters change.
HALF_WIDTH_MARK = re.compile(r"(?<=[\u3400-\u9fff”’）》])([,;:!?])(?=[\u3400-\u9fff“‘（《0-9])")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def clean_line(text: str) -> str:
    """The line without invisible and control characters, its spaces collapsed."""
    text = INVISIBLE.sub("", text)
    text = CONTROL.sub(" ", text)
    text = HALF_WIDTH_MARK.sub(lambda match: FULL_WIDTH[match.group(1)], text)
    return SPACES.sub(" ", text).strip()


def remove_pinyin(text: str) -> tuple[str, int]:
    """Drop pinyin glosses after Chinese characters; the text and how many were dropped."""
    return PINYIN_GLOSS.subn("", text)


@functools.cache
def _converter(config: str):
    # Imported here: OpenCC loads its dictionaries on first use, not at start-up.
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def traditional_share(lines: list[str]) -> tuple[int, int]:
    """How often characters found only in traditional, and only in simplified, writing occur.

    Most characters are written the same in both; only those that convert one way
    tell which script a text is in. Each distinct character is converted once.
    """
    counts: dict[str, int] = {}
    for line in lines:
        for char in HAN.findall(line):
            counts[char] = counts.get(char, 0) + 1
    if not counts:
        return 0, 0
    chars = list(counts)
    joined = "\n".join(chars)
    as_simplified = _converter("t2s").convert(joined).split("\n")
    as_traditional = _converter("s2t").convert(joined).split("\n")
    if len(as_simplified) != len(chars) or len(as_traditional) != len(chars):
        return 0, 0  # a converter merged lines: cannot tell, say nothing
    traditional = sum(
        counts[char] for char, other in zip(chars, as_simplified, strict=True) if other != char
    )
    simplified = sum(
        counts[char] for char, other in zip(chars, as_traditional, strict=True) if other != char
    )
    return traditional, simplified


def is_mostly_traditional(lines: list[str]) -> bool:
    """True when traditional-only characters outnumber simplified-only ones (and are some)."""
    traditional, simplified = traditional_share(lines)
    return traditional >= 3 and traditional > simplified


def fold_width(text: str) -> str:
    """Full-width digits, letters and brackets as half-width, for matching only."""
    return unicodedata.normalize("NFKC", text)
