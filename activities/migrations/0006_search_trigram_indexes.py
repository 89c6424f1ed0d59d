"""Trigram indexes for the activity list's text search, on PostgreSQL only.

The search is `topic__icontains OR content__icontains`, which PostgreSQL runs as
`UPPER(col) LIKE UPPER('%…%')`: without an index, a scan of every activity of
every plan (bench/scale.py). pg_trgm's GIN indexes on UPPER(col) serve those
LIKEs for terms of three characters or more, Chinese included (a UTF-8 database).
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
SQLite has no such index; its databases are small.
"""

from django.db import migrations

INDEXES = {
    "activity_topic_trgm": "topic",
    "activity_content_trgm": "content",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON activities_activity "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_history_baseline")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
