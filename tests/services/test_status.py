"""A recommendation's status: the raw write and its history row, and the bulk service a person
calls, all or nothing, in the same number of queries however many are chosen."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from recommendations import services
from recommendations.models import Recommendation, Status, StatusChange
from recommendations.services.status import _recommendation_set_status

from ..conftest import NOTIFY_QUERIES
from ..factories import (
    EditorFactory,
    MinistryFactory,
    RecommendationFactory,
    SecretariatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_set_status_changes_status_and_records_history():
    rec = RecommendationFactory()
    user = UserFactory()
    change = _recommendation_set_status(
        recommendation=rec, status=Status.IN_PROGRESS, user=user, note="Bill tabled"
    )
    rec.refresh_from_db()
    assert rec.status == Status.IN_PROGRESS
    assert rec.version == 2
    row = StatusChange.objects.get()
    assert row == change
    assert (row.old_status, row.new_status, row.changed_by, row.note) == (
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        user,
        "Bill tabled",
    )


def test_set_status_to_the_same_status_records_nothing():
    rec = RecommendationFactory(status=Status.STALLED)
    assert _recommendation_set_status(recommendation=rec, status=Status.STALLED) is None
    assert not StatusChange.objects.exists()


def test_set_status_refuses_an_unknown_status():
    rec = RecommendationFactory()
    with pytest.raises(ValueError):
        _recommendation_set_status(recommendation=rec, status="finished")
    rec.refresh_from_db()
    assert rec.status == Status.NOT_STARTED
    assert not StatusChange.objects.exists()


def _editor_with(count):
    ministry = MinistryFactory()
    editor = EditorFactory(ministries=[ministry])
    led = [RecommendationFactory(lead_ministry=ministry) for _ in range(count // 2)]
    supported = [RecommendationFactory() for _ in range(count - len(led))]
    for rec in supported:
        rec.supporting_ministries.add(ministry)
    return editor, led + supported


@pytest.mark.parametrize("count", [5, 20])
def test_bulk_status_query_count_is_pinned(django_assert_num_queries, count, settings):
    # An editor's change made at once, with no review asked (the secretariat's are always).
    settings.TIPT_STATUS_REVIEW = "none"
    editor, recs = _editor_with(count)
    # The savepoint and its release (2); the editor's permissions, role and ministries (4); the
    # locked read that checks the right to all of them (1); the history rows, the status and
    # the audit entries (3); the proposals it overtakes withdrawn (1); their threads'
    # summaries read and written again (2); the pages
    # forgotten, run at once in tests (4, and on PostgreSQL the notification that tells the
    # other app servers).
    with django_assert_num_queries(17 + NOTIFY_QUERIES):
        changes = services.recommendation_bulk_set_status(
            recommendations=recs, status=Status.COMPLETED, user=editor
        )
    assert len(changes) == count
    assert StatusChange.objects.filter(new_status=Status.COMPLETED).count() == count


def test_bulk_status_writes_one_history_row_each_none_for_those_already_so(settings):
    settings.TIPT_STATUS_REVIEW = "none"
    editor, recs = _editor_with(4)
    _recommendation_set_status(recommendation=recs[0], status=Status.STALLED)
    changes = services.recommendation_bulk_set_status(
        recommendations=recs, status=Status.STALLED, user=editor, note="Budget frozen"
    )
    assert {change.recommendation_id for change in changes} == {rec.pk for rec in recs[1:]}
    rows = StatusChange.objects.filter(note="Budget frozen")
    assert sorted(rows.values_list("recommendation_id", flat=True)) == sorted(
        rec.pk for rec in recs[1:]
    )
    assert {(row.old_status, row.changed_by) for row in rows} == {(Status.NOT_STARTED, editor)}
    for rec in recs:
        saved = Recommendation.objects.get(pk=rec.pk)
        assert (rec.status, rec.version) == (saved.status, saved.version) == (Status.STALLED, 2)


def test_bulk_status_refuses_all_when_one_is_out_of_scope():
    editor, recs = _editor_with(3)
    theirs = RecommendationFactory()
    with pytest.raises(PermissionDenied):
        services.recommendation_bulk_set_status(
            recommendations=[*recs, theirs], status=Status.COMPLETED, user=editor
        )
    assert not StatusChange.objects.exists()
    assert set(Recommendation.objects.values_list("version", flat=True)) == {1}


def test_bulk_status_is_audited_as_a_save_of_each_would_be():
    secretariat = SecretariatFactory()
    by_save, *by_bulk = [RecommendationFactory() for _ in range(3)]
    with set_actor(secretariat, remote_addr="192.0.2.7"):
        by_save.status = Status.STALLED
        by_save.save(update_fields=["status", "version", "updated_at"])
        services.recommendation_bulk_set_status(
            recommendations=by_bulk, status=Status.STALLED, user=secretariat
        )
    fields = ("action", "changes", "actor", "actor_email", "remote_addr", "additional_data")

    def audited(rec):
        entry = LogEntry.objects.get_for_object(rec).get(action=LogEntry.Action.UPDATE)
        assert entry.object_repr == str(rec)
        return {name: getattr(entry, name) for name in fields}

    assert audited(by_bulk[0]) == audited(by_bulk[1]) == audited(by_save)
    assert audited(by_save)["changes"] == {"status": [Status.NOT_STARTED, Status.STALLED]}
    assert audited(by_save)["actor"] == secretariat
