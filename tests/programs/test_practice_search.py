"""The practice bank's search: abbreviations and other forms of a word match, any of
the words may match and practices matching more of them come first, and a search that finds
nothing offers the tags. PostgreSQL (the ``russian`` tsvector) and the SQLite fallback."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from programs.models import Practice, PracticeTag
from programs.selectors import practices as practice_reads
from programs.services import practices as svc

pytestmark = pytest.mark.django_db

# As in the demo (programs/demo/reviews.py).
DEMO = {
    "inofony": {
        "title": "Адаптационные группы для детей-инофонов",
        "problem": "Дети, для которых русский язык не родной, не понимают условий задач и отстают по всем предметам.",
        "actions": "Диагностика владения русским языком при приёме; группы по 6–8 человек два раза в неделю; "
        "словари предметных терминов для учителей математики; встречи с родителями при участии переводчика.",
        "results": "За два года доля детей-инофонов с неудовлетворительными годовыми отметками снизилась с 31 до 12 %.",
        "authors": "Демонстрационная запись",
        "tags": ["Русский язык", "Основное общее образование"],
    },
    "club": {
        "title": "Родительский клуб «Учимся вместе»",
        "problem": "Родители выпускников не участвуют в подготовке детей к ОГЭ и не знают требований экзамена.",
        "actions": "Ежемесячные встречи родителей с учителями-предметниками, разбор демоверсий, открытые уроки, "
        "чат класса с напоминаниями о консультациях.",
        "results": "Посещаемость консультаций выросла вдвое; доля «двоек» на ОГЭ по математике снизилась с 9 до 3 %.",
        "authors": "Демонстрационная запись",
        "tags": ["Работа с семьями", "Подготовка к ГИА", "Математика"],
    },
    "mentors": {
        "title": "Сетевая пара: наставничество учителей математики",
        "problem": "Молодые учителя школы с низкими результатами не имеют опытного наставника.",
        "actions": "Закрепление пары школ приказом; взаимопосещение уроков раз в месяц; совместный банк заданий.",
        "results": "Средний балл ОГЭ по математике в школе-партнёре вырос на 2,1 балла за год.",
        "authors": "Демонстрационная запись",
        "tags": ["Наставничество", "Математика"],
    },
}


@pytest.fixture
def demo(world) -> dict[str, Practice]:
    practices = {}
    for key, data in DEMO.items():
        fields = {k: v for k, v in data.items() if k != "tags"}
        tags = list(PracticeTag.objects.filter(name__in=data["tags"]))
        practice = svc.practice_create(user=world.team_a, school=world.school_a, data=fields, tags=tags)
        svc.practice_submit(user=world.team_a, practice=practice)
        practices[key] = svc.practice_review(user=world.methodologist_a, practice=practice, publish=True)
    return practices


def _found(demo: dict[str, Practice], query: str) -> list[str]:
    """The demo practices found, by key, in the order shown."""
    keys = {p.pk: key for key, p in demo.items()}
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    return [keys[p.pk] for p in practice_reads.practice_search(published, query) if p.pk in keys]


def _check_the_three_queries(demo) -> None:
    # An abbreviation: «ОГЭ» is in two practices' texts.
    assert set(_found(demo, "ОГЭ")) == {"club", "mentors"}
    # An adjective finds the noun (and the adjective itself, in the title first).
    found = _found(demo, "родительский")
    assert found[0] == "club" and "inofony" in found
    # The page's own example: not every word is needed; the practice with both words first.
    found = _found(demo, "работа с родителями")
    assert found and found[0] == "club"
    assert "inofony" in found  # «встречи с родителями», without «работа»
    # Partial words match as prefixes.
    assert _found(demo, "настав") == ["mentors"]
    assert _found(demo, "космонавтика") == []


@pytest.mark.services
def test_postgres_finds_abbreviations_forms_and_any_word(demo):
    assert connection.vendor == "postgresql"
    _check_the_three_queries(demo)


@pytest.mark.services
def test_postgres_ranks_practices_matching_more_words_first(demo):
    assert connection.vendor == "postgresql"
    # «математика» is in two practices, «наставничество» in one of them: it comes first.
    found = _found(demo, "математика наставничество")
    assert found[0] == "mentors" and set(found) == {"mentors", "club", "inofony"}
    found = _found(demo, "ОГЭ родители консультации")
    assert found[0] == "club"  # all three words
    assert found.index("club") < found.index("mentors")
    # A stop word alone finds nothing rather than everything.
    assert _found(demo, "с") == []


@pytest.mark.services
def test_postgres_title_matches_rank_above_body_matches(world, demo):
    third = svc.practice_create(
        user=world.team_a,
        school=world.school_a,
        data={"title": "Консультации для выпускников", "problem": "…", "actions": "…", "results": "…"},
    )
    svc.practice_submit(user=world.team_a, practice=third)
    svc.practice_review(user=world.methodologist_a, practice=third, publish=True)
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    assert list(practice_reads.practice_search(published, "консультации"))[0] == third


def test_sqlite_fallback_finds_the_same(demo):
    if connection.vendor == "postgresql":
        pytest.skip("the fallback is for databases without Russian full-text search")
    _check_the_three_queries(demo)
    found = _found(demo, "ОГЭ родители консультации")
    assert found[0] == "club"


def test_nothing_found_offers_the_tags_as_links(demo, client_for):
    page = client_for(None).get(reverse("programs:practices"), {"q": "космонавтика"}).content.decode()
    assert "Практик по этому запросу не найдено." in page
    assert 'data-testid="tag-suggestions"' in page
    math = PracticeTag.objects.get(name="Математика")
    assert f'href="?tag={math.pk}"' in page
    # A tag that no published practice carries is not offered: it would find nothing too.
    unused = PracticeTag.objects.exclude(practices__isnull=False).first()
    assert f'href="?tag={unused.pk}"' not in page


def test_tag_suggestions_put_related_tags_first(demo):
    tags = [t.name for t in practice_reads.practice_tag_suggestions(query="семьи")]
    assert tags[0] == "Работа с семьями"
    assert "Математика" in tags  # then the most used


def test_a_search_that_finds_something_offers_no_tags(demo, client_for):
    page = client_for(None).get(reverse("programs:practices"), {"q": "ОГЭ"}).content.decode()
    assert "Родительский клуб" in page and "tag-suggestions" not in page
