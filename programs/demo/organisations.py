"""Which registry organisation a seed's «Ответственные» cell names — exactly, never by substring.

Substring matching once made «ОУ» (the schools) into «…Техникум имени С.П. Королева» and «ОО» into
Dubna's authority. A name resolves only when it equals an organisation's short or full name (case,
spaces, quotes and ё aside) or is one of the seeds' own abbreviations listed here; anything else
stays as the seed's text only (it is always kept in `responsible_text`)."""

from __future__ import annotations

import re

from schools.models import Organisation

# As a seed abbreviates → the registry's short name.
ALIASES = {
    # Korolyov writes the methodological centre three ways, and the city's accounting centre two.
    "МБУ ДПО «УМОЦ»": "МБУДПО «УМОЦ»",
    "МБОУ ДПО «УМОЦ»": "МБУДПО «УМОЦ»",
    "МБУ ЦБГКО": "МБУ «ЦБ КО»",
    "МБУ ЦБ ГКО": "МБУ «ЦБ КО»",
    # Dagestanskiye Ogni: its authority in full and as «УО», the sports school by its full name.
    "Управление образования администрации городского округа «город Дагестанские Огни»": "Управление образования",
    "УО": "Управление образования",
    "МБУ ДО «Детско-юношеская спортивная школа № 2»": "МБУ ДО «ДЮСШ № 2»",
}


def _norm(text: str) -> str:
    return re.sub(r"[\s«»\"]+", "", text).casefold().replace("ё", "е")


def resolve_organisations(names: list[str], organisations: list[Organisation]) -> list[Organisation]:
    """The organisations ``names`` denote, in order, each once. ``organisations``: the candidates,
    the municipality's own first (a name shared with another municipality of the region means the
    program's own body)."""
    by_name: dict[str, Organisation] = {}
    for org in reversed(organisations):  # the first candidate wins a shared name
        by_name[_norm(org.short_name)] = org
        by_name[_norm(org.name)] = org
    found: list[Organisation] = []
    for name in names:
        org = by_name.get(_norm(ALIASES.get(name.strip(), name)))
        if org is not None and org not in found:
            found.append(org)
    return found
