from .events import EventAttendance, EventMaterial, MethodEvent
from .funding import FundingLine, FundingPublication, Source
from .training import StaffCount, Training

__all__ = [
    "EventAttendance",
    "EventMaterial",
    "FundingLine",
    "FundingPublication",
    "MethodEvent",
    "Source",
    "StaffCount",
    "Training",
]
