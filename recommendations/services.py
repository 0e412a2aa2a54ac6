"""Every write that carries a rule. The admin, the commands and the tests all call these."""

from __future__ import annotations

import datetime
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import roles
from .caching import writing
from .lineage import match_recommendations, similarity
from .models import (
    Country,
    EvidenceNote,
    Ministry,
    Recommendation,
    ReminderDigest,
    Report,
    Status,
    StatusChange,
    Tier,
    Visibility,
)
from .reporttext import ParsedChapter, derive_title

MIN_YEAR, MAX_YEAR = 2000, 2100
# Added to positions while a replacement moves them, so no two rows share one midway.
POSITION_SHIFT = 10_000

# --- countries ------------------------------------------------------------------------------


def country_key(name: str) -> str:
    """A name reduced so that "St. Lucia", "SAINT LUCIA", "Saint-Lucia" and "Bahamas, The"
    compare equal to "Saint Lucia" and "The Bahamas"."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    name = name.replace("&", " and ")
    name = re.sub(r"\bst\b\.?", "saint", name)
    name = re.sub(r"\bste\b\.?", "sainte", name)
    name = re.sub(r"^\s*the\s+|,\s*the\s*$", "", name)
    return re.sub(r"[^a-z0-9]+", "", name)


def country_find(name: str) -> Country | None:
    """The country whose name matches ``name`` whatever its case, punctuation or "St."; one
    query over the (at most a few hundred) countries."""
    key = country_key(name)
    if not key:
        return None
    for country in Country.objects.only("pk", "name", "slug"):
        if country_key(country.name) == key:
            return country
    return None


def country_get_or_create(*, name: str) -> Country:
    name = re.sub(r"\s+", " ", name).strip()
    with writing():
        country = country_find(name)
        if country:
            return country
        base = slugify(name)[:90] or "country"
        slug, number = base, 1
        while Country.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return Country.objects.create(name=name[:100], slug=slug)


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


# --- importing a report ---------------------------------------------------------------------
#
# An import is planned first (report_import_plan: reads only, also what --dry-run and the admin's
# preview show), then carried out (report_import: one transaction). Both the command and the
# admin page call these two with the parser's ParsedChapter.


class ReportImportError(Exception):
    """An import that cannot go ahead; the message says why in one line."""


@dataclass
class ProposedLink:
    """The predecessor proposed for the recommendation at ``position``, with its score."""

    position: int
    previous: Recommendation | None
    score: float | None


@dataclass
class ImportPlan:
    chapter: ParsedChapter
    country_name: str
    country: Country | None
    year: int
    existing: Report | None
    replace: bool = False
    links: list[ProposedLink] = field(default_factory=list)
    predecessor_report: Report | None = None
    successor_report: Report | None = None
    # The predecessor's recommendations a new one may follow (what the admin offers to choose).
    candidates: list[Recommendation] = field(default_factory=list)
    # When replacing: new position -> the existing recommendation it continues, and the
    # existing recommendations the replacement removes.
    kept: dict[int, Recommendation] = field(default_factory=dict)
    removed: list[Recommendation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def tier_label(self) -> str:
        """The tier in the reader's language (the parser gives one of Tier's values)."""
        return str(Tier(self.chapter.tier).label)

    def as_json(self) -> dict:
        by_position = {link.position: link for link in self.links}
        return {
            "country": self.country.name if self.country else self.country_name,
            "year": self.year,
            "tier": self.chapter.tier,
            "recommendations": [
                {
                    "position": rec.position,
                    "text": rec.text,
                    "area": rec.area,
                    "previous": _link_json(by_position.get(rec.position)),
                }
                for rec in self.chapter.recommendations
            ],
            "warnings": list(self.chapter.warnings) + list(self.warnings),
        }


def _link_json(link: ProposedLink | None) -> dict | None:
    if not link or not link.previous:
        return None
    return {
        "year": link.previous.report.year,
        "position": link.previous.position,
        "score": link.score,
    }


def report_import_plan(
    *,
    chapter: ParsedChapter,
    country_name: str | None = None,
    year: int | None = None,
    replace: bool = False,
) -> ImportPlan:
    """Work out what an import would do, without writing anything.

    A handful of queries whatever the size of the database: the countries, the country's
    reports, the predecessor's recommendations and who follows them, and, when replacing, the
    existing recommendations with their evidence and history counts.
    """
    name = re.sub(r"\s+", " ", country_name or chapter.country or "").strip()
    year = year or chapter.year
    if not name:
        raise ReportImportError(
            _("The country is not in the text; give the country (--country on the command line).")
        )
    if not year:
        raise ReportImportError(
            _(
                "The report year is not in the text, or the text names several; give the year "
                "(--year on the command line)."
            )
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ReportImportError(
            _("%(year)s is not a report year (%(min)s to %(max)s).")
            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    country = country_find(name)
    plan = ImportPlan(
        chapter=chapter,
        country_name=name,
        country=country,
        year=year,
        existing=None,
        replace=replace,
    )
    if (
        country_name
        and chapter.country
        and country_key(country_name) != country_key(chapter.country)
    ):
        plan.warnings.append(
            _("The text names %(text)s, but the import is for %(given)s.")
            % {"text": chapter.country, "given": country_name}
        )
    if country is None:
        return _plan_links(plan)
    reports = list(
        Report.objects.filter(country=country).select_related("country").order_by("year")
    )
    plan.existing = next((r for r in reports if r.year == year), None)
    plan.predecessor_report = next((r for r in reversed(reports) if r.year < year), None)
    plan.successor_report = next((r for r in reports if r.year > year), None)
    if plan.existing and not replace:
        plan.warnings.append(
            _(
                "%(country)s %(year)s is already imported: importing it again changes nothing "
                "unless it is replaced."
            )
            % {"country": plan.existing.country.name, "year": year}
        )
    if plan.existing and replace:
        _plan_replacement(plan)
    return _plan_links(plan)


def _already_imported(report: Report) -> str:
    return _("%(country)s %(year)s is already imported; nothing was changed.") % {
        "country": report.country.name,
        "year": report.year,
    }


def _plan_links(plan: ImportPlan) -> ImportPlan:
    """Match the new recommendations with the predecessor's."""
    predecessor = plan.predecessor_report
    if predecessor is not None:
        old = list(predecessor.recommendations.select_related("report").order_by("position"))
        # A predecessor recommendation followed in a year other than this one or the successor
        # (whose links across the gap this import replaces) is not free to follow again.
        followed = Recommendation.objects.filter(previous__report=predecessor).exclude(
            report__in=[r.pk for r in (plan.existing, plan.successor_report) if r is not None]
        )
        taken = set(followed.values_list("previous_id", flat=True))
        plan.candidates = [rec for rec in old if rec.pk not in taken]
    # When replacing, a recommendation kept from the earlier import keeps the link it has (staff
    # may have corrected it); the others are matched among the remaining candidates.
    by_pk = {rec.pk: rec for rec in plan.candidates}
    fixed = {
        position: by_pk[rec.previous_id]
        for position, rec in plan.kept.items()
        if rec.previous_id in by_pk
    }
    fixed_pks = {rec.pk for rec in fixed.values()}
    free = [rec for rec in plan.candidates if rec.pk not in fixed_pks]
    to_match = [r for r in plan.chapter.recommendations if r.position not in fixed]
    matches = match_recommendations([r.text for r in to_match], [r.text for r in free])
    proposed = {to_match[m.new_index].position: (free[m.old_index], m.score) for m in matches}
    for position, previous in fixed.items():
        parsed = next(r for r in plan.chapter.recommendations if r.position == position)
        proposed[position] = (previous, similarity(parsed.text, previous.text))
    for rec in plan.chapter.recommendations:
        previous, score = proposed.get(rec.position, (None, None))
        plan.links.append(ProposedLink(position=rec.position, previous=previous, score=score))
    return plan


