"""The comparison of two snapshots (reviews.compare): a pure function, no database."""

import copy

import pytest
from django.utils import translation

from reviews.compare import INLINE_DIFF_MAX, Piece, compare_snapshots, text_pieces


@pytest.fixture(autouse=True)
def chinese():
    # Labels are translated when the comparison is made; other tests may leave English on.
    with translation.override("zh-hans"):
        yield


def section(pk, label, heading, parent=None, **fields):
    return {
        "id": pk,
        "parent": parent,
        "label": label,
        "heading": heading,
        "lead_phrase": fields.get("lead_phrase", ""),
        "body": fields.get("body", ""),
        "show_count": fields.get("show_count", False),
    }


def activity(pk, section_id, label, topic, **fields):
    return {
        "id": pk,
        "section": section_id,
        "label": label,
        "type": fields.get("type", "专题协商"),
        "content_label": "协商内容",
        "topic": topic,
        "content": fields.get("content", "围绕议题开展协商。"),
        "schedule": fields.get("schedule", "6月"),
        "participants": fields.get("participants", "部分政协委员"),
        "organizers": fields.get("organizers", "由市政协调研室组织实施"),
        "targets": fields.get("targets", ""),
        "status": fields.get("status", "planned"),
    }


def plan_text(sections, activities, **plan):
    return {
        "schema": 1,
        "plan": {
            "id": 1,
            "title": plan.get("title", "2026年度协商工作计划"),
            "year": 2026,
            "kind": "consultation",
            "committee": "政协甲市委员会",
            "document_number": plan.get("document_number", ""),
            "issue_date": plan.get("issue_date", ""),
            "preamble": plan.get("preamble", "为做好今年工作，制定本计划。"),
            "status": "draft",
        },
        "sections": sections,
        "activities": activities,
    }


@pytest.fixture
def base():
    """一、重点协商 (two activities), 二、专题调研 (one), 三、工作要求."""
    return plan_text(
        [
            section(1, "一、", "重点协商"),
            section(2, "二、", "专题调研"),
            section(3, "三、", "工作要求", body="加强组织领导。"),
        ],
        [
            activity(11, 1, "1.", "推进乡村振兴"),
            activity(12, 1, "2.", "优化营商环境"),
            activity(21, 2, "", "城乡供水保障"),
        ],
    )


def summary(comparison, kind):
    return comparison.summary[kind]


def test_the_same_text_has_no_changes(base):
    comparison = compare_snapshots(base, copy.deepcopy(base))
    assert comparison.is_empty
    assert comparison.items == ()
    assert comparison.summary["section"] == {"added": 0, "removed": 0, "moved": 0, "changed": 0}


def test_a_changed_field_is_reported_with_the_changed_characters_marked(base):
    new = copy.deepcopy(base)
    new["activities"][0]["topic"] = "全面推进乡村振兴"
    new["activities"][0]["schedule"] = "7月"
    comparison = compare_snapshots(base, new)
    [item] = comparison.items
    assert (item.kind, item.state, item.title, item.place, item.moved) == (
        "activity",
        "kept",
        "1.全面推进乡村振兴",
        "一、重点协商",
        False,
    )
    topic, schedule = item.fields
    assert (topic.label, topic.old, topic.new) == ("议题", "推进乡村振兴", "全面推进乡村振兴")
    assert topic.old_pieces == (Piece("推进乡村振兴", False),)
    assert topic.new_pieces == (Piece("全面", True), Piece("推进乡村振兴", False))
    assert (schedule.label, schedule.old, schedule.new) == ("时间安排", "6月", "7月")
    assert summary(comparison, "activity") == {"added": 0, "removed": 0, "moved": 0, "changed": 1}


def test_the_content_field_is_labelled_as_the_plan_prints_it(base):
    new = copy.deepcopy(base)
    new["activities"][2]["content"] = "实地视察供水设施。"
    [item] = compare_snapshots(base, new).items
    assert [field.label for field in item.fields] == ["协商内容"]


def test_codes_are_shown_in_words(base):
    new = copy.deepcopy(base)
    new["activities"][0]["status"] = "done"
    new["sections"][0]["show_count"] = True
    items = compare_snapshots(base, new).items
    assert [(f.label, f.old, f.new) for item in items for f in item.fields] == [
        ("标题后显示活动数", "否", "是"),
        ("状态", "计划中", "已完成"),
    ]


def test_an_added_section_is_reported_where_it_stands_and_does_not_move_the_rest(base):
    new = copy.deepcopy(base)
    new["sections"].insert(0, section(4, "一、", "指导思想", body="坚持团结和民主两大主题。"))
    for row, label in zip(new["sections"][1:], ["二、", "三、", "四、"], strict=True):
        row["label"] = label
    comparison = compare_snapshots(base, new)
    [item] = comparison.items
    assert (item.state, item.title, item.place) == ("added", "一、指导思想", "")
    assert [(f.label, f.old, f.new) for f in item.fields] == [
        ("标题", "", "指导思想"),
        ("正文", "", "坚持团结和民主两大主题。"),
    ]
    assert summary(comparison, "section") == {"added": 1, "removed": 0, "moved": 0, "changed": 0}


def test_a_removed_activity_is_listed_where_it_was(base):
    new = copy.deepcopy(base)
    del new["activities"][0]
    new["activities"][0]["label"] = ""
    comparison = compare_snapshots(base, new)
    assert [(item.state, item.title) for item in comparison.items] == [
        ("removed", "1.推进乡村振兴")
    ]
    assert comparison.items[0].fields[0].old_pieces == (Piece("专题协商", True),)
    assert summary(comparison, "activity")["removed"] == 1


