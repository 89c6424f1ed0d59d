"""Chinese official-document numbering, derived from position, never stored.

Level 1 `一、`, level 2 `（一）`, level 3 `1.`, level 4 `（1）`, as GB/T 9704-2012
numbers the levels of a document's structure.
"""

DIGITS = "零一二三四五六七八九"
SMALL_UNITS = ["", "十", "百", "千"]
LARGE_UNITS = ["", "万", "亿"]
MAX_NUMBER = 10**12 - 1


def chinese_numeral(number: int) -> str:
    """Write a positive whole number in Chinese characters: 十一, 二十, 一百零一."""
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"cannot write {number} as a Chinese numeral")
    groups = []
    while number:
        number, group = divmod(number, 10_000)
        groups.append(group)
    words, need_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(words)
            continue
        if words and (need_zero or group < 1000):
            words += "零"
        words += _four_digits(group) + LARGE_UNITS[index]
        need_zero = False
    # 十一 rather than 一十一 when the number starts with a lone ten.
    if words.startswith("一十"):
        words = words[1:]
    return words


def _four_digits(group: int) -> str:
    """Write 1..9999 with 零 for inner gaps: 1010 一千零一十."""
    digits = [int(char) for char in f"{group:04d}"]
    words, pending_zero = "", False
    for place, digit in zip(range(3, -1, -1), digits, strict=True):
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words += "零"
            pending_zero = False
        words += DIGITS[digit] + SMALL_UNITS[place]
    return words


def number_label(level: int, number: int) -> str:
    """The numbering label of the `number`-th item at outline `level` (1–4)."""
    if number < 1:
        raise ValueError("numbering starts at 1")
    match level:
        case 1:
            return f"{chinese_numeral(number)}、"
        case 2:
            return f"（{chinese_numeral(number)}）"
        case 3:
            return f"{number}."
        case 4:
            return f"（{number}）"
    raise ValueError(f"outline levels run from 1 to 4, not {level}")
