"""Numbering labels at the start of a line (`一、` `（一）` `1.` `1、` `（1）` `①` …).

Official documents number their levels in a fixed order of styles; sources mix
half-width and full-width brackets and dots, so each style accepts both. A
label's level is not fixed by its style: it is decided by the parser from the
styles that enclose it (a plan may start at `（一）`).
"""

import re
from dataclasses import dataclass
from enum import IntEnum

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
CHINESE_UNITS = {"十": 10, "百": 100}
CHINESE_NUMBER = "[零〇一二两三四五六七八九十百]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class Style(IntEnum):
    """Numbering styles, in the order official documents nest them."""

    CHAPTER = 0  # 第一部分 / 第一章
    CHINESE = 1  # 一、
    CHINESE_PAREN = 2  # （一）
    DIGIT_DOT = 3  # 1. 1．
    DIGIT_COMMA = 4  # 1、
    DIGIT_PAREN = 5  # （1）
    DIGIT_HALF_PAREN = 6  # 1）
    CIRCLED = 7  # ①


# Styles that number items (3rd and 4th level); Chinese numerals number parts and groups.
DIGIT_STYLES = {
    Style.DIGIT_DOT,
    Style.DIGIT_COMMA,
    Style.DIGIT_PAREN,
    Style.DIGIT_HALF_PAREN,
    Style.CIRCLED,
}
# How deep a style usually sits; two styles of one rank are alternatives (1. or 1、).
RANK = {
    Style.CHAPTER: 0,
    Style.CHINESE: 1,
    Style.CHINESE_PAREN: 2,
    Style.DIGIT_DOT: 3,
    Style.DIGIT_COMMA: 3,
    Style.DIGIT_PAREN: 4,
    Style.DIGIT_HALF_PAREN: 4,
    Style.CIRCLED: 5,
}

OPEN = "[（(]"
CLOSE = "[）)]"
PATTERNS = [
    (Style.CHAPTER, re.compile(rf"第\s*({CHINESE_NUMBER}|\d+)\s*(?:部分|章)[\s、：:．.]*")),
    (Style.CHINESE, re.compile(rf"({CHINESE_NUMBER})\s*[、，,．.]\s*")),
    (Style.CHINESE_PAREN, re.compile(rf"{OPEN}\s*({CHINESE_NUMBER})\s*{CLOSE}[\s、，,．.]*")),
    # 1.5亿 is a number, not a label: the dot must not be followed by a digit.
    (Style.DIGIT_DOT, re.compile(r"(\d{1,3})\s*[.．](?!\d)\s*")),
    (Style.DIGIT_COMMA, re.compile(r"(\d{1,3})\s*、\s*")),
    (Style.DIGIT_PAREN, re.compile(rf"{OPEN}\s*(\d{{1,3}})\s*{CLOSE}[\s、，,．.]*")),
    (Style.DIGIT_HALF_PAREN, re.compile(rf"(\d{{1,3}}){CLOSE}\s*")),
    (Style.CIRCLED, re.compile(rf"([{CIRCLED}])[\s、，,．.]*")),
]

LIST_IN_SENTENCE = re.compile(rf"{CHINESE_NUMBER}、")
# A count a heading carries: （4个） (3项). Derived from the outline, so dropped.
COUNT = re.compile(rf"\s*{OPEN}\s*(\d+|{CHINESE_NUMBER})\s*[个项场次条]\s*{CLOSE}\s*$")


@dataclass(frozen=True)
class Label:
    style: Style
    number: int
    text: str  # the label as written, e.g. （三）

    @property
    def rank(self) -> int:
        return RANK[self.style]


def chinese_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; None if it is not a numeral."""
    if not text:
        return None
    if text.isdecimal():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in CHINESE_DIGITS:
            current = current * 10 + CHINESE_DIGITS[char] if current else CHINESE_DIGITS[char]
        elif char in CHINESE_UNITS:
            total += (current or 1) * CHINESE_UNITS[char]
            current = 0
        else:
            return None
    return total + current


def split_label(text: str) -> tuple[Label | None, str]:
    """The numbering label at the start of `text` and the text after it."""
    for style, pattern in PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        raw = match.group(1)
        number = CIRCLED.index(raw) + 1 if style == Style.CIRCLED else chinese_to_int(raw)
        rest = text[match.end() :]
        # A label alone on a line, or one whose number is nonsense, is text.
        if not number or number > 200:
            continue
        if style == Style.CHINESE and LIST_IN_SENTENCE.match(rest):
            continue  # 一、二、三产业融合发展: numerals listed in a sentence
        label = Label(style=style, number=number, text=text[: match.end()].strip())
        return label, rest.strip()
    return None, text


def split_count(text: str) -> tuple[str, int | None]:
    """Drop a trailing count such as （4个）: the heading and the number it declared."""
    match = COUNT.search(text)
    if not match or match.start() == 0:
        return text, None
    return text[: match.start()].rstrip(), chinese_to_int(match.group(1))
