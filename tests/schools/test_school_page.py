"""The school page, its yearly data edits and their access, conflicts and history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import SchoolContext, SchoolProfile
from schools.selectors import region_context_shares
from schools.templatetags.portal import percent, percent_points
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def _context(school, **counts):
    data = {"total": 100, "parents_higher_ed": 30, "single_parent": 10, "on_register": 2}
    data.update(counts)
    return SchoolContext.objects.create(school=school, year=YEAR, **data)


def test_region_share_is_pooled_over_schools_that_reported(world):
    _context(world.school_a, total=100, on_register=2)
    _context(world.school_a2, total=300, on_register=10)
    _context(world.school_b, total=1000, on_register=500)  # another region: not counted
    shares = region_context_shares(region_id=world.region.pk, years=[YEAR])[YEAR]
    assert shares["on_register"] == pytest.approx(12 / 400)
    assert shares["non_native"] is None  # nobody reported it


def test_school_page_shows_shares_beside_the_region(world, client_for):
    _context(world.school_a, total=200, single_parent=50)
    _context(world.school_a2, total=200, single_parent=10)
    body = client_for(world.staff_a).get(reverse("schools:detail", args=[world.school_a.pk])).content.decode()
    assert "25\u00a0%" in body  # the school: 50/200
    assert "15\u00a0%" in body  # the region: 60/400
    assert "+10\u00a0п.\u00a0п." in body
    assert "нет данных" in body  # unknown factors are not shown as zero


def test_percent_filters_use_russian_formats():
    assert percent(0.171838) == "17,2\u00a0%"
    assert percent(None) == "—"
    assert percent_points(-0.031) == "−3,1\u00a0п.\u00a0п."


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("team_a", "school_a", 200),
        ("team_a", "school_a2", 403),
        ("staff_a", "school_a2", 200),
        ("staff_b", "school_a", 403),
        ("methodologist_a", "school_a", 403),
        ("api_a", "school_a", 403),
    ],
)
def test_who_may_edit_yearly_data(world, client_for, persona, target, status):
    school = getattr(world, target)
    client = client_for(getattr(world, persona))
    for name in ("schools:profile_edit", "schools:context_edit"):
        assert client.get(reverse(name, args=[school.pk])).status_code == status


def test_school_team_saves_its_context(world, client_for):
    response = client_for(world.team_a).post(
        reverse("schools:context_edit", args=[world.school_a.pk]),
        {"year": YEAR, "total": 400, "parents_higher_ed": 120, "single_parent": "", "on_register": 5},
    )
    assert response.status_code == 302
    record = SchoolContext.objects.get(school=world.school_a, year=YEAR)
    assert (record.total, record.parents_higher_ed, record.single_parent) == (400, 120, None)
    assert record.history.first().history_user == world.team_a


def test_count_above_total_is_refused_in_russian_and_nothing_saved(world, client_for):
    response = client_for(world.team_a).post(
        reverse("schools:context_edit", args=[world.school_a.pk]),
        {"year": YEAR, "total": 100, "parents_higher_ed": 150},
    )
    assert response.status_code == 200
    assert "больше, чем обучающихся всего" in response.content.decode()
    assert not SchoolContext.objects.exists()


def test_negative_count_is_refused(world, client_for):
    response = client_for(world.team_a).post(
        reverse("schools:context_edit", args=[world.school_a.pk]), {"year": YEAR, "total": -5}
    )
    assert response.status_code == 200
    assert not SchoolContext.objects.exists()


def test_profile_shares_are_checked(world, client_for):
    response = client_for(world.team_a).post(
        reverse("schools:profile_edit", args=[world.school_a.pk]),
        {
            "year": YEAR,
            "enrolment": 100,
            "disabilities": 120,
            "share_first_category": "70",
            "share_highest_category": "40",
        },
    )
    body = response.content.decode()
    assert "не может быть больше, чем обучающихся всего" in body
    assert "превышает 100" in body
    assert not SchoolProfile.objects.exists()


def test_second_save_of_a_stale_form_gets_a_conflict_not_an_overwrite(world, client_for):
    record = _context(world.school_a, total=100)
    url = reverse("schools:context_edit", args=[world.school_a.pk]) + f"?year={YEAR}"
    stale = {"year": YEAR, "version": record.version, "total": 100, "parents_higher_ed": 30}
    first = client_for(world.staff_a).post(url, {**stale, "single_parent": 20})
    assert first.status_code == 302
    second = client_for(world.team_a).post(url, {**stale, "single_parent": 33})
    assert second.status_code == 200
    body = second.content.decode()
    assert "уже изменил другой пользователь" in body
    assert "из неполных семей" in body.lower()
    record.refresh_from_db()
    assert record.single_parent == 20  # the first save stands
    # Saving again after seeing the conflict is a deliberate overwrite.
    resaved = client_for(world.team_a).post(url, {**stale, "version": record.version, "single_parent": 33})
    assert resaved.status_code == 302
    record.refresh_from_db()
    assert record.single_parent == 33


def test_history_tab_is_for_committee_staff(world, client_for):
    record = _context(world.school_a)
    record.single_parent = 11
    record.save()
    url = reverse("schools:detail", args=[world.school_a.pk])
    staff_page = client_for(world.staff_a).get(url).content.decode()
    assert 'data-testid="history"' in staff_page and "<del>10</del> → 11" in staff_page
    team_page = client_for(world.team_a).get(url).content.decode()
    assert 'data-testid="history"' not in team_page


def test_school_list_filters_and_sorting(world, client_for):
    SchoolFactory(municipality=world.mun_a, short_name="Сельская ООШ", code="A-9", type="ООШ", locality="rural")
    client = client_for(world.staff_a)
    body = client.get(reverse("schools:list"), {"locality": "rural"}).content.decode()
    assert "Сельская ООШ" in body and "Школа А-1" not in body
    body = client.get(reverse("schools:list"), {"type": "ООШ"}).content.decode()
    assert "Сельская ООШ" in body and "Школа А-2" not in body
    body = client.get(reverse("schools:list"), {"ordering": "-code"}).content.decode()
    assert body.index("A-9") < body.index("A-2") < body.index("A-1")
    body = client.get(reverse("schools:list"), {"q": "A-2"}).content.decode()
    assert "Школа А-2" in body and "Школа А-1" not in body


def test_manage_school_registry_is_committee_only(world, client_for):
    url = reverse("schools:edit", args=[world.school_a.pk])
    assert client_for(world.team_a).get(url).status_code == 403
    response = client_for(world.staff_a).post(
        url,
        {
            "code": "A-1",
            "name": world.school_a.name,
            "short_name": "Школа А-1",
            "type": "СОШ",
            "locality": "urban",
            "director": "Новиков Н. Н.",
        },
    )
    assert response.status_code == 302
    world.school_a.refresh_from_db()
    assert world.school_a.director == "Новиков Н. Н."


def test_school_list_filters_by_support_category_of_the_latest_run(world, client_for):
    """The category filter reads each region's latest finished run (through the indices app's
    AppConfig: schools does not import indices)."""
    from indices.models import Run
    from tests.factories import RunFactory, SchoolResultFactory

    def run(year, categories):
        r = RunFactory(year=year, region=world.region, status=Run.Status.DONE)
        for school, category in categories.items():
            SchoolResultFactory(run=r, school=school, category=category)

    run(2024, {world.school_a: "stable", world.school_a2: "low_on_both"})
    run(2025, {world.school_a: "low_on_both", world.school_a2: "stable"})
    client = client_for(world.region_staff)
    page = client.get(reverse("schools:list"), {"category": "low_on_both"}).content.decode()
    assert world.school_a.short_name in page and world.school_a2.short_name not in page
    page = client.get(reverse("schools:list"), {"category": "resilient"}).content.decode()
    assert world.school_a.short_name not in page
    assert "Категория поддержки" in page
