"""A recommendation's thread across the years: the reads that look across it.

A recommendation and its predecessors (``previous``, a report of the same country, earlier) are
one commitment. Each recommendation keeps its place in that chain as a materialized path,
``thread_path`` = "/root_pk/.../previous_pk/own_pk/", and ``thread_root`` = root_pk, the first
pk of the path, so that the database finds a thread's rows through an index before it compares
paths. The thread of a version V is its ancestors (V's path starts with theirs) and its
descendants (their paths start with V's); the siblings of a split (two successors of one
predecessor) share V's ancestors but are not in V's thread. services/threads.py recomputes the
paths after every change of a link; ``thread_paths`` is the computation.

What the lists, the exports and the reminders read across a thread, each recommendation keeps
as columns of its own (``thread_public_update_on``, ``thread_last_change_at``,
``thread_latest_public_note``, ``thread_last_note_at``): services/threads.py refreshes them in
the transaction of every write that changes them, ``thread_summaries`` combines a thread's
rows, so that no read looks across a thread row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import StartsWith

from .places import Report

SEPARATOR = "/"


def thread_paths(links: dict[int, int | None]) -> dict[int, str]:
    """The path of each recommendation of ``links`` (pk -> its predecessor's pk, or None): the
    pks from the root of its chain to its own, "/3/8/21/". A predecessor outside ``links`` (of
    no recommendation read) ends the chain, so does a loop, which the rules never let in."""
    paths: dict[int, str] = {}
    for start in links:
        chain, seen, pk = [], set(), start
        while pk is not None and pk in links and pk not in paths and pk not in seen:
            seen.add(pk)
            chain.append(pk)
            pk = links[pk]
        prefix = paths.get(pk, SEPARATOR) if pk is not None else SEPARATOR
        for pk in reversed(chain):
            prefix = f"{prefix}{pk}{SEPARATOR}"
            paths[pk] = prefix
    return paths


def thread_root(path: str) -> int | None:
    """The first pk of ``path``: the root of the thread."""
    first = path.strip(SEPARATOR).split(SEPARATOR, 1)[0]
    return int(first) if first else None


def ancestor_pks(path: str) -> list[int]:
    """The pks in ``path``, oldest first: the recommendation's own and its predecessors'."""
    return [int(pk) for pk in path.strip(SEPARATOR).split(SEPARATOR) if pk]


@dataclass(frozen=True)
class ThreadSummary:
    """What a thread's reads need, for a set of recommendations; ``combined`` with another
    set's is that of both."""

    public_update_on: object = None  # a date
    last_change_at: object = None
    latest_public_note: tuple | None = None  # (happened_on, pk): the export's order
    last_note_at: object = None

    def combined(self, other: ThreadSummary) -> ThreadSummary:
        return ThreadSummary(
            *(later(a, b) for a, b in zip(self.values(), other.values(), strict=True))
        )

    def values(self) -> tuple:
        return (
            self.public_update_on,
            self.last_change_at,
            self.latest_public_note,
            self.last_note_at,
        )


def later(a, b):
    """The later of two values, either of which may be None (nothing yet)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def thread_summaries(
    own: dict[int, ThreadSummary], paths: dict[int, str]
) -> dict[int, ThreadSummary]:
    """Each row's summary across its thread, from each row's own: its ancestors' (the pks of
    its path) combined with its descendants' (the rows below it), in one pass each way over
    the trees, deepest rows first for the descendants, shallowest first for the ancestors."""
    parent = {}
    for pk, path in paths.items():
        pks = path.strip(SEPARATOR).split(SEPARATOR)
        above = int(pks[-2]) if len(pks) > 1 else None
        parent[pk] = above if above in own else None
    by_depth = sorted(own, key=lambda pk: paths[pk].count(SEPARATOR))
    below = dict(own)  # itself and its descendants
    for pk in reversed(by_depth):
        if parent[pk] is not None:
            below[parent[pk]] = below[parent[pk]].combined(below[pk])
    above = {}  # itself and its ancestors
    for pk in by_depth:
        up = parent[pk]
        above[pk] = own[pk] if up is None else above[up].combined(own[pk])
    return {pk: above[pk].combined(below[pk]) for pk in own}


def in_outer_thread(prefix: str = "") -> Q:
    """Rows in the thread of the outer query's recommendation (for subqueries: OuterRef is
    that recommendation): recommendations, or with ``prefix`` "recommendation__" their notes
    and status changes. The root's equality comes first: the database finds the thread's few
    rows by its index, then compares their paths."""
    path = F(f"{prefix}thread_path")
    return Q(**{f"{prefix}thread_root": OuterRef("thread_root")}) & (
        Q(**{f"{prefix}thread_path__startswith": OuterRef("thread_path")})
        | Q(StartsWith(OuterRef("thread_path"), path))
    )


class ThreadQuerySetMixin:
    """The reads of RecommendationQuerySet that look across threads."""

    def thread_of(self, recommendation):
        """Every version of ``recommendation``'s thread (its predecessors, itself and its
        successors, not its siblings in a split), oldest report first, in one query."""
        path = recommendation.thread_path
        if not path:
            return self.filter(pk=recommendation.pk)
        return self.filter(
            Q(pk__in=ancestor_pks(path))
            | Q(thread_root=thread_root(path), thread_path__startswith=path)
        ).order_by("report__year", "position")

    def with_last_update(self):
        """Annotate ``last_update``: the date of the latest status change or public evidence
        note anywhere in the thread, the events the public timeline shows (None when there
        is neither): the summary each row keeps (services/threads.py)."""
        return self.annotate(last_update=F("thread_public_update_on"))

    def with_last_staff_update(self):
        """Annotate ``last_update`` for the staff workspace: the later of the last save and the
        last evidence note anywhere in the thread, internal ones included (never for public
        pages)."""
        return self.annotate(
            last_update=Greatest(
                F("updated_at"), Coalesce(F("thread_last_note_at"), F("updated_at"))
            )
        )

    def with_next_report(self):
        """Annotate ``next_report_year``: the year of the country's next report, None for a
        recommendation of its latest one. With no successor there, it was dropped."""
        later = Report.objects.filter(
            country=OuterRef("report__country"), year__gt=OuterRef("report__year")
        ).order_by("year")
        return self.annotate(next_report_year=Subquery(later.values("year")[:1]))

    def with_successors(self):
        """Each row's ``successors`` (the recommendations of later reports that follow it; two
        or more for a split) read with their years, in one query for the whole page."""
        successors = (
            self.model.objects.select_related("report")
            .only("pk", "position", "previous_id", "report__year")
            .order_by("report__year", "position")
        )
        return self.prefetch_related(Prefetch("successors", queryset=successors))

    def superseded(self):
        """Recommendations a later report carried over (each has a successor)."""
        return self.filter(Exists(self.model.objects.filter(previous=OuterRef("pk"))))

    def dropped(self):
        """Recommendations of an earlier report that no later report carried over."""
        return self.exclude(pk__in=self.model.objects.current().values("pk")).exclude(
            Exists(self.model.objects.filter(previous=OuterRef("pk")))
        )
