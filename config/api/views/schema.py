"""Shared pieces of the OpenAPI description."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from ..errors import error_response

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="Формат ответа: json (по умолчанию) или csv (вложенные объекты — колонками «поле.подполе»).",
)

# Every error has one shape (config/api/errors.py: detail, code, errors), in Russian.
ERRORS = {
    401: error_response("Нет токена, токен неверный или отозван."),
    403: error_response("Недостаточно прав (или токен только для чтения)."),
    404: error_response("Не найдено или не входит в область токена; неизвестный формат ответа (format)."),
    429: error_response("Превышен лимит запросов токена; заголовок Retry-After — через сколько секунд."),
}
# What a write may also answer: a body that is not JSON or multipart, or one over the limit.
BODY_ERRORS = {
    413: error_response("Слишком большой запрос (JSON — до 10 МБ, с файлами — до API_MAX_UPLOAD_BODY_BYTES)."),
    415: error_response("Неподдерживаемый тип содержимого."),
}
# The URL's id: up to 18 digits (config.api.base.ID_REGEX), an integer for the client.
ID_SCHEMA = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}


def id_parameter(name: str = "id", description: str = "Идентификатор.") -> OpenApiParameter:
    return OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.PATH, description=description)


ID = id_parameter()

NOT_FOUND = {404: error_response("Не найдено или не входит в область токена; неизвестный формат ответа (format).")}
LIST_ERRORS = {
    **ERRORS,
    400: error_response("Неверное значение фильтра или параметра страницы."),
    404: error_response("Такой страницы нет или неизвестный формат ответа (format)."),
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


# What a value may look like: what schools.formats.parse_decimal reads — digits 0–9 grouped by
# spaces (any kind Excel and Word put in) or apostrophes, a decimal comma or point, a minus or
# dash, a trailing «%». «1_000», «1e5» and non-ASCII digits are not numbers here.
def read_only_schema(out, *, summary: str, description: str, one: str):
    """The schema of a read-only list endpoint and its item (``extend_schema_view``): the list
    in JSON or CSV with its errors, the item by id with its own. ``out`` is the output serializer."""
    return extend_schema_view(
        list=extend_schema(
            summary=summary,
            description=description,
            parameters=[FORMAT],
            responses={200: out(many=True), **LIST_ERRORS},
        ),
        retrieve=extend_schema(parameters=[ID], summary=one, responses={200: out, **ERRORS, **NOT_FOUND}),
    )


_SEP = "[\\s\\u00a0\\u2007\\u202f\\u2009\\u200b\\ufeff']*"
_DIGITS = f"(?:[0-9]{_SEP})"
VALUE_PATTERN = (
    f"^{_SEP}[+\\-\\u2212\\u2013\\u2014\\u2010]?{_SEP}"
    f"(?:{_DIGITS}+(?:[.,]{_SEP}{_DIGITS}*)?|[.,]{_SEP}{_DIGITS}+)%?{_SEP}$"
)
VALUE_DESCRIPTION = (
    "Число, как его пишут в таблице: «48», «1 234,5», «−3», «45 %»; дробная часть — через запятую или точку. "
    "Для показателей-количеств и групп — только целое число («5,00001» не округляется, а отклоняется); "
    "диапазон — показателя. Иначе — 400 с причиной."
)


def _one_of_subjects(component: dict) -> None:
    """«Exactly one of school / municipality» in the schema's own words: a value (or a target)
    names one subject, the other is absent or null."""
    null = {"nullable": True, "enum": [None]}
    component["oneOf"] = [
        {"required": ["school"], "properties": {"school": {"type": "integer"}, "municipality": null}},
        {"required": ["municipality"], "properties": {"municipality": {"type": "integer"}, "school": null}},
    ]


def postprocess(result, generator, request, public):
    """drf-spectacular's postprocessing hook (SPECTACULAR_SETTINGS): the write rules that a
    serializer field cannot say on its own."""
    schemas = result.get("components", {}).get("schemas", {})
    if "ValueInRequest" in schemas:
        _one_of_subjects(schemas["ValueInRequest"])
    for name in ("ValueInRequest", "ValueUpdateInRequest"):
        value = schemas.get(name, {}).get("properties", {}).get("value")
        if value is not None:
            value["pattern"] = VALUE_PATTERN
            value["description"] = VALUE_DESCRIPTION
    return result
