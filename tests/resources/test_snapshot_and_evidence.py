"""Issue 19: planned money in the program's versions (an amendment's difference lists the money it
changes), and the event that filed a report named on the measure and report pages — programs reads
both through schools/extensions.py and never imports resources."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from programs.services.programs import program_amendment_commit, program_amendment_open, program_approve
from programs.services.snapshot import program_snapshot, snapshot_diff
from resources.models import FundingLine
from resources.services.events import event_record
from resources.services.funding import funding_add, funding_change
from schools.formats import format_number

from .conftest import make_live, plan_seminar

pytestmark = pytest.mark.django_db


def test_amendment_diff_lists_the_money_it_changes(world):
    live = make_live(world, approve=False)
    year = live.program.period_start.year
    kept = funding_add(program=live.program, user=world.staff_a, year=year, source="municipal", planned="1250000.10")
    changed = funding_add(
        program=live.program, user=world.staff_a, year=year, source="regional", planned="0.20", measure=live.seminars
    )
    program_approve(program=live.program, user=world.staff_a)
    first = live.program.versions.get()
    assert set(first.snapshot["funding"]) == {str(kept.pk), str(changed.pk)}

    program_amendment_open(program=live.program)
    funding_change(line=changed, user=world.staff_a, planned="333333.33")
    added = funding_add(program=live.program, user=world.staff_a, year=year + 1, source="grant", planned="999999999.99")
    # The spent amount is execution: it changes no version.
    funding_change(line=FundingLine.objects.get(pk=kept.pk), user=world.staff_a, actual="5")
    program_amendment_commit(program=live.program, user=world.staff_a, reason="Уточнение сумм")
    second = live.program.versions.order_by("-number").first()

    money = next(d for d in snapshot_diff(first.snapshot, second.snapshot) if d.key == "funding")
    assert money.label == "Финансирование (плановые суммы)"
    assert [(k, old.split(": план ")[1], new.split(": план ")[1]) for k, old, new in money.changed] == [
        ("", f"{format_number(Decimal('0.2'), 2)} руб.", f"{format_number(Decimal('333333.33'), 2)} руб.")
    ]
    assert money.changed[0][2].startswith(f"{year}, региональный бюджет, мероприятие 1.1")
    assert [text for _k, text in money.added] == [
        f"{year + 1}, грант, программа в целом: план 999\u00a0999\u00a0999,99 руб."
    ]
    assert not money.removed
    assert str(added.pk) in second.snapshot["funding"]

    page = Client()
    page.force_login(world.staff_a)
    html = page.get(reverse("programs:versions", args=[live.program.pk])).content.decode()
    assert "Финансирование (плановые суммы)" in html and "333\u00a0333,33" in html and "0,2 руб." in html


def test_a_version_without_money_is_not_a_money_change(world):
    live = make_live(world, approve=False)
    snapshot = program_snapshot(live.program)
    assert snapshot["funding"] == {}
    assert all(d.empty for d in snapshot_diff(snapshot, program_snapshot(live.program)))


def test_measure_and_report_pages_name_the_event_that_filed_the_report(world):
    live = make_live(world)
    event = plan_seminar(world, live)
    event_record(
        event=event, user=world.team_a, actual={world.school_a.pk: 18, world.school_a2.pk: 12}, outcome="Итоги"
    )
    report = event.reports.order_by("pk").first()
    event_url = reverse("resources:event", args=[event.pk])

    client = Client()
    client.force_login(world.staff_a)
    measure_html = client.get(reverse("programs:measure", args=[live.program.pk, live.seminars.pk])).content.decode()
    # One line for the event, though it filed a report per school.
    assert measure_html.count("Проведено мероприятием: Семинар «Смысловое чтение»") == 1
    assert f'href="{event_url}"' in measure_html
    report_html = client.get(reverse("programs:report", args=[report.pk])).content.decode()
    assert "Проведено мероприятием: Семинар «Смысловое чтение»" in report_html and event_url in report_html


def test_measure_page_query_count_does_not_grow_with_events(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    live = make_live(world)
    client = Client()
    client.force_login(world.staff_a)
    url = reverse("programs:measure", args=[live.program.pk, live.seminars.pk])
    event = plan_seminar(world, live)
    event_record(event=event, user=world.team_a, actual={world.school_a.pk: 1}, outcome="Итоги")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for hours in ("2", "3"):
        other = plan_seminar(world, live, title=f"Семинар {hours}", hours=hours)
        event_record(event=other, user=world.team_a, actual={world.school_a.pk: 1}, outcome="Итоги")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)
