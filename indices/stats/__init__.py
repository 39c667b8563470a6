"""Pure numerical core of the indices (docs/indices.md): arrays in, arrays out.

No Django, no ORM, no Python loops over schools — every step is a vectorised numpy operation, so
a region of 40,000 schools is computed in a fraction of a second. The Django layer (``indices``
app) collects the arrays, calls :func:`compute` and stores the :class:`IndexRun`.

Modules:

* ``quality`` — step 1 (quality index) and step 3 (significance);
* ``grouping`` — steps 2 and 5: C-scale (default), quantile, optimal 1-D k-means, z cut-offs;
* ``regression`` — step 4: ИСБШ as the fitted value of OLS/WLS on the social factors;
* ``categories`` — steps 6–8: low results, unfavourable conditions, category, stability;
* ``methodology`` — defaults and validation of the methodology JSON;
* ``fingerprint`` — the sha256 fingerprint stored with a run;
* ``compute`` — the orchestrator;
* ``risk`` — the risk-of-low-results rule over assessment results;
* ``aggregate`` — results as data: weighted means, mark distributions, differences, trends.
"""

from __future__ import annotations

from .categories import (
    CATEGORIES,
    LOW_ON_BOTH,
    NO_DATA,
    NOT_COPING,
    RESILIENT,
    STABLE,
    categories,
    low_results,
    stably_low,
    unfavourable,
)
from .compute import EXPORT_COLUMNS, WELLBEING_REASON_NO_FACTORS, IndexRun, compute
from .errors import IndicesError, MethodologyError, RiskRuleError, SingularFactors, TooFewSchools
from .fingerprint import fingerprint
from .grouping import (
    EDGE_TOL,
    METHODS,
    Grouping,
    c_scale_band,
    c_scale_cutoffs,
    c_scale_groups,
    cutoff_groups,
    group,
    kmeans_groups,
    kmeans_sse,
    quantile_groups,
)
from .methodology import DEFAULT_METHODOLOGY, normalize_methodology
from .quality import (
    REASON_NO_RESULTS,
    REASON_NO_SUBJECT_MEAN,
    REASON_OK,
    REASON_TOO_FEW,
    QualityResult,
    critical_z,
    quality_index,
)
from .regression import INTERCEPT_NAME, Regression, wellbeing_regression
from .risk import RiskParameters, RiskResult, risk_groups

__all__ = [
    "CATEGORIES",
    "DEFAULT_METHODOLOGY",
    "EDGE_TOL",
    "EXPORT_COLUMNS",
    "INTERCEPT_NAME",
    "LOW_ON_BOTH",
    "METHODS",
    "NOT_COPING",
    "NO_DATA",
    "REASON_NO_RESULTS",
    "REASON_NO_SUBJECT_MEAN",
    "REASON_OK",
    "REASON_TOO_FEW",
    "RESILIENT",
    "STABLE",
    "WELLBEING_REASON_NO_FACTORS",
    "Grouping",
    "IndexRun",
    "IndicesError",
    "MethodologyError",
    "QualityResult",
    "Regression",
    "RiskParameters",
    "RiskResult",
    "RiskRuleError",
    "SingularFactors",
    "TooFewSchools",
    "c_scale_band",
    "c_scale_cutoffs",
    "c_scale_groups",
    "categories",
    "compute",
    "critical_z",
    "cutoff_groups",
    "fingerprint",
    "group",
    "kmeans_groups",
    "kmeans_sse",
    "low_results",
    "normalize_methodology",
    "quality_index",
    "quantile_groups",
    "risk_groups",
    "stably_low",
    "unfavourable",
    "wellbeing_regression",
]
