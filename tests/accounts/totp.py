"""An independent TOTP (RFC 6238) for the tests: the codes an authenticator app would show, computed
from the secret as the page prints it — not through django-otp."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time


def secret_from_page(html: str) -> bytes:
    text = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def code(secret: bytes, *, steps_ahead: int = 0, at: float | None = None) -> str:
    counter = int((at if at is not None else time.time()) // 30) + steps_ahead
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def test_reference_matches_rfc_6238_vector():
    # RFC 6238, appendix B: SHA-1, secret "12345678901234567890", T = 59 s → 94287082 (8 digits).
    digest = hmac.new(b"12345678901234567890", struct.pack(">Q", 59 // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    assert (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**8 == 94287082
    assert code(b"12345678901234567890", at=59) == "287082"
