"""Whole-page caching of public pages that is never stale: its read side (the keys, the
canonical queries, the page versions read, the outage guard, ``cache_public_page``);
recommendations/writes.py is the write side, which raises the page versions.

A public page is cached under a key made of its page versions (models.PageVersion: the
catalogue's counter and its country's, or the sum of every country's for pages across
countries, raised after each committed change to what they show), the database, the language,
the day (overdue flags change at midnight) and the page's address: its path and the canonical
form of its known parameters. A hit costs one query and one cache read; a committed change
makes the pages it changed unreachable, on every app server, whether the cache is per process
or a shared Redis, and leaves the others cached.
Public pages never depend on who is signed in, so the key does not either; nor on anything else
in the query string, so junk added to an address can neither fill the cache nor show in a page
served to someone else.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Country, PageVersion, Recommendation, Report
from ..models.places import is_country_slug

PAGE_TIMEOUT = 300
# After a failed cache call, pages are rendered without the cache for this many seconds before
# it is tried again: a hanging Redis costs one short timeout per incident, not one per page.
OUTAGE_PAUSE = 30
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """Which page versions key a page: a country's (by slug, or by one of its
    recommendations), or every country's (``Scope()``)."""

    slug: str | None = None
    recommendation: int | None = None


EVERY_COUNTRY = Scope()
# Past the largest key a database column holds, an address names no recommendation.
BIGGEST_ID = 2**63


@functools.cache
def _statements() -> dict[str, str]:
    """The three reads of page versions, written once from the tables' names (no input: the
    slug or the recommendation is a parameter)."""
    q = connection.ops.quote_name
    v, c, r, x = (
        q(model._meta.db_table) for model in (PageVersion, Country, Report, Recommendation)
    )
    kind, number, country = q("scope"), q("number"), q("country_id")
    country_rows = f"SELECT {kind}, {number} FROM {v} WHERE {kind} = 'catalogue' OR {country} = "  # noqa: S608
    return {
        "slug": f"{country_rows}(SELECT {q('id')} FROM {c} WHERE {q('slug')} = %s)",  # noqa: S608
        "recommendation": (
            f"{country_rows}(SELECT {r}.{country} FROM {r} JOIN {x} "  # noqa: S608
            f"ON {x}.{q('report_id')} = {r}.{q('id')} WHERE {x}.{q('id')} = %s)"
        ),
        "every": f"SELECT {kind}, SUM({number}) FROM {v} GROUP BY {kind}",  # noqa: S608
    }


def page_versions(scope: Scope) -> str:
    """The versions of the pages of ``scope`` as a key part, read on every public page view,
    cache hits included: one plain statement (the ORM would cost more than the database's
    answer, see bench/run.py)."""
    if is_country_slug(scope.slug):
        statement, params = "slug", [scope.slug]
    elif scope.recommendation is not None and 0 < scope.recommendation < BIGGEST_ID:
        statement, params = "recommendation", [scope.recommendation]
    else:
        statement, params = "every", []
    with connection.cursor() as cursor:
        cursor.execute(_statements()[statement], params)
        found = dict(cursor.fetchall())
    catalogue = found.get("catalogue", 0)
    if statement == "every":
        return f"{catalogue}.all{found.get('country', 0)}"
    if "country" not in found:
        # A country never counted yet, or none at that address: key it as every country's.
        return page_versions(EVERY_COUNTRY)
    return f"{catalogue}.c{found['country']}"


def _key(request, versions: str) -> str:
    # The database is part of the key, so two sites sharing one Redis (staging and production,
    # say) never serve each other's pages; the feed's links are absolute, so the scheme and
    # host are part of what is cached.
    db = connection.settings_dict
    where = (
        f"{db['ENGINE']}|{db['HOST']}|{db['PORT']}|{db['NAME']}|"
        f"{request.scheme}://{request.get_host()}{request.path}?{request.GET.urlencode()}"
    )
    path = hashlib.sha256(where.encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return f"page:{versions}:{translation.get_language()}:{day}:{path}"


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


def _cache_call(method, *args):
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


def cache_public_page(view, *, query=no_parameters, scope=every_country):
    """Serve GET/HEAD responses of a public view from the cache while the data is unchanged.

    ``query(request.GET)`` gives the canonical form of the view's known parameters, or None for
    a request that is rendered but never stored (free text, or a value no page has). The view
    then sees only that canonical query as ``request.GET``, so every request that shares a key
    is rendered alike, links included. ``scope(request, **kwargs)``, called with that query,
    says whose page versions key the page (see Scope).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        canonical = query(request.GET)
        if canonical is None or not _at_own_address(request):
            return view(request, *args, **kwargs)
        request.GET = canonical
        key = _key(request, page_versions(scope(request, **kwargs)))
        cached = _cache_call(cache.get, key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(response):
            entry = (200, list(response.items()), response.content)
            _cache_call(cache.set, key, entry, PAGE_TIMEOUT)
        return response

    return wrapper


def cache_public_view(view_class):
    """``view_class`` served through cache_public_page, keyed by the ``cache_query`` and
    ``cache_scope`` it declares (a view that reads no parameters declares no ``cache_query``)."""
    return cache_public_page(
        view_class.as_view(),
        query=getattr(view_class, "cache_query", no_parameters),
        scope=view_class.cache_scope,
    )
