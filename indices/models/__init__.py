from .results import AssessmentResult, Procedure, ScoreScale, Subject
from .runs import ImportedGroups, Methodology, PilotSite, Run, SchoolResult

__all__ = [
    "AssessmentResult",
    "ImportedGroups",
    "Methodology",
    "PilotSite",
    "Procedure",
    "Run",
    "SchoolResult",
    "ScoreScale",
    "Subject",
]
