"""Ships the subject dictionary, the score maxima and the default methodology of INDICES.md."""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def forwards(apps, schema_editor):
    Subject = apps.get_model("indices", "Subject")
    ScoreScale = apps.get_model("indices", "ScoreScale")
    Methodology = apps.get_model("indices", "Methodology")
    data = json.loads((FIXTURES / "subjects.json").read_text(encoding="utf-8"))
    subjects = {}
    for s in data["subjects"]:
        subjects[s["code"]], _ = Subject.objects.update_or_create(
            code=s["code"], defaults={"name": s["name"], "aliases": s["aliases"]})
    for procedure, maxima in data["max_scores"].items():
        for code, subject in subjects.items():
            value = maxima.get(code, maxima.get("*"))
            if value is not None:
                ScoreScale.objects.update_or_create(procedure=procedure, subject=subject,
                                                    defaults={"max_score": value})
    default = json.loads((FIXTURES / "methodology_default.json").read_text(encoding="utf-8"))
    if not Methodology.objects.filter(slug=default["slug"]).exists():
        Methodology.objects.create(slug=default["slug"], version=1, name=default["name"], definition=default,
                                   is_current=True)


class Migration(migrations.Migration):
    dependencies = [("indices", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
