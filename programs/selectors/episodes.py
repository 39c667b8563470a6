"""Support episodes: each school's history of support across academic years — when it entered a
support category or the risk group, which programs carried it, when it left, when it fell back.

The yearly statuses come from the apps that compute them through
``schools.extensions.SUPPORT_STATUS`` (indices: the category of the year's regional index run, the
risk group of low results); programs adds what it knows itself — the programs a school took part in
(a municipal program as a supported school, its own approved program). :func:`assemble` is the rule
on plain data (the tests feed it hand-made histories); :func:`support_episodes` reads the data.

The rule, per school and per measure of need (``kind``), over the years by their order:

- a year *in support* starts an episode, or continues the open one;
- a year known *out of support* closes the open episode: the school left in that year;
- a year with no status (no run, no results) is a gap: it neither starts nor closes an episode,
  and a gap inside an episode is listed with it;
- an episode that starts after the school had left one of the same kind is a *fall back*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from schools.access import AnyUser
from schools.extensions import (
    EpisodeItem,
    SchoolTab,
    SupportMark,
    episode_part_providers,
    support_status_providers,
)
from schools.models import School, User
from schools.years import current_academic_year, format_academic_year

from ..access import visible_programs, visible_school_programs
from ..models import Program, ProgramSchool, SchoolProgram


@dataclass(frozen=True)
class Carrier:
    """A program that carried a school in some academic years."""

    title: str
    kind_label: str  # «муниципальная программа», «программа школы»
    url: str
    years: frozenset[int]


@dataclass
class Episode:
    school_id: int
    kind: str
    kind_label: str
    order: int
    start: int
    end: int  # the last year known in support
    left: int | None = None  # the year the school was known out of support again; None: not (yet)
    fell_back: bool = False  # the school had left support of this kind before
    statuses: list[tuple[int, str]] = field(default_factory=list)  # (year, status in words) in support
    gaps: list[int] = field(default_factory=list)  # years without data inside the episode
    carriers: list[Carrier] = field(default_factory=list)
    school: School | None = None
    # What happened in each year of the episode (schools.extensions.EPISODE_PARTS): year → items.
    parts: dict[int, list[EpisodeItem]] = field(default_factory=dict)

    @property
    def ongoing(self) -> bool:
        return self.left is None

    def covers(self, year: int) -> bool:
        """The school was in this episode in ``year`` (a gap year inside it counts)."""
        return self.start <= year <= self.end

    @property
    def period(self) -> str:
        first, last = format_academic_year(self.start), format_academic_year(self.end)
        return first if self.start == self.end else f"{first} — {last}"

    @property
    def outcome(self) -> str:
        if self.left is not None:
            return f"вышла в {format_academic_year(self.left)} уч. г."
        return f"в поддержке (последние сведения — {format_academic_year(self.end)} уч. г.)"

    @property
    def status_text(self) -> str:
        """The statuses in order, a change of words shown once («адресное наставничество →
        адресное сопровождение»)."""
        words: list[str] = []
        for _year, label in self.statuses:
            if not words or words[-1] != label:
                words.append(label)
        return " → ".join(words)

    @property
    def gaps_text(self) -> str:
        return ", ".join(format_academic_year(y) for y in self.gaps)

    @property
    def span(self) -> range:
        """The years from entry to exit: up to the year the school left, or, while the episode is
        open, up to the current year (this year's documents and visits belong to it)."""
        last = self.left if self.left is not None else max(self.end, current_academic_year())
        return range(self.start, last + 1)

    @property
    def years(self) -> list[tuple[str, list[EpisodeItem]]]:
        """(academic year in words, its items) for the years that have any, oldest first."""
        return [(format_academic_year(year), self.parts[year]) for year in sorted(self.parts)]


def assemble(marks: Iterable[SupportMark], carriers: dict[int, list[Carrier]] | None = None) -> list[Episode]:
    """The episodes of the marks, by school, kind order and start; ``carriers`` (school id → the
    programs that carried it) are attached to the episodes whose years they share. Pure."""
    by_line: dict[tuple[int, str], list[SupportMark]] = defaultdict(list)
    for mark in marks:
        by_line[(mark["school_id"], mark["kind"])].append(mark)
    today = current_academic_year()
    episodes: list[Episode] = []
    for (school_id, kind), line in by_line.items():
        line.sort(key=lambda m: m["year"])
        current: Episode | None = None
        has_left = False
        mine: list[Episode] = []
        for mark in line:
            year = mark["year"]
            if mark["in_support"]:
                if current is None:
                    current = Episode(
                        school_id, kind, mark["kind_label"], mark["order"], year, year, fell_back=has_left
                    )
                    mine.append(current)
                else:
                    current.gaps.extend(range(current.end + 1, year))
                    current.end = year
                current.statuses.append((year, mark["label"]))
            elif current is not None:
                current.left = year
                current = None
                has_left = True
        for episode in mine:
            # A program carries the episode in its years and, while it is open, up to today.
            last = episode.left - 1 if episode.left is not None else max(episode.end, today)
            span = set(range(episode.start, last + 1))
            episode.carriers = [c for c in (carriers or {}).get(school_id, []) if c.years & span]
        episodes.extend(mine)
    episodes.sort(key=lambda e: (e.school_id, e.order, e.start))
    return episodes


def academic_year_of(day: date) -> int:
    """The academic year (by its end) a date falls in: September starts the next one."""
    return day.year + (1 if day.month >= 9 else 0)


def program_carriers(*, school_ids: list[int], user: AnyUser) -> dict[int, list[Carrier]]:
    """school id → the programs the user may see that carried it: municipal programs past the draft
    with the school as a supported participant, and the school's own approved programs. A program
    carries the academic years its period overlaps (a school program's period is in calendar years:
    2024–2026 overlaps the academic years 2023/24 to 2026/27). Two queries."""
    out: dict[int, list[Carrier]] = defaultdict(list)
    municipal = ProgramSchool.objects.filter(
        school_id__in=school_ids,
        role=ProgramSchool.Role.TARGET,
        program__in=visible_programs(user).exclude(status=Program.Status.DRAFT),
    ).values_list(
        "school_id",
        "program_id",
        "program__short_title",
        "program__title",
        "program__period_start",
        "program__period_end",
    )
    for school_id, pk, short, title, start, end in municipal.order_by("program__period_start", "program_id"):
        years = frozenset(range(academic_year_of(start), academic_year_of(end) + 1))
        url = reverse("programs:detail", args=[pk])
        out[school_id].append(Carrier(short or title, "муниципальная программа", url, years))
    own = (
        visible_school_programs(user)
        .filter(school_id__in=school_ids, status=SchoolProgram.Status.APPROVED)
        .order_by("period_start", "pk")
        .values_list("school_id", "pk", "title", "period_start", "period_end")
    )
    for school_id, pk, title, first, last in own:
        url = reverse("programs:school_program", args=[pk])
        out[school_id].append(Carrier(title, "программа школы", url, frozenset(range(first, last + 2))))
    return dict(out)


def support_episodes(*, schools: Sequence[School], user: AnyUser) -> list[Episode]:
    """The support episodes of ``schools`` (already checked as visible to ``user``), with the
    programs the user may see. A fixed number of queries whatever the number of schools."""
    by_id = {school.pk: school for school in schools}
    ids = list(by_id)
    if not ids:
        return []
    marks = [mark for provider in support_status_providers() for mark in provider(school_ids=ids)]
    episodes = assemble(marks, program_carriers(school_ids=ids, user=user))
    for episode in episodes:
        episode.school = by_id.get(episode.school_id)
    return episodes


def attach_parts(episodes: Sequence[Episode], *, school: School, user: AnyUser, years: Sequence[int] = ()) -> None:
    """Fill the episodes of one ``school`` with what the apps know of each of their years
    (``years`` narrows them): each contributor is asked once, for all the years at once, so the
    queries do not grow with the years or the items."""
    mine = [e for e in episodes if e.school_id == school.pk]
    wanted = sorted({y for e in mine for y in e.span if not years or y in years})
    if not wanted or not isinstance(user, User):
        return  # an anonymous visitor sees no school
    items = [item for provider in episode_part_providers() for item in provider(school, years=wanted, user=user)]
    items.sort(key=lambda item: (item["order"], str(item["label"])))
    for episode in mine:
        for item in items:
            if item["year"] in episode.span and (not years or item["year"] in years):
                episode.parts.setdefault(item["year"], []).append(item)


def document_parts(school: School, *, years: Sequence[int], user: User) -> list[EpisodeItem]:
    """Programs' part of a support year (schools.extensions.EPISODE_PARTS): the school's documents
    the user may see — its programs, development concept, medium-term and anti-risk programs — in
    the academic year they were first submitted (a draft: the year it was begun), with where their
    review stands. One query."""
    rows = (
        visible_school_programs(user)
        .filter(school=school)
        .annotate(first_submitted=Min("versions__submitted_at"), latest=Max("versions__number"))
        .order_by("created_at", "pk")
        .values_list(
            "pk", "kind", "title", "period_start", "period_end", "status", "created_at", "first_submitted", "latest"
        )
    )
    kinds, statuses = dict(SchoolProgram.Kind.choices), dict(SchoolProgram.Status.choices)
    out: list[EpisodeItem] = []
    for pk, kind, title, first, last, status, created, submitted, latest in rows:
        year = academic_year_of(timezone.localdate(submitted or created))
        if year not in years:
            continue
        state = str(statuses.get(status, status)) + (f" (версия {latest})" if latest else "")
        out.append(
            EpisodeItem(
                year=year,
                kind="document",
                label=capfirst(str(kinds.get(kind, kind))),
                text=f"«{title}», {first}–{last} гг.: {state}",
                url=reverse("programs:school_program", args=[pk]),
                order=10,
            )
        )
    return out


def episode_years(episodes: Iterable[Episode]) -> list[int]:
    """The years the episodes cover, newest first (the page's year filter)."""
    years: set[int] = set()
    for episode in episodes:
        years.update(range(episode.start, episode.end + 1))
        if episode.left is not None:
            years.add(episode.left)
    return sorted(years, reverse=True)


def support_tab(school: School, user: AnyUser) -> SchoolTab | None:
    """The school page's «Поддержка» tab (schools.extensions.SCHOOL_TABS): the school's support
    episodes, for whoever may see the school."""
    if not user.has_perm("schools.view_school", school):
        return None
    episodes = support_episodes(schools=[school], user=user)
    attach_parts(episodes, school=school, user=user)
    return {
        "key": "support",
        "label": "Поддержка",
        "template": "programs/_support_tab.html",
        "context": {"school": school, "episodes": episodes},
    }
