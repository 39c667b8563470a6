from .events import EventAttendance, EventMaterial, MethodEvent
from .funding import FundingLine, FundingPublication, Source
from .plans import MentorPair, PlannedTraining, TeacherPlan
from .training import StaffCount, Training

__all__ = [
    "EventAttendance",
    "EventMaterial",
    "FundingLine",
    "FundingPublication",
    "MentorPair",
    "MethodEvent",
    "PlannedTraining",
    "Source",
    "StaffCount",
    "TeacherPlan",
    "Training",
]
