from .audits import Audit, AuditAnswer, AuditItem, AuditTemplate
from .collections import Collection, Submission, SubmissionEvent, SubmissionValue
from .indicators import Indicator, IndicatorValue, Period, Target
from .target_sets import TargetSet

__all__ = [
    "Audit",
    "AuditAnswer",
    "AuditItem",
    "AuditTemplate",
    "Collection",
    "Indicator",
    "IndicatorValue",
    "Period",
    "Submission",
    "SubmissionEvent",
    "SubmissionValue",
    "Target",
    "TargetSet",
]
