"""Whole-page caching of public pages that is never stale: its read side (the keys, the
canonical queries, the page versions read, the outage guard, ``cache_public_page``);
recommendations/writes.py is the write side, which raises the page versions.

A public page is cached under a key made of its page versions (models.PageVersion: the
catalogue's counter and its country's, or the sum of every country's for pages across
countries, raised after each committed change to what they show), the database, the language,
the day (overdue flags change at midnight) and the page's address: its path and the canonical
form of its known parameters. A hit costs one cache read (none for a page the process served
lately: hot_pages.py) and the versions' read (page_versions.py: no query while the process's
copy is current); a committed change makes the pages it changed
unreachable, on every app server, whether the cache is per process or a shared Redis, and
leaves the others cached. Visitors without a session are served by PublicPageMiddleware
(middleware.py), before the rest of the middleware; others by ``cache_public_page`` below.
Public pages never depend on who is signed in, so the key does not either; nor on anything else
in the query string, so junk added to an address can neither fill the cache nor show in a page
served to someone else.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .hot_pages import HotPages
from .page_versions import EVERY_COUNTRY, Scope, page_versions

PAGE_TIMEOUT = 300
# After a failed cache call, pages are rendered without the cache for this many seconds before
# it is tried again: a hanging Redis costs one short timeout per incident, not one per page.
OUTAGE_PAUSE = 30
logger = logging.getLogger(__name__)


# The form of what the cache keeps of a page (see ``stored``), part of every key: entries of an
# earlier form, left in a shared Redis by the release before, are never read as this one's.
# 3: pages hold the headers SecurityMiddleware adds (it stands below PublicPageMiddleware now).
ENTRY_FORMAT = 3


def page_key(
    request,
    versions: str,
    layer: str = "page",
    *,
    language: str = "",
    host: str = "",
    query: str | None = None,
) -> str:
    """The key of the page ``request`` asks, in ``language`` (by default the active one);
    ``host`` and ``query`` (the canonical query string): the request's, when the caller has
    them already."""
    query = request.GET.urlencode() if query is None else query
    where = address_digest(request.scheme, host or request.get_host(), request.path, query)
    return versioned_key(layer, versions, language or translation.get_language(), where)


def address_digest(scheme: str, host: str, path: str, query: str) -> str:
    """The part of a page's key that names its address (a digest of it, since an address may be
    longer than a key may be)."""
    # The database is part of the key, so two sites sharing one Redis (staging and production,
    # say) never serve each other's pages; the feed's links are absolute, so the scheme and
    # host are part of what is cached.
    db = connection.settings_dict
    where = f"{db['ENGINE']}|{db['HOST']}|{db['PORT']}|{db['NAME']}|{scheme}://{host}{path}?{query}"
    return hashlib.sha256(where.encode()).hexdigest()


def versioned_key(layer: str, versions: str, language: str, address: str) -> str:
    """A page's key from its parts: what it depends on besides its address."""
    return f"{layer}{ENTRY_FORMAT}:{versions}:{language}:{today()}:{address}"


class Today:
    """Today's date in the site's time zone (TIME_ZONE), as keys write it: worked out again at
    most once a minute, not on every page view."""

    RECHECK_SECONDS = 60

    def __init__(self, clock=time.time):
        self.clock = clock
        self.value = ""
        self.until = 0.0

    def __call__(self) -> str:
        now = self.clock()
        if now >= self.until:
            local = timezone.localtime(
                datetime.datetime.fromtimestamp(now, datetime.UTC), timezone.get_default_timezone()
            )
            midnight = datetime.datetime.combine(
                local.date() + datetime.timedelta(days=1), datetime.time(), local.tzinfo
            )
            self.value = local.date().isoformat()
            self.until = min(midnight.timestamp(), now + self.RECHECK_SECONDS)
        return self.value


today = Today()


