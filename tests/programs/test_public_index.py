"""The public index of published programs and a visitor's home page: a page at a time, the
progress read for the programs shown only, one count for both."""

from __future__ import annotations

import pytest

from programs.models import Program
from programs.selectors import public as selectors
from tests.factories import MunicipalityFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _program(municipality, title: str, *, public: bool, status=Program.Status.APPROVED) -> Program:
    program = ProgramFactory(municipality=municipality, short_title=title)
    Program.objects.filter(pk=program.pk).update(is_public=public, status=status)
    return program


@pytest.fixture
def published(world, monkeypatch):
    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 3)
    monkeypatch.setattr(selectors, "PUBLIC_HOME_ROWS", 2)
    names = ["Ярославский район", "Абанский район", "Город Д", "Борский район", "Вельский район"]
    shown = [
        _program(MunicipalityFactory(region=world.region, code=f"p{i}", name=name), f"Программа {i}", public=True)
        for i, name in enumerate(names)
    ]
    _program(world.mun_a, "Черновик", public=True, status=Program.Status.DRAFT)
    _program(world.mun_a, "Не опубликована", public=False)
    return sorted(shown, key=lambda p: p.municipality.name)


def test_the_public_index_goes_page_by_page(client, published):
    first, second = client.get("/programs/public/"), client.get("/programs/public/?page=2")
    assert first.status_code == second.status_code == 200
    seen = [row for page in (first, second) for row in page.context["rows"]]
    assert [p.pk for p, _progress in seen] == [
        p.pk for p in published
    ]  # by municipality, the five once; no draft, no unpublished
    assert "1 из 2" in first.content.decode() and "2 из 2" in second.content.decode()
    # A page past the end shows the last one (as the practice bank does), never an error.
    assert client.get("/programs/public/?page=99").context["page"].number == 2


def test_a_visitors_home_shows_the_first_programs_and_counts_them_all(client, published):
    response = client.get("/")
    body = response.content.decode()
    assert [p.pk for p, _progress in response.context["public_rows"]] == [p.pk for p in published[:2]]
    assert "Все опубликованные программы: 5" in body
    # The same count as the index's own paginator.
    assert client.get("/programs/public/").context["page"].paginator.count == 5
