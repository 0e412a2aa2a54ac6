"""A recommendation's thread across the years: the reads that look across it.

A recommendation and its predecessors (``previous``, a report of the same country, earlier) are
one commitment. Each recommendation keeps its place in that chain as a materialized path,
``thread_path`` = "/root_pk/.../previous_pk/own_pk/", and ``thread_root`` = root_pk, the first
pk of the path, so that the database finds a thread's rows through an index before it compares
paths. The thread of a version V is its ancestors (V's path starts with theirs) and its
descendants (their paths start with V's); the siblings of a split (two successors of one
predecessor) share V's ancestors but are not in V's thread. services/threads.py recomputes the
paths after every change of a link; ``thread_paths`` is the computation.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
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
        is neither)."""
        from .evidence import EvidenceNote, StatusChange

        in_thread = in_outer_thread("recommendation__")
        changed_on = (
            StatusChange.objects.filter(in_thread)
            .order_by("-changed_at")
            .annotate(on=TruncDate("changed_at"))
            .values("on")[:1]
        )
        noted_on = (
            EvidenceNote.objects.public()
            .filter(in_thread)
            .order_by("-happened_on")
            .values("happened_on")[:1]
        )
        never = Value(datetime.date.min)
        latest = Greatest(
            Coalesce(Subquery(changed_on, output_field=models.DateField()), never),
            Coalesce(Subquery(noted_on), never),
        )
        return self.annotate(last_update=NullIf(latest, never))

    def with_last_staff_update(self):
        """Annotate ``last_update`` for the staff workspace: the later of the last save and the
        last evidence note anywhere in the thread, internal ones included (never for public
        pages)."""
        from .evidence import EvidenceNote

        latest_note = (
            EvidenceNote.objects.filter(in_outer_thread("recommendation__"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(
            last_update=Greatest(F("updated_at"), Coalesce(Subquery(latest_note), F("updated_at")))
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
