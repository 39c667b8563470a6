from .audits import Audit, AuditAnswer, AuditItem, AuditTemplate
from .collections import Collection, Submission, SubmissionEvent, SubmissionValue
from .indicators import Indicator, IndicatorValue, Period, Target
from .reports import ReportJob

__all__ = [
    "Audit",
    "AuditAnswer",
    "AuditItem",
    "AuditTemplate",
    "Collection",
    "Indicator",
    "IndicatorValue",
    "Period",
    "ReportJob",
    "Submission",
    "SubmissionEvent",
    "SubmissionValue",
    "Target",
]
