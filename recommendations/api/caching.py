"""API responses cached like the public pages (recommendations/public/cache.py): keyed by the
same page versions, so the write that forgets a country's pages (recommendations/writes.py)
forgets its API responses too, and no others.

Each view says which query keys its responses (``cache_query``: the canonical form of its known
parameters, or None for one that is answered but never stored, such as a search) and whose page
versions (``cache_scope``). The rate limit runs first (Django REST framework's ``initial``), so
a cached answer counts against it as much as a rendered one. The view then sees only the
canonical query, so the links a cached response carries are the same for every request that
shares its key, and junk added to an address neither fills the cache nor shows in an answer.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils import translation
from rest_framework.response import Response

from ..public.cache import PAGE_TIMEOUT, cache_call, known_query, page_key, stored
from ..public.page_versions import EVERY_COUNTRY, Scope, page_versions
from ..public.views import PAGE_NUMBER

# An id as links write it: no sign, no leading zero, no exponent, at most a database key's digits.
ID = re.compile(r"[1-9][0-9]{0,18}")


def canonical_ids(query: QueryDict | None, names) -> QueryDict | None:
    """``query`` when each of ``names`` it holds is written as links write an id (or a page
    number, for "page", as the public list's), else None: "007" or "7.0" ask the same rows as
    "7", and are answered, but not stored once for every spelling."""
    if query is None:
        return None
    for name in names:
        pattern = PAGE_NUMBER if name == "page" else ID
        if name in query and not pattern.fullmatch(query[name]):
            return None
    return query


# Names a cached API response in the cache, beside the pages' "page" and "final".
LAYER = "api"


class CachedResponses:
    """A mixin for the API's views: GET and HEAD answered from the cache while the data is
    unchanged. Every answer is in the site's default language: its content is the same for
    every visitor (the French versions of content are fields of their own)."""

    # The parameters that key a response, when cache_query is not overridden.
    cache_parameters: tuple[str, ...] = ()

    # Those of them that are ids or page numbers (see canonical_ids).
    cache_ids: tuple[str, ...] = ("page",)

    def cache_query(self, data: QueryDict) -> QueryDict | None:
        return canonical_ids(known_query(data, self.cache_parameters), self.cache_ids)

    def cache_scope(self, request, **kwargs) -> Scope:
        return EVERY_COUNTRY

    def dispatch(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        """After the rate limit and before the handler: GET and HEAD answered through the
        cache (the handler is looked up after this, see APIView.dispatch)."""
        super().initial(request, *args, **kwargs)
        self._store_as = None
        method = request.method.lower()
        if method in {"get", "head"}:
            setattr(self, method, functools.partial(self._cached, getattr(self, method)))

    def _cached(self, answer, request, *args, **kwargs):
        canonical = self.cache_query(request.query_params)
        if canonical is None:
            return answer(request, *args, **kwargs)
        django_request = request._request
        django_request.GET = canonical
        versions = page_versions(self.cache_scope(django_request, **kwargs))
        key = page_key(django_request, versions, LAYER, language=settings.LANGUAGE_CODE)
        cached = cache_call(cache.get, key)
        if cached is not None:
            return cached
        self._store_as = key
        return answer(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "_store_as", None)
        if key and isinstance(response, Response) and response.status_code == 200:
            response.render()
            cache_call(cache.set, key, stored(response), PAGE_TIMEOUT)
        return response
