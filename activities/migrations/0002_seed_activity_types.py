"""Seed the editable list of activity types with the forms a CPPCC plan uses."""

from django.db import migrations

# (name, category, label of the content field in print)
ACTIVITY_TYPES = [
    ("全体会议协商", "consultation", "协商内容"),
    ("专题议政性常委会议", "consultation", "协商内容"),
    ("双月协商座谈会", "consultation", "协商内容"),
    ("专题协商", "consultation", "协商内容"),
    ("界别协商", "consultation", "协商内容"),
    ("对口协商", "consultation", "协商内容"),
    ("提案办理协商", "consultation", "协商内容"),
    ("小微协商", "consultation", "协商内容"),
    ("重点调研", "research", "调研内容"),
    ("专题调研", "research", "调研内容"),
    ("重点视察", "inspection", "视察内容"),
    ("专题视察", "inspection", "视察内容"),
    ("民主监督", "supervision", "监督内容"),
    ("提案工作", "proposals", "主要内容"),
    ("社情民意信息", "public_opinion", "主要内容"),
    ("情况通报", "meetings", "通报内容"),
    ("专题座谈会", "meetings", "座谈内容"),
    ("学习培训", "study", "学习内容"),
    ("读书活动", "study", "学习内容"),
    ("文史资料", "history", "主要内容"),
    ("团结联谊", "unity", "主要内容"),
    ("宣传", "publicity", "主要内容"),
    ("自身建设", "self_building", "主要内容"),
]


def seed(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for position, (name, category, label) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(
            name=name,
            defaults={"category": category, "content_label": label, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
