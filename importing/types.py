"""The activity types a fresh database is seeded with (activities migration 0002).

The parser matches group headings against the types the database has; this list
stands in when it is run without one (tests, the hypothesis test, benchmarks).
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
