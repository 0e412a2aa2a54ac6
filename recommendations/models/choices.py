"""The fixed vocabularies of the domain: tiers, 3P areas, statuses, visibility, and where a
proposal or a note stands in the secretariat's review."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    TIER_1 = "Tier 1", _("Tier 1")
    TIER_2 = "Tier 2", _("Tier 2")
    TIER_2_WATCH_LIST = "Tier 2 Watch List", _("Tier 2 Watch List")
    TIER_3 = "Tier 3", _("Tier 3")
    SPECIAL_CASE = "Special Case", _("Special Case")


class Area(models.TextChoices):
    PROSECUTION = "prosecution", _("Prosecution")
    PROTECTION = "protection", _("Protection")
    PREVENTION = "prevention", _("Prevention")
    PARTNERSHIP = "partnership", _("Partnership")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    STALLED = "stalled", _("Stalled")
    COMPLETED = "completed", _("Completed")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


def in_choices(field, choices):
    return Q(**{f"{field}__in": choices.values})


def valid_choice(field, choices, name):
    """The database's rule that ``field`` holds one of ``choices``' values."""
    return models.CheckConstraint(condition=in_choices(field, choices), name=name)


class Review(models.TextChoices):
    """Where a ministry editor's status proposal stands in the secretariat's review."""

    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NoteReview(models.TextChoices):
    """Where an internal evidence note stands on its way to publication (a published note is
    public: its visibility says so)."""

    DRAFT = "draft", _("Internal")
    SUBMITTED = "submitted", _("Submitted for publication")
    RETURNED = "returned", _("Returned")


class Decision(models.TextChoices):
    """What the secretariat decided of a proposal or of a note submitted for publication."""

    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned")
