"""A first history record for every plan and section that existed before the history.

Marked `baseline`: the history page does not list them as changes, but the first
real change of an older row is compared with them (docs/history.md).
"""

from django.db import migrations
from django.utils import timezone

MODELS = [("Plan", "HistoricalPlan"), ("Section", "HistoricalSection")]


def write_baseline(apps, schema_editor):
    now = timezone.now()
    for name, historical_name in MODELS:
        model = apps.get_model("plans", name)
        historical = apps.get_model("plans", historical_name)
        fields = [
            field.attname
            for field in historical._meta.concrete_fields
            if not field.name.startswith("history_")
        ]
        historical.objects.bulk_create(
            (
                historical(
                    history_date=now,
                    history_type="+",
                    history_change_reason="baseline",
                    **{attname: getattr(row, attname) for attname in fields},
                )
                for row in model.objects.iterator()
            ),
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_history")]

    operations = [migrations.RunPython(write_baseline, migrations.RunPython.noop)]
