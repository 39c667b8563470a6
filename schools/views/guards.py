"""The view side of the access layer: every view states its permission through these decorators.

The decision itself is always schools/access.py's (rules permissions); this only turns its
answer into the right response: the login page for an anonymous visitor, 403 for a signed-in
user without the right, so nobody is bounced to a login they already have."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from rules.contrib.views import permission_required


def perm_required(perm: str, fn=None):
    def decorator(view):
        checked = permission_required(perm, fn=fn, raise_exception=True)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return checked(request, *args, **kwargs)

        return wrapped

    return decorator
