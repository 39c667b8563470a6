"""The view side of the access layer: every view states its permission through these decorators.

The decision itself is always schools/access.py's (rules permissions); this only turns its
answer into the right response: the login page for an anonymous visitor, 403 for a signed-in
user without the right, so nobody is bounced to a login they already have.

A view about one object reads it once: ``object_required`` (and ``ObjectPermissionMixin`` for
class-based views) loads it from one queryset, checks the permission against it and hands the
checked object to the view, so the check and the page never read two different rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.db.models.manager import BaseManager
from django.http import Http404
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin, permission_required


def perm_required(perm: str, fn=None):
    def decorator(view):
        checked = permission_required(perm, fn=fn, raise_exception=True)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return checked(request, *args, **kwargs)

        return wrapped

    return decorator


def _is_queryset_source(source) -> bool:
    return isinstance(source, QuerySet | BaseManager) or (isinstance(source, type) and issubclass(source, Model))


def fetch_object(source, lookup: Mapping[str, Any]):
    """The one row of ``source`` (a model, manager or queryset) matching ``lookup``; 404 if none."""
    return get_object_or_404(source, **lookup)


def _url_values(lookup: Mapping[str, str], kwargs: Mapping[str, Any], view_name: str) -> dict[str, Any]:
    missing = [arg for arg in lookup.values() if arg not in kwargs]
    if missing:
        raise ImproperlyConfigured(
            f"object_required on {view_name}: URL argument(s) {', '.join(missing)} not in [{', '.join(kwargs)}]"
        )
    return {field: kwargs[arg] for field, arg in lookup.items()}


def object_required(
    perm: str,
    source,
    url_kwarg: str = "pk",
    *,
    lookup: Mapping[str, str] | None = None,
    check: Callable[[Any], Any] | None = None,
):
    """Load the view's object once, check ``perm`` against it and pass the checked object on.

    ``source`` is a model, manager or queryset: the object is the row whose ``pk`` is the URL
    argument ``url_kwarg`` — or, with ``lookup`` (model field → URL argument, e.g.
    ``{"pk": "measure_pk", "program_id": "pk"}``), the row matching all of them. Its
    select_related/prefetch_related live in that one queryset, which the page uses as well.
    ``source`` may instead be a callable ``(request, **url_kwargs) -> object`` for objects that
    are not one row of a queryset (a selector, a choice made in the form); ``DoesNotExist`` from it
    is a 404 too, and whatever else it returns (even None) is checked as it is.

    ``check`` gives the object the permission is about when it is not the loaded one (a measure is
    edited under its program's right): ``check=lambda measure: measure.program``.

    The view is called as ``view(request, obj, **rest)``: the URL arguments of the lookup (for a
    callable, ``url_kwarg`` or those named in ``lookup``) are replaced by the object, the others
    are passed on. Responses are ``perm_required``'s: an
    anonymous visitor goes to the login page before anything is read, a missing object is 404,
    a signed-in user without the right gets 403."""
    fields = dict(lookup) if lookup is not None else {"pk": url_kwarg}
    by_query = _is_queryset_source(source)
    if not by_query and not callable(source):
        raise TypeError(f"object_required: {source!r} is neither a model, a queryset nor a callable")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if by_query:
                obj = fetch_object(source, _url_values(fields, kwargs, view.__name__))
            else:
                try:
                    obj = source(request, *args, **kwargs)
                except ObjectDoesNotExist as exc:
                    raise Http404 from exc
            if not request.user.has_perm(perm, check(obj) if check is not None else obj):
                raise PermissionDenied
            rest = {name: value for name, value in kwargs.items() if name not in fields.values()}
            return view(request, obj, *args, **rest)

        return wrapped

    return decorator


class ObjectPermissionMixin(PermissionRequiredMixin):
    """``object_required`` for class-based views: the object is read once into ``self.object``
    and ``permission_required`` is checked against it (or against ``permission_object()``)
    before the handler runs; anonymous visitors are sent to the login page, everyone else
    without the right gets 403, and a missing object is 404.

    The object is the row of ``object_queryset()`` (by default ``object_source``) matching
    ``object_filter()`` (by default ``object_lookup``: model field → URL argument). Views whose
    object depends on more than that override ``load_object``, reading through ``fetch_object``."""

    object_source: QuerySet | BaseManager | type[Model] | None = None
    object_lookup: Mapping[str, str] = {"pk": "pk"}

    def object_queryset(self):
        if self.object_source is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no object_source")
        return self.object_source

    def object_filter(self) -> dict[str, Any]:
        return _url_values(self.object_lookup, self.kwargs, type(self).__name__)

    def load_object(self):
        return fetch_object(self.object_queryset(), self.object_filter())

    def permission_object(self):
        return self.object

    def get_permission_object(self):
        if not hasattr(self, "object"):
            self.object = self.load_object()
        return self.permission_object()
