class RiskRuleError(Exception):
    """A request the risk rules refuse; ``str(exc)`` is the Russian message for the user."""
