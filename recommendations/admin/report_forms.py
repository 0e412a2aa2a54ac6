"""The forms of the report import page: the chapter to import, then the predecessor each new
recommendation follows."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import importing
from ..calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from ..importing import MAX_BYTES, ReportTextError, decode, parse_chapter
from ..models import Area


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


class PredecessorForm(forms.Form):
    """One choice per new recommendation: which of the earlier report's recommendations it
    follows, or none. Offers only the plan's candidates; two may follow the same one (the new
    report split it in two)."""

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

    @staticmethod
    def field_name(position: int) -> str:
        return f"previous_{position}"

    def overrides(self) -> dict[int, int | None]:
        return {
            link.position: self.cleaned_data.get(self.field_name(link.position))
            for link in self.plan.links
        }

    @property
    def added_count(self) -> int:
        """When replacing: how many recommendations the new text adds."""
        return len(self.plan.chapter.recommendations) - len(self.plan.kept)

    def rows(self) -> list[dict]:
        """Each parsed recommendation with its area, proposed link and choice, for the preview."""
        links = {link.position: link for link in self.plan.links}
        return [
            {
                "recommendation": rec,
                "area": Area(rec.area).label,
                "link": links[rec.position],
                "field": self[self.field_name(rec.position)],
            }
            for rec in self.plan.chapter.recommendations
        ]
