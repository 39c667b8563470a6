from .ladder import Municipality, Organisation, Region, School
from .people import MethodologistAssignment, Membership, Role, User

__all__ = [
    "MethodologistAssignment",
    "Membership",
    "Municipality",
    "Organisation",
    "Region",
    "Role",
    "School",
    "User",
]