def _plan_replacement(plan: ImportPlan) -> None:
    """Which existing recommendations the new text keeps (matched as the same recommendation,
    so their status, history, evidence, owners and dates stay), and which it removes. Removing
    one with evidence or status history is refused."""
    existing = list(
        plan.existing.recommendations.order_by("position").annotate(
            evidence_count=Count("evidence_notes", distinct=True),
            history_count=Count("status_changes", distinct=True),
        )
    )
    new = plan.chapter.recommendations
    unmatched = list(range(len(existing)))
    # The same words first, then the rewordings.
    for parsed in new:
        same = next((j for j in unmatched if existing[j].text == parsed.text), None)
        if same is not None:
            plan.kept[parsed.position] = existing[same]
            unmatched.remove(same)
    rest_new = [p for p in new if p.position not in plan.kept]
    rest_old = [existing[j] for j in unmatched]
    for match in match_recommendations([p.text for p in rest_new], [r.text for r in rest_old]):
        plan.kept[rest_new[match.new_index].position] = rest_old[match.old_index]
    kept_pks = {rec.pk for rec in plan.kept.values()}
    plan.removed = [rec for rec in existing if rec.pk not in kept_pks]
    blocked = [rec for rec in plan.removed if rec.evidence_count or rec.history_count]
    if blocked:
        raise ReportImportError(
            _(
                "Replacing %(country)s %(year)s would remove recommendation %(positions)s, which "
                "has evidence or a status history; nothing was changed. Keep it in the text or "
                "move its evidence first."
            )
            % {
                "country": plan.existing.country.name,
                "year": plan.year,
                "positions": ", ".join(f"#{rec.position} ({rec.title})" for rec in blocked),
            }
        )


