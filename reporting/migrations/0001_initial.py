# ReportJob moves from monitoring to reporting without copying a row: the table keeps its name
# (monitoring_reportjob), so this migration only tells Django's state that the model is now
# reporting's. monitoring's 0004 removes it from monitoring's state afterwards (state only too).
#
# Order: monitoring 0003 (creates the table) → reporting 0001 (state: CreateModel; content type
# renamed) → monitoring 0004 (state: DeleteModel).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_reporting(apps, schema_editor):
    """Keep the existing content type (and the permissions and admin log entries that point to it)
    by moving it to the new app label, unless reporting already has one."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="reporting", model="reportjob").exists():
        ContentType.objects.using(db).filter(app_label="monitoring", model="reportjob").update(app_label="reporting")


def content_type_to_monitoring(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="monitoring", model="reportjob").exists():
        ContentType.objects.using(db).filter(app_label="reporting", model="reportjob").update(app_label="monitoring")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('monitoring', '0003_report_jobs'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=32, verbose_name='вид отчёта')),
                        ('format', models.CharField(choices=[('pdf', 'PDF'), ('xlsx', 'XLSX'), ('docx', 'DOCX'), ('csv', 'CSV')], max_length=8, verbose_name='формат')),
                        ('object_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='объект')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='параметры')),
                        ('title', models.CharField(blank=True, max_length=300, verbose_name='название')),
                        ('status', models.CharField(choices=[('queued', 'в очереди'), ('running', 'формируется'), ('done', 'готов'), ('failed', 'ошибка')], default='queued', max_length=16, verbose_name='статус')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='готовность, %')),
                        ('error', models.TextField(blank=True, verbose_name='причина ошибки')),
                        ('file', models.FileField(blank=True, upload_to='reports/%Y/%m/', verbose_name='файл')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='попыток')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='заказан')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='готов')),
                        ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='хранится до')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='report_jobs', to=settings.AUTH_USER_MODEL, verbose_name='заказал')),
                    ],
                    options={
                        'verbose_name': 'отчёт',
                        'verbose_name_plural': 'отчёты',
                        'db_table': 'monitoring_reportjob',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['requested_by', '-created_at'], name='monitoring__request_81274c_idx'), models.Index(fields=['status', 'expires_at'], name='monitoring__status_4139d7_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_reporting, content_type_to_monitoring),
    ]
