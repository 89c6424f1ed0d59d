"""CalendarFeed moves to the calendars app; its table stays where it is.

Only Django's idea of which app owns the model changes (calendars 0001 takes it
over, with db_table set to this table): nothing is dropped or copied.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_search_trigram_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarFeed")],
            database_operations=[],
        ),
    ]
