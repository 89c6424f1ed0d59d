"""A first history record for every activity row that existed before the history.

See plans/migrations/0005_history_baseline.py.
"""

from django.db import migrations
from django.utils import timezone


def write_baseline(apps, schema_editor):
    now = timezone.now()
    participant = apps.get_model("activities", "Participant")
    models = [
        (apps.get_model("activities", "Activity"), "HistoricalActivity"),
        (apps.get_model("activities", "JointOrganizer"), "HistoricalJointOrganizer"),
        (participant, "HistoricalParticipant"),
        (participant.members.through, "HistoricalParticipant_members"),
    ]
    for model, historical_name in models:
        historical = apps.get_model("activities", historical_name)
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
    dependencies = [("activities", "0004_history")]

    operations = [migrations.RunPython(write_baseline, migrations.RunPython.noop)]
