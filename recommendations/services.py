"""Every write that carries a rule. The admin, the commands and the tests all call these.

Importing a report, a write with rules of its own, is recommendations/importing/.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import roles
from .caching import writing
from .models import (
    EvidenceNote,
    Ministry,
    Recommendation,
    ReminderDigest,
    Status,
    StatusChange,
    Visibility,
)

# --- status ---------------------------------------------------------------------------------


def recommendation_set_status(
    *, recommendation: Recommendation, status: str, user=None, note: str = "", changed_at=None
) -> StatusChange | None:
    """Change a recommendation's status and record who changed it, when, and why.

    Returns the StatusChange row, or None when the status was already ``status``.
    """
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    with writing():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if current.status == status:
            recommendation.status = status
            return None
        change = StatusChange.objects.create(
            recommendation=current,
            old_status=current.status,
            new_status=status,
            changed_by=user,
            changed_at=changed_at or timezone.now(),
            note=note[:500],
        )
        current.status = status
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        recommendation.status = current.status
        recommendation.version = current.version
        recommendation.updated_at = current.updated_at
        return change


# --- evidence -------------------------------------------------------------------------------


def evidence_note_create(
    *, recommendation: Recommendation, author, happened_on, text: str, link: str = ""
) -> EvidenceNote:
    """A new note is always internal; only the secretariat publishes (evidence_note_publish)."""
    return EvidenceNote.objects.create(
        recommendation=recommendation,
        author=author,
        happened_on=happened_on,
        text=text,
        link=link,
        visibility=Visibility.INTERNAL,
    )


def _new_public_id() -> str:
    """A note's name on public pages: random, so it tells nothing about the notes around it."""
    return secrets.token_hex(8)


class EvidenceNoteConflict(Exception):
    """Someone else saved the note after this edit began; nothing was written."""

    def __init__(self, current: EvidenceNote):
        super().__init__(
            _(
                "%(note)s was changed by someone else after you opened it; nothing was saved. "
                "Reload the page to see the saved version."
            )
            % {"note": current}
        )
        self.current = current


def _locked_note(note: EvidenceNote, version: int | None) -> EvidenceNote:
    """The saved note, locked until the transaction ends; refused when ``version`` (the one the
    writer was shown) is given and is no longer the saved one."""
    current = EvidenceNote.objects.select_for_update().get(pk=note.pk)
    if version is not None and current.version != version:
        raise EvidenceNoteConflict(current)
    return current


def evidence_note_publish(*, note: EvidenceNote, user, version: int | None = None) -> EvidenceNote:
    with writing():
        note = _locked_note(note, version)
        if note.visibility != Visibility.PUBLIC:
            note.visibility = Visibility.PUBLIC
            note.published_at = timezone.now()
            note.published_by = user
            note.public_id = note.public_id or _new_public_id()
            note.version += 1
            note.save(
                update_fields=[
                    "visibility",
                    "published_at",
                    "published_by",
                    "public_id",
                    "version",
                    "updated_at",
                ]
            )
        return note


# --- the staff workspace: edits checked against the editor's role -------------------------


class RecommendationConflict(Exception):
    """Someone else saved the recommendation after this edit began; nothing was written."""

    def __init__(self, current: Recommendation):
        super().__init__(_("This recommendation was changed by someone else in the meantime."))
        self.current = current


def _require_edit(user, recommendation: Recommendation) -> None:
    if not roles.can_edit_recommendation(user, recommendation):
        raise PermissionDenied(_("You may not change this recommendation."))


def recommendation_create(
    *, recommendation: Recommendation, user, supporting_ministries=(), status_note: str = ""
) -> Recommendation:
    """Save a recommendation added by hand; a status other than "not started" goes through
    recommendation_set_status, so the history shows who set it."""
    if not roles.secretariat_may(user, "add_recommendation"):
        raise PermissionDenied(_("Only the secretariat adds recommendations."))
    status = recommendation.status
    with writing():
        recommendation.status = Status.NOT_STARTED
        recommendation.version = 1
        recommendation.full_clean()
        recommendation.save()
        recommendation.supporting_ministries.set(supporting_ministries)
        if status != Status.NOT_STARTED:
            recommendation_set_status(
                recommendation=recommendation, status=status, user=user, note=status_note
            )
        return recommendation


