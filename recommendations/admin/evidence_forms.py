"""The forms of evidence notes, inline on a recommendation's page and on a note's own page:
each remembers the version (and, inline, the values) its page showed and refuses a save begun
on an older version; the version a confirmation page posted back."""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import EvidenceNote
from ..translation import english
from .recommendation_forms import refuse_a_stale_edit

# The fields of a note a writer can change, in the order its fingerprint lists them.
NOTE_FIELDS = ("happened_on", "text", "link", "visibility")


def note_fingerprint(values: dict) -> str:
    """A digest of a note's editable values as a page showed them (line ends as saved)."""
    shown = [
        str(values[name]).replace("\r\n", "\n").strip() if values.get(name) is not None else ""
        for name in NOTE_FIELDS
        if name in values
    ]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def stale_note_message(note) -> str:
    return gettext(
        "Someone else changed %(note)s after you opened this page, so nothing was saved. "
        "Reload the page to see the saved note, then make your change again."
    ) % {"note": note}


def posted_version(request, name="seen_version") -> int:
    """The version a posted confirmation page showed (-1, matching none, when absent)."""
    posted = request.POST.get(name, "")
    return int(posted) if posted.isascii() and posted.isdigit() and len(posted) < 10 else -1


class StaleNoteCheck(forms.ModelForm):
    """A note's form that remembers the version (and, inline, the values) its page showed.

    Saving refuses a note changed since the page was opened, and an inline row the writer did
    not touch is never written back, even when the saved note has changed in the meantime.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "text" in self.fields:
            # The English, whatever language the staff member works in (django-modeltranslation
            # would show a French version there); the French is its own field, text_fr.
            self.initial["text"] = english(self.instance, "text")
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            self.fields["seen"].initial = note_fingerprint(self._shown(self.instance.__dict__))

    def _shown(self, values: dict) -> dict:
        return {name: values.get(name) for name in NOTE_FIELDS if name in self.fields}

    def writer_changed(self) -> bool:
        """Did the writer change this note from what their page showed? (A row marked for
        deletion is checked by StaleNoteFormSet: the formset skips its form's own checks.)"""
        if not self.instance.pk:
            return super().has_changed()
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is None:
            return super().has_changed()
        return note_fingerprint(self._shown(cleaned)) != cleaned.get("seen")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.writer_changed():
            refuse_a_stale_edit(self, cleaned, stale_note_message)
        return cleaned


class StaleNoteFormSet(forms.BaseInlineFormSet):
    """Refuses deleting a note changed since the page was opened (a row marked for deletion
    skips its own form's checks)."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if not form.instance.pk:
                continue
            current = EvidenceNote.objects.filter(pk=form.instance.pk).select_for_update().first()
            if current is not None and current.version != form.cleaned_data.get("seen_version"):
                raise ValidationError(
                    stale_note_message(current),
                    code="stale",
                )


class SubmitForPublication(forms.Form):
    """An editor's choice, with their note, to submit it for the secretariat's publication."""

    submit = forms.BooleanField(
        label=_("Submit for publication"),
        required=False,
        help_text=_(
            "The secretariat reviews it and publishes it, or returns it to you with a comment. "
            "Until it is published you can still correct or withdraw it."
        ),
    )


class EvidenceNoteInlineForm(SubmitForPublication, StaleNoteCheck):
    def has_changed(self):
        # Compared with what the page showed, not with the note as saved now: on a page opened
        # before someone else's change the two differ, and an untouched row must stay as saved.
        return self.writer_changed()


class EvidenceNoteForm(SubmitForPublication, StaleNoteCheck):
    """The note's own page: any save begun on an older version is refused."""

    def writer_changed(self) -> bool:
        return bool(self.instance.pk)
