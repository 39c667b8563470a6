from .access_log import AccessEvent
from .context import CONTEXT_FACTORS, FACTOR_KEYS, SchoolContext, SchoolProfile
from .imports import ImportBatch
from .ladder import Municipality, Organisation, Region, School
from .networks import JointAction, Tie, TieParty
from .people import Membership, MethodologistAssignment, Role, User
from .teams import ProjectTeam, TeamMember
from .tokens import ApiToken, hash_token

__all__ = [
    "AccessEvent",
    "ApiToken",
    "hash_token",
    "CONTEXT_FACTORS",
    "FACTOR_KEYS",
    "ImportBatch",
    "JointAction",
    "MethodologistAssignment",
    "Membership",
    "Municipality",
    "Organisation",
    "ProjectTeam",
    "Region",
    "Role",
    "School",
    "SchoolContext",
    "SchoolProfile",
    "TeamMember",
    "Tie",
    "TieParty",
    "User",
]
