"""The forms of a recommendation's pages: its change form, which refuses an edit begun on an
older version, the refusal that lists what differs (notes use it too), the note asked for by
the bulk status actions, and the owners and target date the bulk assignment asks for."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Ministry, Recommendation, StatusChange, foreign_ministries_error
from ..selectors.assignment import Assignment
from ..translation import in_page_language
from .dates import StaffDateField


def status_note_field(*, label, rows, help_text) -> forms.CharField:
    """The optional note kept with a status change, as long as its history row holds."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=StatusChange._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class RecommendationForm(forms.ModelForm):
    """The change form, with the version the editor started from and a note on the status."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status_note = status_note_field(
        label=_("Note on the status change"),
        rows=2,
        help_text=_("Optional: why the status changes. Kept in the status history."),
    )

    class Meta:
        model = Recommendation
        fields = [
            "report",
            "position",
            # English and French (recommendations/translation.py), each named: a bare "title"
            # would read and write the French for a staff member working in French.
            "title_en",
            "title_fr",
            "text_en",
            "text_fr",
            *Recommendation.TRACKED,
            "previous",
            "closing_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self._refuse_foreign_ministries(cleaned)
        if self.instance.pk:
            refuse_a_stale_edit(self, cleaned, _stale_recommendation_message)
        return cleaned

    def _refuse_foreign_ministries(self, cleaned):
        """The ministries given are of the report's country (those already there may stay)."""
        report = cleaned.get("report") or (
            self.instance.report if self.instance.report_id else None
        )
        if report is None:
            return
        given = {
            "lead_ministry": [cleaned["lead_ministry"]]
            if "lead_ministry" in self.changed_data and cleaned.get("lead_ministry")
            else [],
            "supporting_ministries": set(cleaned.get("supporting_ministries") or ())
            - set(self.instance.supporting_ministries.all() if self.instance.pk else ()),
        }
        for field, ministries in given.items():
            error = foreign_ministries_error(report, ministries, field)
            if error:
                self.add_error(None, error)


def _stale_recommendation_message(recommendation) -> str:
    return gettext(
        "Someone else saved this recommendation after you opened it, so your "
        "changes were not saved and theirs are kept. Reload the page to see the "
        "saved version, then make your change again."
    )


def refuse_a_stale_edit(form, cleaned, message) -> None:
    """Raises stale_edit_error, opening with ``message(saved row)``, when ``form`` edits an older
    version of its row than the one saved."""
    # Locked until the admin's transaction ends, so nobody saves between check and write.
    current = type(form.instance).objects.select_for_update().get(pk=form.instance.pk)
    if cleaned.get("seen_version") != current.version:
        raise stale_edit_error(form, cleaned, current, message(current))


# Form fields that record how an edit began, or what to do after it, not what it changes.
_NOT_COMPARED = {"id", "seen_version", "seen", "status_note", "submit", "DELETE"}


def stale_edit_error(form, cleaned, current, message) -> ValidationError:
    """The refusal of an edit begun on an older version of ``current``: ``message``, then each
    field whose posted value differs from the saved one ("yours", "saved")."""
    differences = []
    for name, field in form.fields.items():
        if name in _NOT_COMPARED or name not in cleaned:
            continue
        theirs, saved = cleaned[name], getattr(current, name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            theirs_text = ", ".join(sorted(map(str, theirs))) or "-"
            saved_text = ", ".join(sorted(map(str, saved.all()))) or "-"
        else:
            theirs_text = _display(field, theirs)
            saved_text = _display(field, saved)
        if theirs_text != saved_text:
            differences.append(
                gettext("%(field)s: yours “%(theirs)s”, saved “%(saved)s”")
                % {"field": field.label, "theirs": theirs_text, "saved": saved_text}
            )
    return ValidationError([message, *differences], code="stale")


def _display(field, value) -> str:
    if value in (None, ""):
        return "-"
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and value in choices:
        return str(choices[value])
    return str(value).replace("\r\n", "\n")


class StatusNoteForm(forms.Form):
    note = status_note_field(
        label=_("Note"),
        rows=3,
        help_text=_("Optional: why the status changes. Kept in each recommendation's history."),
    )


class AssignForm(forms.Form):
    """What the action giving a selection owners or a target date asks: a lead ministry,
    supporting ministries to add, a target date, any of them; left empty, each recommendation
    keeps its own. Offers the ministries of the selection's countries, and only the fields
    ``allowed`` (roles.editable_fields: None for all) names."""

    lead_ministry = forms.ModelChoiceField(
        label=_("Lead ministry"),
        queryset=Ministry.objects.none(),
        required=False,
        empty_label=_("— leave each as it is —"),
    )
    supporting_ministries = forms.ModelMultipleChoiceField(
        label=_("Add supporting ministries"),
        queryset=Ministry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Added to those each recommendation has already; none is removed. A ministry is not "
            "added to a recommendation it leads."
        ),
    )
    target_date = StaffDateField(
        label=_("Target date"),
        required=False,
        help_text=_("Leave empty to keep each recommendation's own target date."),
    )

    def __init__(self, *args, countries=(), allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if allowed is not None and name not in allowed:
                del self.fields[name]
            elif isinstance(self.fields[name], forms.ModelChoiceField):
                self.fields[name].queryset = Ministry.objects.filter(
                    country__in=countries
                ).order_by(in_page_language("name"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            raise ValidationError(_("Choose at least one thing to set."))
        return cleaned

    def assignment(self) -> Assignment:
        """What the valid form asks, for assignment_preview and recommendation_bulk_assign."""
        data = self.cleaned_data
        return Assignment(
            lead_ministry=data.get("lead_ministry"),
            target_date=data.get("target_date"),
            supporting_ministries=tuple(data.get("supporting_ministries") or ()),
        )
