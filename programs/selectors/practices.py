"""Reading the bank of best practices: the Russian search and the tag suggestions."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When

from programs.models import Practice, PracticeTag

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 10  # a pasted paragraph is not a search
ROOT_FROM = 7  # stems longer than this also match by their first ROOT_FROM letters («родительск» → «родител»)


def _words(query: str) -> list[str]:
    """The user's words, casefolded, without repeats, in order («ОГЭ» → «огэ»)."""
    seen: list[str] = []
    for word in _WORD.findall((query or "").casefold().replace("ё", "е")):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def _root(stem: str) -> str:
    """The part of a stem that related words share: «родительск» (родительский) → «родител»
    (родители, родителями), so an adjective finds the noun. Short stems stay as they are."""
    return stem[: max(ROOT_FROM, len(stem) - 3)] if len(stem) > ROOT_FROM else stem


def _pg_stems(words: list[str]) -> list[str]:
    """Each word's Russian stem as the index stores it (one query); stop words («с», «и», «к»)
    have none and are dropped — they would match everything or nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, to_tsvector('russian', w)::text FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) ORDER BY n",
            [words],
        )
        rows = cursor.fetchall()
    stems: list[str] = []
    for _word, vector in rows:
        for stem in re.findall(r"'([^']+)'", vector or ""):
            if stem not in stems:
                stems.append(stem)
    return stems


def _pg_search(qs: QuerySet[Practice], words: list[str]) -> QuerySet[Practice]:
    """Any word may match (OR), by its stem or as a prefix («огэ», «родит» → «родители»);
    practices matching more of the words come first, then by rank (title above the body,
    exact stems above prefixes), then the newest."""
    stems = _pg_stems(words)
    if not stems:
        return qs.none()

    def raw(text: str) -> SearchQuery:
        # The stems are already the index's lexemes: "simple" only parses the operators.
        return SearchQuery(text, config="simple", search_type="raw")

    per_word = [" | ".join(dict.fromkeys([f"'{stem}':*", f"'{_root(stem)}':*"])) for stem in stems]
    anything = raw(" | ".join(f"({text})" for text in per_word))
    exact = raw(" | ".join(f"'{stem}'" for stem in stems))
    matched = sum(
        (
            Case(When(search_document=raw(text), then=Value(1)), default=Value(0), output_field=IntegerField())
            for text in per_word
        ),
        start=Value(0, output_field=IntegerField()),
    )
    return (
        qs.filter(search_document=anything)
        .annotate(
            matched=matched,
            # F(): the stored vector with its weights; a field name would be re-parsed as text.
            rank=SearchRank(F("search_document"), exact) * 2 + SearchRank(F("search_document"), anything),
        )
        .order_by("-matched", "-rank", "-published_at", "-pk")
    )


def _fallback_root(word: str) -> str:
    """Without a stemmer (SQLite, tag names): the start that a word's forms share, roughly —
    «родительский» → «родител», «семьи» → «семь», «работа» → «рабо»; «ОГЭ» stays «огэ»."""
    return word[: max(4, len(word) - 5)] if len(word) > 4 else word


def _starts_word(root: str, text: str) -> bool:
    return re.search(r"\b" + re.escape(root), text) is not None


def _fallback_search(qs: QuerySet[Practice], words: list[str]) -> QuerySet[Practice]:
    """SQLite (the demo without PostgreSQL): its LIKE ignores case only for Latin letters, so the
    texts are compared in Python, casefolded — the same OR semantics and order as PostgreSQL."""
    roots = [_fallback_root(w) for w in words if len(w) > 1]
    if not roots:
        return qs.none()
    scored = []
    for pk, title, *body in qs.values_list("pk", "title", "problem", "actions", "results", "authors"):
        title_text = title.casefold().replace("ё", "е")
        body_text = " ".join(body).casefold().replace("ё", "е")
        in_title = sum(_starts_word(root, title_text) for root in roots)
        matched = sum(_starts_word(root, title_text) or _starts_word(root, body_text) for root in roots)
        if matched:
            scored.append((-matched, -in_title, pk))
    scored.sort()
    order = [pk for *_score, pk in scored]
    if not order:
        return qs.none()
    position = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(order)), output_field=IntegerField())
    return qs.filter(pk__in=order).annotate(position=position).order_by("position")


def practice_search(qs: QuerySet[Practice], query: str) -> QuerySet[Practice]:
    """Russian search of the practice bank. Any of the words may match — abbreviations («ОГЭ»),
    other forms («родителями» finds «родители», «родительский» finds «родители») and the start
    of a word («настав») — and practices matching more of the words come first, title matches
    above body matches. On PostgreSQL by the stored ``russian`` tsvector; elsewhere (SQLite) by
    word roots in Python. An empty query changes nothing."""
    words = _words(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        return _pg_search(qs, words)
    return _fallback_search(qs, words)


def practice_tag_suggestions(*, query: str = "", limit: int = 8) -> list[PracticeTag]:
    """Tags to offer when a search finds nothing: those of published practices, the ones whose
    name shares a word root with the query first, then the most used."""
    tags: list[PracticeTag] = list(
        PracticeTag.objects.filter(practices__status=Practice.Status.PUBLISHED)
        .annotate(uses=Count("practices"))
        .order_by("-uses", "kind", "order", "name")
    )
    roots = [_fallback_root(w) for w in _words(query) if len(w) > 2]

    def related(tag: PracticeTag) -> bool:
        name = tag.name.casefold().replace("ё", "е")
        return any(_starts_word(root, name) for root in roots)

    tags.sort(key=lambda t: not related(t))  # stable: keeps the use order within each group
    return tags[:limit]
