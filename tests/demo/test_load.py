"""The demo data: what `make run` shows, built twice without a change."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from activities.models import Activity
from activities.selectors import plan_outline
from organisation.models import Committee, Member, StaffRole
from plans.models import Plan
from plans.text import plan_as_text

pytestmark = pytest.mark.django_db

DUMPED = ["cppcc", "plans", "activities", "auth.user"]


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", *DUMPED, indent=1, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_loading_the_demo_twice_leaves_identical_data(demo):
    before = dump()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert dump() == before
    assert "cppcc-demo" in out.getvalue()
    assert "editor2" in out.getvalue()


def test_demo_organisation(demo):
    city = Committee.objects.get(name="政协河洛市委员会")
    assert city.short_name == "市政协"
    bodies = list(city.children.filter(kind="special").values_list("name", flat=True))
    assert "农业和农村委员会" in bodies
    assert len(bodies) == 9
    county = Committee.objects.get(parent=city, kind="committee")
    assert county.level == "county"
    assert 38 <= Member.objects.count() <= 45
    assert Member.objects.filter(memberships__committee=city).count() == 32
    assert Member.objects.filter(name="周堃").exists()


@pytest.mark.parametrize(
    ("username", "committee", "role"),
    [
        ("editor", "政协河洛市委员会", "editor"),
        ("leader", "政协河洛市委员会", "leader"),
        ("viewer", "政协河洛市委员会", "viewer"),
        ("editor2", "政协清源县委员会", "editor"),
    ],
)
def test_demo_logins_work_for_their_committee(demo, rf, username, committee, role):
    # Login throttling (django-axes) needs the request a login form passes.
    user = authenticate(rf.post("/login/"), username=username, password="cppcc-demo")
    assert user is not None
    assert not user.is_staff
    assert list(StaffRole.objects.filter(user=user).values_list("committee__name", "role")) == [
        (committee, role)
    ]


def test_demo_admin_is_an_administrator(demo, rf):
    admin = authenticate(rf.post("/login/"), username="admin", password="cppcc-demo")
    assert admin.is_staff
    assert admin.is_superuser


def test_city_plan_rebuilds_sample_one(demo):
    plan = Plan.objects.get(kind="consultation")
    outline = plan_outline(plan)
    assert [node.label + node.heading_text for node in outline] == [
        "一、指导思想",
        "二、基本原则",
        "三、协商形式、议题、内容及时间安排",
        "四、措施保障",
    ]
    groups = outline[2].children
    assert [group.label + group.heading_text for group in groups] == [
        "（一）政协全委会协商（1个）",
        "（二）专题议政性常委会协商（2个）",
        "（三）双月协商座谈会协商（4个）",
        "（四）专题协商（1个）",
        "（五）界别协商（1个）",
        "（六）重点调研（4个）",
        "（七）重点视察（5个）",
    ]
    assert Activity.objects.filter(section__plan=plan).count() == 18
    assert [len(principle.section.lead_phrase) > 0 for principle in outline[1].children] == [
        True
    ] * 3
    assert len(outline[3].children) == 5


def test_city_plan_prints_the_sample_fields(demo):
    plan = Plan.objects.get(kind="consultation")
    text = plan_as_text(plan, plan_outline(plan))
    assert "1.进一步加快乡村振兴步伐\n协商内容：围绕加快实施乡村振兴战略规划，" in text
    assert "时间安排：6月\n" in text
    assert (
        "参加人员：市政府分管副市长、市发改委、市农业农村局等单位负责同志，部分政协委员、智库专家\n"
        "组织实施：由市政协调研室、农业和农村委员会联合组织实施\n" in text
    )
    assert "组织实施：由市政协调研室、经济委员会、教科卫体委员会联合组织实施\n" in text
    assert "时间安排：市政协十四届二次全会期间\n" in text
    assert "（一）围绕中心，服务大局。聚焦全市" in text
    # A group with one activity prints it without a number.
    assert "（一）政协全委会协商（1个）\n加强人才建设" in text
    assert "调研内容：" in text
    assert "视察内容：" in text


def test_county_plan_numbers_items_across_parts(demo):
    plan = Plan.objects.get(kind="key_points")
    outline = plan_outline(plan)
    labels = [item.label for part in outline for item in part.activities]
    assert labels == [f"{number}." for number in range(1, 13)]
    text = plan_as_text(plan, outline)
    assert "\n2.加强理论武装。全体委员" in text
    kinds = set(Activity.objects.filter(section__plan=plan).values_list("schedule_kind", flat=True))
    assert kinds == {"half", "recurring", "year", "months", "range", "quarter", "date", "none"}
