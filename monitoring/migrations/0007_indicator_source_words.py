"""The three index indicators named their source after a document outside the portal; they now
name the portal's own «Индексы» section (the fixture says the same for new databases)."""

from django.db import migrations

OLD = "Расчёт индексов (INDICES.md)"
NEW = "Расчёт индексов портала (раздел «Индексы»)"


def forward(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(source=OLD).update(source=NEW)


def backward(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(source=NEW).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_move_reportjob_to_reporting")]

    operations = [migrations.RunPython(forward, backward)]
