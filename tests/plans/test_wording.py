import pytest

from plans.wording import (
    OrganizerName,
    ParticipantEntry,
    organizers_wording,
    participants_wording,
)


def entries(*pairs):
    return [ParticipantEntry(kind=kind, text=text) for kind, text in pairs]


@pytest.mark.parametrize(
    ("given", "printed"),
    [
        (
            entries(
                ("leader", "市政府分管副市长"),
                ("unit", "市发改委"),
                ("unit", "市农业农村局"),
                ("members", "部分政协委员"),
                ("experts", "智库专家"),
            ),
            "市政府分管副市长、市发改委、市农业农村局等单位负责同志，部分政协委员、智库专家",
        ),
        (
            entries(
                ("leader", "市政府分管副市长"),
                ("unit", "市林业局"),
                ("unit", "市水利局"),
                ("local_gov", "有关县区政府"),
                ("members", "部分政协委员"),
            ),
            "市政府分管副市长、市林业局、市水利局等单位和有关县区政府负责同志，部分政协委员",
        ),
        (entries(("local_gov", "有关县区政府")), "有关县区政府负责同志"),
        (
            entries(
                ("leader", "市党政有关领导"),
                ("leader", "市直有关部门负责同志"),
                ("members", "全体市政协委员"),
            ),
            "市党政有关领导、市直有关部门负责同志，全体市政协委员",
        ),
        (
            entries(("parties", "民主党派"), ("parties", "工商联"), ("parties", "无党派人士")),
            "民主党派、工商联、无党派人士",
        ),
        (
            entries(("sector", "经济界"), ("sector", "教育界"), ("experts", "智库专家")),
            "经济界、教育界委员、智库专家",
        ),
        (
            entries(("members", "部分政协委员"), ("sector", "农业界")),
            "部分政协委员、农业界委员",
        ),
        ([], ""),
    ],
)
def test_participants_print_as_an_official_document_words_them(given, printed):
    assert participants_wording(given) == printed


def test_named_members_print_with_their_names():
    named = ParticipantEntry(kind="members", member_names=("王喆", "周堃"))
    assert (
        participants_wording([named, *entries(("experts", "智库专家"))])
        == "王喆、周堃委员、智库专家"
    )


RESEARCH = OrganizerName(prefix="市政协", name="调研室")
FARMING = OrganizerName(prefix="市政协", name="农业和农村委员会")
ECONOMY = OrganizerName(prefix="市政协", name="经济委员会")
COUNTY_OFFICE = OrganizerName(prefix="县政协", name="办公室")


@pytest.mark.parametrize(
    ("lead", "joint", "printed"),
    [
        (RESEARCH, [], "由市政协调研室组织实施"),
        (RESEARCH, [FARMING], "由市政协调研室、农业和农村委员会联合组织实施"),
        (RESEARCH, [ECONOMY, FARMING], "由市政协调研室、经济委员会、农业和农村委员会联合组织实施"),
        (RESEARCH, [COUNTY_OFFICE], "由市政协调研室、县政协办公室联合组织实施"),
        (OrganizerName(prefix="", name="市政协"), [], "由市政协组织实施"),
        (None, [FARMING], "由市政协农业和农村委员会组织实施"),
        (None, [], ""),
    ],
)
def test_organizers_print_with_the_committee_prefix_once(lead, joint, printed):
    assert organizers_wording(lead, joint) == printed
