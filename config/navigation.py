"""Navigation by role, computed once per request for the base layout."""

from __future__ import annotations

import rules
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.access import primary_role
from schools.models import Role

from .review_queue import queue_count

SHORT_ROLE_LABELS = {
    Role.REGION_STAFF: "регион",
    Role.MUNICIPAL_STAFF: "орган управления образованием",
    Role.SCHOOL_TEAM: "школьная команда",
    Role.METHODOLOGIST: "методист",
    Role.API_CLIENT: "API",
    Role.EXECUTOR: "организация-исполнитель",
}


def navigation(request) -> dict:
    """Top-level items, and for committee staff a «Ещё» menu, so the bar fits 1280 px.

    ``nav_items`` are (label, url, badge): the badge is a count shown next to the label (None:
    no badge) — «Проверка отчётов» shows how many items wait for the user's decision."""
    user = request.user
    role = primary_role(user)
    items: list[tuple[str, str, int | None]] = []
    more: list[tuple[str, str]] = []
    review_count: int | None = None
    if role is not None:
        items.append((_("Главная"), reverse("home"), None))
        # Committee staff decide on reports and collections; a curator on their schools' reports.
        if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF) or (
            # rules' own registry: the same rule as the page, without Django's permission tables.
            role == Role.METHODOLOGIST and rules.has_perm("programs.view_review_queue", user)
        ):
            # An htmx fragment (a polled progress, a checked form) draws no navigation: no COUNTs
            # every two seconds. The queue's own fragments redraw the badge with their count.
            fragment = getattr(request, "htmx", False) and not request.htmx.boosted
            review_count = None if fragment else queue_count(request)
            items.append((_("Проверка отчётов"), reverse("review_queue"), review_count))
        if role in (Role.SCHOOL_TEAM, Role.EXECUTOR):
            items.append((_("Мои мероприятия"), reverse("programs:my"), None))
        if role == Role.SCHOOL_TEAM:
            items.append((_("Сбор данных"), reverse("monitoring:collection_list"), None))
        if role == Role.EXECUTOR:
            items.append((_("Программы"), reverse("programs:list"), None))
        if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
            items.append((_("Панель"), reverse("monitoring:dashboard"), None))
        if role == Role.METHODOLOGIST:
            items.append((_("Мои школы"), reverse("curators:my"), None))
            items.append((_("Экспертиза"), reverse("programs:review_inbox"), None))
        if role == Role.SCHOOL_TEAM:
            # The team's bar keeps its daily work; the rest goes under «Ещё» so it fits 1280 px.
            items.append((_("Программа школы"), reverse("programs:school_programs"), None))
            more += [
                (_("Программы"), reverse("programs:list")),
                (_("Школы"), reverse("schools:list")),
                (_("Банк лучших практик"), reverse("programs:practices")),
                (_("Опросы"), reverse("surveys:campaigns")),
            ]
        if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
            items.append((_("Программы"), reverse("programs:list"), None))
        if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF, Role.METHODOLOGIST):
            items.append((_("Школы"), reverse("schools:list"), None))
        if role == Role.METHODOLOGIST:
            # «Мои школы» (the curator's) took a place in the bar, which must fit 1280 px.
            more += [
                (_("Программы"), reverse("programs:list")),
                (_("Банк лучших практик"), reverse("programs:practices")),
            ]
        if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
            # «Сбор данных» and «Индексы» gave their places in the bar (it must fit 1280 px) to
            # «Проверка отчётов»: answers are decided there; collections are opened from the home page.
            more += [
                (_("Сбор данных"), reverse("monitoring:collection_list")),
                (_("Опросы и анкеты"), reverse("surveys:campaigns")),
                (_("Индексы"), reverse("indices:runs")),
                (_("Результаты оценочных процедур"), reverse("indices:results")),
                (_("Риск низких результатов"), reverse("indices:risk")),
                (_("Факторы риска школ"), reverse("risks:index")),
                (_("Каталог факторов риска"), reverse("risks:catalogue")),
                (_("Исполнение программ"), reverse("programs:my")),
                (_("Показатели"), reverse("monitoring:indicators")),
                (_("Максимальное и стабильное улучшение"), reverse("monitoring:improvement")),
                (_("Программы школ и экспертиза"), reverse("programs:school_programs")),
                (_("Банк лучших практик"), reverse("programs:practices")),
                (_("Нагрузка кураторов"), reverse("curators:load")),
                (_("Сетевое взаимодействие"), reverse("networks:network")),
                (_("Организации"), reverse("networks:organisation_list")),
                (_("Загрузка данных"), reverse("imports:index")),
                (_("Токены API"), reverse("api_tokens:list")),
            ]
            if user.has_perm("curators.manage_assignments"):
                more.append((_("Закрепление кураторов"), reverse("curators:assignments")))
            if user.has_perm("schools.view_access_log"):
                more.append((_("Журнал доступа"), reverse("schools:access_log")))
    else:
        items.append((_("Программы"), reverse("programs:public_index"), None))
        items.append((_("Банк лучших практик"), reverse("programs:practices"), None))
    return {
        "portal_name": settings.PORTAL_NAME,
        "nav_items": items,
        "nav_more": more,
        "nav_role": role,
        "nav_role_label": SHORT_ROLE_LABELS.get(role, "") if role else "",
    }
