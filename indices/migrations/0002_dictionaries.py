"""Ships the subject dictionary, the score maxima and the default methodology (docs/indices.md)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from indices.dictionaries import load_dictionaries

    load_dictionaries(apps)


class Migration(migrations.Migration):
    dependencies = [("indices", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