@dataclass
class ImportResult:
    report: Report
    created: bool
    message: str
    replaced: bool = False


def report_import(
    *,
    plan: ImportPlan,
    user=None,
    source_url: str = "",
    overrides: dict[int, Recommendation | int | None] | None = None,
) -> ImportResult:
    """Create (or, when the plan says so, replace) the report and its recommendations, in order,
    each linked to its predecessor; a new recommendation that follows one inherits its lead and
    supporting ministries, target date, status (with a StatusChange saying so) and a staff
    correction of its area. A later report already imported is linked back to this one.

    ``overrides`` maps a position to the predecessor staff chose instead of the proposed one (a
    recommendation of the predecessor report, or its pk; None for no predecessor). Importing a
    country and year that exists already, without replacing, changes nothing. All or nothing:
    one transaction, with a bounded number of queries.
    """
    if plan.existing and not plan.replace:
        return ImportResult(plan.existing, False, _already_imported(plan.existing))
    links = _chosen_links(plan, overrides or {})
    try:
        with writing():
            country = plan.country or country_get_or_create(name=plan.country_name)
            if plan.successor_report:
                # The successor followed an older year across the gap this report now fills.
                Recommendation.objects.filter(
                    report=plan.successor_report, previous__report__year__lt=plan.year
                ).update(previous=None)
            if plan.existing:
                report, counts = _replace_report(plan, links, user, source_url)
            else:
                report = Report.objects.create(
                    country=country,
                    year=plan.year,
                    tier=plan.chapter.tier,
                    summary=plan.chapter.summary,
                    source_url=source_url,
                    source_text=plan.chapter.source_text,
                )
                _create_recommendations(report, plan.chapter.recommendations, links, user)
            if plan.successor_report:
                _link_successor(report, plan.successor_report)
    except IntegrityError as error:
        raise ReportImportError(
            _("%(country)s %(year)s was changed by someone else meanwhile; nothing was written.")
            % {"country": plan.country_name, "year": plan.year}
        ) from error
    linked = sum(1 for previous in links.values() if previous is not None)
    if plan.existing:
        message = _(
            "Replaced %(country)s %(year)s (%(tier)s): %(kept)d recommendations kept, %(added)d "
            "added, %(removed)d removed."
        ) % {"country": country.name, "year": plan.year, "tier": plan.tier_label, **counts}
        return ImportResult(report, False, message, replaced=True)
    message = _(
        "Imported %(country)s %(year)s (%(tier)s) with %(count)d recommendations, %(linked)d "
        "of them following one of an earlier year."
    ) % {
        "country": country.name,
        "year": plan.year,
        "tier": plan.tier_label,
        "count": len(plan.chapter.recommendations),
        "linked": linked,
    }
    return ImportResult(report, True, message)


def _chosen_links(
    plan: ImportPlan, overrides: dict[int, Recommendation | int | None]
) -> dict[int, Recommendation | None]:
    """The predecessor of each position: the proposal, or the one staff chose instead, which
    must be one of the predecessor report's free recommendations, each chosen at most once."""
    links = {link.position: link.previous for link in plan.links}
    candidates = {rec.pk: rec for rec in plan.candidates}
    positions = {rec.position for rec in plan.chapter.recommendations}
    for position, choice in overrides.items():
        if position not in positions:
            raise ReportImportError(
                _("There is no recommendation #%(position)s to link.") % {"position": position}
            )
        pk = choice.pk if isinstance(choice, Recommendation) else choice
        if pk is not None and pk not in candidates:
            raise ReportImportError(
                _(
                    "The predecessor chosen for #%(position)s is not a free recommendation of "
                    "the earlier report."
                )
                % {"position": position}
            )
        links[position] = candidates[pk] if pk is not None else None
    chosen: dict[int, int] = {}
    for position, previous in sorted(links.items()):
        if previous is None:
            continue
        if previous.pk in chosen:
            raise ReportImportError(
                _(
                    "%(year)s #%(previous)s is chosen as the predecessor of both #%(first)s and "
                    "#%(second)s; a recommendation can follow only one."
                )
                % {
                    "year": previous.report.year,
                    "previous": previous.position,
                    "first": chosen[previous.pk],
                    "second": position,
                }
            )
        chosen[previous.pk] = position
    return links


