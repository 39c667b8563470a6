"""What every API view shares: authentication (token first, then the browser's session),
permissions, per-token throttling, JSON and CSV, pagination, filters and ordering, conditional
GET on lists, Russian errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication

from schools.access_log import access_event_record
from schools.models import AccessEvent

from . import access  # noqa: F401  (registers the token permissions)
from .authentication import PortalTokenAuthentication
from .conditional import ConditionalListMixin
from .filters import ApiFilterBackend, ApiOrdering
from .pagination import ApiPagination
from .permissions import IsSignedIn, TokenAllowsMethod, ViewPermission
from .renderers import CSVRenderer, OrjsonRenderer
from .throttling import TokenRateThrottle


class ApiThrottled(exceptions.Throttled):
    default_detail = _("Слишком много запросов с этим токеном.")
    extra_detail_singular = _("Повторите через {wait} с.")
    extra_detail_plural = _("Повторите через {wait} с.")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Запись уже изменил кто-то другой: получите её заново и повторите изменение.")
    default_code = "conflict"


class Forbidden(exceptions.PermissionDenied):
    default_detail = _("Недостаточно прав для этого действия.")


def rule_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal (Russian, per field where it names one) as a 400."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


API_AUTHENTICATION = [PortalTokenAuthentication, SessionAuthentication]
API_PERMISSIONS = [IsSignedIn, TokenAllowsMethod, ViewPermission]
API_RENDERERS = [OrjsonRenderer, CSVRenderer]


class ApiViewMixin:
    authentication_classes = API_AUTHENTICATION
    permission_classes = API_PERMISSIONS
    throttle_classes = [TokenRateThrottle]
    renderer_classes = API_RENDERERS
    pagination_class = ApiPagination
    filter_backends = [ApiFilterBackend, ApiOrdering]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A CSV is a table taken out of the portal: it goes to the access log. JSON reads are an
        # integration's routine traffic (up to 120 a minute per token) and are not logged.
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and renderer.format == "csv" and response.status_code == 200:
            access_event_record(request, kind=AccessEvent.Kind.API_EXPORT, subject=request.get_full_path())
        return response

    def initial(self, request, *args, **kwargs):
        # DRF takes an empty «format=» for none and answers an unknown one with a bare 404: the
        # schema lists json and csv, so anything else — empty too — is a 404 that says why.
        wanted = request.query_params.get("format")
        if wanted is not None and wanted not in {r.format for r in self.get_renderers()}:
            raise exceptions.NotFound(_("Неизвестный формат ответа: укажите json или csv."), code="unknown_format")
        super().initial(request, *args, **kwargs)

    def throttled(self, request, wait):
        raise ApiThrottled(wait=None if wait is None else max(int(wait + 0.999), 1))

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(IsSignedIn.message)
        raise Forbidden(detail=message, code=code)


# An id in a URL: at most 18 digits, so it always fits the database's bigint (a longer one is a
# 404 from the URL resolver rather than an overflow deep in the database driver).
ID_REGEX = "[0-9]{1,18}"


class IdConverter:
    regex = ID_REGEX

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class ReadOnlyApiViewSet(ApiViewMixin, ConditionalListMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail; the queryset always comes from the access layer's ``visible_*``."""

    lookup_value_regex = ID_REGEX


class ListOnlyApiViewSet(ApiViewMixin, ConditionalListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    pass
