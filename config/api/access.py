"""Who may issue, see and revoke API tokens — built from schools/access.py's scope and
predicates (the ladder is read there). Imported by the token views and the API views, so the
permissions are registered before anything asks for them.

Committee staff manage the tokens of their area: a municipality's staff those scoped to their
municipality or its schools, a region's staff the whole region's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import Q, QuerySet

from schools.access import governs_municipality, is_committee_staff, is_superuser, scope_of
from schools.models import ApiToken

if TYPE_CHECKING:
    from schools.access import AnyUser

# obj: a token, a municipality or a school (the area a new token would get).
rules.add_perm("schools.manage_api_token", is_superuser | governs_municipality)
# The token pages themselves.
rules.add_perm("schools.view_api_tokens", is_superuser | is_committee_staff)


def visible_api_tokens(user: AnyUser, qs: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """Tokens whose area the user governs: the list counterpart of ``schools.manage_api_token``."""
    qs = ApiToken.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    return qs.filter(
        Q(municipality__region_id__in=scope.region_ids)
        | Q(municipality_id__in=scope.municipality_ids)
        | Q(school__region_id__in=scope.region_ids)
        | Q(school__municipality_id__in=scope.municipality_ids)
    )
