from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("TIP recommendations")

    def ready(self):
        from auditlog.registry import auditlog

        from . import audit, documents, writes
        from .models import EvidenceDocument, EvidenceNote, Recommendation

        auditlog.register(
            Recommendation,
            m2m_fields={"supporting_ministries"},
            exclude_fields=["version", "updated_at", "created_at"],
        )
        # The note's text may be internal and may touch on victims: the audit log, which
        # outlives the note and is read by more people, records that it changed, never what.
        auditlog.register(
            EvidenceNote,
            exclude_fields=["text", "text_en", "text_fr", "updated_at", "created_at"],
        )
        audit.connect(EvidenceNote)
        # A document's name may say who it is about, and a redacted-away file must not live on
        # in a log: the audit log records that its file or name changed, never either.
        auditlog.register(EvidenceDocument, exclude_fields=["file", "original_name"])
        documents.connect()
        writes.connect()
