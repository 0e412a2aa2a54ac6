"""The forms of the report import page: the chapter to import, then what the secretariat
chooses in the preview (each new recommendation's area and the predecessor it follows)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import importing
from ..calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from ..importing import MAX_BYTES, ReportTextError, decode, parse_chapter
from ..models import Area, Recommendation


class ReportImportForm(forms.Form):
    """The chapter (pasted or a .txt file), its country and year. Cleaning it parses the text
    and plans the import, read-only: ``plan`` is what the preview shows and confirming carries
    out. The preview posts the decoded text back in a hidden field and it is parsed again on
    confirmation, so nothing is kept between the two requests but what the user can see."""

    text = forms.CharField(
        label=_("Chapter text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text=_("Paste the country chapter as copied from the web page or the PDF."),
    )
    file = forms.FileField(
        label=_("or a .txt file"),
        required=False,
        help_text=_("UTF-8, Windows-1252 or Latin-1; at most 2 MB."),
    )
    country = forms.CharField(
        label=_("Country"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to take it from the text."),
    )
    year = forms.IntegerField(
        label=_("Report year"),
        required=False,
        min_value=FIRST_REPORT_YEAR,
        max_value=LAST_PLAUSIBLE_YEAR,
        help_text=_(
            "Leave empty to take it from the text (e.g. “2021 Trafficking in Persons Report”)."
        ),
    )
    source_url = forms.URLField(label=_("Source URL"), required=False, assume_scheme="https")
    replace = forms.BooleanField(
        label=_("Replace the report if this country and year are imported already"),
        required=False,
        help_text=_(
            "Recommendations that are still there keep their status, history, evidence, "
            "ministries, dates and area corrections."
        ),
    )

    plan: importing.ImportPlan | None = None
    chapter_text: str = ""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BYTES:
            raise ValidationError(_("The file is over 2 MB; a country chapter is far smaller."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        try:
            if upload and text.strip():
                raise ValidationError(_("Paste the text or choose a file, not both."))
            if upload:
                text = decode(upload.read())
            elif not text.strip():
                raise ValidationError(_("Paste the chapter's text or choose a .txt file."))
            chapter = parse_chapter(text, year=cleaned.get("year"))
            self.plan = importing.report_import_plan(
                chapter=chapter,
                country_name=cleaned.get("country") or None,
                year=cleaned.get("year"),
                replace=bool(cleaned.get("replace")),
            )
        except (ReportTextError, importing.ReportImportError) as error:
            raise ValidationError(str(error)) from error
        try:
            self.plan.refuse_if_empty()
        except importing.ReportImportError as error:
            # With the fragment the copy cut short, so that staff see what was found.
            raise ValidationError([str(error), *self.plan.all_warnings]) from error
        if self.plan.existing and not self.plan.replace:
            raise ValidationError(
                _(
                    "%(country)s %(year)s is already imported. Tick “Replace” to replace it; the "
                    "recommendations that are still there keep the work done on them."
                )
                % {"country": self.plan.existing.country.name, "year": self.plan.year}
            )
        self.chapter_text = text
        return cleaned


class ImportChoicesForm(forms.Form):
    """What the secretariat chooses in the preview, for each new recommendation: its area and
    which of the earlier report's recommendations it follows, or none. Offers only the plan's
    candidates and Area's values; whether two may follow the same one is the import's rule
    (apply.py). ``seen_plan`` carries the fingerprint of the plan the preview showed: a preview
    confirmed after someone changed the records it was drawn from is shown again, never carried
    out."""

    seen_plan = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, plan: importing.ImportPlan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        choices = [("", _("— none (a new recommendation) —"))] + [
            (str(rec.pk), f"{rec.report.year} #{rec.position}: {rec.title}")
            for rec in plan.candidates
        ]
        for link in plan.links:
            self.fields[self.field_name(link.position)] = forms.TypedChoiceField(
                label=_("Follows"),
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=str(link.previous.pk) if link.previous else "",
            )
        for rec in plan.chapter.recommendations:
            proposed, _by_staff = self._default_area(rec.position, self._proposed[rec.position])
            # Not required: a post without it (not from the page) leaves the proposal.
            self.fields[self.area_name(rec.position)] = forms.ChoiceField(
                label=_("Area"), choices=Area.choices, required=False, initial=proposed
            )

    @staticmethod
    def field_name(position: int) -> str:
        return f"previous_{position}"

    @staticmethod
    def area_name(position: int) -> str:
        return f"area_{position}"

    @property
    def _proposed(self) -> dict[int, Recommendation | None]:
        return {link.position: link.previous for link in self.plan.links}

    def _default_area(self, position: int, previous: Recommendation | None) -> tuple[str, bool]:
        """The area the import gives ``position`` unless staff choose one, and whether it is a
        staff correction carried on."""
        parsed = next(r for r in self.plan.chapter.recommendations if r.position == position)
        return importing.area_without_choice(
            parsed, previous=previous, kept=self.plan.kept.get(position)
        )

    def clean(self):
        cleaned = super().clean()
        positions = {rec.position for rec in self.plan.chapter.recommendations}
        for key in self.data:
            named = re.fullmatch(r"(?:previous|area)_(\d{1,6})", key)
            if named and int(named.group(1)) not in positions:
                raise ValidationError(
                    _(
                        "The preview names recommendation #%(position)s, which this chapter "
                        "does not have; nothing was imported. Preview the chapter again."
                    )
                    % {"position": named.group(1)}
                )
        if cleaned.get("seen_plan") != self.plan.fingerprint():
            raise ValidationError(
                _(
                    "The reports or recommendations this preview was drawn from changed since it "
                    "was shown; nothing was imported. Check the preview below again, then "
                    "confirm."
                )
            )
        return cleaned

    def _cleaned(self, name: str, default):
        """The value chosen for ``name`` if the form is bound and it is valid, else ``default``
        (a field with an error is left out of cleaned_data)."""
        if not self.is_bound:
            return default
        self.is_valid()  # cleans the form, once
        return self.cleaned_data.get(name, default)

    def chosen_links(self) -> dict[int, Recommendation | None]:
        """Each position's predecessor: the one chosen (when valid), else the proposal."""
        by_pk = {rec.pk: rec for rec in self.plan.candidates}
        chosen = {}
        for position, proposed in self._proposed.items():
            default = proposed.pk if proposed else None
            pk = self._cleaned(self.field_name(position), default)
            chosen[position] = by_pk.get(pk) if pk is not None else None
        return chosen

    def overrides(self) -> dict[int, int | None]:
        return {
            link.position: self.cleaned_data.get(self.field_name(link.position))
            for link in self.plan.links
        }

    def areas(self) -> dict[int, str]:
        """The areas chosen other than the one the import would give anyway."""
        links = self.chosen_links()
        areas = {}
        for rec in self.plan.chapter.recommendations:
            area = self.cleaned_data.get(self.area_name(rec.position))
            if area and area != self._default_area(rec.position, links[rec.position])[0]:
                areas[rec.position] = area
        return areas

    def dropped(self) -> list[Recommendation]:
        """The earlier report's recommendations that none follows, with the links chosen."""
        return self.plan.dropped_for(self.chosen_links().values())

    @property
    def added_count(self) -> int:
        """When replacing: how many recommendations the new text adds."""
        return len(self.plan.chapter.recommendations) - len(self.plan.kept)

    def rows(self) -> list[dict]:
        """Each parsed recommendation with its choices, the area proposed for it (a staff
        correction carried on, or the one its wording points to) and the predecessor chosen (or
        proposed), whose full wording the preview shows beside the new one."""
        proposals = {link.position: link for link in self.plan.links}
        chosen = self.chosen_links()
        rows = []
        for rec in self.plan.chapter.recommendations:
            area, carried = self._default_area(rec.position, chosen[rec.position])
            rows.append(
                {
                    "recommendation": rec,
                    "proposed_area": Area(area).label,
                    "area_carried": carried,
                    "link": proposals[rec.position],
                    "previous": chosen[rec.position],
                    "field": self[self.field_name(rec.position)],
                    "area_field": self[self.area_name(rec.position)],
                }
            )
        return rows
