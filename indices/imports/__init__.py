"""The import kinds of the indices app: assessment results («Результаты») and the groups a
regional institute published («Группы»).

They plug into the generic machinery of ``schools.imports`` (reader, report, preview/confirm,
``portal_import``) by registering themselves; ``IndicesConfig.ready()`` imports this package.
"""

from .kinds import GROUPS, RESULTS

__all__ = ["GROUPS", "RESULTS"]
