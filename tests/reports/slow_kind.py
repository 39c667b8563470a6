"""A report kind for the worker-crash test only: the real program report, built slowly.

Imported by the test's Celery workers (``celery worker -I tests.reports.slow_kind``), never by the
portal nor by the pytest process, so production code and the other tests never see this kind.
The delay comes from the environment of the worker, so the first worker can be killed in the
middle of the build and the second one builds the same job at once.
"""

from __future__ import annotations

import os
import time

from programs.reports import program_generate
from programs.selectors.programs import program_document
from reporting import pdf
from reporting.registry import ReportKind, register

KEY = "slow_program"
DELAY_ENV = "PORTAL_TEST_REPORT_DELAY"  # seconds the generator spends before building
STEPS = 20


def _generate(program, *, params, user, progress):
    delay = float(os.environ.get(DELAY_ENV, "0"))
    for step in range(STEPS):
        progress(step * 100 // STEPS)  # the job's progress moves, as in a long real build
        time.sleep(delay / STEPS)
    return program_generate(program, params=params, user=user, progress=lambda percent: None)


register(
    ReportKind(
        key=KEY,
        title="Программа (медленно, для теста)",
        allowed=lambda user, program: user.has_perm("programs.view_program", program),
        load=lambda pk: program_document(program_id=pk),
        generate=_generate,
        renderers={"pdf": pdf.render},
        describe=lambda program, params: f"Программа: {program}",
    )
)
