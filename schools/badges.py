"""Status badges: every status on every page is one coloured label with its words
(docs/decisions.md, 22: done green, in progress amber, overdue red, no data grey).

A set of statuses — a model's ``Status`` choices or a selector's ``StrEnum`` with a ``label`` —
names the tone of each of its values in one place, its ``tones`` attribute::

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        DONE = "done", _("выполнено")

        tones = badge_tones(draft=NEUTRAL, done=DONE)

and pages render any of them with ``{% status_badge value choices %}`` (``schools/templatetags/
portal.py``; ``choices`` may be left out when ``value`` is a member already), which draws
``templates/includes/badge.html``: the label from the choices, the colour and icon from the tone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, nonmember
from typing import Any


@dataclass(frozen=True)
class Tone:
    colour: str  # Bootstrap's contextual colour: the badge is ``text-bg-<colour>``
    icon: str = ""  # a Bootstrap icon name without «bi-», shown before the words


DONE = Tone("success", "check-circle")
IN_PROGRESS = Tone("warning", "hourglass-split")
WAITING = Tone("info", "hourglass-split")  # waits for someone else (a review)
OVERDUE = Tone("danger", "exclamation-triangle")
RETURNED = Tone("danger", "arrow-return-left")  # sent back for correction
FAILED = Tone("danger", "x-circle")  # not met, refused, ended before its time
EDITING = Tone("warning", "pencil")  # being filled in
MISSED = Tone("dark")  # history: a date that passed in a program that no longer runs
NEUTRAL = Tone("secondary")  # not started, no data, a draft nobody has sent yet


def badge_tones(**tones: Tone) -> Any:
    """The ``tones`` attribute of a set of statuses: value → tone (kept out of the members)."""
    return nonmember(tones)


def badge(value: Any, choices: type[Enum] | None = None) -> dict[str, Any]:
    """What ``includes/badge.html`` needs for ``value``: its code, label and tone."""
    if choices is None and isinstance(value, Enum):
        choices = type(value)
    try:
        member = choices(value) if choices is not None else None
    except ValueError:
        member = None
    if member is None:  # not one of the set's values: its words, in grey
        return {"value": value, "label": value, "tone": NEUTRAL}
    tones = getattr(choices, "tones", {})
    return {"value": member.value, "label": member.label, "tone": tones.get(member.value, NEUTRAL)}
