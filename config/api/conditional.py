"""Conditional GET for lists: an ETag over what the client receives, 304 when it already has it.
The ETag is a hash of the rendered body (the bytes sent, so the format, the page, the filters and
the caller's scope are all in it): it changes with any row or field — a cheaper "max(updated_at),
count" would miss deletions and most models here have no updated_at. Hashing the rendered body
rather than re-encoding the data saves a second JSON encoding of a 1,000-row page (bench/api.py).
A 304 still runs the queries; it saves the transfer and the client's parsing."""

from __future__ import annotations

import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from rest_framework import status


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def conditional(request, response):
    """Add the ETag to a rendered 200 list response, or answer 304 if If-None-Match names it."""
    if response.status_code != status.HTTP_200_OK:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    etag = f'W/"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    header = request.headers.get("If-None-Match", "")
    if header:
        wanted = {_opaque(t) for t in parse_etags(header)}
        if "*" in wanted or _opaque(etag) in wanted:  # weak comparison (RFC 9110, 13.1.2)
            response = HttpResponseNotModified()
    response["ETag"] = etag
    # Per caller: a shared cache must never hand one token's page to another.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Authorization", "Cookie", "Accept"])
    return response


class ConditionalListMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "action", None) == "list":
            response = conditional(request, response)
        return response
