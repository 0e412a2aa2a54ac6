"""The public download of an evidence document: only while the secretariat has it public and
its note is published, checked at each request (EvidenceDocumentQuerySet.public), never served
from the page cache, so taking a note or a document back takes effect at once."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..documents import document_response
from ..models import EvidenceDocument


@require_safe
def document_download(request, public_id: str):
    document = EvidenceDocument.objects.public().filter(public_id=public_id).first()
    if document is None:
        raise Http404(_("No such document."))
    return document_response(document)
