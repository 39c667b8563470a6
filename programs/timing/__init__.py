"""Measure timing ("Сроки"): parse the seed-style free text into a `Schedule` and derive the
due dates of its occurrences within a program period.

Pure Python (stdlib only, no Django): the models store `Schedule.to_dict()` in a JSONField
next to the original text, and call `occurrences` to create the measure's occurrences.

    >>> from datetime import date
    >>> s = parse_timing("Сентябрь, ежегодно", period_start=date(2018, 1, 1),
    ...                  period_end=date(2020, 12, 31))
    >>> s.describe()
    'ежегодно в сентябре'
    >>> occurrences(s, period_start=date(2018, 1, 1), period_end=date(2020, 12, 31))
    [datetime.date(2018, 9, 30), datetime.date(2019, 9, 30), datetime.date(2020, 9, 30)]
"""

from .model import Kind, Schedule
from .occur import occurrences, report_due, schedule_notes, validate_within_period
from .parse import parse_timing

__all__ = [
    "Kind",
    "Schedule",
    "occurrences",
    "parse_timing",
    "report_due",
    "schedule_notes",
    "validate_within_period",
]
