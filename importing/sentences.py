"""Where a numbered line's heading, lead phrase, topic and content begin and end."""

import re

from importing.labels import split_count
from importing.parsed import HEADING_MAX, LEAD_PHRASE_MAX, TOPIC_MAX

SENTENCE_END = "。！？"
CLAUSE_END = "，；：,;:"
# A run-in item's topic: its first sentence when short, else its first clause.
RUN_IN_SENTENCE_MAX = 30
RUN_IN_CLAUSE_MAX = 20
RUN_IN_SHORT_ITEM = 40
TARGET_CLAUSE = re.compile(r"不少于|至少|不低于|每[个位名]?委员.{0,6}(?:提交|撰写|参加|报送)")


def split_section_head(text: str) -> tuple[str, str, str, int | None]:
    """A section's line after its label: heading, lead phrase, first paragraph, count.

    `指导思想` is a heading; `围绕中心，服务大局。聚焦…` a lead phrase and its paragraph;
    `高度重视，协同配合。` alone a heading; `双月协商座谈会协商(4个)` a heading with a count.
    """
    text, count = split_count(text.strip())
    end = first_of(text, SENTENCE_END)
    if end == -1:
        if len(text) <= HEADING_MAX:
            return text, "", "", count
        cut = last_of(text[:HEADING_MAX], CLAUSE_END) + 1 or HEADING_MAX
        return text[:cut].rstrip(CLAUSE_END), "", text[cut:].strip(), count
    if end == len(text) - 1 and len(text) <= HEADING_MAX + 1:
        return text[:-1], "", "", count
    if end + 1 <= LEAD_PHRASE_MAX:
        return "", text[: end + 1], text[end + 1 :].strip(), count
    cut = first_of(text, CLAUSE_END)
    if 0 < cut < HEADING_MAX:
        return text[:cut], "", text[cut + 1 :].strip(), count
    return text[: min(end, HEADING_MAX)], "", text[min(end, HEADING_MAX) :].lstrip("。"), count


def split_run_in(text: str) -> tuple[str, str]:
    """A run-in item's topic and content: `把准履职方向。将学习…` → 把准履职方向 / 将学习…"""
    text = text.strip()
    end = first_of(text, SENTENCE_END)
    if end == -1 and len(text) <= RUN_IN_SHORT_ITEM:
        return text, ""
    if 0 < end <= RUN_IN_SENTENCE_MAX:
        return text[:end], text[end + 1 :].strip()
    clause = first_of(text, CLAUSE_END)
    if 0 < clause <= RUN_IN_CLAUSE_MAX and (end == -1 or clause < end):
        return text[:clause], text[clause + 1 :].strip()
    if 0 < end <= TOPIC_MAX:
        return text[:end], text[end + 1 :].strip()
    cut = last_of(text[:TOPIC_MAX], CLAUSE_END)
    if cut > 0:
        return text[:cut], text[cut + 1 :].strip()
    return text[:TOPIC_MAX], text[TOPIC_MAX:].strip()


def first_of(text: str, chars: str) -> int:
    positions = [text.find(char) for char in chars if char in text]
    return min(positions) if positions else -1


def last_of(text: str, chars: str) -> int:
    return max((text.rfind(char) for char in chars), default=-1)


def targets_in(content: str) -> list[str]:
    """Clauses that set a target (视察全年不少于两次), copied to the activity's targets."""
    clauses = re.split(f"[{SENTENCE_END}{CLAUSE_END}\n]", content)
    return [clause.strip() for clause in clauses if clause.strip() and TARGET_CLAUSE.search(clause)]
