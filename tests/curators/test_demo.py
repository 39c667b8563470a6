"""The demo: the methodologist curates three schools of the live Korolyov program by the region's
order, with a plan, past visits with recommendations and one overdue item for the committee."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from curators.access import curator_school_ids
from curators.models import CuratorAssignment, Visit
from curators.selectors.load import curator_load
from programs.models import Program
from schools.models import User

pytestmark = pytest.mark.django_db


def test_demo_curator(after_flush_restore):
    call_command("demo")
    methodologist = User.objects.get(username="methodologist")
    assignments = list(CuratorAssignment.objects.filter(curator=methodologist))
    live = Program.objects.get(title__endswith="(демонстрационная)")
    assert len(assignments) == 3
    assert {a.school_id for a in assignments} <= set(live.participants.values_list("school_id", flat=True))
    assert {a.assigned_by.username for a in assignments} == {"region"}
    assert all(a.order_number and a.order_date for a in assignments)
    assert curator_school_ids(methodologist) == {a.school_id for a in assignments}
    visits = Visit.objects.filter(assignment__in=assignments)
    assert visits.count() >= 3 and all(v.recommendations for v in visits)
    load = curator_load(schools=live.municipality.schools.all())
    assert [r.curator for r in load.rows] == [methodologist]
    assert len(load.overdue) == 1 and load.rows[0].overdue == 1
    # Loading again changes nothing.
    call_command("demo")
    assert CuratorAssignment.objects.count() == 3
