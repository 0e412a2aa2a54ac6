"""Cached public pages served before the rest of the middleware runs.

Most public page views are anonymous visitors' and hit the cache. For them,
``PublicPageMiddleware`` (placed just below the health check) finds the view an address
resolves to, keys the page as cache.py does and answers from the cache (this process's hot pages
first, see hot_pages.py) with the headers the page was first sent with, without the security
headers' middleware (they are among those headers), WhiteNoise, sessions, authentication, CSRF,
the audit log or the locale middleware, none of which a public page depends on. On a miss it
lets the request through and stores the page as it leaves, with those headers, when the view
marked it storable: whole, and compressed once (gzip) under the same key with GZIP added, for
the browsers that accept it. A plain HTTP request that SecurityMiddleware redirects to HTTPS is
left to it; the key holds the scheme, so no page stored from one scheme is served to the other.
What a page's address decides of its key is worked out once per address and remembered.

A request carrying a session cookie (a signed-in staff member) is left to the view's own
caching (cache_public_page), so that its session is kept alive as on every other page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from .cache import (
    PAGE_TIMEOUT,
    accepts_gzip,
    address_digest,
    cache_call,
    compressed,
    hot_pages,
    stored,
    versioned_key,
)
from .page_versions import Scope, page_versions

# Addresses longer than any page's are not looked up, nor are longer query strings remembered.
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


@dataclass(frozen=True)
class _Address:
    """What a public page's address alone decides of its key and of the view's request: worked
    out once per address, then remembered (see ``remembered_addresses``)."""

    language: str
    scope: Scope
    query: QueryDict
    digest: str


# The addresses of public pages asked lately, by the raw request values that decide what
# ``_Address`` holds: the scheme, the host as ``get_host`` reads it (before its check), the path
# and the query string. Only an address whose Host passed ALLOWED_HOSTS is remembered, and it
# would pass again: settings do not change while the site runs (tests that change them empty
# it). Only short values are remembered (a DNS name is at most 253 characters), and emptied
# when full, it stays small: 4,096 addresses of some hundred bytes each.
remembered_addresses: dict[tuple, _Address] = {}
REMEMBERED_ADDRESSES = 4096
LONGEST_HOST = 260


def _raw_address(request) -> tuple:
    # Django's own reading of the Host (X-Forwarded-Host where USE_X_FORWARDED_HOST says so,
    # else Host, else the server's name and port), which get_host then checks.
    return (
        request.scheme,
        request._get_raw_host(),
        request.path_info,
        request.path,
        request.META.get("QUERY_STRING", ""),
    )


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        whole = self.key(request)
        if whole is None:
            return self.get_response(request)
        gzipped = accepts_gzip(request)
        key = whole + GZIP if gzipped else whole
        cached = hot_pages.get(key)
        if cached is not None:
            return cached
        cached = cache_call(cache.get, key)
        if cached is not None:
            hot_pages.keep(key, cached)
            return cached
        request.public_page_key = whole
        response = self.get_response(request)
        if (
            getattr(response, "public_page_storable", False)
            and response.status_code == 200
            and not response.cookies
        ):
            page = stored(response)
            smaller = compressed(page)
            cache_call(cache.set_many, {whole: page, whole + GZIP: smaller}, PAGE_TIMEOUT)
            response = smaller if gzipped else page
            hot_pages.keep(key, response)
        return response

    @staticmethod
    def key(request) -> str | None:
        """The key of the page asked (its whole form; GZIP added names the compressed one),
        with ``request.GET`` made canonical; None for a request this middleware leaves alone.
        """
        if (
            request.method not in {"GET", "HEAD"}
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or len(request.path) > LONGEST_PATH
            # SecurityMiddleware, below, redirects it to HTTPS.
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return None
        raw = _raw_address(request)
        address = remembered_addresses.get(raw)
        if address is None:
            address = _address(request)
            if address is None:
                return None
            if len(raw[1]) <= LONGEST_HOST and len(raw[-1]) <= LONGEST_PATH:
                if len(remembered_addresses) >= REMEMBERED_ADDRESSES:
                    remembered_addresses.clear()
                remembered_addresses[raw] = address
        request.GET = address.query
        versions = page_versions(address.scope)
        return versioned_key("final", versions, address.language, address.digest)


def _address(request) -> _Address | None:
    page = _public_page(request.path_info, request.path)
    if page is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # refused (400) below, with the headers of every answer
    language, query, scope, kwargs = page
    # The canonical form of the page's known parameters, which the requests asking this address
    # share (immutable); None for a query that is rendered but never stored.
    canonical = query(QueryDict(request.META.get("QUERY_STRING", "")))
    if canonical is None:
        return None
    text = canonical.urlencode()
    request.GET = QueryDict(text)
    return _Address(
        language,
        scope(request, **dict(kwargs)),
        request.GET,
        address_digest(request.scheme, host, request.path, text),
    )


@receiver(setting_changed)
def _settings_changed(**kwargs):
    """What was worked out under other settings (tests) is worked out again."""
    remembered_addresses.clear()
    _public_page.cache_clear()
    hot_pages.clear()
