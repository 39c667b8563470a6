"""The subject dictionary, score maxima and default methodology shipped with the portal.

Used by the data migration (with the historical app registry) and by tests that empty the
database and need the shipped data back."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_dictionaries(apps) -> None:
    Subject = apps.get_model("indices", "Subject")
    ScoreScale = apps.get_model("indices", "ScoreScale")
    Methodology = apps.get_model("indices", "Methodology")
    data = json.loads((FIXTURES / "subjects.json").read_text(encoding="utf-8"))
    subjects = {}
    for s in data["subjects"]:
        subjects[s["code"]], _ = Subject.objects.update_or_create(
            code=s["code"], defaults={"name": s["name"], "aliases": s["aliases"]}
        )
    for procedure, maxima in data["max_scores"].items():
        for code, subject in subjects.items():
            value = maxima.get(code, maxima.get("*"))
            if value is not None:
                ScoreScale.objects.update_or_create(procedure=procedure, subject=subject, defaults={"max_score": value})
    default = json.loads((FIXTURES / "methodology_default.json").read_text(encoding="utf-8"))
    if not Methodology.objects.filter(slug=default["slug"]).exists():
        Methodology.objects.create(
            slug=default["slug"], version=1, name=default["name"], definition=default, is_current=True
        )
