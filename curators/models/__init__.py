from .curation import CuratorAssignment, PlanItem, Visit, VisitFile

__all__ = ["CuratorAssignment", "PlanItem", "Visit", "VisitFile"]
