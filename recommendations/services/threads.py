"""The threads of recommendations across the years: their paths (models/thread.py) worked out
again after any change of a link, and the summaries each recommendation keeps of its thread,
inside the transaction that changed them.

``_thread_paths_recompute`` is the unchecked primitive every write that links, re-links,
replaces or deletes recommendations calls (the import, a recommendation added or edited,
deletions in the staff workspace): a thread never crosses countries, so only the countries
written are read again. It refreshes the summaries of those countries' threads too.

``thread_summaries_refresh`` is the one computation of the summaries (the thread's last public
update, last status change, latest public note and last note of any visibility): every write
that changes what they summarise calls it (status changes, evidence notes, the paths above).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from ..models import EvidenceNote, Recommendation, StatusChange, Visibility
from ..models.thread import (
    SEPARATOR,
    ThreadSummary,
    later,
    thread_paths,
    thread_root,
    thread_summaries,
)

BATCH = 1000
# Thread roots read per query by thread_summaries_refresh: whole threads, in bounded statements.
ROOTS_PER_QUERY = 500
SUMMARY_FIELDS = [
    "thread_public_update_on",
    "thread_last_change_at",
    "thread_latest_public_note",
    "thread_last_note_at",
]
_COLUMNS = [f"{name}_id" if name.endswith("note") else name for name in SUMMARY_FIELDS]


def _thread_paths_recompute(*, countries) -> int:
    """Recompute the thread paths of the recommendations of ``countries`` (pks), then their
    threads' summaries; returns how many paths changed. One query reads the links, the paths
    are worked out in memory, and one UPDATE per thousand changed rows writes them: a fixed
    number whatever the years linked. Inside the transaction of the write (no savepoint)."""
    countries = set(countries)
    if not countries:
        return 0
    _require_write()
    rows = list(
        Recommendation.objects.filter(report__country__in=countries)
        .order_by()
        .values_list("pk", "previous_id", "thread_path", "thread_root")
    )
    paths = thread_paths({pk: previous for pk, previous, _path, _root in rows})
    changed = [
        Recommendation(pk=pk, thread_path=paths[pk], thread_root=thread_root(paths[pk]))
        for pk, _previous, path, root in rows
        if path != paths[pk] or root != thread_root(paths[pk])
    ]
    Recommendation.objects.bulk_update(changed, ["thread_path", "thread_root"], batch_size=BATCH)
    # Every thread of these countries: a link or a deletion may have moved notes and status
    # changes into a thread, or out of it, whose own paths stayed as they were.
    thread_summaries_refresh(roots={thread_root(path) for path in paths.values()})
    return len(changed)


def _require_write() -> None:
    """Paths and summaries are written in the transaction of the write that changed them (its
    writes.writing()), with no savepoint of their own: refused outside one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Thread paths and summaries are written in their write's transaction.")


def thread_summaries_refresh(*, roots=(), recommendations=(), tables=None) -> int:
    """Recompute the thread summaries of every recommendation of the threads rooted at
    ``roots`` (pks) and of the threads of ``recommendations`` (pks); returns how many rows
    changed. ``tables`` (Recommendation, EvidenceNote, StatusChange) are a migration's own.

    One query per ROOTS_PER_QUERY roots reads the rows with their own latest status change and
    notes (each found by its index), the threads are combined in memory (a row's thread is its
    ancestors and its descendants), and one UPDATE per thousand changed rows writes them.
    Inside the transaction of the write that changed them (no savepoint)."""
    tables = tables or (Recommendation, EvidenceNote, StatusChange)
    roots = sorted({root for root in roots if root is not None})
    recommendations = set(recommendations)
    wanted = [
        Q(thread_root__in=roots[at : at + ROOTS_PER_QUERY])
        for at in range(0, len(roots), ROOTS_PER_QUERY)
    ]
    if recommendations:
        # Their threads' rows, found by the roots read in the same query (one whose path was
        # never worked out is a thread of its own).
        of_them = tables[0].objects.filter(pk__in=recommendations).values("thread_root")
        wanted.append(Q(thread_root__in=of_them) | Q(pk__in=recommendations))
    _require_write()
    return sum(_refresh(rows_wanted, tables) for rows_wanted in wanted)


