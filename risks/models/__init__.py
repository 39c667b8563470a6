from .catalogue import Catalogue, Factor
from .profiles import AntiRiskProgram, ProfileEvent, ProfileItem, RiskProfile

__all__ = ["AntiRiskProgram", "Catalogue", "Factor", "ProfileEvent", "ProfileItem", "RiskProfile"]
