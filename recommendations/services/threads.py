"""The threads of recommendations across the years: their paths (models/thread.py) worked out
again after any change of a link, inside the transaction that changed it.

``_thread_paths_recompute`` is the unchecked primitive every write that links, re-links,
replaces or deletes recommendations calls (the import, a recommendation added or edited,
deletions in the staff workspace): a thread never crosses countries, so only the countries
written are read again.
"""

from __future__ import annotations

from ..models import Recommendation
from ..models.thread import thread_paths, thread_root
from ..writes import writing

BATCH = 1000


def _thread_paths_recompute(*, countries) -> int:
    """Recompute the thread paths of the recommendations of ``countries`` (pks); returns how
    many changed. One query reads the links, the paths are worked out in memory, and one
    UPDATE per thousand changed rows writes them: a fixed number whatever the years linked."""
    countries = set(countries)
    if not countries:
        return 0
    with writing():
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
        Recommendation.objects.bulk_update(
            changed, ["thread_path", "thread_root"], batch_size=BATCH
        )
        return len(changed)
