"""The keys this app keeps in a session (one place, so the views and middleware agree)."""

#: What the session still owes before the portal opens: "verify" (a code from the app or a recovery
#: code) or "enrol" (set up the app: the policy requires it and the person has none). Absent: nothing.
SECOND_FACTOR = "portal_second_factor"
VERIFY = "verify"
ENROL = "enrol"
#: A password that was right, waiting for its code: {"user": pk, "backend": path, "at": epoch, "next": url}.
PENDING = "portal_second_factor_pending"
#: Epoch seconds of the last request, for the idle timeout.
LAST_SEEN = "portal_last_seen"
