"""Shared pieces of the OpenAPI description."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="Формат ответа: json (по умолчанию) или csv (вложенные объекты — колонками «поле.подполе»).",
)

ERRORS = {
    401: OpenApiResponse(description="Нет токена, токен неверный или отозван."),
    403: OpenApiResponse(description="Недостаточно прав (или токен только для чтения)."),
    429: OpenApiResponse(description="Превышен лимит запросов токена; заголовок Retry-After — через сколько секунд."),
}
# The URL's id: up to 18 digits (config.api.base.ID_REGEX), an integer for the client.
ID_SCHEMA = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}


def id_parameter(name: str = "id", description: str = "Идентификатор.") -> OpenApiParameter:
    return OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.PATH, description=description)


ID = id_parameter()

NOT_FOUND = {404: OpenApiResponse(description="Не найдено или не входит в область токена.")}
LIST_ERRORS = {
    400: OpenApiResponse(description="Неверное значение фильтра."),
    404: OpenApiResponse(description="Такой страницы нет."),
    **ERRORS,
}


class PortalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "config.api.authentication.PortalTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Токен, выданный органом управления образованием, в виде «Token <токен>».",
        }
