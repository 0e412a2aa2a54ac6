"""The form of one evidence document on its note's page: a file to upload (a new document, or
for the secretariat a redacted version replacing one), and whether it is public with its note.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..documents import document_check
from ..models import EvidenceDocument

UPLOAD_HELP = _(
    "PDF, Word, Excel, OpenDocument, PNG or JPEG. Never upload a document that could identify "
    "a victim (a name, a photograph, an address, a case file): redact it first."
)


class EvidenceDocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("File"), required=False, help_text=UPLOAD_HELP)
    # Set per request by EvidenceDocumentInline.get_formset: may this user replace a document?
    may_redact = False

    class Meta:
        model = EvidenceDocument
        fields = ["public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].label = gettext("Redacted version replacing it")
            self.fields["upload"].help_text = gettext(
                "The file chosen here replaces this one, which is not kept. The history keeps "
                "who replaced it and when."
            )
            if not self.may_redact:
                self.fields["upload"].disabled = True
                self.fields["upload"].help_text = gettext(
                    "Only the secretariat replaces a document with a redacted version: ask it "
                    "if this one must be redacted."
                )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            # Refused here with its reason; the services check it again before storing.
            document_check(upload)
        elif not self.instance.pk and self.has_changed():
            raise ValidationError(gettext("Choose the file to upload."), code="required")
        return upload
