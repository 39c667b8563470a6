"""Ships the minimum thresholds of ЕГЭ and version 1 of the risk-of-low-results rule."""

from django.db import migrations


def forwards(apps, schema_editor):
    from indices.dictionaries import load_dictionaries

    load_dictionaries(apps)


class Migration(migrations.Migration):
    dependencies = [("indices", "0003_results_risk")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
