from __future__ import annotations

import datetime
import functools

from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from monitoring.models import Indicator, IndicatorValue, Period, Target
from monitoring.services.indicators import EDITABLE_FIELDS

from .programs import ID_BOUNDS, VERSION_MAX


class IndicatorOut(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", *EDITABLE_FIELDS]


class PeriodOut(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", help_text="Как период пишется по-русски.")

    class Meta:
        model = Period
        fields = ["id", "kind", "year", "quarter", "start", "end", "label"]


class IndicatorRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()


class PeriodRef(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    label = serializers.CharField(source="__str__")


class ValueOut(serializers.ModelSerializer):
    indicator = IndicatorRef()
    period = PeriodRef()

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "period", "school", "municipality", "value", "source", "version", "updated_at"]

    def to_representation(self, instance: IndicatorValue) -> dict:
        # Pages of 1,000 values: written out rather than DRF's generic walk, several times faster
        # (tests/api/test_fast_serializers.py holds the two equal). Decimals and datetimes go
        # through the declared fields, so their formats (string, local time) stay DRF's.
        v, indicator, period = instance, instance.indicator, instance.period
        fields = self.fields
        return {
            "id": v.id,
            "indicator": {"id": indicator.id, "code": indicator.code},
            "period": self._period(period),
            "school": v.school_id,
            "municipality": v.municipality_id,
            "value": fields["value"].to_representation(v.value),
            "source": v.source,
            "version": v.version,
            "updated_at": fields["updated_at"].to_representation(v.updated_at),
        }

    #: The columns of a row read with values_list() (config/api/rows.py), the row's id first;
    #: indicators and periods are read by id per page (``rows_out``).
    ROW_COLUMNS = ("id", "indicator_id", "period_id", "school_id", "municipality_id", "value", "source", "version",
                   "updated_at")  # fmt: skip

    def rows_out(self, rows: list[tuple], *, codes: dict[int, str], periods: dict[int, Period]) -> list[dict]:
        """``to_representation`` of values_list() rows of ROW_COLUMNS: the same dictionaries.
        ``codes`` and ``periods`` are the page's indicators' codes and periods by id. Values and
        times are written once per distinct value (a page repeats both), through the declared
        fields, so their formats stay DRF's."""
        value_field, time_field = _value_fields()
        value_text = _Once(_value_writer(value_field))
        time_text = _Once(_datetime_writer(time_field))
        period_out = {pk: self._period(period) for pk, period in periods.items()}
        return [
            {
                "id": id_,
                "indicator": {"id": indicator_id, "code": codes[indicator_id]},
                "period": period_out[period_id],
                "school": school_id,
                "municipality": municipality_id,
                "value": value_text(value),
                "source": source,
                "version": version,
                "updated_at": time_text(updated_at),
            }
            for id_, indicator_id, period_id, school_id, municipality_id, value, source, version, updated_at in rows
        ]

    def _period(self, period: Period) -> dict:
        # A page holds a handful of periods: each is written out once (rows_out shares it among
        # its rows, which go straight to the renderer; to_representation hands out copies).
        cache = self.__dict__.setdefault("_periods", {})
        if period.id not in cache:
            cache[period.id] = {
                "id": period.id,
                "kind": period.kind,
                "year": period.year,
                "quarter": period.quarter,
                "label": str(period),
            }
        return dict(cache[period.id])


class TargetOut(serializers.ModelSerializer):
    # The program whose target set holds the target (annotated by the view: TargetViewSet);
    # null only for a set no program owns (kept by the migration that brought target sets).
    program = serializers.IntegerField(source="program_id", allow_null=True, read_only=True)
    indicator = IndicatorRef()

    class Meta:
        model = Target
        fields = [
            "id",
            "program",
            "indicator",
            "school",
            "municipality",
            "baseline_value",
            "baseline_year",
            "planned",
            "version",
        ]


class ValueIn(serializers.Serializer):
    """One value of a school (school-level indicators) or a municipality, for one period. Checked
    as everywhere in the portal (monitoring.services.values.value_set): the indicator's range,
    whole numbers for counts, numerator ≤ denominator, entered (not computed) indicators only."""

    indicator = serializers.SlugField(max_length=64, help_text="Код показателя, например «teachers».")
    period = serializers.CharField(
        max_length=60, help_text="Период: «2024», «2023/2024» (учебный год) или «1 квартал 2024»."
    )
    school = serializers.IntegerField(required=False, allow_null=True, **ID_BOUNDS, help_text="Школа (id).")
    municipality = serializers.IntegerField(
        required=False,
        allow_null=True,
        **ID_BOUNDS,
        help_text="Муниципалитет (id) — для показателей не школьного уровня.",
    )
    value = serializers.CharField(max_length=40, help_text="Число; дробная часть — через точку или запятую.")
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=VERSION_MAX,
        help_text="Версия, на которой основано изменение: 0 — значения ещё не было; при расхождении — 409.",
    )

    def validate(self, attrs):
        if (attrs.get("school") is None) == (attrs.get("municipality") is None):
            raise serializers.ValidationError({"school": "Укажите либо школу, либо муниципалитет."})
        return attrs


class ValueUpdateIn(serializers.Serializer):
    value = serializers.CharField(max_length=40, help_text="Число; дробная часть — через точку или запятую.")
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=VERSION_MAX,
        help_text="Версия, на которой основано изменение.",
    )


@functools.cache
def _value_fields() -> tuple[serializers.Field, serializers.Field]:
    # The declared value and time fields, built once per process: a ModelSerializer builds all its
    # fields from the model on first use, a fifth of a millisecond per page; writing a value needs
    # nothing of the instance (settings are read at start-up).
    fields = ValueOut().fields
    return fields["value"], fields["updated_at"]


def _value_writer(field: serializers.DecimalField):
    """The value as the field writes it; a text is already that (read so from PostgreSQL:
    ValueViewSet.rows_of)."""

    def write(value):
        return value if isinstance(value, str) else field.to_representation(value)

    return write


class _Once(dict):
    """A function's answers kept per argument: ``once(x)`` computes ``write(x)`` the first time."""

    def __init__(self, write):
        super().__init__()
        self.write = write

    def __call__(self, value):
        try:
            return self[value]
        except KeyError:
            text = self[value] = self.write(value)
            return text
        except TypeError:  # unhashable (a signalling NaN): written each time
            return self.write(value)


def _datetime_writer(field: serializers.DateTimeField):
    """DateTimeField.to_representation for aware datetimes in ISO 8601 — its own steps (to the
    field's time zone, isoformat, «Z» for UTC) without the per-call lookups; anything else (None,
    naive, another format) goes to the field itself."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None or output_format is None or output_format.lower() != ISO_8601:
        return field.to_representation

    def write(value):
        if not isinstance(value, datetime.datetime) or value.tzinfo is None or value.utcoffset() is None:
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return write
