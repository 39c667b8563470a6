from .results import AssessmentResult, Procedure, ScoreScale, Subject
from .risk import RiskRule
from .runs import ImportedGroups, Methodology, PilotSite, Run, SchoolResult

__all__ = [
    "AssessmentResult",
    "ImportedGroups",
    "Methodology",
    "PilotSite",
    "Procedure",
    "RiskRule",
    "Run",
    "SchoolResult",
    "ScoreScale",
    "Subject",
]
