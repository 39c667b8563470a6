from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE_MAX = 1000


class ApiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX
    page_query_description = _("Номер страницы.")
    page_size_query_description = _("Строк на странице (по умолчанию 100, не больше 1000).")
    invalid_page_message = _("Такой страницы нет.")

    def get_page_size(self, request):
        # DRF falls back to the default on «page_size=null», «=0» or «=5000»; the schema says a
        # whole number from 1 to 1000, so anything else is a 400 that says so.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= PAGE_SIZE_MAX):
            raise ValidationError(
                {self.page_size_query_param: [_("Строк на странице: целое число от 1 до 1000.")]}, code="invalid"
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
