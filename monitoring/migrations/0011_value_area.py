"""The municipality of each indicator value (its school's, or its own) beside school and
municipality, and the (area, period, id) index the API's municipality pages read."""

import django.db.models.deletion
from django.db import migrations, models

# Correlated subqueries: the same statement on PostgreSQL and SQLite.
FILL = """
UPDATE {table} SET area_id = COALESCE(
    municipality_id,
    (SELECT s.municipality_id FROM schools_school s WHERE s.id = {table}.school_id)
) WHERE area_id IS NULL
"""


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0010_computed_kind_label"),
        ("schools", "0007_hardening"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalindicatorvalue",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="schools.municipality",
                verbose_name="муниципалитет значения",
            ),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schools.municipality",
                verbose_name="муниципалитет значения",
            ),
        ),
        migrations.RunSQL(FILL.format(table="monitoring_indicatorvalue"), migrations.RunSQL.noop),
        migrations.RunSQL(FILL.format(table="monitoring_historicalindicatorvalue"), migrations.RunSQL.noop),
    ]
