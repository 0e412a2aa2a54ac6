"""The page versions a cached public page is keyed by (models.PageVersion), as the read side
reads them: from the database on each page view, or, on PostgreSQL, from a copy kept in the
process that PostgreSQL tells it to refresh.

recommendations/writes.py raises the versions after each committed change, and on PostgreSQL
sends a notification (``NOTIFY``) in the same transaction, which PostgreSQL delivers at its
commit to every app server listening. Each process keeps one listening connection and, on every
page view, reads what has arrived on it (a non-blocking read of its socket, no round trip):
while nothing has, its copy of the versions is current, and a cache hit costs no query at all.
A notification, a write in the process itself, a copy older than TRUST_SECONDS, or any trouble
with the listening connection sends it back to the database, so a change still shows on every
app server as soon as its commit is delivered. On SQLite (one machine, no notifications) every
page view reads the versions, which costs microseconds there.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import select
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from ..models import Country, PageVersion, Recommendation, Report
from ..models.places import is_country_slug

CHANNEL = "tipt_page_versions"
# Even while no notification arrives, the copy is read again after this many seconds: a
# listening connection that silently stopped hearing cannot keep pages stale for longer.
TRUST_SECONDS = 5
# After trouble with the listening connection, the versions are read from the database on each
# page view for this many seconds before listening is tried again.
LISTEN_RETRY_SECONDS = 30
# Past the largest key a database column holds, an address names no recommendation.
BIGGEST_ID = 2**63
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """Which page versions key a page: a country's (by slug, or by one of its
    recommendations), or every country's (``Scope()``)."""

    slug: str | None = None
    recommendation: int | None = None


EVERY_COUNTRY = Scope()


@functools.cache
def _statements() -> dict[str, str]:
    """The reads of page versions, written once from the tables' names (no input: the slug or
    the recommendation is a parameter)."""
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
        "all": (
            f"SELECT {v}.{kind}, {v}.{number}, {c}.{q('slug')} FROM {v} "  # noqa: S608
            f"LEFT JOIN {c} ON {c}.{q('id')} = {v}.{country}"
        ),
    }


def page_versions(scope: Scope) -> str:
    """The versions of the pages of ``scope`` as a key part, read on every public page view,
    cache hits included: from the process's copy when it is current (see the module), else by
    one plain statement (the ORM would cost more than the database's answer, see bench/run.py).
    """
    if is_country_slug(scope.slug):
        statement, params = "slug", [scope.slug]
    elif scope.recommendation is not None and 0 < scope.recommendation < BIGGEST_ID:
        statement, params = "recommendation", [scope.recommendation]
    else:
        statement, params = "every", []
    if statement != "recommendation" and (copy := copies.current()) is not None:
        return copy.key(scope.slug if statement == "slug" else None)
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


@dataclass(frozen=True)
class _Copy:
    """Every page version at one moment: the catalogue's, each counted country's by slug."""

    catalogue: int = 0
    countries: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def key(self, slug: str | None) -> str:
        """What page_versions gives for that slug (None: every country), from this copy."""
        if slug is None or slug not in self.countries:
            return f"{self.catalogue}.all{self.total}"
        return f"{self.catalogue}.c{self.countries[slug]}"


def _read_all() -> _Copy:
    catalogue, countries = 0, {}
    with connection.cursor() as cursor:
        cursor.execute(_statements()["all"])
        for kind, number, slug in cursor.fetchall():
            if kind == PageVersion.Scope.CATALOGUE:
                catalogue = number
            elif slug is not None:
                countries[slug] = number
    return _Copy(catalogue, countries, sum(countries.values()))


class Copies:
    """This process's copy of the page versions and the connection that says when it is out of
    date (PostgreSQL only; see the module)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._pid = None
        self._listener = None
        self._retry_at = 0.0
        self._copy: _Copy | None = None
        self._read_at = 0.0
        # Connections inherited from a parent process: kept, never closed, since closing one
        # would end the parent's session too.
        self._inherited = []

    def enabled(self) -> bool:
        return connection.vendor == "postgresql" and settings.TIPT_PAGE_VERSION_NOTIFICATIONS

    def current(self) -> _Copy | None:
        """The copy, read again first if anything says it may be out of date; None when the
        versions must be read from the database."""
        if not self.enabled():
            return None
        with self._lock:
            if os.getpid() != self._pid:
                self._forked()
            if not self._listening():
                return None
            if self._copy is None or self.clock() - self._read_at > TRUST_SECONDS:
                # Listening already: a change committed from now on empties the copy again.
                self._read_at = self.clock()
                self._copy = _read_all()
            return self._copy

    def changed_here(self) -> None:
        """A write of this process raised versions: read them again at the next page view
        (its own notification may arrive a moment later)."""
        self._copy = None

    def forget(self) -> None:
        """Drop the copy and the listening connection (tests; a fresh start)."""
        with self._lock:
            self._close()
            self._copy = None
            self._retry_at = 0.0

    def _listening(self) -> bool:
        """Open the listening connection if needed and take in what arrived on it; False while
        there is none."""
        if self._listener is None:
            if self.clock() < self._retry_at:
                return False
            try:
                self._listener = self._listen()
            except Exception as error:  # the database's own errors, whatever the driver
                self._trouble(error)
                return False
            self._copy = None
        try:
            pgconn = self._listener.pgconn
            # Everything that has arrived, until the socket has nothing more (an ended session
            # sends its reason first and closes after: the second read sees the end).
            for _ in range(3):
                pgconn.consume_input()
                while pgconn.notifies() is not None:
                    self._copy = None
                if not select.select([pgconn.socket], [], [], 0)[0]:
                    break
        except Exception as error:
            self._trouble(error)
            return False
        return True

    def _listen(self):
        import psycopg

        params = connection.get_connection_params()
        for name in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
            params.pop(name, None)
        listener = psycopg.connect(
            **params,
            autocommit=True,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        )
        listener.execute(f"LISTEN {CHANNEL}")
        return listener

    def _trouble(self, error: Exception) -> None:
        logger.warning(
            "Not listening for page version changes (%s: %s); reading them on each page view, "
            "trying again in %d s.",
            type(error).__name__,
            str(error).replace("\n", " "),
            LISTEN_RETRY_SECONDS,
        )
        self._close()
        self._copy = None
        self._retry_at = self.clock() + LISTEN_RETRY_SECONDS

    def _close(self) -> None:
        if self._listener is not None:
            listener, self._listener = self._listener, None
            with contextlib.suppress(Exception):  # already broken: nothing left to close
                listener.close()

    def _forked(self) -> None:
        if self._listener is not None:
            self._inherited.append(self._listener)
        self._listener, self._copy, self._pid = None, None, os.getpid()


copies = Copies()


def notify_changed() -> None:
    """Tell every process's copy that versions changed, when the current transaction commits
    (PostgreSQL; nothing to tell elsewhere). The writing process's own copy is told at once by
    ``copies.changed_here()``, which the writer calls after its transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
