"""Ships the indicator catalogue named by the seed programs (monitoring/fixtures/indicators.json)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from monitoring.catalogue import load_catalogue

    load_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
