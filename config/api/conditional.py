"""Conditional GET for lists: an ETag over what the client would receive, 304 when it already
has it. The ETag is a hash of the serialized page (and its format), so it changes with any row,
any field, the page, the filters and the caller's scope alike — a cheaper "max(updated_at),
count" would miss deletions and most models here have no updated_at. A 304 still runs the
queries; it saves the transfer and the client's parsing."""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from rest_framework import status
from rest_framework.response import Response


def etag_of(data, fmt: str) -> str:
    body = json.dumps(data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    digest = hashlib.sha256(f"{fmt}\n{body}".encode()).hexdigest()[:40]
    return f'W/"{digest}"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def conditional(request, response: Response) -> Response:
    """Add the ETag to a 200 list response, or answer 304 if If-None-Match already names it."""
    if response.status_code != status.HTTP_200_OK:
        return response
    renderer = getattr(request, "accepted_renderer", None)
    etag = etag_of(response.data, getattr(renderer, "format", "json"))
    header = request.headers.get("If-None-Match", "")
    if header:
        wanted = {_opaque(t) for t in parse_etags(header)}
        if "*" in wanted or _opaque(etag) in wanted:  # weak comparison (RFC 9110, 13.1.2)
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
    response["ETag"] = etag
    # Per caller: a shared cache must never hand one token's page to another.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Authorization", "Cookie", "Accept"])
    return response


class ConditionalListMixin:
    def list(self, request, *args, **kwargs):
        return conditional(request, super().list(request, *args, **kwargs))
