"""Every program gets its target set; targets and data collections move from the bare program id to
the set of that program.

One set per program, with the program's name and municipality. A target or collection whose old
program id names no program is kept in a set of its own titled «Программа № N» (N the old id, the
name monitoring showed for it before), so nothing is lost. History rows follow their live rows, so
the program's history page and «Восстановить эту версию» keep working.

Reversible: the old ids are written back (a set of no program gives back the N of its title).
Runs apart from the schema changes around it (programs 0008 and 0010, monitoring 0005): on
PostgreSQL a table with rows just updated in the same transaction cannot be altered."""

import re

from django.db import migrations
from django.utils.text import Truncator

TITLE_LENGTH = 500  # monitoring.models.target_sets.TITLE_LENGTH when this was written
ORPHAN_TITLE = "Программа № {}"
ORPHAN = re.compile(r"^Программа № (\d+)$")


def _title(text: str) -> str:
    return Truncator(" ".join(str(text).split())).chars(TITLE_LENGTH)


def _moved(apps):
    """The models whose rows carry the old program id (live rows and their history)."""
    return [
        apps.get_model("monitoring", "Target"),
        apps.get_model("monitoring", "HistoricalTarget"),
        apps.get_model("monitoring", "Collection"),
        apps.get_model("monitoring", "HistoricalCollection"),
    ]


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    Program = apps.get_model("programs", "Program")
    HistoricalProgram = apps.get_model("programs", "HistoricalProgram")
    TargetSet = apps.get_model("monitoring", "TargetSet")
    Target = apps.get_model("monitoring", "Target")
    Collection = apps.get_model("monitoring", "Collection")

    set_of: dict[int, int] = {}  # old program id → its target set
    for pk, set_id in Program.objects.using(db).filter(target_set__isnull=False).values_list("pk", "target_set_id"):
        set_of[pk] = set_id
    for program in Program.objects.using(db).filter(target_set__isnull=True).order_by("pk"):
        target_set = TargetSet.objects.using(db).create(
            title=_title(program.short_title or program.title), municipality_id=program.municipality_id
        )
        Program.objects.using(db).filter(pk=program.pk).update(target_set=target_set)
        HistoricalProgram.objects.using(db).filter(id=program.pk).update(target_set=target_set)
        set_of[program.pk] = target_set.pk

    # Ids of no program: a set each, in the municipality of its first row.
    orphans: dict[int, int] = {}  # old program id → municipality
    targets = Target.objects.using(db).filter(target_set__isnull=True).exclude(program_id__in=list(set_of))
    for program_id, school_municipality, municipality in targets.order_by("pk").values_list(
        "program_id", "school__municipality_id", "municipality_id"
    ):
        if program_id is not None:
            orphans.setdefault(program_id, school_municipality or municipality)
    collections = Collection.objects.using(db).filter(target_set__isnull=True, program_id__isnull=False)
    for program_id, municipality in (
        collections.exclude(program_id__in=list(set_of)).order_by("pk").values_list("program_id", "municipality_id")
    ):
        orphans.setdefault(program_id, municipality)
    for program_id, municipality in sorted(orphans.items()):
        target_set = TargetSet.objects.using(db).create(
            title=ORPHAN_TITLE.format(program_id), municipality_id=municipality
        )
        set_of[program_id] = target_set.pk

    for model in _moved(apps):
        for program_id, set_id in set_of.items():
            model.objects.using(db).filter(program_id=program_id, target_set__isnull=True).update(
                target_set_id=set_id
            )


def backward(apps, schema_editor):
    db = schema_editor.connection.alias
    Program = apps.get_model("programs", "Program")
    TargetSet = apps.get_model("monitoring", "TargetSet")

    program_of = dict(Program.objects.using(db).filter(target_set__isnull=False).values_list("target_set_id", "pk"))
    for set_id, title in TargetSet.objects.using(db).values_list("pk", "title"):
        program_id = program_of.get(set_id)
        if program_id is None:
            match = ORPHAN.match(title)
            if match is None:
                # A set no program ever had: its rows keep no program id, and monitoring 0004's
                # reverse then refuses (Target.program_id was required) rather than invent one.
                continue
            program_id = int(match.group(1))
        for model in _moved(apps):
            model.objects.using(db).filter(target_set_id=set_id).update(program_id=program_id)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_target_sets"),
        ("programs", "0008_program_target_set"),
    ]

    operations = [migrations.RunPython(forward, backward)]
