"""The extension points: what the apps above schools contribute to pages, reports and commands
that a lower app owns, without the lower app importing them (dependencies point down).

One typed ``Protocol`` per point, one ``ExtensionPoint`` object per point, and typed getters.
Each app registers its contributions explicitly in its ``AppConfig.ready()``::

    from schools import extensions

    extensions.register(extensions.INDICATOR_VALUES, selectors.indicator_values)

and the owner of the page or report reads them through a getter (``indicator_value_providers()``,
``school_report_sections()`` …). ``ready()`` runs in ``INSTALLED_APPS`` order, so contributions
come in that order (the first app wins where only one answer is taken); the points that carry an
``order`` sort by it, keeping that order among equals. Registering the same object twice is a
no-op, so a repeated ``ready()`` does not double a contribution.

Nothing here is discovered: no ``hasattr`` on app configs, no run-time ``isinstance`` checks
against a Protocol. The Protocols are for the type checker and the reader; the list of points and
who registers and reads each is in docs/architecture.md («Extension points»).

schools sits at the bottom, so it names the types of higher layers only structurally: a
dashboard panel is anything with ``key``, ``title``, ``template``, ``context``, ``order`` and
``width`` (reporting's ``Panel``), a report block anything with a ``title`` (reporting's ``Table``,
``Fields``, ``Text``, ``Figure``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypedDict, TypeVar

from django.utils.functional import Promise

if TYPE_CHECKING:  # pragma: no cover
    from django.db.models import QuerySet

    from .models import Municipality, School, User
    from .scale.context import ScaleContext

T = TypeVar("T")


class ExtensionPoint(Generic[T]):
    """One extension point: its name and what was registered into it, in registration order."""

    __slots__ = ("name", "_items")

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def register(self, impl: T) -> T:
        if not any(item is impl for item in self._items):
            self._items.append(impl)
        return impl

    def unregister(self, impl: T) -> None:
        """For tests that plug in a contribution of their own for a while."""
        self._items = [item for item in self._items if item is not impl]

    def all(self) -> tuple[T, ...]:
        return tuple(self._items)

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self._items)}>"


def register(point: ExtensionPoint[T], impl: T) -> T:
    """Register ``impl`` into ``point`` (from an ``AppConfig.ready()``); returns ``impl``."""
    return point.register(impl)


# --- demo and scale data ---------------------------------------------------------------------------


class DemoLoader(Protocol):
    """A part of ``manage.py demo`` (schools/demo/loader.py): the app's demo data on the seeds'
    ladder. ``context`` holds ``regions``, ``municipalities`` and ``schools`` keyed by code."""

    @property
    def label(self) -> str: ...  # printed before the loader's own line («Индексы: …»)

    @property
    def order(self) -> int: ...  # loaders run by ascending order

    def load(self, context: Mapping[str, Any]) -> str: ...


class ScaleLoader(Protocol):
    """A part of ``manage.py demo_scale`` (schools/scale/generate.py): the app's synthetic rows."""

    @property
    def key(self) -> str: ...  # names the timing ("<key>_s")

    @property
    def label(self) -> str: ...

    @property
    def order(self) -> int: ...

    def load(self, context: ScaleContext) -> str: ...


# --- the school page ------------------------------------------------------------------------------


class SchoolTab(TypedDict):
    """A tab of the school page (templates/schools/school_detail.html)."""

    key: str
    label: str | Promise  # a lazy translation as often as not
    template: str
    context: dict[str, Any]


class SchoolTabProvider(Protocol):
    """The app's tab of the school page, or None when the user may not see it."""

    def __call__(self, school: School, user: User) -> SchoolTab | None: ...


# --- dashboards (reporting/dashboards.py) ---------------------------------------------------------