class CacheOutage:
    """Since when the cache has been failing, in this process, and when to try it again.

    An incident is logged once when it starts and once when it ends, one line each: a stopped
    Redis is an operator's matter, not a fault in TIPT, and a traceback per page view would
    bury every other log line.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.since: float | None = None
        self.retry_at = 0.0
        self._lock = threading.Lock()

    def skipping(self) -> bool:
        return self.since is not None and self.clock() < self.retry_at

    def failed(self, error: Exception) -> None:
        with self._lock:
            now = self.clock()
            starting = self.since is None
            if starting:
                self.since = now
            self.retry_at = now + OUTAGE_PAUSE
        if starting:
            logger.warning(
                "Page cache unavailable (%s: %s); rendering pages without it, trying it again "
                "every %d s.",
                type(error).__name__,
                str(error).replace("\n", " "),
                OUTAGE_PAUSE,
            )

    def succeeded(self) -> None:
        if self.since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            logger.info("Page cache is back after %d s.", self.clock() - since)


outage = CacheOutage()
# In front of the shared cache, the pages this process served last (see hot_pages.py).
hot_pages = HotPages(timeout=PAGE_TIMEOUT)


def forget_cached_pages() -> None:
    """Every cached page goes, from the shared cache and from this process's memory (between
    tests, or to time pages rendered from scratch)."""
    cache.clear()
    hot_pages.clear()


def cache_call(method, *args):
    """The cache is an accelerator: while it fails (Redis stopped, unreachable or hanging up to
    the timeouts in settings.py), pages are rendered without it."""
    if outage.skipping():
        return None
    try:
        result = method(*args)
    except Exception as error:  # redis raises its own errors, not a Django one
        outage.failed(error)
        return None
    outage.succeeded()
    return result


def known_query(data: QueryDict, names) -> QueryDict:
    """Each parameter of ``names`` that has a value, in that order, with the value a form reads
    (the last one given); unknown and empty parameters are dropped."""
    query = QueryDict(mutable=True)
    for name in names:
        if value := data.get(name, ""):
            query[name] = value
    return query


def no_parameters(data: QueryDict) -> QueryDict:
    """The query of a page that takes no parameters (a recommendation, the feed)."""
    return QueryDict()


def _at_own_address(request) -> bool:
    """False for a page asked at another address than its own, such as /recommendations/007/."""
    match = request.resolver_match
    return match is not None and request.path == reverse(
        match.view_name, args=match.args, kwargs=match.kwargs
    )


def _filters_refused(response) -> bool:
    """True for a page whose filter form refused a parameter: it is shown, with the form's
    errors, but only valid values may form a key."""
    filterset = (getattr(response, "context_data", None) or {}).get("filter")
    return filterset is not None and filterset.is_bound and not filterset.is_valid()


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _filters_refused(response)
    )


def every_country(request, **kwargs) -> Scope:
    return EVERY_COUNTRY


def asked_country(request, **kwargs) -> Scope:
    """The page versions of a page of the country ``?country=`` asks for, or of every country
    when it asks for none."""
    slug = request.GET.get("country")
    return Scope(slug=slug) if slug else EVERY_COUNTRY


def shown_country_slug(data) -> str:
    """The country a one-country page shows: the one its query asks for, else the default."""
    return data.get("country") or settings.TIPT_DEFAULT_COUNTRY


def shown_country(request, **kwargs) -> Scope:
    """The page versions of a one-country page: those of the country it shows."""
    return Scope(slug=shown_country_slug(request.GET))


def stored(response) -> HttpResponse:
    """What the cache keeps of a page: a plain copy of the response with its headers, kept as
    Django's own cache middleware keeps pages, so a hit unpickles it with nothing to set again.
    """
    patch_vary_headers(response, ("Accept-Encoding",))
    return _with_headers_of(response, response.content)


def compressed(page: HttpResponse) -> HttpResponse:
    """``page`` (as ``stored`` keeps it) compressed once, for the visitors whose browser accepts
    gzip. Public pages hold no secret (no CSRF token, nothing of a session), so compressing
    them gives a BREACH attack nothing to find."""
    copy = _with_headers_of(page, compress_string(page.content))
    copy["Content-Encoding"] = "gzip"
    copy["Content-Length"] = str(len(copy.content))
    return copy


def _with_headers_of(response, content: bytes) -> HttpResponse:
    copy = HttpResponse(content, status=response.status_code)
    for name, value in response.items():
        copy[name] = value
    return copy


def accepts_gzip(request) -> bool:
    """Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0)."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, parameters = coding.partition(";")
        if name.strip().lower() == "gzip":
            quality = parameters.strip().lower().removeprefix("q=").strip() or "1"
            return quality.strip("0.") != ""
    return False


def cache_public_page(view, *, query=no_parameters, scope=every_country):
    """Serve GET/HEAD responses of a public view from the cache while the data is unchanged.

    ``query(request.GET)`` gives the canonical form of the view's known parameters, or None for
    a request that is rendered but never stored (free text, or a value no page has). The view
    then sees only that canonical query as ``request.GET``, so every request that shares a key
    is rendered alike, links included. ``scope(request, **kwargs)``, called with that query,
    says whose page versions key the page (see Scope).

    A request that PublicPageMiddleware looked up already (one without a session: see
    middleware.py) is only rendered here and marked storable; the middleware stores the page
    with the headers the other middleware add. Others (a signed-in staff member's) are looked
    up and stored here, below the session and the other middleware, which still see them.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "public_page_key", None) is not None:
            response = _rendered(view(request, *args, **kwargs))
            response.public_page_storable = _storable(response)
            return response
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        canonical = query(request.GET)
        if canonical is None or not _at_own_address(request):
            return view(request, *args, **kwargs)
        request.GET = canonical
        key = page_key(request, page_versions(scope(request, **kwargs)))
        cached = cache_call(cache.get, key)
        if cached is not None:
            return cached
        response = _rendered(view(request, *args, **kwargs))
        if _storable(response):
            cache_call(cache.set, key, stored(response), PAGE_TIMEOUT)
        return response

    wrapper.public_page = (query, scope)
    return wrapper


def _rendered(response):
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def cache_public_view(view_class):
    """``view_class`` served through cache_public_page, keyed by the ``cache_query`` and
    ``cache_scope`` it declares (a view that reads no parameters declares no ``cache_query``, a
    view of every country's data no ``cache_scope``)."""
    return cache_public_page(
        view_class.as_view(),
        query=getattr(view_class, "cache_query", no_parameters),
        scope=getattr(view_class, "cache_scope", every_country),
    )
