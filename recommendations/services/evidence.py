"""Evidence notes: added by staff (always internal, unless the secretariat publishes at once),
corrected, published or taken back, deleted. Only the secretariat publishes; an editor corrects
or withdraws their own note until it is published (roles.may_edit_note), and submits it for
publication (services/review.py, where the secretariat's decisions on it are too). A published
note corrected or withdrawn leaves a public, dated NoteCorrection line. Whichever service
publishes a submitted note, its author is mailed the decision (services/review_mail.py).

The services a person calls check that person's right: ``evidence_note_add``,
``evidence_note_update``, ``evidence_note_delete``, ``evidence_notes_publish``. The unchecked
primitives they are made of, ``_evidence_note_create`` and ``_evidence_note_publish``, are for
them and for the system itself, which imports them by name: ``load_demo`` publishes the notes
it quotes from a public report, and tests set up their data with them.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles
from ..models import (
    Decision,
    EvidenceNote,
    NoteCorrection,
    NoteReview,
    Recommendation,
    ReviewDecision,
    Visibility,
)
from ..translation import english_name
from ..writes import writing
from .review_mail import decisions_notify
from .rights import require_edit
from .threads import thread_summaries_refresh


class EvidenceNoteConflict(Exception):
    """Someone else saved the note after this edit began; nothing was written."""

    def __init__(self, current: EvidenceNote):
        super().__init__(
            _(
                "%(note)s was changed by someone else after you opened it; nothing was saved. "
                "Reload the page to see the saved version."
            )
            % {"note": current}
        )
        self.current = current


def _evidence_note_create(
    *,
    recommendation: Recommendation,
    author,
    happened_on,
    text: str,
    link: str = "",
    publisher=None,
    text_fr: str = "",
) -> EvidenceNote:
    """A new note is internal, unless ``publisher`` publishes it at once; only the secretariat
    publishes (evidence_note_add checks it; _evidence_note_publish publishes later). Checks no
    right (see the module's docstring)."""
    with writing():
        note = EvidenceNote.objects.create(
            recommendation=recommendation,
            author=author,
            happened_on=happened_on,
            # Named in English: written in the staff member's language, "text" would be French
            # for one working in French (recommendations/translation.py).
            text_en=text,
            text_fr=text_fr.strip() or None,
            link=link,
            visibility=Visibility.INTERNAL,
        )
        if publisher is not None:
            _make_public(note, publisher)
        _summaries_refresh(note)
        return note


def _summaries_refresh(*notes: EvidenceNote) -> None:
    """The thread summaries of the notes' recommendations, after the notes were written."""
    thread_summaries_refresh(recommendations={note.recommendation_id for note in notes})


def _new_public_id() -> str:
    """A note's name on public pages: random, so it tells nothing about the notes around it."""
    return secrets.token_hex(8)


def _locked_note(note: EvidenceNote, version: int | None) -> EvidenceNote:
    """The saved note, locked until the transaction ends; refused when ``version`` (the one the
    writer was shown) is given and is no longer the saved one."""
    current = EvidenceNote.objects.select_for_update().get(pk=note.pk)
    if version is not None and current.version != version:
        raise EvidenceNoteConflict(current)
    return current


def _evidence_note_publish(*, note: EvidenceNote, user, version: int | None = None) -> EvidenceNote:
    """Make ``note`` public, recording who published it and when. Checks no right (see the
    module's docstring)."""
    with writing():
        note = _locked_note(note, version)
        if _make_public(note, user):
            _summaries_refresh(note)
            _publications_notify([note])
        return note


def _publications_notify(notes) -> None:
    """Tell the authors of those of ``notes`` (just published) that had been submitted for
    publication: the decisions _make_public recorded, dated as the publication."""
    decisions_notify(
        ReviewDecision.objects.filter(
            note__in=[note.pk for note in notes],
            decision=Decision.PUBLISHED,
            decided_at=F("note__published_at"),
        )
    )


def _make_public(note: EvidenceNote, user) -> bool:
    """Publish ``note`` (read locked) unless it is public already; whether it was not."""
    if note.visibility == Visibility.PUBLIC:
        return False
    note.visibility = Visibility.PUBLIC
    note.published_at = timezone.now()
    note.published_by = user
    note.public_id = note.public_id or _new_public_id()
    note.version += 1
    if note.review == NoteReview.SUBMITTED:
        # The secretariat's decision on a note submitted for publication.
        ReviewDecision.objects.create(
            recommendation_id=note.recommendation_id,
            note=note,
            decision=Decision.PUBLISHED,
            decided_by=user,
            decided_at=note.published_at,
        )
    note.review = NoteReview.DRAFT
    note.save(
        update_fields=[
            "visibility",
            "published_at",
            "published_by",
            "public_id",
            "review",
            "version",
            "updated_at",
        ]
    )
    return True


def evidence_note_add(
    *,
    recommendation: Recommendation,
    user,
    happened_on,
    text: str,
    link: str = "",
    visibility: str = Visibility.INTERNAL,
    submit: bool = False,
    text_fr: str = "",
) -> EvidenceNote:
    """A note added by staff: internal, unless the secretariat publishes it at once; an
    editor's may be submitted for publication at once (``submit``)."""
    if not user.has_perm("recommendations.add_evidencenote"):
        raise PermissionDenied(_("You may not add evidence."))
    require_edit(user, recommendation)
    if visibility == Visibility.PUBLIC and not roles.can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes evidence."))
    with writing():
        note = _evidence_note_create(
            recommendation=recommendation,
            author=user,
            publisher=user if visibility == Visibility.PUBLIC else None,
            happened_on=happened_on,
            text=text,
            text_fr=text_fr,
            link=link,
        )
        if submit and note.visibility == Visibility.INTERNAL:
            note.review = NoteReview.SUBMITTED
            note.submitted_at = note.created_at
            note.save(update_fields=["review", "submitted_at"])
        return note


def evidence_note_update(
    *,
    note: EvidenceNote,
    user,
    version: int,
    happened_on,
    text: str,
    link: str,
    visibility: str,
    text_fr: str | None = None,
) -> EvidenceNote:
    """The secretariat corrects a note, publishes it, or takes it back to internal; an editor
    corrects their own note until it is published (it stays internal).

    ``version`` is the version the edit started from; when the saved one is newer the edit is
    refused with EvidenceNoteConflict and nothing is written. ``text`` is the English;
    ``text_fr`` the French version (None leaves it as it is; "" removes it), which whoever may
    correct the English may enter.
    """
    if visibility == Visibility.PUBLIC and not roles.can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes evidence."))
    with writing():
        note = _locked_note(note, version)
        _require_note_edit(user, note)
        was_public = note.visibility == Visibility.PUBLIC
        as_published = _as_published(note)
        note.happened_on, note.text_en, note.link = happened_on, text, link
        if text_fr is not None:
            note.text_fr = text_fr.strip() or None
        if visibility == Visibility.INTERNAL:
            note.visibility = Visibility.INTERNAL
            note.published_at = None
            note.published_by = None
        note.version += 1
        note.save()
        if visibility == Visibility.PUBLIC and _make_public(note, user):
            _publications_notify([note])
        if was_public:
            _correction_record(note, user, as_published)
        # Taken back to internal, it leaves the thread's public summaries in this transaction.
        _summaries_refresh(note)
        return note


def evidence_note_delete(*, note: EvidenceNote, user, version: int | None = None) -> None:
    """Delete a note (an editor withdraws their own until it is published); with ``version``,
    only if it is still the version the writer was shown."""
    with writing():
        current = _locked_note(note, version)
        if not (
            roles.secretariat_may(user, "delete_evidencenote")
            or (not roles.is_secretariat(user) and roles.may_edit_note(user, current))
        ):
            raise PermissionDenied(_("Only the secretariat deletes a published note."))
        if current.visibility == Visibility.PUBLIC:
            _correction_record(current, user, None)
        current.delete()
        _summaries_refresh(current)


def _correction_record(note: EvidenceNote, user, as_published: dict | None) -> None:
    """The public line saying that ``note``, published until now, was withdrawn (taken back to
    internal, or deleted: ``as_published`` None or the note no longer public) or corrected (the
    fields changed from ``as_published``); nothing when nothing the public saw changed."""
    withdrawn = as_published is None or note.visibility != Visibility.PUBLIC
    if withdrawn:
        kind, fields = NoteCorrection.Kind.WITHDRAWN, []
    else:
        kind = NoteCorrection.Kind.CORRECTED
        now = _as_published(note)
        fields = [
            name
            for name in NoteCorrection.FIELDS
            if str(now[name]).strip() != str(as_published[name]).strip()
        ]
        if not fields:
            return
    NoteCorrection.objects.create(
        recommendation_id=note.recommendation_id,
        note=None if as_published is None else note,
        note_date=as_published["happened_on"] if as_published else note.happened_on,
        kind=kind,
        fields=",".join(fields),
        made_by=user,
    )


def _as_published(note: EvidenceNote) -> dict:
    """The fields a correction names, as the note holds them (its text in English)."""
    return {name: getattr(note, english_name(EvidenceNote, name)) for name in NoteCorrection.FIELDS}


def _require_note_edit(user, note: EvidenceNote) -> None:
    """Refuse ``user`` a change of ``note`` (read locked) that roles.may_edit_note refuses."""
    if not roles.may_edit_note(user, note):
        raise PermissionDenied(
            _("Only the secretariat changes a published note or another person's note.")
        )


def evidence_notes_publish(*, notes, user, versions: dict[int, int] | None = None) -> int:
    """Publish notes on the secretariat's decision; returns how many were internal before.

    ``versions`` maps each note's pk to the version the secretariat was shown; if any note
    changed since, none is published (EvidenceNoteConflict).
    """
    if not roles.can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes evidence."))
    published = []
    with writing():
        for note in notes:
            version = None if versions is None else versions.get(note.pk, -1)
            current = _locked_note(note, version)
            if _make_public(current, user):
                published.append(current)
        if published:
            _summaries_refresh(*published)
            _publications_notify(published)
    return len(published)
