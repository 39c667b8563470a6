"""Reports and dashboards: the machinery every domain app plugs into, one layer above schools and
below monitoring, indices and programs (docs/architecture.md).

A report *kind* (``registry.ReportKind``) is data: who may order it, how its object is loaded,
a generator that decides which rows and sections it has (a ``document.Document``) and, per
format, a formatter that decides how they look (``xlsx``, ``pdf``, ``docx``). The apps above
register their kinds from their own ``reports`` module (programs: ``program``, ``monitoring``;
indices: ``identification``), so this package never imports them; the ``school`` kind is
assembled here from the sections the apps register (``school.py``).

``services`` orders, builds, retries and cleans up ``ReportJob`` rows; ``tasks`` are the thin
Celery wrappers; ``views``/``urls`` are «Мои отчёты» (app_name "reports"); ``dashboards`` are
the municipality, school and region dashboards assembled from the panels the apps register.
"""
