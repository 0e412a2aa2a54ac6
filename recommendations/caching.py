"""Whole-page caching of public pages that is never stale.

A public page is cached under a key made of the content version (a counter in the database,
raised in the same transaction as any change to reports, recommendations, ministries, evidence
or status), the database, the language, the day (overdue flags change at midnight) and the
page's address: its path and the canonical form of its known parameters. A hit costs one
single-row query and one cache read; any committed change makes every cached page unreachable
at once, on every app server, whether the cache is per process or a shared Redis.
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
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from .models import ContentVersion

PAGE_TIMEOUT = 300
# After a failed cache call, pages are rendered without the cache for this many seconds before
# it is tried again: a hanging Redis costs one short timeout per incident, not one per page.
OUTAGE_PAUSE = 30
logger = logging.getLogger(__name__)


def content_version() -> int:
    """The counter, read on every public page view, cache hits included. One plain statement:
    building it with the ORM costs more than the database's answer (see bench/run.py)."""
    meta, quote = ContentVersion._meta, connection.ops.quote_name
    table, number, pk = quote(meta.db_table), quote("number"), quote(meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {number} FROM {table} WHERE {pk} = 1")  # noqa: S608 (no input)
        row = cursor.fetchone()
    return row[0] if row else 0


def content_version_bump(**kwargs) -> None:
    """Raise the counter. Runs inside the writer's transaction, so both commit together."""
    if ContentVersion.objects.filter(pk=1).update(number=F("number") + 1) == 0:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


@contextmanager
def writing():
    """A write transaction that takes the content version's row lock before any other.

    Every writer locks the counter anyway (the signals above raise it); taking it first, in
    every service, keeps one lock order across writers, so two writers never deadlock on it
    and on the rows they change.
    """
    with transaction.atomic():
        content_version_bump()
        yield


def _m2m_bump(action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        content_version_bump()


def connect_invalidation(models, m2m_throughs) -> None:
    """Tracked data's saves and deletes raise the content version (infrastructure, not a
    domain rule: it only makes cached pages unreachable)."""
    for model in models:
        post_save.connect(content_version_bump, sender=model, dispatch_uid=f"cv-save-{model}")
        post_delete.connect(content_version_bump, sender=model, dispatch_uid=f"cv-del-{model}")
    for through in m2m_throughs:
        m2m_changed.connect(_m2m_bump, sender=through, dispatch_uid=f"cv-m2m-{through}")


def _key(request, version: int) -> str:
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
    return f"page:{version}:{translation.get_language()}:{day}:{path}"


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


def cache_public_page(view, *, query=no_parameters):
    """Serve GET/HEAD responses of a public view from the cache while the data is unchanged.

    ``query(request.GET)`` gives the canonical form of the view's known parameters, or None for
    a request that is rendered but never stored (free text, or a value no page has). The view
    then sees only that canonical query as ``request.GET``, so every request that shares a key
    is rendered alike, links included.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        canonical = query(request.GET)
        if canonical is None or not _at_own_address(request):
            return view(request, *args, **kwargs)
        request.GET = canonical
        key = _key(request, content_version())
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