def recommendation_update(
    *,
    recommendation: Recommendation,
    version: int,
    user,
    changes: dict,
    supporting_ministries=None,
    status: str | None = None,
    status_note: str = "",
) -> Recommendation:
    """Save one person's edit of a recommendation, if nobody saved it since they opened it.

    ``version`` is the version the edit started from; when the saved one is newer the edit is
    refused with RecommendationConflict and nothing is written. ``changes`` maps field names to
    new values; an editor may only change the fields roles.EDITOR_FIELDS names. A new status
    goes through recommendation_set_status, with ``status_note``.
    """
    with writing():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        _require_edit(user, current)
        allowed = roles.editable_fields(user)
        if allowed is not None:
            asked = set(changes) | ({"status"} if status not in (None, current.status) else set())
            if supporting_ministries is not None and set(supporting_ministries) != set(
                current.supporting_ministries.all()
            ):
                asked.add("supporting_ministries")
            refused = asked - set(allowed)
            if refused:
                raise PermissionDenied(
                    _("You may not change: %(fields)s.") % {"fields": ", ".join(sorted(refused))}
                )
        if current.version != version:
            raise RecommendationConflict(current)
        for name, value in changes.items():
            setattr(current, name, value)
        if "area" in changes:
            current.area_set_by_staff = True
        current.version += 1
        current.full_clean(exclude=["status"])
        current.save()
        if supporting_ministries is not None:
            current.supporting_ministries.set(supporting_ministries)
        if status is not None:
            recommendation_set_status(
                recommendation=current, status=status, user=user, note=status_note
            )
        return current


def recommendation_bulk_set_status(
    *, recommendations, status: str, user, note: str = ""
) -> list[StatusChange]:
    """Set one status on several recommendations, all or none: if ``user`` may not change one
    of them, nothing changes. Returns the history rows written (none for those already so)."""
    recommendations = list(recommendations)
    with writing():
        for rec in recommendations:
            _require_edit(user, rec)
        changes = [
            recommendation_set_status(recommendation=rec, status=status, user=user, note=note)
            for rec in recommendations
        ]
    return [change for change in changes if change]


def evidence_note_add(
    *,
    recommendation: Recommendation,
    user,
    happened_on,
    text: str,
    link: str = "",
    visibility: str = Visibility.INTERNAL,
) -> EvidenceNote:
    """A note added by staff: internal, unless the secretariat publishes it at once."""
    if not user.has_perm("recommendations.add_evidencenote"):
        raise PermissionDenied(_("You may not add evidence."))
    _require_edit(user, recommendation)
    if visibility == Visibility.PUBLIC and not roles.can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes evidence."))
    with writing():
        note = evidence_note_create(
            recommendation=recommendation,
            author=user,
            happened_on=happened_on,
            text=text,
            link=link,
        )
        if visibility == Visibility.PUBLIC:
            note = evidence_note_publish(note=note, user=user)
        return note


def evidence_note_update(
    *,
    note: EvidenceNote,
    user,
    version: int,
    happened_on,
    text: str,
    link: str,
    visibility: str,
) -> EvidenceNote:
    """The secretariat corrects a note, publishes it, or takes it back to internal.

    ``version`` is the version the edit started from; when the saved one is newer the edit is
    refused with EvidenceNoteConflict and nothing is written.
    """
    if not roles.secretariat_may(user, "change_evidencenote"):
        raise PermissionDenied(_("Only the secretariat changes evidence notes."))
    if visibility == Visibility.PUBLIC and not roles.can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes evidence."))
    with writing():
        note = _locked_note(note, version)
        note.happened_on, note.text, note.link = happened_on, text, link
        if visibility == Visibility.INTERNAL:
            note.visibility = Visibility.INTERNAL
            note.published_at = None
            note.published_by = None
        note.version += 1
        note.save()
        if visibility == Visibility.PUBLIC:
            note = evidence_note_publish(note=note, user=user)
        return note


def evidence_note_delete(*, note: EvidenceNote, user, version: int | None = None) -> None:
    """Delete a note; with ``version``, only if it is still the version the writer was shown."""
    if not roles.secretariat_may(user, "delete_evidencenote"):
        raise PermissionDenied(_("Only the secretariat deletes evidence notes."))
    with writing():
        _locked_note(note, version).delete()


def evidence_notes_publish(*, notes, user, versions: dict[int, int] | None = None) -> int:
    """Publish notes on the secretariat's decision; returns how many were internal before.

    ``versions`` maps each note's pk to the version the secretariat was shown; if any note
    changed since, none is published (EvidenceNoteConflict).
    """
    if not roles.can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes evidence."))
    count = 0
    with writing():
        for note in notes:
            version = None if versions is None else versions.get(note.pk, -1)
            current = _locked_note(note, version)
            if current.visibility != Visibility.PUBLIC:
                evidence_note_publish(note=current, user=user)
                count += 1
    return count


# --- staff accounts -------------------------------------------------------------------------


class StaffAccountError(Exception):
    """A staff account that cannot be saved as asked; the message says why."""


