from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    page_query_description = _("Номер страницы.")
    page_size_query_description = _("Строк на странице (по умолчанию 100, не больше 1000).")
    invalid_page_message = _("Такой страницы нет.")
