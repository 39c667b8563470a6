"""The subject dictionary, score maxima and minimum thresholds, the default methodology and the
first version of the risk-of-low-results rule shipped with the portal.

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
    # The migrations run this with the models as they were: fields and models added later are
    # filled only once they exist (0004 runs it again).
    with_minima = any(f.name == "min_score" for f in ScoreScale._meta.get_fields())
    minima = data.get("min_scores", {})
    for procedure, maxima in data["max_scores"].items():
        for code, subject in subjects.items():
            value = maxima.get(code, maxima.get("*"))
            if value is not None:
                defaults = {"max_score": value}
                if with_minima:
                    defaults["min_score"] = minima.get(procedure, {}).get(code)
                ScoreScale.objects.update_or_create(procedure=procedure, subject=subject, defaults=defaults)
    default = json.loads((FIXTURES / "methodology_default.json").read_text(encoding="utf-8"))
    if not Methodology.objects.filter(slug=default["slug"]).exists():
        Methodology.objects.create(
            slug=default["slug"], version=1, name=default["name"], definition=default, is_current=True
        )
    try:
        RiskRule = apps.get_model("indices", "RiskRule")
    except LookupError:
        return
    if not RiskRule.objects.exists():
        # The model's defaults are the federal practice's: 30 %, 2 low in a year, 2 years, 5 participants.
        RiskRule.objects.create(version=1, is_current=True, note="Правило по умолчанию")
