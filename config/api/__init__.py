"""The REST API (`/api/v1/`) and what it shares: token authentication, the token's narrowed
scope, permissions, throttling, pagination, the CSV renderer and conditional GET.

The API decides nothing about access itself: every queryset comes from a ``visible_*`` function
and every object check is a ``rules`` permission of the access layer. A token only narrows the
scope those functions read (``schools.access.scope_narrow``)."""
