"""Every API error in Russian and in one JSON shape (REST_FRAMEWORK["EXCEPTION_HANDLER"]):

    {"detail": "Текст для человека.", "code": "not_found", "errors": {"поле": ["…"]}}

``detail`` always says what happened, ``code`` is a stable word for programs, ``errors`` holds the
refusals by field (empty when the error is not about fields; ``non_field_errors`` for the whole
request). DRF's and Django's own English messages («No School matches the given query.»,
«CSRF Failed: …», «Not a valid string.», «Surrogate characters are not allowed») are replaced by
Russian ones chosen by their code, so no model name or English sentence reaches a client. A body
over the limit is answered here too (``ApiBodyLimitMiddleware``), as JSON, never as an HTML page."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from schools.integrity import integrity_message

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def _field_message(code: str | None, params: str) -> str:
    """A Russian message for a field error DRF or Django wrote in English, by its code."""
    messages = {
        "required": _("Обязательное поле."),
        "null": _("Значение не может быть null."),
        "blank": _("Поле не может быть пустым."),
        "invalid": _("Неверное значение: ожидается другой тип данных."),
        "surrogate_characters_not_allowed": _("Текст содержит недопустимые символы (суррогатные коды Юникода)."),
        "null_characters_not_allowed": _("Текст содержит недопустимый нулевой символ."),
        "max_length": _("Слишком длинное значение."),
        "min_length": _("Слишком короткое значение."),
        "max_value": _("Слишком большое значение."),
        "min_value": _("Слишком маленькое значение."),
        "max_string_length": _("Слишком большое число."),
        "max_digits": _("Слишком много цифр в числе."),
        "max_decimal_places": _("Слишком много знаков после запятой."),
        "not_a_list": _("Ожидается список."),
        "empty": _("Список не может быть пустым."),
        "invalid_choice": _("Недопустимое значение: выберите одно из перечисленных в схеме API."),
        "does_not_exist": _("Такого объекта нет."),
        "incorrect_type": _("Неверный тип значения."),
        "no_name": _("У файла нет имени."),
        "invalid_image": _("Файл не является изображением."),
        "date": _("Ожидается дата, а не дата и время."),
        "datetime": _("Ожидаются дата и время, а не дата."),
    }
    return messages.get(code or "", _("Неверное значение."))


def _russian(detail: Any, code: str | None = None) -> str:
    text = str(detail)
    if CYRILLIC.search(text):
        return text
    return _field_message(getattr(detail, "code", None) or code, text)


def _errors(detail: Any) -> dict[str, list[str]] | list[str]:
    """DRF's nested error detail with every message made Russian; lists of objects (one error
    dictionary per item) keep their nesting, as DRF gives them."""
    if isinstance(detail, dict):
        return {str(key): _errors(value) for key, value in detail.items()}  # type: ignore[misc]
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [_russian(item) for item in detail]
        return [_errors(item) for item in detail]  # type: ignore[misc]
    return [_russian(detail)]


SUMMARY = {
    status.HTTP_400_BAD_REQUEST: "Запрос не прошёл проверку: см. errors.",
    status.HTTP_401_UNAUTHORIZED: "Нужна аутентификация: передайте заголовок «Authorization: Token <токен>».",
    status.HTTP_403_FORBIDDEN: "Недостаточно прав для этого действия.",
    status.HTTP_404_NOT_FOUND: "Не найдено.",
    status.HTTP_405_METHOD_NOT_ALLOWED: "Этот метод здесь не поддерживается.",
    status.HTTP_406_NOT_ACCEPTABLE: "Запрошенный формат ответа не поддерживается: json или csv.",
    status.HTTP_409_CONFLICT: "Запись уже изменил кто-то другой.",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "Слишком большой запрос.",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "Неподдерживаемый тип содержимого: отправьте JSON или multipart/form-data.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Слишком много запросов.",
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, limit: int):
        super().__init__(
            _("Слишком большой запрос: не больше %(mb)s МБ.") % {"mb": f"{limit / 1024 / 1024:.0f}"},
        )


def error_body(*, status_code: int, detail: str, code: str, errors: dict | None = None) -> dict[str, Any]:
    return {"detail": detail, "code": code, "errors": errors or {}}


def _summary(status_code: int) -> str:
    return SUMMARY.get(status_code, "Ошибка запроса.")


def api_exception_handler(exc: Exception, context: dict) -> Any:
    if isinstance(exc, Http404):
        # Django's message names the model («No School matches the given query.»): never shown.
        exc = exceptions.NotFound(_("Не найдено или не входит в область токена."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_summary(status.HTTP_403_FORBIDDEN))
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    elif isinstance(exc, IntegrityError):
        exc = exceptions.APIException(integrity_message(exc), code="conflict")
        exc.status_code = status.HTTP_409_CONFLICT
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(
            _(
                "Запрос с сессией браузера без CSRF-токена отклонён: обновите страницу "
                "или обращайтесь к API с токеном (заголовок Authorization)."
            ),
            code="csrf",
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a 500: logged by Django, answered by its handler
    assert isinstance(exc, exceptions.APIException)
    detail = exc.detail
    if isinstance(detail, dict | list):
        errors = _errors(detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        body = error_body(
            status_code=response.status_code, detail=_summary(response.status_code), code="invalid", errors=errors
        )
    else:
        code = getattr(detail, "code", None) or exc.default_code
        text = str(detail)
        if not CYRILLIC.search(text):
            text = _summary(response.status_code)
        body = error_body(status_code=response.status_code, detail=text, code=str(code))
    response.data = body
    return response


class ApiBodyLimitMiddleware:
    """A body over the limit sent to the API gets a JSON 413 in Russian before anything reads it
    (otherwise Django's RequestDataTooBig ends as an HTML page). JSON bodies: the usual
    DATA_UPLOAD_MAX_MEMORY_SIZE; multipart (evidence files): API_MAX_UPLOAD_BODY_BYTES. A URL
    under /api/ that no route matches gets a JSON 404 rather than the site's HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
            limit = settings.API_MAX_UPLOAD_BODY_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if length > limit:
                exc = PayloadTooLarge(limit)
                return JsonResponse(
                    error_body(status_code=413, detail=str(exc.detail), code="too_large"),
                    status=413,
                    json_dumps_params={"ensure_ascii": False},
                )
            response = self.get_response(request)
            if response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
                # A URL no API route matches (a negative id, a misspelt path): the resolver's 404
                # is the site's HTML page; a JSON client gets the API's shape.
                return JsonResponse(
                    error_body(
                        status_code=404, detail=_("Не найдено или не входит в область токена."), code="not_found"
                    ),
                    status=404,
                    json_dumps_params={"ensure_ascii": False},
                )
            return response
        return self.get_response(request)


# The one error shape, for the OpenAPI schema (config/api/views/schema.py uses it for every error).
ErrorOut = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(help_text="Что случилось, по-русски."),
        "code": serializers.CharField(help_text="Код ошибки для программ: invalid, not_found, permission_denied…"),
        "errors": serializers.DictField(
            child=serializers.JSONField(),
            help_text="Ошибки по полям: поле → список сообщений (пусто, если ошибка не о полях).",
        ),
    },
)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorOut, description=description)