def _refresh(rows_wanted: Q, tables) -> int:
    Recommendation, EvidenceNote, StatusChange = tables  # noqa: N806 (a migration's, or ours)
    own = OuterRef("pk")
    public_notes = EvidenceNote.objects.filter(
        recommendation=own, visibility=Visibility.PUBLIC
    ).order_by("-happened_on", "-pk")
    rows = list(
        Recommendation.objects.filter(rows_wanted)
        .order_by()
        .annotate(
            own_change_at=Subquery(
                StatusChange.objects.filter(recommendation=own)
                .order_by("-changed_at", "-pk")
                .values("changed_at")[:1]
            ),
            own_public_on=Subquery(public_notes.values("happened_on")[:1]),
            own_public_pk=Subquery(public_notes.values("pk")[:1]),
            own_note_at=Subquery(
                EvidenceNote.objects.filter(recommendation=own)
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
        )
        .values_list(
            "pk",
            "thread_path",
            "own_change_at",
            "own_public_on",
            "own_public_pk",
            "own_note_at",
            *_COLUMNS,
        )
    )
    if not rows:
        return 0
    own_summaries, paths, saved = {}, {}, {}
    for pk, path, change_at, public_on, public_pk, note_at, *current in rows:
        change_on = _local_date(change_at)
        own_summaries[pk] = ThreadSummary(
            public_update_on=later(change_on, public_on),
            last_change_at=change_at,
            latest_public_note=(public_on, public_pk) if public_pk is not None else None,
            last_note_at=note_at,
        )
        paths[pk] = path or f"{SEPARATOR}{pk}{SEPARATOR}"
        saved[pk] = tuple(current)
    summaries = thread_summaries(own_summaries, paths)
    changed = {}
    for pk, summary in summaries.items():
        note = summary.latest_public_note
        values = (
            summary.public_update_on,
            summary.last_change_at,
            note[1] if note else None,
            summary.last_note_at,
        )
        if values != saved[pk]:
            changed[pk] = values
    _summaries_write(Recommendation, changed)
    return len(changed)


# On PostgreSQL every changed row in one UPDATE from arrays: bulk_update's CASE per field costs
# minutes for a whole database (the bench data, the migration), this a few seconds.
_UPDATE_FROM_ARRAYS = """
    UPDATE {table} SET {sets}
    FROM unnest(%s::bigint[], %s::date[], %s::timestamptz[], %s::bigint[], %s::timestamptz[])
        AS summary(pk, {names})
    WHERE {table}.{pk} = summary.pk
"""


def _summaries_write(Recommendation, changed: dict[int, tuple]) -> None:  # noqa: N803
    """Write each changed row's summaries (pk -> values in SUMMARY_FIELDS' order)."""
    if not changed:
        return
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        rows = [
            Recommendation(pk=pk, **dict(zip(_COLUMNS, values, strict=True)))
            for pk, values in changed.items()
        ]
        Recommendation.objects.bulk_update(rows, SUMMARY_FIELDS, batch_size=BATCH)
        return
    quote = connection.ops.quote_name
    sql = _UPDATE_FROM_ARRAYS.format(
        table=quote(Recommendation._meta.db_table),
        pk=quote(Recommendation._meta.pk.column),
        sets=", ".join(f"{quote(column)} = summary.{column}" for column in _COLUMNS),
        names=", ".join(_COLUMNS),
    )
    columns = [list(changed), *map(list, zip(*changed.values(), strict=True))]
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)


def _local_date(moment):
    """The date of ``moment`` where the task force works (settings.TIME_ZONE), as the public
    pages date a status change."""
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()
