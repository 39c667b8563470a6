"""Index computation runs and their per-school results."""

from __future__ import annotations

import factory
from django.utils import timezone

from indices.models import Run, SchoolResult
from indices.selectors import default_methodology
from indices.services import run_create, run_execute

from .schools import MunicipalityFactory, RegionFactory, SchoolFactory


class RunFactory(factory.django.DjangoModelFactory):
    """``run_create`` (the current default methodology, frozen into the run), queued as the service
    leaves it. ``execute=True`` computes it with ``run_execute`` on the data the test loaded;
    ``status=Run.Status.DONE`` marks it finished without computing, for a test that writes the
    results itself (SchoolResultFactory)."""

    class Meta:
        model = Run

    methodology = factory.LazyFunction(default_methodology)
    year = 2025
    region = factory.SubFactory(RegionFactory)
    municipality = None
    created_by = None
    status = Run.Status.QUEUED
    summary = factory.LazyFunction(lambda: {"subjects": []})
    execute = False

    @classmethod
    def _create(cls, model_class, *, created_by, status, summary, execute, **kwargs):
        run = run_create(user=created_by, **kwargs)
        if execute:
            return run_execute(run_id=run.pk)
        if status == Run.Status.DONE:
            Run.objects.filter(pk=run.pk).update(
                status=status, progress=100, finished_at=timezone.now(), summary=summary
            )
            run.refresh_from_db()
        elif status != Run.Status.QUEUED:
            raise ValueError(f"RunFactory: a run is made queued, computed (execute=True) or done, not {status!r}")
        return run


class SchoolResultFactory(factory.django.DjangoModelFactory):
    """One school's row of a finished run: stable, groups 5 and 5, unless told otherwise."""

    class Meta:
        model = SchoolResult

    run = factory.SubFactory(RunFactory, status=Run.Status.DONE)
    school = factory.SubFactory(
        SchoolFactory,
        municipality=factory.SubFactory(MunicipalityFactory, region=factory.SelfAttribute("...run.region")),
    )
    category = SchoolResult.Category.STABLE
    quality_index = 1.0
    quality_group = 5
    wellbeing_group = 5
