"""Reports built by Celery: the generic machinery.

A report *kind* (``registry.ReportKind``) is data: who may order it, how its object is loaded,
a generator that decides which rows and sections it has (a ``document.Document``) and, per
format, a formatter that decides how they look (``xlsx``, ``pdf``, ``docx``). The apps above
register their kinds from their own ``reports`` module (programs: ``program``, ``monitoring``,
``school``; indices: ``identification``), so this package never imports them.

``services`` orders, builds, retries and cleans up ``ReportJob`` rows; ``tasks`` are the thin
Celery wrappers; ``views``/``urls`` are «Мои отчёты» (app_name "reports").
"""

# The job permissions (rules) and the Celery tasks, which Celery's autodiscovery would not find
# outside monitoring/tasks.py, are registered whenever the package is imported: by
# MonitoringConfig.ready(), and by the apps that register their kinds.
from . import access, tasks  # noqa: E402, F401