def staff_user_set_role(*, user, role: str, ministries, by=None) -> None:
    """Give ``user`` one role (or none) and the ministries they work for.

    ``by`` is the person making the change (None on the command line) and must be the
    secretariat; nobody but a superuser changes a superuser.
    """
    if role not in roles.GROUP_OF_ROLE and role != "":
        raise StaffAccountError(_("Unknown role %(role)r.") % {"role": role})
    if by is not None:
        if not roles.secretariat_may(by, "auth.change_user"):
            raise PermissionDenied(_("Only the secretariat manages staff."))
        if user.is_superuser and not by.is_superuser:
            raise PermissionDenied(_("Only a superuser changes a superuser."))
    with writing():
        role_groups = Group.objects.filter(name__in=roles.GROUP_OF_ROLE.values())
        user.groups.remove(*role_groups)
        if role:
            user.groups.add(Group.objects.get(name=roles.GROUP_OF_ROLE[role]))
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        user.ministries.set(ministries)
        roles.forget(user)


def staff_role_check(*, role: str, ministry_slugs=()) -> list[Ministry]:
    """The ministries named by ``ministry_slugs``, if the role and every slug are known."""
    if role not in roles.GROUP_OF_ROLE:
        raise StaffAccountError(
            _("Unknown role %(role)r; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(roles.GROUP_OF_ROLE)}
        )
    ministries = list(Ministry.objects.filter(slug__in=ministry_slugs))
    unknown = sorted(set(ministry_slugs) - {m.slug for m in ministries})
    if unknown:
        raise StaffAccountError(
            _("Unknown ministry %(slugs)s; known ministries: %(known)s.")
            % {
                "slugs": ", ".join(unknown),
                "known": ", ".join(Ministry.objects.values_list("slug", flat=True)) or "-",
            }
        )
    if role == "editor" and not ministries:
        raise StaffAccountError(_("An editor works for at least one ministry: give --ministry."))
    return ministries


def staff_user_save(
    *,
    username: str,
    role: str,
    ministry_slugs=(),
    email: str | None = None,
    password: str | None = None,
):
    """Create or update a staff account with its role and ministries (``add_staff``).

    Returns ``(user, created)``. A password, when given, must pass the password validators.
    """
    ministries = staff_role_check(role=role, ministry_slugs=ministry_slugs)
    User = get_user_model()
    with writing():
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = True
        if email is not None:
            user.email = email
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        staff_user_set_role(user=user, role=role, ministries=ministries)
    return user, created


# --- reminders ------------------------------------------------------------------------------

DUE_SOON_DAYS = 30
STALE_DAYS = 90


@dataclass
class ReminderContent:
    overdue: list[Recommendation]
    due_soon: list[Recommendation]
    not_updated: list[Recommendation]

    def __bool__(self):
        return bool(self.overdue or self.due_soon or self.not_updated)

    def count(self) -> int:
        return len({rec.pk for rec in self.overdue + self.due_soon + self.not_updated})


def reminder_content(*, user, today) -> ReminderContent:
    """What an editor's digest lists: overdue, due within 30 days, not updated for 90 days."""
    mine = (
        Recommendation.objects.visible_to(user)
        .not_completed()
        .with_last_staff_update()
        .select_related("report__country", "lead_ministry")
        .latest_first()
    )
    stale_before = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=STALE_DAYS), datetime.time())
    )
    return ReminderContent(
        overdue=list(mine.overdue(today)),
        due_soon=list(
            mine.filter(
                target_date__gte=today,
                target_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            )
        ),
        not_updated=list(mine.filter(last_update__lt=stale_before)),
    )


def reminder_digest_send(*, user, today, content: ReminderContent) -> ReminderDigest | None:
    """Email ``user`` their digest unless they had one today; returns the record, or None.

    The record is written before the mail goes and rolled back if sending fails, so two runs
    at once, or one after the other, never send the same person two digests on one day.
    """
    if not user.email:
        return None
    with writing():
        digest, created = ReminderDigest.objects.get_or_create(
            user=user,
            sent_on=today,
            defaults={"email": user.email, "recommendation_count": content.count()},
        )
        if not created:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "today": today,
                "content": content,
                "due_soon_days": DUE_SOON_DAYS,
                "stale_days": STALE_DAYS,
                "site_url": settings.TIPT_SITE_URL.rstrip("/"),
                "changelist": reverse("admin:recommendations_recommendation_changelist"),
            }
            subject = _("TIP recommendations: %(count)d need your attention") % {
                "count": content.count()
            }
            body = render_to_string("email/reminder_digest.txt", context)
        send_mail(subject, body, None, [user.email], fail_silently=False)
        return digest
