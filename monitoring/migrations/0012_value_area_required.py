"""The area filled in (0011) becomes required, and the index the API's municipality pages read.
Its own migration: on PostgreSQL a table whose rows were just updated through a deferred foreign
key cannot be altered in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0011_value_area"),
    ]

    operations = [
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
