"""Cached public pages served before the rest of the middleware runs.

Most public page views are anonymous visitors' and hit the cache. For them,
``PublicPageMiddleware`` (placed just below SecurityMiddleware and WhiteNoise) finds the view an
address resolves to, keys the page as cache.py does and answers from the cache with the headers
the page was first sent with, without sessions, authentication, CSRF, the audit log or the
locale middleware, none of which a public page depends on. On a miss it lets the request through
and stores the page as it leaves, with those headers, when the view marked it storable: whole,
and compressed once (gzip) under the same key with GZIP added, for the browsers that accept it.

A request carrying a session cookie (a signed-in staff member) is left to the view's own
caching (cache_public_page), so that its session is kept alive as on every other page.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from .cache import PAGE_TIMEOUT, accepts_gzip, cache_call, compressed, page_key, stored
from .page_versions import page_versions

# Addresses longer than any page's are not looked up (nor remembered); nor are longer query
# strings' canonical forms remembered.
LONGEST_PATH = 200
# Added to a page's key, it names the page's compressed form.
GZIP = "|gzip"


@functools.lru_cache(maxsize=4096)
def _public_page(path_info: str, path: str):
    """The (language, query, scope, kwargs) of the cached public page at ``path``, or None for
    any other address (another view, or a page asked at another address than its own, such as
    /recommendations/007/). The public pages' language is their address's (LocaleMiddleware
    does the same). Remembered: the site's addresses do not change while it runs."""
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path_info)
        except Resolver404:
            return None
        page = getattr(match.func, "public_page", None)
        if page is None or path != reverse(match.view_name, args=match.args, kwargs=match.kwargs):
            return None
    query, scope = page
    return language, query, scope, tuple(match.kwargs.items())


def _canonical(query, query_string: str):
    """The canonical form that ``query`` (a page's cache_query) gives a raw query string: as a
    string and as an immutable QueryDict that the requests asking it share; None for one that
    is rendered but never stored."""
    canonical = query(QueryDict(query_string))
    if canonical is None:
        return None
    text = canonical.urlencode()
    return text, QueryDict(text)


# Remembered for short query strings, those that links and menus write: it depends on nothing
# else.
_remembered_canonical = functools.lru_cache(maxsize=4096)(_canonical)


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        gzipped = accepts_gzip(request)
        cached = cache_call(cache.get, key + GZIP if gzipped else key)
        if cached is not None:
            return cached
        request.public_page_key = key
        response = self.get_response(request)
        if (
            getattr(response, "public_page_storable", False)
            and response.status_code == 200
            and not response.cookies
        ):
            page = stored(response)
            smaller = compressed(page)
            cache_call(cache.set_many, {key: page, key + GZIP: smaller}, PAGE_TIMEOUT)
            return smaller if gzipped else page
        return response

    @staticmethod
    def key(request) -> str | None:
        """The key of the page asked (its whole form; GZIP added names the compressed one),
        with ``request.GET`` made canonical; None for a request this middleware leaves alone.
        """
        path_info = request.path_info
        if (
            request.method not in {"GET", "HEAD"}
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or len(request.path) > LONGEST_PATH
        ):
            return None
        host = request.get_host()  # a foreign Host is refused (400) before anything is read
        page = _public_page(path_info, request.path)
        if page is None:
            return None
        language, query, scope, kwargs = page
        raw = request.META.get("QUERY_STRING", "")
        canonical = (_remembered_canonical if len(raw) <= LONGEST_PATH else _canonical)(query, raw)
        if canonical is None:
            return None
        text, request.GET = canonical
        versions = page_versions(scope(request, **dict(kwargs)))
        return page_key(request, versions, "final", language=language, host=host, query=text)
