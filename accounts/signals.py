"""On every sign-in (password, code or single sign-on): record the session for «Выйти на всех
устройствах», and note in the session whether it still owes a second factor, so the middleware
decides on every request from the session alone, without a query."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import session_keys
from .access import second_factor_required
from .selectors import has_second_factor
from .services.sessions import session_record


@receiver(user_logged_in, dispatch_uid="accounts.signals.logged_in")
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    if has_second_factor(user):
        session[session_keys.SECOND_FACTOR] = session_keys.VERIFY
    elif second_factor_required(user):
        session[session_keys.SECOND_FACTOR] = session_keys.ENROL
    else:
        session.pop(session_keys.SECOND_FACTOR, None)
    session[session_keys.LAST_SEEN] = int(time.time())
    if session.session_key is None:
        session.save()
    session_record(user=user, session_key=session.session_key, user_agent=request.META.get("HTTP_USER_AGENT", ""))
