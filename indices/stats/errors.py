"""Exceptions of the numerical core.

Every exception carries a Russian message meant to be shown to the user as is (the Django layer
puts it on the run page), plus machine-readable attributes for code that wants to react.
All derive from ``ValueError`` so that a generic ``except ValueError`` still catches bad input.
"""

from __future__ import annotations

from collections.abc import Sequence


class IndicesError(ValueError):
    """Base class: the input cannot produce a well-defined result."""


class MethodologyError(IndicesError):
    """The methodology (JSON) is malformed or inconsistent with the input arrays."""


class TooFewSchools(IndicesError):
    """The regression has fewer schools than coefficients + 1 (no residual degree of freedom)."""

    def __init__(self, n: int, required: int, k: int) -> None:
        self.n = n
        self.required = required
        self.k = k
        super().__init__(
            f"Слишком мало школ для расчёта ИСБШ: регрессия по {k} фактор(ам) требует не меньше "
            f"{required} школ, у которых есть индекс качества и все факторы, а таких школ {n}. "
            "Расширьте совокупность (например, регион вместо муниципалитета) или уменьшите число "
            "факторов в методике."
        )


class SingularFactors(IndicesError):
    """The design matrix is rank deficient: a factor is constant or a linear combination of others.

    ``factors`` names the columns involved (``"свободный член"`` for the intercept).
    """

    def __init__(self, message: str, factors: Sequence[str]) -> None:
        self.factors = tuple(factors)
        super().__init__(message)


class RiskRuleError(IndicesError):
    """The parameters of the risk-of-low-results rule are nonsense. ``messages`` lists every
    problem (Russian), ``fields`` names the parameter of each."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.fields = tuple(field for field, _ in problems)
        self.messages = tuple(message for _, message in problems)
        super().__init__(" ".join(self.messages))
