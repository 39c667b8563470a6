"""axe-core (from the npm registry) run in Chromium on the main pages of every role: no serious or
critical violations."""

from pathlib import Path

import pytest

from programs.services.school_programs import school_program_create
from tests.programs.conftest import make_program
from tests.test_review_queue import _file

from .helpers import login
from .test_review_journeys import _submitted_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_accessibility_violations(world, live_server, browser):
    assert AXE.exists(), "axe-core is installed from npm by `make setup`"
    program = make_program(world)
    program.is_public = True
    program.save()
    school_program = _submitted_program(world)
    anti_risk = school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={"kind": "anti_risk", "title": "Антирисковая программа", "period_start": 2026, "period_end": 2027},
    )
    _file(program, world, user=world.team_a, school=world.school_a)  # a row in «Проверка отчётов»
    # axe is injected as an inline script: let this test context (only) bypass the page's CSP.
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = []
    pages = {
        None: ["/", f"/programs/public/{program.pk}/", "/accounts/login/", "/programs/practices/"],
        "staff_a": [
            "/",
            f"/programs/{program.pk}/",
            f"/programs/{program.pk}/history/",
            f"/schools/{world.school_a.pk}/",
            "/schools/",
            f"/monitoring/dashboard/municipality/{world.mun_a.pk}/",
            "/indices/",
            "/review_queue/",
        ],
        "team_a": [
            "/",
            "/programs/my/",
            "/monitoring/collections/",
            f"/programs/school-programs/{school_program.pk}/",
            f"/programs/school-programs/new/?school={world.school_a.pk}",
            f"/programs/school-programs/{anti_risk.pk}/",
            f"/programs/school-programs/{anti_risk.pk}/edit/",
            f"/programs/practices/new/?school={world.school_a.pk}",
        ],
        "methodologist_a": [
            "/",
            "/review_queue/",
            "/programs/reviews/",
            f"/programs/school-programs/{school_program.pk}/review/",
        ],
    }
    for persona, urls in pages.items():
        if persona:
            login(page, live_server.url, persona)
        for url in urls:
            page.goto(live_server.url + url)
            problems += [f"{persona or 'anonymous'} {url}: {v}" for v in _violations(page)]
        if persona:
            page.context.clear_cookies()
    context.close()
    assert not problems, "\n".join(problems)
