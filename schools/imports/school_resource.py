"""The school registry (template «Школы»): one row per school, matched by (region, code).

Regions and municipalities are matched by normalised name. Unknown ones become rows' errors,
unless creation was asked for (the confirmation checkbox, ``--create-missing``): then they are
listed in the preview and created, in bulk, when the import is applied.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from import_export.fields import Field
from simple_history.utils import bulk_create_with_history

from .. import extensions
from ..models import Municipality, Region, School
from .normalise import collapse_spaces, normalise_title
from .resource_base import PortalResource, chunked
from .widgets import ChoiceWidget, LookupWidget, TextWidget, yes_no_widget

LOCALITY_SPELLINGS = {
    "городская": School.Locality.URBAN,
    "город": School.Locality.URBAN,
    "городская местность": School.Locality.URBAN,
    "urban": School.Locality.URBAN,
    "сельская": School.Locality.RURAL,
    "село": School.Locality.RURAL,
    "сельская местность": School.Locality.RURAL,
    "rural": School.Locality.RURAL,
}
_EXTRA_TYPE_SPELLINGS = {
    "начальная школа": School.Type.NOSH,
    "основная школа": School.Type.OOSH,
    "средняя школа": School.Type.SOSH,
    "интернат": School.Type.BOARDING,
    "иное": School.Type.OTHER,
    "другой": School.Type.OTHER,
}


def type_spellings() -> dict[str, str]:
    """ "СОШ", "средняя общеобразовательная школа", "средняя общеобразовательная школа (СОШ)"
    all mean the same choice; matching is case- and «ё»-insensitive."""
    spellings: dict[str, str] = dict(_EXTRA_TYPE_SPELLINGS)
    for value, label in School.Type.choices:
        label = str(label)
        spellings[value] = value
        spellings[label] = value
        spellings[re.sub(r"\s*\([^)]*\)\s*$", "", label)] = value
    return spellings


def _free_code(taken: set[str], prefix: str) -> str:
    # Codes of regions and municipalities are not in the template; created ones get a
    # placeholder the committee can change in the admin.
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    code = f"{prefix}{number}"
    taken.add(code)
    return code


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class SchoolResource(PortalResource):
    code = Field(attribute="code", column_name="code", widget=TextWidget(required=True))
    name = Field(attribute="name", column_name="name", widget=TextWidget(required=True))
    short_name = Field(attribute="short_name", column_name="short_name", widget=TextWidget(required=True))
    type = Field(attribute="type", column_name="type")
    region = Field(attribute="region", column_name="region")
    municipality = Field(attribute="municipality", column_name="municipality")
    settlement = Field(attribute="settlement", column_name="settlement", widget=TextWidget())
    locality = Field(attribute="locality", column_name="locality")
    small_class = Field(attribute="small_class", column_name="small_class")
    remote = Field(attribute="remote", column_name="remote")
    address = Field(attribute="address", column_name="address", widget=TextWidget())
    director = Field(attribute="director", column_name="director", widget=TextWidget())

    lookup_fields = ("region", "municipality")

    class Meta(PortalResource.Meta):
        model = School
        fields = (
            "code",
            "name",
            "short_name",
            "type",
            "region",
            "municipality",
            "settlement",
            "locality",
            "small_class",
            "remote",
            "address",
            "director",
        )
        import_id_fields = ("region", "code")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Built per instance: the choice labels are translated strings.
        self.fields["type"].widget = ChoiceWidget(type_spellings(), ", ".join(School.Type.values))
        self.fields["locality"].widget = ChoiceWidget(LOCALITY_SPELLINGS, _("городская, сельская"))
        self.fields["small_class"].widget = yes_no_widget()
        self.fields["remote"].widget = yes_no_widget()
        self.fields["region"].widget = LookupWidget(self._resolve_region)
        self.fields["municipality"].widget = LookupWidget(self._resolve_municipality)
        self.regions: dict[str, Region] = {}  # normalised name → region
        self.municipalities: dict[tuple[str, str], Municipality] = {}  # (region, name) → …
        self.existing: dict[tuple[int, str], School] = {}  # (region id, code) → school
        self.municipality_before: dict[int, int] = {}  # school id → its municipality before the file
        self.denied_regions: set[str] = set()
        self.denied_municipalities: set[tuple[str, str]] = set()
        self.duplicate_of: dict[int, int] = {}
        self.municipality_codes: dict[str, set[str]] = defaultdict(set)  # region → codes

    # --- prefetch -------------------------------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.regions = {normalise_title(r.name): r for r in Region.objects.all()}
        region_key_by_id = {r.pk: key for key, r in self.regions.items()}
        wanted_ids = {self.regions[k].pk for k in {normalise_title(r.get("region")) for r in rows} if k in self.regions}
        for m in Municipality.objects.filter(region_id__in=wanted_ids):
            region_key = region_key_by_id[m.region_id]
            m.region = self.regions[region_key]
            self.municipalities[(region_key, normalise_title(m.name))] = m
            self.municipality_codes[region_key].add(m.code)
        if self.create_missing:
            self._plan_missing(rows)
        self._load_existing(rows)
        first: dict[tuple[str, str], int] = {}
        for number, row in enumerate(rows, start=1):
            key = (normalise_title(row.get("region")), _text(row.get("code")))
            if key[1]:
                self.duplicate_of[number] = first.setdefault(key, number)
        self.duplicate_of = {n: f for n, f in self.duplicate_of.items() if n != f}

    def _plan_missing(self, rows: list[dict[str, Any]]) -> None:
        region_codes = {r.code for r in self.regions.values()}  # all regions are loaded
        new_regions: list[Region] = []
        new_municipalities: list[Municipality] = []
        for row in rows:
            region_key = normalise_title(row.get("region"))
            if region_key and region_key not in self.regions and region_key not in self.denied_regions:
                region = Region(code=_free_code(region_codes, "new"), name=collapse_spaces(row["region"]))
                # Only the superuser governs a region that does not exist yet (access.py).
                if self.allowed("schools.view_municipality", Municipality(region=region)):
                    self.regions[region_key] = region
                    new_regions.append(region)
                else:
                    self.denied_regions.add(region_key)
            key = (region_key, normalise_title(row.get("municipality")))
            if (
                region_key not in self.regions
                or not key[1]
                or key in self.municipalities
                or key in self.denied_municipalities
            ):
                continue
            region = self.regions[region_key]
            municipality = Municipality(
                region=region,
                name=collapse_spaces(row["municipality"]),
                code=_free_code(self.municipality_codes[region_key], "new-"),
            )
            if self.allowed("schools.view_municipality", municipality):
                self.municipalities[key] = municipality
                new_municipalities.append(municipality)
            else:
                self.denied_municipalities.add(key)
        self.to_create = {
            "regions": [r.name for r in new_regions],
            "municipalities": [f"{m.name} ({m.region.name})" for m in new_municipalities],
        }
        if not self.dry_run and new_regions:
            Region.objects.bulk_create(new_regions)  # regions keep no history
        if not self.dry_run and new_municipalities:
            bulk_create_with_history(
                new_municipalities,
                Municipality,
                default_user=self.user,
                default_change_reason=self.change_reason,
            )

    def _load_existing(self, rows: list[dict[str, Any]]) -> None:
        region_ids = {r.pk for r in self.regions.values() if r.pk is not None}
        codes = {_text(row.get("code")) for row in rows} - {""}
        for chunk in chunked(sorted(codes)):
            for school in School.objects.filter(region_id__in=region_ids, code__in=chunk).with_ladder():
                self.existing[(school.region_id, school.code)] = school
                self.municipality_before[school.pk] = school.municipality_id

    # --- per row, from the dictionaries ---------------------------------------------------

    def _resolve_region(self, value: Any, row: dict[str, Any]) -> Region:
        key = normalise_title(value)
        if not key:
            raise ValueError(_("не заполнено: укажите регион"))
        if key in self.denied_regions:
            raise ValueError(_("нет прав на создание региона: его может создать только администратор портала"))
        if key not in self.regions:
            raise ValueError(
                _(
                    "регион не найден в портале; чтобы создать его, подтвердите "
                    "создание недостающих регионов и муниципалитетов "
                    "(в командной строке: --create-missing)"
                )
            )
        return self.regions[key]

    def _resolve_municipality(self, value: Any, row: dict[str, Any]) -> Municipality | None:
        region_key = normalise_title(row.get("region"))
        region = self.regions.get(region_key)
        if region is None:
            return None  # the region's own error explains the row
        key = (region_key, normalise_title(value))
        if not key[1]:
            raise ValueError(_("не заполнено: укажите муниципалитет"))
        if key in self.denied_municipalities:
            raise ValueError(_("нет прав на создание муниципалитета в регионе «%(region)s»") % {"region": region.name})
        if key not in self.municipalities:
            raise ValueError(
                _(
                    "муниципалитет не найден в регионе «%(region)s»; чтобы создать "
                    "его, подтвердите создание недостающих регионов и "
                    "муниципалитетов (в командной строке: --create-missing)"
                )
                % {"region": region.name}
            )
        return self.municipalities[key]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # Schools the file moves to another municipality: what follows them (extensions.SCHOOLS_MOVED)
        # is told inside the import's transaction, so a refused file moves nothing.
        moved = [s.pk for s in self.update_instances if self.municipality_before.get(s.pk) != s.municipality_id]
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        failed = result is not None and (result.has_errors() or result.has_validation_errors())
        if moved and not self.dry_run and not failed:
            extensions.schools_moved(moved)

    def find_existing(self, row: dict[str, Any]) -> School | None:
        region = self.regions.get(normalise_title(row.get("region")))
        if region is None or region.pk is None:
            return None
        return self.existing.get((region.pk, _text(row.get("code"))))

    def existing_denied(self, instance: School) -> dict[str, str]:
        if self.allowed("schools.manage_school", instance):
            return {}
        return {
            "code": _("нет прав на школу «%(school)s» (%(municipality)s)")
            % {"school": instance.short_name, "municipality": instance.municipality.name}
        }

    def row_checks(self, instance: School, row: dict[str, Any], new: bool, row_number: int) -> dict[str, str]:
        errors: dict[str, str] = {}
        if row_number in self.duplicate_of:
            errors["code"] = _("код ОО повторяется в файле: этот регион и код уже есть в строке %(row)s") % {
                "row": self.excel_row(self.duplicate_of[row_number])
            }
        municipality = getattr(instance, "municipality", None)
        if (
            municipality is not None
            and municipality.pk is not None
            and not self.allowed("schools.view_municipality", municipality)
        ):
            errors["municipality"] = _("нет прав на муниципалитет «%(name)s»") % {"name": municipality.name}
        return errors
