"""The services: every write that carries a rule, one module per subject.

- ``status``: a recommendation's status, with its history row (one, or a selection at once);
- ``recommendations``: a recommendation added by hand, one person's edit of one, a lead
  ministry, supporting ministries or a target date given to a selection at once, deletions;
- ``threads``: the thread paths, recomputed after any change of a link;
- ``evidence``: evidence notes added, corrected, published, taken back and deleted;
- ``documents``: the documents of a note uploaded, made public, redacted and removed;
- ``staff``: staff accounts, their role, ministries and mail language;
- ``statistics``: a ministry's values of the TIP statistics for a period, and their review;
- ``review``: the secretariat's review of editors' status proposals and of notes submitted
  for publication;
- ``reminders``: sending the daily digests, an editor's (what it lists: selectors/reminders.py)
  and the secretariat's of what waits for review (selectors/review.py);
- ``submission``: a period's submission deadline recorded, a submission pack approved and
  frozen as sent;
- ``review_mail``: telling an editor the secretariat's decisions on what they sent in.

The admin's save_model and actions, the management commands and the tests call the same
function, so a rule holds whatever page or command writes. Each is named
``<thing>_<verb>(*, ...)``, takes keyword arguments only, and opens its transaction with
writes.writing(). A service a person may call checks that person's right itself and raises
PermissionDenied. An unchecked primitive is private, named with a leading underscore
(``status._recommendation_set_status``, ``evidence._evidence_note_create``,
``evidence._evidence_note_publish``) and not exported here: the services call it once they have
checked, and the system itself (``load_demo``, tests setting up data) imports it by name from
its module. Importing a report, a write with rules of its own, is recommendations/importing/.

Callers write ``services.recommendation_update(...)``: the public services are exported here.
"""

from .documents import (
    evidence_document_add,
    evidence_document_delete,
    evidence_document_redact,
    evidence_document_set_public,
)
from .evidence import (
    EvidenceNoteConflict,
    evidence_note_add,
    evidence_note_delete,
    evidence_note_update,
    evidence_notes_publish,
)
from .recommendations import (
    RecommendationConflict,
    SelectionConflict,
    recommendation_bulk_assign,
    recommendation_create,
    recommendation_update,
    recommendations_delete,
    reports_delete,
)
from .reminders import reminder_digest_send, review_digest_send
from .review import (
    evidence_note_submit,
    evidence_notes_return,
    proposals_approve,
    proposals_return,
    status_proposal_withdraw,
)
from .staff import (
    StaffAccountError,
    staff_profile_set_language,
    staff_role_check,
    staff_user_save,
    staff_user_set_role,
)
from .statistics import (
    Entry,
    statistic_values_approve,
    statistic_values_return,
    statistics_enter,
)
from .status import recommendation_bulk_set_status
from .submission import (
    evidence_notes_mark_for_submission,
    submission_deadline_record,
    submission_pack_approve,
)

__all__ = [
    "evidence_notes_mark_for_submission",
    "submission_deadline_record",
    "submission_pack_approve",
    "Entry",
    "EvidenceNoteConflict",
    "RecommendationConflict",
    "SelectionConflict",
    "StaffAccountError",
    "evidence_document_add",
    "evidence_document_delete",
    "evidence_document_redact",
    "evidence_document_set_public",
    "evidence_note_add",
    "evidence_note_delete",
    "evidence_note_submit",
    "evidence_note_update",
    "evidence_notes_publish",
    "evidence_notes_return",
    "proposals_approve",
    "proposals_return",
    "recommendation_bulk_assign",
    "recommendation_bulk_set_status",
    "recommendation_create",
    "recommendation_update",
    "recommendations_delete",
    "reminder_digest_send",
    "reports_delete",
    "review_digest_send",
    "staff_profile_set_language",
    "staff_role_check",
    "staff_user_save",
    "staff_user_set_role",
    "statistic_values_approve",
    "statistic_values_return",
    "statistics_enter",
    "status_proposal_withdraw",
]
