"""A plan's head and marks: title, issuing body, document number, date, document separators."""

import datetime
import re

from importing.labels import CHINESE_DIGITS, chinese_to_int
from importing.normalize import fold_width

NUMERAL = "[0-9一二三四五六七八九十]"
# 政协2023年工作计划样本 篇1 / 第一篇 / 范文2 / 【篇3】
SEPARATOR = re.compile(
    rf"^(?:(.{{0,60}}?)\s*[【\[]?篇\s*{NUMERAL}+[】\]]?|第{NUMERAL}+篇.{{0,30}}|(.{{0,60}}?)范文\s*{NUMERAL}+)$"
)
SEPARATOR_TAIL = re.compile(
    rf"\s*(?:样本|范文|模板|范本|精选)?\s*(?:[【\[]?篇\s*{NUMERAL}+[】\]]?)?$"
)
TITLE_END = re.compile(
    r"(?:计划|要点|安排|计划书|方案|规划|意见|通知)(?:[（(](?:征求意见稿|草案|讨论稿|送审稿)[）)])?$"
)
ISSUER_LINE = re.compile(
    r"^(?:中国人民政治协商会议)?[\u4e00-\u9fff×x*]{1,20}委员会(?:文件|办公室)?$"
    r"|^[\u4e00-\u9fff×x*]{1,12}政协(?:文件)?$"
)
ISSUER_IN_TEXT = re.compile(
    r"(中国人民政治协商会议[\u4e00-\u9fff×x*]{1,12}?委员会|政协[\u4e00-\u9fff×x*]{1,12}?委员会"
    r"|[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|镇|乡|州|旗)政协)"
)
DOCUMENT_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号$"
)
DATE_LINE = re.compile(r"^(\d{4}|[〇零一二三四五六七八九]{4})年(\S{1,3})月(\S{1,3})日$")
YEAR_IN_TEXT = re.compile(r"(20\d{2})\s*年")


def separator_title(name: str) -> str:
    """The title a document separator implies: 政协2023年工作计划样本 篇1 → 政协2023年工作计划."""
    return SEPARATOR_TAIL.sub("", name).strip()


def read_date(text: str) -> datetime.date | None:
    """A date alone on a line: 2026年1月20日 or 二〇二六年一月二十日."""
    match = DATE_LINE.match(fold_width(text))
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    if not year_text.isdecimal():
        year_text = "".join(str(CHINESE_DIGITS.get(char, 0)) for char in year_text)
    year, month, day = int(year_text), chinese_to_int(month_text), chinese_to_int(day_text)
    try:
        return datetime.date(year, month, day) if year and month and day else None
    except (ValueError, OverflowError):
        return None
