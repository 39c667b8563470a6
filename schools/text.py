"""The one normaliser of text that comes in (forms, imports, API), and the length limits of free
text. Pure Python: the import normalisation (schools/imports/normalise.py) uses it too.

Invisible characters that change how text is shown are removed: bidirectional controls (U+202E
makes «Иванов» print as «вонавИ» in the school report PDF), zero-width spaces and joiners, the
byte order mark, the word joiner and the soft hyphen. Nothing a person means to type is among
them, so they are stripped rather than refused (a name pasted from a web page keeps working)."""

from __future__ import annotations

import re

INVISIBLE = re.compile(
    "["
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\u061c"  # Arabic letter mark
    "\ufeff"  # byte order mark, zero-width no-break space
    "\u00ad"  # soft hyphen
    "\ufff9-\ufffb"  # interlinear annotation
    "]"
)

# Free-text limits (characters). A title or one item of a list; a comment or a reason; a
# narrative, an analysis or a section of a program document.
SHORT = 5_000
MEDIUM = 20_000
LONG = 100_000


def strip_invisible(value: str) -> str:
    """``value`` without bidi controls and zero-width characters (see the module docstring)."""
    return INVISIBLE.sub("", value)