def _create_recommendations(
    report: Report,
    parsed: list,
    links: dict[int, Recommendation | None],
    user,
) -> list[Recommendation]:
    """Create recommendations in bulk; each that follows one inherits its predecessor's owners,
    target date, status (recorded as a StatusChange) and a staff-corrected area."""
    recs = []
    for item in parsed:
        previous = links.get(item.position)
        staff_area = bool(previous and previous.area_set_by_staff)
        recs.append(
            Recommendation(
                report=report,
                position=item.position,
                text=item.text,
                title=derive_title(item.text),
                area=previous.area if staff_area else item.area,
                area_set_by_staff=staff_area,
                previous=previous,
                lead_ministry_id=previous.lead_ministry_id if previous else None,
                target_date=previous.target_date if previous else None,
                status=previous.status if previous else Status.NOT_STARTED,
            )
        )
    recs = Recommendation.objects.bulk_create(recs)
    carried = [rec for rec in recs if rec.previous_id]
    if not carried:
        return recs
    Through = Recommendation.supporting_ministries.through
    supporting = Through.objects.filter(
        recommendation_id__in=[rec.previous_id for rec in carried]
    ).values_list("recommendation_id", "ministry_id")
    by_previous: dict[int, list[int]] = {}
    for previous_id, ministry_id in supporting:
        by_previous.setdefault(previous_id, []).append(ministry_id)
    Through.objects.bulk_create(
        [
            Through(recommendation_id=rec.pk, ministry_id=ministry_id)
            for rec in carried
            for ministry_id in by_previous.get(rec.previous_id, [])
        ]
    )
    now = timezone.now()
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                recommendation=rec,
                old_status=Status.NOT_STARTED,
                new_status=rec.status,
                changed_by=user,
                changed_at=now,
                note=_("Carried over from %(year)s #%(position)s.")
                % {"year": rec.previous.report.year, "position": rec.previous.position},
            )
            for rec in carried
            if rec.status != Status.NOT_STARTED
        ]
    )
    return recs


def _replace_report(plan: ImportPlan, links, user, source_url: str) -> tuple[Report, dict]:
    """Replace an imported report's text in place. A recommendation the new text keeps stays
    the same row (its status, history, evidence, owners, dates and a staff-corrected area stay);
    it takes the new wording, position and link. New ones are created, removed ones deleted."""
    report = plan.existing
    report.tier = plan.chapter.tier
    report.summary = plan.chapter.summary
    report.source_text = plan.chapter.source_text
    report.source_url = source_url or report.source_url
    report.imported_at = timezone.now()
    report.save(update_fields=["tier", "summary", "source_text", "source_url", "imported_at"])
    removed = [rec.pk for rec in plan.removed]
    # Checked again inside the transaction: every writer takes the content version's lock
    # first (caching.writing), so no evidence or status can arrive between here and the delete.
    if (
        EvidenceNote.objects.filter(recommendation__in=removed).exists()
        or StatusChange.objects.filter(recommendation__in=removed).exists()
    ):
        raise ReportImportError(
            _(
                "Evidence or a status change was just recorded on a recommendation this "
                "replacement would remove; nothing was changed. Preview the import again."
            )
        )
    if removed:
        Recommendation.objects.filter(pk__in=removed).delete()
    kept = list(plan.kept.items())
    # Positions and links change together: clear them first so no row clashes midway.
    Recommendation.objects.filter(report=report).update(
        position=F("position") + POSITION_SHIFT, previous=None, version=F("version") + 1
    )
    parsed = {item.position: item for item in plan.chapter.recommendations}
    updated = []
    for position, rec in kept:
        item = parsed[position]
        rec.position = position
        # A title staff wrote themselves stays; one still derived from the old text follows
        # the new text.
        if rec.title == derive_title(rec.text):
            rec.title = derive_title(item.text)
        rec.text = item.text
        if not rec.area_set_by_staff:
            rec.area = item.area
        rec.previous = links.get(position)
        updated.append(rec)
    now = timezone.now()
    for rec in updated:
        rec.updated_at = now
    Recommendation.objects.bulk_update(
        updated, ["position", "text", "title", "area", "previous", "updated_at"]
    )
    added = [item for item in plan.chapter.recommendations if item.position not in plan.kept]
    _create_recommendations(report, added, links, user)
    return report, {"kept": len(kept), "added": len(added), "removed": len(removed)}


def _link_successor(report: Report, successor: Report) -> None:
    """Link the later report's recommendations that follow none back to this report's."""
    later = list(successor.recommendations.filter(previous__isnull=True).order_by("position"))
    taken = set(
        successor.recommendations.filter(previous__isnull=False).values_list(
            "previous_id", flat=True
        )
    )
    earlier = [rec for rec in report.recommendations.order_by("position") if rec.pk not in taken]
    changed = []
    for match in match_recommendations([r.text for r in later], [r.text for r in earlier]):
        rec = later[match.new_index]
        rec.previous = earlier[match.old_index]
        changed.append(rec)
    if changed:
        Recommendation.objects.bulk_update(changed, ["previous"])
