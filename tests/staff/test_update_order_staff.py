"""The staff workspace lists a recommendation's evidence notes and status history in the one
order of updates (by the date something happened, then by when it was recorded, newest
first), and its change page says so."""

import pytest
from django.urls import reverse

from recommendations.models import EvidenceNote, StatusChange

from ..admin_forms import login
from ..update_order_data import build_updates

pytestmark = pytest.mark.django_db

NOTE = (
    "Dates are when each update happened, newest first; updates of the same date are in the "
    "order they were recorded, latest first."
)


def inline_rows(response, model) -> list[int]:
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    ]
    return [form.instance.pk for form in formset.initial_forms]


def test_the_change_page_lists_notes_and_status_history_by_the_rule(client, secretariat):
    updates = build_updates()
    login(client, secretariat)
    url = reverse("admin:recommendations_recommendation_change", args=[updates.recommendation.pk])
    response = client.get(url)
    assert response.status_code == 200
    notes = [row.pk for row in updates.in_order if isinstance(row, EvidenceNote)]
    changes = [row.pk for row in updates.in_order if isinstance(row, StatusChange)]
    # The note written last (highest id) was recorded first that day: it comes after.
    assert notes[1] > notes[0] and inline_rows(response, EvidenceNote) == notes
    assert inline_rows(response, StatusChange) == changes
    assert NOTE in response.content.decode()


def test_an_editor_sees_the_same_order(client, editor, ministry):
    updates = build_updates()
    updates.recommendation.lead_ministry = ministry
    updates.recommendation.save()
    login(client, editor)
    url = reverse("admin:recommendations_recommendation_change", args=[updates.recommendation.pk])
    response = client.get(url)
    assert response.status_code == 200
    notes = [row.pk for row in updates.in_order if isinstance(row, EvidenceNote)]
    assert inline_rows(response, EvidenceNote) == notes


def test_the_evidence_notes_list_follows_the_rule(client, secretariat):
    updates = build_updates()
    login(client, secretariat)
    response = client.get(reverse("admin:recommendations_evidencenote_changelist"))
    notes = [row.pk for row in updates.in_order if isinstance(row, EvidenceNote)]
    assert [note.pk for note in response.context["cl"].result_list] == notes
