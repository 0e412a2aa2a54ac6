"""Evidence notes' unchecked primitives: a new note is internal, publishing it is recorded."""

import pytest

from recommendations.models import Visibility
from recommendations.services.evidence import _evidence_note_create, _evidence_note_publish

from ..factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_new_evidence_is_internal_and_publishing_is_recorded():
    rec = RecommendationFactory()
    user = UserFactory()
    note = _evidence_note_create(
        recommendation=rec, author=user, happened_on="2020-01-31", text="Training held"
    )
    assert note.visibility == Visibility.INTERNAL
    published = _evidence_note_publish(note=note, user=user)
    assert published.visibility == Visibility.PUBLIC
    assert published.published_by == user and published.published_at is not None
