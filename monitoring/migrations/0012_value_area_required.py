"""The area filled in (0011) becomes required, and the index the API's municipality pages read.
Its own migration: on PostgreSQL a table whose rows were just updated through a deferred foreign
key cannot be altered in the same transaction. Values written between the two migrations by a
node still running the old code (a rolling deploy) are filled first, with the foreign key checked
at once so the ALTER finds no pending check."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE monitoring_indicatorvalue SET area_id = COALESCE(
    municipality_id,
    (SELECT s.municipality_id FROM schools_school s WHERE s.id = monitoring_indicatorvalue.school_id)
) WHERE area_id IS NULL
"""


def fill_late_values(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(FILL)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0011_value_area"),
    ]

    operations = [
        migrations.RunPython(fill_late_values, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schools.municipality",
                verbose_name="муниципалитет значения",
            ),
        ),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(fields=["area", "period", "id"], name="value_area_period"),
        ),
    ]
