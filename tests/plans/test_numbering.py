import pytest

from plans.numbering import MAX_NUMBER, chinese_numeral, number_label

DIGIT_VALUES = {char: value for value, char in enumerate("零一二三四五六七八九")}
UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def read_chinese(words: str) -> int:
    """An independent reader of Chinese numerals below 一亿, to check the writer against."""
    total, section, digit = 0, 0, 0
    for char in words:
        if char in DIGIT_VALUES:
            digit = DIGIT_VALUES[char]
        elif char in UNIT_VALUES:
            section += (digit or 1) * UNIT_VALUES[char]
            digit = 0
        else:
            assert char == "万", words
            total += (section + digit) * 10_000
            section = digit = 0
    return total + section + digit


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (10_000, "一万"),
        (10_001, "一万零一"),
        (10_010, "一万零一十"),
        (100_000, "十万"),
        (110_000, "十一万"),
        (1_000_100, "一百万零一百"),
        (100_000_000, "一亿"),
        (100_010_000, "一亿零一万"),
    ],
)
def test_chinese_numeral_writes_known_values(number, words):
    assert chinese_numeral(number) == words


def test_chinese_numeral_round_trips_every_number_below_two_hundred_thousand():
    seen = set()
    for number in range(1, 200_000):
        words = chinese_numeral(number)
        assert read_chinese(words) == number, words
        assert "零零" not in words
        assert not words.endswith("零")
        seen.add(words)
    assert len(seen) == 199_999


@pytest.mark.parametrize("number", [0, -1, MAX_NUMBER + 1])
def test_chinese_numeral_refuses_numbers_it_cannot_write(number):
    with pytest.raises(ValueError, match="cannot write"):
        chinese_numeral(number)


@pytest.mark.parametrize(
    ("level", "number", "label"),
    [
        (1, 1, "一、"),
        (1, 10, "十、"),
        (1, 11, "十一、"),
        (1, 20, "二十、"),
        (1, 99, "九十九、"),
        (1, 100, "一百、"),
        (2, 1, "（一）"),
        (2, 12, "（十二）"),
        (3, 1, "1."),
        (3, 15, "15."),
        (4, 1, "（1）"),
        (4, 23, "（23）"),
    ],
)
def test_number_label_by_level(level, number, label):
    assert number_label(level, number) == label


@pytest.mark.parametrize(("level", "number"), [(0, 1), (5, 1), (1, 0)])
def test_number_label_refuses_levels_and_numbers_out_of_range(level, number):
    with pytest.raises(ValueError, match=r"level|numbering starts"):
        number_label(level, number)