class DashboardPanel(Protocol):
    """A panel of the dashboard pages (reporting.dashboards.Panel)."""

    @property
    def key(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def template(self) -> str: ...

    @property
    def context(self) -> dict[str, Any]: ...

    @property
    def order(self) -> int: ...  # panels are shown by (order, key)

    @property
    def width(self) -> str: ...  # the Bootstrap column class


class DashboardColumn(Protocol):
    """A column of the region's table (reporting.dashboards.Column)."""

    @property
    def label(self) -> str: ...

    @property
    def values(self) -> Mapping[int, Any]: ...  # municipality id → the cell

    @property
    def status(self) -> Mapping[int, str]: ...  # municipality id → done/partly/overdue/nodata

    @property
    def order(self) -> int: ...


class DashboardPanels(Protocol):
    """The app's panels of the municipality (``level="municipality"``, obj a Municipality) and
    school (``level="school"``) dashboards. A fixed number of queries whatever the schools."""

    def __call__(self, *, level: str, obj: Any, user: User) -> Sequence[DashboardPanel]: ...


class DashboardRegionColumns(Protocol):
    """The app's columns of the region's table, one cell per municipality."""

    def __call__(self, *, municipalities: Sequence[Municipality], user: User) -> Sequence[DashboardColumn]: ...


# --- values and categories other apps compute ------------------------------------------------------


class IndicatorValues(Protocol):
    """school id → value for the indicator codes the app computes (``{}`` for the others), for the
    academic year ending in ``year``. Read by monitoring for indicators «из расчётов портала»."""

    def __call__(self, *, indicator_code: str, school_ids: list[int], year: int) -> Mapping[int, Decimal]: ...


class SchoolCategories(Protocol):
    """The support category of schools (the app that computes them: indices)."""

    def school_categories(self, *, school_ids: list[int]) -> Mapping[int, tuple[str, str]]:
        """school id → (category code, label)."""
        ...

    def category_choices(self) -> list[tuple[str, str]]: ...

    def filter_schools(self, qs: QuerySet[School], category: str) -> QuerySet[School]:
        """The schools of ``qs`` in ``category``, in SQL."""
        ...


class SupportMark(TypedDict):
    """One school's support status in one academic year, by one measure of need (a support
    category of the index run, the risk group of low results …). A year the app has no data for
    is left out: it is a gap, neither in nor out."""

    school_id: int
    year: int  # the academic year, by its end
    kind: str  # the measure of need: the app's own code, grouped by it into episodes
    kind_label: str  # the measure in words («Группа риска низких результатов»)
    in_support: bool  # the school needed support that year by this measure
    label: str  # the status in words («адресное сопровождение», «не в группе риска»)
    order: int  # the kinds are shown by it


class SupportStatus(Protocol):
    """The yearly support statuses of ``school_ids`` that the app computes (indices: the support
    category of each year's regional run and the risk group). Read by programs, which joins them
    with the programs that carried each school into support episodes. A fixed number of queries
    whatever the schools; the caller has checked that the schools may be seen."""

    def __call__(self, *, school_ids: list[int]) -> Sequence[SupportMark]: ...


# --- the school report (reporting/school.py) ------------------------------------------------------


class ReportBlock(Protocol):
    """A block of a report document (reporting.document: Table, Fields, Text, Figure)."""

    @property
    def title(self) -> str: ...


class SchoolReportSection(Protocol):
    """A section of the «Профиль школы» report: its blocks for ``school``, as seen by ``user`` (the
    one who ordered the report), or everything when ``user`` is None (the operator's ``manage.py
    report`` or a report the system ordered). Sections are printed by ascending ``order``."""

    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...

    def blocks(self, school: School, *, user: User | None) -> Sequence[ReportBlock]: ...


# --- the program page and document (programs) ----------------------------------------------------


class ProgramPanel(TypedDict):
    """A block of the program page (``public=False``) or of its public page (``public=True``):
    what an app above programs knows about the program (events, funding)."""

    key: str
    label: str | Promise
    template: str
    context: dict[str, Any]


class ProgramPanels(Protocol):
    """The app's blocks of the program page for ``user`` (anonymous on the public page); a fixed
    number of queries. ``program`` is a programs.Program (named structurally: schools is below)."""

    def __call__(self, program: Any, *, user: Any, public: bool) -> Sequence[ProgramPanel]: ...


class ProgramDocumentSections(Protocol):
    """The app's blocks appended to the program document (PDF, DOCX, XLSX)."""

    def __call__(self, program: Any, *, user: User | None) -> Sequence[ReportBlock]: ...


class ProgramSnapshotPart(Protocol):
    """A part of a program's version snapshot that an app above programs owns (money). ``items``
    returns the part's items keyed by a stable key (an id; it is never shown) with the text a
    reader sees in an amendment's difference, in Russian («2025, грант, мероприятие 1.1: план
    20 180 000 руб.»); programs stores it under ``key`` and compares it item by item under
    ``label``. ``program`` is a programs.Program (named structurally). A fixed number of queries."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...

    def items(self, program: Any) -> Mapping[str, str]: ...


class MeasureEvidenceNote(TypedDict):
    """A line the measure page or a progress report's page shows about how a report was filed
    («Проведено мероприятием: <title>, <date>»), with a link to the app's page when there is one."""

    report_id: int
    text: str
    url: str


class MeasureEvidence(Protocol):
    """The app's notes on the progress reports ``report_ids`` (of one measure, or one report) that
    ``user`` may see; a fixed number of queries whatever the number of reports."""

    def __call__(self, report_ids: Sequence[int], *, user: Any) -> Sequence[MeasureEvidenceNote]: ...


# --- school programs and support episodes (programs) ---------------------------------------------


class SchoolProgramChecks(Protocol):
    """Typical defects of a school's document found before it is submitted for review, each a
    Russian sentence a school team understands («Для подтверждённого риска … нет антирисковой
    программы»). ``program`` is a programs.SchoolProgram (named structurally). An empty answer:
    nothing to object to. programs refuses the submission while any contributor objects."""

    def __call__(self, program: Any) -> Sequence[str]: ...


class EpisodeItem(TypedDict):
    """One thing that happened to a school in one academic year of support: a document and its
    review state, a curator's visit, the year's results."""

    year: int  # the academic year, by its end
    kind: str  # the app's own code (grouping, tests)
    label: str | Promise  # what it is, in words («Визит куратора»)
    text: str  # the one line shown («12.03.2026, очно: наблюдение уроков»)
    url: str  # where to read more, or ""
    order: int  # items of a year are shown by (order, label)


class EpisodeParts(Protocol):
    """What the app knows about ``school`` in each of ``years`` for the «Поддержка» tab; only what
    ``user`` may see. A fixed number of queries whatever the years."""

    def __call__(self, school: School, *, years: Sequence[int], user: User) -> Sequence[EpisodeItem]: ...


class SchoolsMoved(Protocol):
    """Called after schools changed municipality (the registry's form or import), inside the
    same transaction: what the app keeps per municipality of a school follows it."""

    def __call__(self, school_ids: Sequence[int]) -> None: ...


# --- the points -----------------------------------------------------------------------------------

DEMO_LOADERS: ExtensionPoint[DemoLoader] = ExtensionPoint("demo_loaders")
SCALE_LOADERS: ExtensionPoint[ScaleLoader] = ExtensionPoint("scale_loaders")
SCHOOL_TABS: ExtensionPoint[SchoolTabProvider] = ExtensionPoint("school_tabs")
DASHBOARD_PANELS: ExtensionPoint[DashboardPanels] = ExtensionPoint("dashboard_panels")
DASHBOARD_REGION_COLUMNS: ExtensionPoint[DashboardRegionColumns] = ExtensionPoint("dashboard_region_columns")
INDICATOR_VALUES: ExtensionPoint[IndicatorValues] = ExtensionPoint("indicator_values")
SCHOOL_CATEGORIES: ExtensionPoint[SchoolCategories] = ExtensionPoint("school_categories")
SCHOOL_REPORT_SECTIONS: ExtensionPoint[SchoolReportSection] = ExtensionPoint("school_report_sections")
PROGRAM_PANELS: ExtensionPoint[ProgramPanels] = ExtensionPoint("program_panels")
PROGRAM_DOCUMENT_SECTIONS: ExtensionPoint[ProgramDocumentSections] = ExtensionPoint("program_document_sections")
PROGRAM_SNAPSHOT_PARTS: ExtensionPoint[ProgramSnapshotPart] = ExtensionPoint("program_snapshot_parts")
MEASURE_EVIDENCE: ExtensionPoint[MeasureEvidence] = ExtensionPoint("measure_evidence")
SUPPORT_STATUS: ExtensionPoint[SupportStatus] = ExtensionPoint("support_status")
SCHOOL_PROGRAM_CHECKS: ExtensionPoint[SchoolProgramChecks] = ExtensionPoint("school_program_checks")
EPISODE_PARTS: ExtensionPoint[EpisodeParts] = ExtensionPoint("episode_parts")
SCHOOLS_MOVED: ExtensionPoint[SchoolsMoved] = ExtensionPoint("schools_moved")


# --- typed getters --------------------------------------------------------------------------------


def demo_loaders() -> list[DemoLoader]:
    return sorted(DEMO_LOADERS.all(), key=lambda loader: loader.order)


def scale_loaders() -> list[ScaleLoader]:
    return sorted(SCALE_LOADERS.all(), key=lambda loader: loader.order)


def school_tab_providers() -> tuple[SchoolTabProvider, ...]:
    return SCHOOL_TABS.all()


def dashboard_panel_providers() -> tuple[DashboardPanels, ...]:
    return DASHBOARD_PANELS.all()


def dashboard_region_column_providers() -> tuple[DashboardRegionColumns, ...]:
    return DASHBOARD_REGION_COLUMNS.all()


def indicator_value_providers() -> tuple[IndicatorValues, ...]:
    return INDICATOR_VALUES.all()


def school_category_providers() -> tuple[SchoolCategories, ...]:
    return SCHOOL_CATEGORIES.all()


def school_category_provider() -> SchoolCategories | None:
    """The first app that computes categories (INSTALLED_APPS order), or None: no category filter."""
    providers = SCHOOL_CATEGORIES.all()
    return providers[0] if providers else None


def school_report_sections() -> list[SchoolReportSection]:
    return sorted(SCHOOL_REPORT_SECTIONS.all(), key=lambda section: section.order)


def program_panel_providers() -> tuple[ProgramPanels, ...]:
    return PROGRAM_PANELS.all()


def program_document_section_providers() -> tuple[ProgramDocumentSections, ...]:
    return PROGRAM_DOCUMENT_SECTIONS.all()


def program_snapshot_parts() -> tuple[ProgramSnapshotPart, ...]:
    return PROGRAM_SNAPSHOT_PARTS.all()


def measure_evidence_providers() -> tuple[MeasureEvidence, ...]:
    return MEASURE_EVIDENCE.all()


def support_status_providers() -> tuple[SupportStatus, ...]:
    return SUPPORT_STATUS.all()


def school_program_check_providers() -> tuple[SchoolProgramChecks, ...]:
    return SCHOOL_PROGRAM_CHECKS.all()


def episode_part_providers() -> tuple[EpisodeParts, ...]:
    return EPISODE_PARTS.all()


def schools_moved(school_ids: Sequence[int]) -> None:
    """Tells every app that the schools changed municipality."""
    if school_ids:
        for follow in SCHOOLS_MOVED.all():
            follow(school_ids)
