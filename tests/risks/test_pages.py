"""Issue 21: each risk page for each persona, the forms' refusals, and the exports read back."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reporting.services import report_render
from risks.models import ProfileItem
from risks.services.profiles import item_decide, profiles_compute

from .conftest import YEAR, profile_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(world, school_data):
    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    return profile


@pytest.fixture
def pages(world, profile):
    return {
        "profile": reverse("risks:profile", args=[world.school_a.pk]) + f"?year={YEAR}",
        "profile_a2": reverse("risks:profile", args=[world.school_a2.pk]),
        "table": reverse("risks:table", args=[world.mun_a.pk]) + f"?year={YEAR}",
        "index": reverse("risks:index"),
        "catalogue": reverse("risks:catalogue"),
        "catalogue_edit": reverse("risks:catalogue_edit"),
    }


EXPECTED = {
    # page: staff_a (own municipality), staff_b (another), region_staff, team_a (school A-1), curator of A-1
    "profile": (200, 403, 200, 200, 200),
    "profile_a2": (200, 403, 200, 403, 403),
    "table": (200, 403, 200, 403, 403),
    "index": (302, 302, 302, 403, 403),
    "catalogue": (200, 200, 200, 403, 403),
    "catalogue_edit": (403, 403, 200, 403, 403),
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_personas(world, pages, client_for, page):
    people = (world.staff_a, world.staff_b, world.region_staff, world.team_a, world.methodologist_a)
    got = tuple(client_for(user).get(pages[page]).status_code for user in people)
    assert got == EXPECTED[page]
    anonymous = Client().get(pages[page])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_profile_page_explains_in_russian(world, pages, client_for):
    page = client_for(world.team_a).get(pages["profile"]).content.decode()
    assert "Высокая доля обучающихся с ОВЗ" in page and "уровень: высокий" in page
    assert "Обучающихся с ОВЗ: 45\u00a0чел. (профиль школы за учебный год)" in page
    assert "Значение 15\u00a0% — не меньше 15\u00a0%, порога уровня «высокий»" in page
    assert "нет данных" in page
    assert "disabilities_share" not in page and "no_data" not in page.replace('data-level="no_data"', "")
    assert 'data-testid="decide-form"' in page and 'data-testid="review-form"' not in page


def test_decide_without_reason_shows_the_message(world, profile, client_for):
    item = profile_item(profile, "disabilities")
    client = client_for(world.team_a)
    response = client.post(
        reverse("risks:decide", args=[item.pk]), {"decision": "confirmed", "reason": ""}, follow=True
    )
    assert "Нельзя подтвердить риск «Высокая доля обучающихся с ОВЗ» без обоснования" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "pending"
    client.post(reverse("risks:decide", args=[item.pk]), {"decision": "confirmed", "reason": "45 детей с ОВЗ"})
    item.refresh_from_db()
    assert item.decision == "confirmed"
    # The curator of the school agrees; the team cannot, another municipality's staff gets 403.
    assert (
        client_for(world.staff_b).post(reverse("risks:review", args=[item.pk]), {"verdict": "agreed"}).status_code
        == 403
    )
    client_for(world.methodologist_a).post(
        reverse("risks:review", args=[item.pk]), {"verdict": "agreed", "comment": ""}
    )
    item.refresh_from_db()
    assert item.verdict == "agreed"


def test_start_antirisk_through_the_page(world, profile, client_for):
    item = profile_item(profile, "disabilities")
    item_decide(user=world.team_a, item=item, decision="confirmed", reason="Подтверждаем")
    response = client_for(world.team_a).post(reverse("risks:antirisk", args=[item.pk]))
    assert response.status_code == 302 and "/programs/" in response["Location"]
    pending = profile_item(profile, "equipment")
    response = client_for(world.team_a).post(reverse("risks:antirisk", args=[pending.pk]), follow=True)
    assert "не подтвердила" in response.content.decode()


def test_compute_button(world, client_for):
    response = client_for(world.staff_a).post(reverse("risks:compute", args=[world.school_a2.pk]), {"year": YEAR})
    assert response.status_code == 302
    assert ProfileItem.objects.filter(profile__school=world.school_a2).count() == 10
    assert client_for(world.staff_b).post(reverse("risks:compute", args=[world.school_a2.pk])).status_code == 403


def test_table_shows_labels_and_counts(world, profile, pages, client_for):
    item_decide(user=world.team_a, item=profile_item(profile, "disabilities"), decision="confirmed", reason="Да")
    page = client_for(world.staff_a).get(pages["table"]).content.decode()
    assert "Школа А-1" in page and "Школа А-2" in page
    assert 'data-level="high">высокий<br><span class="fw-semibold">подтверждён</span>' in page
    assert "не рассчитан" in page  # school A-2 has no profile


def test_catalogue_edit_refuses_a_bad_scale(world, client_for):
    client = client_for(world.region_staff)
    page = client.get(reverse("risks:catalogue_edit"))
    formset = page.context["formset"]
    data = {
        "f-TOTAL_FORMS": str(len(formset.forms)),
        "f-INITIAL_FORMS": str(len(formset.forms)),
        "derived": page.context["form"].initial["derived"],
    }
    for n, form in enumerate(formset.forms):
        for key, value in form.initial.items():
            data[f"f-{n}-{key}"] = str(value).replace(".", ",") if key in ("low", "medium", "high") else value
    data["f-1-low"] = "20"
    response = client.post(reverse("risks:catalogue_edit"), data)
    assert response.status_code == 200
    assert "Фактор «Дефицит педагогических кадров»: пороги шкалы идут не по порядку" in response.content.decode()
    data["f-1-low"] = "4,5"
    response = client.post(reverse("risks:catalogue_edit"), data)
    assert response.status_code == 302
    from risks.services.catalogue import catalogue_current

    assert str(catalogue_current().factors.get(code="staff_shortage").low) == "4.50"


def test_table_xlsx_read_back(world, profile):
    item_decide(user=world.team_a, item=profile_item(profile, "disabilities"), decision="confirmed", reason="Да")
    content, name = report_render(
        kind="risk_table", format="xlsx", object_id=world.mun_a.pk, params={"year": YEAR}, user=world.staff_a
    )
    assert name == f"risk-table-{world.mun_a.pk}-{YEAR}.xlsx"
    book = load_workbook(io.BytesIO(content))
    rows = list(book["Школы"].iter_rows(values_only=True))
    header = rows[0]
    column = header.index("Высокая доля обучающихся с ОВЗ")
    by_school = {r[0]: r for r in rows[1:]}
    assert by_school["Школа А-1"][column] == "высокий, подтверждён"
    assert by_school["Школа А-2"][column] == "не рассчитан"
    totals = {r[0]: r for r in book["Итоги"].iter_rows(values_only=True)}
    assert totals["Высокая доля обучающихся с ОВЗ"][1:] == (1, 0, 0, 0, 0, 1)


def test_profile_pdf_read_back(world, profile, tmp_path):
    item_decide(
        user=world.team_a, item=profile_item(profile, "disabilities"), decision="confirmed", reason="Нет тьютора"
    )
    content, _name = report_render(kind="risk_profile", format="pdf", object_id=profile.pk, user=world.team_a)
    path = tmp_path / "profile.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Профиль рисков школы: Школа А-1" in flat
    assert "Высокая доля обучающихся с ОВЗ" in flat and "Нет тьютора" in flat
    assert "подтверждён" in flat
    assert "порога уровня «высокий»" in flat


def test_profile_pdf_writes_event_times_in_local_time(world, profile, tmp_path):
    """The history of decisions in the PDF shows when each happened in the portal's time zone (a
    time in UTC would read three hours early in Moscow)."""
    import datetime as dt

    from django.utils import timezone

    item = profile_item(profile, "disabilities")
    item_decide(user=world.team_a, item=item, decision="confirmed", reason="Нет тьютора")
    event = profile.events.order_by("-at").first()
    content, _name = report_render(kind="risk_profile", format="pdf", object_id=profile.pk, user=world.team_a)
    path = tmp_path / "profile.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # The cell is narrow: the date and the time fall on two lines of the PDF's text.
    local, utc = timezone.localtime(event.at), event.at.astimezone(dt.UTC)
    assert local.strftime("%d.%m.%Y") in text and local.strftime("%H:%M") in text
    assert local.strftime("%H:%M") != utc.strftime("%H:%M") and utc.strftime("%H:%M") not in text


def test_school_tab_and_team_home(world, profile, client_for):
    item_decide(user=world.team_a, item=profile_item(profile, "disabilities"), decision="confirmed", reason="Да")
    school_page = client_for(world.methodologist_a).get(reverse("schools:detail", args=[world.school_a.pk]))
    text = school_page.content.decode()
    assert "Профиль рисков" in text and 'data-testid="risk-profile-link"' in text
    home = client_for(world.team_a).get(reverse("home")).content.decode()
    assert 'data-testid="home-risks"' in home
    assert "ждут решения школы: 3 · подтверждено: 1" in home  # 4 factors found, 1 decided


def test_table_reads_a_fixed_number_of_queries(world, profile, django_assert_num_queries):
    from risks.selectors.profiles import municipal_table
    from risks.services.catalogue import catalogue_current
    from tests.factories import SchoolFactory

    catalogue = catalogue_current()
    more = [SchoolFactory(municipality=world.mun_a, short_name=f"Школа А-{n}", code=f"A-{n}") for n in range(3, 9)]
    profiles_compute(schools=more, year=YEAR)
    # factors, schools, profiles, their items: the same four whatever the number of schools
    with django_assert_num_queries(4):
        table = municipal_table(municipality=world.mun_a, year=YEAR, catalogue=catalogue)
    assert len(table.rows) == 8 and all(len(r.cells) == 10 for r in table.rows)
