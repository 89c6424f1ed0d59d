"""Activity types: which type a group heading, a content label or an item's words name.

The parser matches names against the types the database has; `DEFAULT_TYPES`,
the types a fresh database is seeded with (activities migration 0002), stands in
when it is run without one (tests, the hypothesis test, benchmarks).
"""

from importing.parsed import TypeName

DEFAULT_TYPES = [
    TypeName("全体会议协商", "协商内容"),
    TypeName("专题议政性常委会议", "协商内容"),
    TypeName("双月协商座谈会", "协商内容"),
    TypeName("专题协商", "协商内容"),
    TypeName("界别协商", "协商内容"),
    TypeName("对口协商", "协商内容"),
    TypeName("提案办理协商", "协商内容"),
    TypeName("小微协商", "协商内容"),
    TypeName("重点调研", "调研内容"),
    TypeName("专题调研", "调研内容"),
    TypeName("重点视察", "视察内容"),
    TypeName("专题视察", "视察内容"),
    TypeName("民主监督", "监督内容"),
    TypeName("提案工作", "主要内容"),
    TypeName("社情民意信息", "主要内容"),
    TypeName("情况通报", "通报内容"),
    TypeName("专题座谈会", "座谈内容"),
    TypeName("学习培训", "学习内容"),
    TypeName("读书活动", "学习内容"),
    TypeName("文史资料", "主要内容"),
    TypeName("团结联谊", "主要内容"),
    TypeName("宣传", "主要内容"),
    TypeName("自身建设", "主要内容"),
]


# Words a group heading uses for a type of another name (全委会 for 全体会议协商).
TYPE_ALIASES = [
    ("全委会", "全体会议协商"),
    ("全体会议", "全体会议协商"),
    ("常委会", "专题议政性常委会议"),
    ("双月协商", "双月协商座谈会"),
    ("提案办理", "提案办理协商"),
    ("对口协商", "对口协商"),
    ("界别协商", "界别协商"),
    ("小微协商", "小微协商"),
    ("民主监督", "民主监督"),
    ("社情民意", "社情民意信息"),
    ("情况通报", "情况通报"),
    ("文史", "文史资料"),
]
# Generic words, only trusted in a short group heading (重点调研, 视察活动).
SHORT_HEADING = 12
GENERIC_ALIASES = [
    ("调研", "专题调研"),
    ("视察", "专题视察"),
    ("协商", "专题协商"),
    ("学习", "学习培训"),
    ("培训", "学习培训"),
    ("读书", "读书活动"),
    ("座谈", "专题座谈会"),
    ("提案", "提案工作"),
    ("联谊", "团结联谊"),
    ("宣传", "宣传"),
]
# For an item with no group: the first of these words in its text decides.
KEYWORD_TYPES = [
    ("读书", "读书活动"),
    ("学习", "学习培训"),
    ("培训", "学习培训"),
    ("提案", "提案工作"),
    ("社情民意", "社情民意信息"),
    ("视察", "专题视察"),
    ("调研", "专题调研"),
    ("调查", "专题调研"),
    ("监督", "民主监督"),
    ("协商", "专题协商"),
    ("座谈", "专题座谈会"),
    ("通报", "情况通报"),
    ("文史", "文史资料"),
    ("宣传", "宣传"),
    ("联谊", "团结联谊"),
    ("走访", "团结联谊"),
    ("团结", "团结联谊"),
]
FALLBACK_TYPE = "自身建设"


def type_from_heading(heading: str, types: list[TypeName]) -> str:
    """The activity type a group heading names (（六）重点调研 → 重点调研), or ''."""
    names = {type_.name for type_ in types}
    text = heading.strip()
    if text in names:
        return text
    contained = [name for name in names if name in text]
    if contained:
        return max(contained, key=len)
    if text.endswith("协商") and text[:-2] in names:
        return text[:-2]
    for word, name in TYPE_ALIASES:
        if word in text and name in names:
            return name
    if len(text) <= SHORT_HEADING:
        for word, name in GENERIC_ALIASES:
            if word in text and name in names:
                return name
    return ""


def type_from_label(label: str, types: list[TypeName]) -> str:
    """The type a content label suggests (调研内容 → the first research type), or ''."""
    matching = [type_.name for type_ in types if type_.content_label == label]
    special = [name for name in matching if name.startswith("专题")]
    return (special or matching or [""])[0]


def keyword_type(text: str, types: list[TypeName]) -> str:
    """The type the first telling word of an item names (学习 → 学习培训), or ''."""
    names = {type_.name for type_ in types}
    for word, name in KEYWORD_TYPES:
        if word in text and name in names:
            return name
    return ""


def fallback_type(types: list[TypeName]) -> str:
    """自身建设 if the list has it, else the first type."""
    names = [type_.name for type_ in types]
    if FALLBACK_TYPE in names:
        return FALLBACK_TYPE
    return names[0] if names else ""
