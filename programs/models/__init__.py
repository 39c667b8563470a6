from .measures import Measure, MeasureAssignment, Occurrence, measure_sort_key
from .program import (
    ExpectedResult,
    Goal,
    LegalBasis,
    Program,
    ProgramOrganisation,
    ProgramSchool,
    Risk,
    Section,
    Stage,
    Task,
)
from .progress import Evidence, ProgressReport, ProgressReview
from .versions import NewsItem, ProgramVersion

__all__ = [
    "Evidence",
    "ExpectedResult",
    "Goal",
    "LegalBasis",
    "Measure",
    "MeasureAssignment",
    "NewsItem",
    "Occurrence",
    "Program",
    "ProgramOrganisation",
    "ProgramSchool",
    "ProgramVersion",
    "ProgressReport",
    "ProgressReview",
    "Risk",
    "Section",
    "Stage",
    "Task",
    "measure_sort_key",
]
