from .sessions import SessionRecord
from .sso import ClaimMapping, ExternalIdentity, MappingGrant

__all__ = ["ClaimMapping", "ExternalIdentity", "MappingGrant", "SessionRecord"]
