"""Assessment results analysis (docs/indices.md, «Риск низких результатов»): results as data per
school, municipality and region, the risk-of-low-results rule over them, its exports and demo.

* ``selectors`` — the effective share below the minimum threshold (the one definition), results
  beside the municipality and the region, the risk group of a year, entering and leaving it;
* ``services`` — saving a new version of the risk rule;
* ``exports`` — ``results_export risk|assessments`` (CSV, XLSX);
* ``demo`` — three years of ОГЭ, ЕГЭ, ВПР and МДР for the demo schools.

The numbers are computed by ``indices.stats.risk`` and ``indices.stats.aggregate``.
"""
