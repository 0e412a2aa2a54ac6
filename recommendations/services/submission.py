"""The annual submission's writes: a period's deadline recorded, and a pack approved, which
freezes it as sent (its data and both its documents, rendered once and stored; never rebuilt).
Only the secretariat does either."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles
from ..models import Country, EvidenceNote, NoteChoice, SubmissionDeadline, SubmissionPack
from ..selectors.submission import pack_data
from ..submission import render
from ..writes import pages_changed, writing


def _require_secretariat(user) -> None:
    if not roles.is_secretariat(user):
        raise PermissionDenied(_("Only the task force secretariat may do this."))


def submission_deadline_record(*, user, country: Country, period: int, deadline):
    """Record (or move) the deadline of ``country``'s submission for ``period``."""
    _require_secretariat(user)
    with writing():
        row, _created = SubmissionDeadline.objects.update_or_create(
            country=country,
            period=period,
            defaults={"deadline": deadline, "recorded_by": user, "recorded_at": timezone.now()},
        )
    return row


def submission_pack_approve(
    *, user, country: Country, period: int, notes: str = NoteChoice.MARKED
) -> SubmissionPack:
    """Approve the pack of ``country`` for ``period`` as it stands now: its data and its Word
    and PDF documents are stored as the next version, dated, and never change after."""
    _require_secretariat(user)
    approved_at = timezone.now()
    data = pack_data(country, period, notes=notes, now=approved_at)
    with writing():
        # Two approvals of one country at once wait for each other: each version is its own
        # number, its documents rendered with it (CPU only: no mail, no network inside).
        Country.objects.select_for_update().filter(pk=country.pk).exists()
        latest = SubmissionPack.objects.filter(country=country, period=period).aggregate(
            latest=Max("version")
        )["latest"]
        version = (latest or 0) + 1
        pack = SubmissionPack(
            country=country,
            period=period,
            version=version,
            docx=render(data, "docx", approved_at=approved_at, version=version).content,
            pdf=render(data, "pdf", approved_at=approved_at, version=version).content,
            # What they were built from, and who approved them when.
            data=data,
            notes=notes,
            as_of=approved_at,
            approved_at=approved_at,
            approved_by=user,
        )
        pack.save()
        # The dashboard links the latest approved pack's public progress report.
        pages_changed(countries=[country.pk])
    return pack


def evidence_notes_mark_for_submission(*, user, notes, chosen: bool) -> int:
    """Mark ``notes`` (or take them out) for the submission pack: the internal notes the
    secretariat gives in it by default. No public page changes: nothing is published."""
    _require_secretariat(user)
    with writing():
        return EvidenceNote.objects.filter(pk__in=[note.pk for note in notes]).update(
            for_submission=chosen
        )
