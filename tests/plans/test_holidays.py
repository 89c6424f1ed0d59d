"""The holiday calendar: entered days, chinese-calendar, weekends and fixed dates."""

import datetime

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.holidays import HOLIDAY, WORKDAY, HolidayCalendar, Source, parse_notice
from plans.models import OfficialDay

D = datetime.date
# The 2026 notice (国办发明电〔2025〕7号) as it is printed, with its ordinals and weekdays.
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。\
2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。"""


def package_days(year: int) -> list[tuple[datetime.date, str]]:
    """The year's days off and worked weekend days, as chinese-calendar has them."""
    days, day = [], D(year, 1, 1)
    while day.year == year:
        off, name = chinese_calendar.get_holiday_detail(day)
        if off and name:
            days.append((day, HOLIDAY))
        elif not off and day.weekday() >= 5:
            days.append((day, WORKDAY))
        day += datetime.timedelta(days=1)
    return days


def test_the_2026_notice_reads_as_chinese_calendar_has_it():
    days = parse_notice(NOTICE_2026, 2026)
    assert [(day, kind) for day, kind, _name in days] == package_days(2026)
    assert (D(2026, 2, 15), HOLIDAY, "春节") in days
    assert (D(2026, 9, 20), WORKDAY, "") in days


def test_a_new_year_holiday_that_starts_in_december():
    days = parse_notice("一、元旦：12月30日至1月1日放假调休，共3天。12月28日（周日）上班。", 2030)
    assert [day for day, kind, _ in days if kind == HOLIDAY] == [
        D(2029, 12, 30),
        D(2029, 12, 31),
        D(2030, 1, 1),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "没有找到节假日"),
        ("今年放假另行通知。", "没有找到节假日"),
        ("春节：2月30日放假。", "“春节”的日期不是一个真实的日期。"),
        ("春节：" + "很长" * 20_000, "通知太长"),
    ],
)
def test_a_notice_that_cannot_be_read_says_why(text, message):
    with pytest.raises(ValidationError) as raised:
        parse_notice(text, 2027)
    assert message in raised.value.messages[0]


def test_the_calendar_prefers_entered_days_then_the_package_then_fixed_dates():
    calendar = HolidayCalendar({D(2027, 2, 8): (HOLIDAY, "春节"), D(2027, 2, 14): (WORKDAY, "")})
    assert calendar.day(D(2027, 2, 8)).holiday == "春节"
    assert not calendar.day(D(2027, 2, 14)).off  # a Sunday worked
    assert calendar.day(D(2027, 2, 20)).source == Source.ENTERED  # a Saturday, by the entered year
    assert calendar.day(D(2026, 10, 1)).source == Source.PACKAGE
    assert calendar.day(D(2028, 10, 2)).holiday == "国庆节"
    assert calendar.day(D(2028, 10, 2)).source == Source.FIXED
    assert not calendar.day(D(2028, 10, 9)).off  # a Monday
    assert calendar.knows(2027)
    assert calendar.knows(2026)
    assert not calendar.knows(2028)


# --- the admin page -------------------------------------------------------------------------

PASTE = reverse("admin:plans_officialday_paste")


@pytest.mark.django_db
def test_an_administrator_pastes_a_notice_and_it_replaces_the_year(client, admin_user):
    OfficialDay.objects.create(date=D(2026, 3, 3), kind="holiday", name="旧的")
    client.force_login(admin_user)
    assert "粘贴节假日通知" in client.get(PASTE).content.decode()

    response = client.post(PASTE, {"year": "2026", "text": NOTICE_2026}, follow=True)

    assert "2026年：录入了 33 个放假日和 6 个调休上班日。" in response.content.decode()
    assert OfficialDay.objects.count() == 39
    assert not OfficialDay.objects.filter(name="旧的").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2027", "text": ""}, "这个字段是必填项。"),
        ({"year": "abc", "text": NOTICE_2026}, "输入整数。"),
        ({"year": "2027", "text": "<script>alert(1)</script>"}, "没有找到节假日"),
    ],
)
def test_a_bad_paste_changes_nothing(client, admin_user, data, message):
    OfficialDay.objects.create(date=D(2027, 1, 1), kind="holiday", name="元旦")
    client.force_login(admin_user)
    response = client.post(PASTE, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(OfficialDay.objects.values_list("name", flat=True)) == ["元旦"]


@pytest.mark.django_db
def test_committee_staff_cannot_paste(client, editor):
    client.force_login(editor)
    response = client.post(PASTE, {"year": "2026", "text": NOTICE_2026})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert OfficialDay.objects.count() == 0


@pytest.mark.django_db
def test_pasting_a_notice_that_reaches_into_the_year_before_twice_does_not_clash(
    client, admin_user
):
    notice = "一、元旦：12月31日至1月2日放假调休，共3天。12月29日（周六）上班。"
    client.force_login(admin_user)
    for _ in range(2):
        response = client.post(PASTE, {"year": "2030", "text": notice}, follow=True)
        assert response.status_code == 200
    assert list(OfficialDay.objects.values_list("date", flat=True)) == [
        D(2029, 12, 29),
        D(2029, 12, 31),
        D(2030, 1, 1),
        D(2030, 1, 2),
    ]