def test_removed_items_keep_their_reading_order_among_the_rest(base):
    new = copy.deepcopy(base)
    new["sections"] = [new["sections"][0], new["sections"][2]]
    new["activities"] = [row for row in new["activities"] if row["section"] != 2]
    new["activities"][0]["topic"] = "推进乡村全面振兴"
    new["sections"][1]["body"] = "加强组织领导，狠抓落实。"
    comparison = compare_snapshots(base, new)
    assert [(item.state, item.kind, item.title) for item in comparison.items] == [
        ("kept", "activity", "1.推进乡村全面振兴"),
        ("removed", "section", "二、专题调研"),
        ("removed", "activity", "城乡供水保障"),
        ("kept", "section", "三、工作要求"),
    ]


def test_an_activity_moved_to_another_part_says_from_where_to_where(base):
    new = copy.deepcopy(base)
    new["activities"][1].update(section=2, label="2.")
    new["activities"][0]["label"] = ""
    new["activities"][2]["label"] = "1."
    new["activities"] = [new["activities"][0], new["activities"][2], new["activities"][1]]
    comparison = compare_snapshots(base, new)
    [item] = comparison.items
    assert (item.state, item.moved, item.moved_between_parts, item.fields) == (
        "kept",
        True,
        True,
        (),
    )
    assert (item.old_place, item.place, item.title) == (
        "一、重点协商",
        "二、专题调研",
        "2.优化营商环境",
    )
    assert summary(comparison, "activity") == {"added": 0, "removed": 0, "moved": 1, "changed": 0}


def test_two_swapped_neighbours_count_as_one_move(base):
    new = copy.deepcopy(base)
    new["sections"] = [new["sections"][1], new["sections"][0], new["sections"][2]]
    new["sections"][0]["label"], new["sections"][1]["label"] = "一、", "二、"
    comparison = compare_snapshots(base, new)
    moved = [item for item in comparison.items if item.moved]
    assert len(moved) == 1
    assert moved[0].moved_between_parts is False
    assert moved[0].old_title in {"一、重点协商", "二、专题调研"}
    assert summary(comparison, "section")["moved"] == 1


def test_a_reorder_inside_a_renumbered_part_is_not_a_move_between_parts(base):
    # A part inserted above renumbers 一、重点协商 to 二、; its two activities swap.
    new = copy.deepcopy(base)
    new["sections"] = [section(4, "一、", "新增部分"), *new["sections"]]
    for row, label in zip(new["sections"][1:], ["二、", "三、", "四、"], strict=True):
        row["label"] = label
    new["activities"][0], new["activities"][1] = new["activities"][1], new["activities"][0]
    comparison = compare_snapshots(base, new)
    [moved] = [item for item in comparison.items if item.moved]
    assert (moved.old_place, moved.place) == ("一、重点协商", "二、重点协商")
    assert moved.moved_between_parts is False


def test_a_section_moved_under_another_brings_its_activities_without_moving_them(base):
    new = copy.deepcopy(base)
    new["sections"][1].update(parent=1, label="（一）")
    new["sections"][2]["label"] = "二、"
    comparison = compare_snapshots(base, new)
    assert [
        (item.kind, item.title, item.moved, item.old_place, item.place) for item in comparison.items
    ] == [("section", "（一）专题调研", True, "", "一、重点协商")]


def test_a_move_and_a_change_together(base):
    new = copy.deepcopy(base)
    new["activities"] = [new["activities"][1], new["activities"][0], new["activities"][2]]
    new["activities"][0].update(label="1.", content="进一步优化营商环境。")
    new["activities"][1]["label"] = "2."
    comparison = compare_snapshots(base, new)
    [item] = [item for item in comparison.items if item.moved]
    assert item.moved_between_parts is False
    assert len(comparison.items) in {1, 2}
    changed = [item for item in comparison.items if item.fields]
    assert [item.title for item in changed] == ["1.优化营商环境"]


def test_the_plans_own_fields(base):
    new = copy.deepcopy(base)
    new["plan"].update(
        document_number="甲政协〔2026〕1号", issue_date="2026-01-20", title="2026年度协商计划"
    )
    comparison = compare_snapshots(base, new)
    assert [(f.label, f.old, f.new) for f in comparison.plan_fields] == [
        ("标题", "2026年度协商工作计划", "2026年度协商计划"),
        ("文号", "", "甲政协〔2026〕1号"),
        ("成文日期", "", "2026-01-20"),
    ]
    assert comparison.items == ()
    assert not comparison.is_empty


def test_a_lead_phrase_section_is_named_by_its_lead_phrase():
    old = plan_text([section(1, "（一）", "", lead_phrase="围绕中心，服务大局。")], [])
    new = copy.deepcopy(old)
    new["sections"][0]["body"] = "聚焦中心任务。"
    [item] = compare_snapshots(old, new).items
    assert item.title == "（一）围绕中心，服务大局。"


def test_very_long_texts_are_shown_whole_instead_of_character_by_character():
    old, new = "甲" * INLINE_DIFF_MAX, "乙" * 10
    assert text_pieces(old, new) == ((Piece(old, True),), (Piece(new, True),))
    assert text_pieces("", "新") == ((), (Piece("新", True),))
