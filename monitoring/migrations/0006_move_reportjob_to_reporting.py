# ReportJob now belongs to the reporting app (reporting/migrations/0001_initial.py): monitoring
# forgets the model; the table, monitoring_reportjob, stays where it is with every row.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0005_target_set_required'),
        ('reporting', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='ReportJob',
                ),
            ],
            database_operations=[],
        ),
    ]
