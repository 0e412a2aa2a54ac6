"""Who may do what in the staff workspace.

Two roles, each a Django group created by a migration:

- the secretariat sees and changes everything and is the only role that publishes evidence;
- a ministry editor sees and edits the recommendations that one of their ministries leads or
  supports: status, target date and title, and adds evidence notes, which stay internal until
  the secretariat publishes them. Their status changes wait for the secretariat's approval as
  proposals (status_change_needs_review, the TIPT_STATUS_REVIEW setting). They correct or
  withdraw their own notes until published, and submit them for publication. They read every
  note of those recommendations, whoever wrote it and wherever its author works now
  (EvidenceNoteQuerySet.visible_to).

Evidence documents follow their note: whoever reads a note downloads its documents
(EvidenceDocumentQuerySet.visible_to); whoever may correct it adds and removes them
(may_edit_note); only the secretariat makes one public or replaces it with a redacted version
(may_publish_documents).

A superuser counts as the secretariat. A staff user with neither role sees no recommendation.
What a user is allowed is worked out once per user object and kept on it, so a page that asks
a hundred times runs the queries once.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SECRETARIAT = "Secretariat"
EDITOR = "Ministry editor"

ROLE_CHOICES = [
    ("", _("No role")),
    ("secretariat", _("Secretariat")),
    ("editor", _("Ministry editor")),
]
GROUP_OF_ROLE = {"secretariat": SECRETARIAT, "editor": EDITOR}
ROLE_OF_GROUP = {group: role for role, group in GROUP_OF_ROLE.items()}

# The only fields of a recommendation a ministry editor may change.
# The title in English and in French: a field's French version goes with its English, so an
# editor enters French only where they may change the English (recommendations/translation.py).
EDITOR_FIELDS = ("title", "title_en", "title_fr", "status", "target_date")

PUBLISH_PERMISSION = "recommendations.publish_evidencenote"
CHANGE_RECOMMENDATION = "recommendations.change_recommendation"

_CACHE = "_tipt_roles"


def _facts(user) -> dict:
    """The role and ministries of ``user``, read once and kept on the user object."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        facts = {"role": "", "ministry_ids": frozenset()}
    else:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser or SECRETARIAT in names:
            role = "secretariat"
        elif EDITOR in names:
            role = "editor"
        else:
            role = ""
        facts = {
            "role": role,
            "ministry_ids": frozenset(user.ministries.values_list("pk", flat=True)),
        }
    setattr(user, _CACHE, facts)
    return facts


def forget(user) -> None:
    """Drop what was worked out about ``user``, after their role or ministries changed."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def role_of(user) -> str:
    """``"secretariat"``, ``"editor"`` or ``""``."""
    return _facts(user)["role"]


def is_secretariat(user) -> bool:
    return role_of(user) == "secretariat"


def is_editor(user) -> bool:
    return role_of(user) == "editor"


def ministry_ids(user) -> frozenset[int]:
    return _facts(user)["ministry_ids"]


def secretariat_may(user, permission: str) -> bool:
    """Is ``user`` of the secretariat and granted ``permission`` ("add_recommendation", for
    TIPT's own, or "app.codename")? The secretariat's powers are both: the role and the
    permission its group holds."""
    name = permission if "." in permission else f"recommendations.{permission}"
    return is_secretariat(user) and user.has_perm(name)


def can_publish(user) -> bool:
    return secretariat_may(user, PUBLISH_PERMISSION)


def can_review(user) -> bool:
    """The secretariat reviews what editors propose: it approves status changes and publishes
    notes (the review queue, services/review.py)."""
    return secretariat_may(user, CHANGE_RECOMMENDATION) and can_publish(user)


def can_edit_recommendation(user, recommendation) -> bool:
    """May ``user`` change this recommendation (within the fields their role allows)? The rule
    of editable_recommendations for one row, answered without a query for the secretariat and
    for a recommendation one of the editor's ministries leads."""
    if not user.has_perm(CHANGE_RECOMMENDATION):
        return False
    if is_secretariat(user) or (
        is_editor(user) and recommendation.lead_ministry_id in ministry_ids(user)
    ):
        return True
    from .models import Recommendation

    mine = Recommendation.objects.filter(pk=recommendation.pk)
    return editable_recommendations(user, mine).exists()


def editable_recommendations(user, recommendations):
    """Those of ``recommendations`` (a QuerySet) that ``user`` may change, in one query: what
    they see in the staff workspace (RecommendationQuerySet.visible_to), if their role lets
    them change recommendations at all."""
    if not user.has_perm(CHANGE_RECOMMENDATION):
        return recommendations.none()
    return recommendations.visible_to(user)


def editable_fields(user) -> tuple[str, ...] | None:
    """The recommendation fields ``user`` may change; None means every field."""
    if is_secretariat(user):
        return None
    if is_editor(user):
        return EDITOR_FIELDS
    return ()


def status_change_needs_review(user, status: str) -> bool:
    """Does ``user`` changing a status to ``status`` wait for the secretariat's approval, as a
    proposal? Never for the secretariat; for an editor, as TIPT_STATUS_REVIEW says: every
    change ("all", the default), only a change to Completed ("completed"), or none."""
    if is_secretariat(user):
        return False
    rule = settings.TIPT_STATUS_REVIEW
    return rule == "all" or (rule == "completed" and status == "completed")


def may_edit_note(user, note) -> bool:
    """May ``user`` correct or withdraw ``note``? The secretariat, any note it may change; an
    editor, their own note while it is internal, on a recommendation they may still change."""
    if is_secretariat(user):
        return user.has_perm("recommendations.change_evidencenote")
    from .models import Visibility

    return (
        is_editor(user)
        and note.author_id == user.pk
        and note.visibility == Visibility.INTERNAL
        and can_edit_recommendation(user, note.recommendation)
    )


def may_publish_documents(user) -> bool:
    """May ``user`` make a document public with its note, or replace it with a redacted
    version? The secretariat only, as it alone publishes notes."""
    return can_publish(user) and user.has_perm("recommendations.change_evidencenote")


def language_of(user) -> str:
    """The language of the mail ``user`` gets: their choice, else the site's."""
    profile = getattr(user, "tipt_profile", None) if user.pk else None
    return profile.language if profile else settings.LANGUAGE_CODE
