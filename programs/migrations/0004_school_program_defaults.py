"""The portal's default review criteria (docs/domain.md, «School programs and reviews») and the tags
of the best-practice bank."""

from django.db import migrations

from programs.defaults import load_review_defaults


def forwards(apps, schema_editor):
    load_review_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_school_programs_practices")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
