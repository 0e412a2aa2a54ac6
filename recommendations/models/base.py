"""What several tables share: the version and time stamps of a row that staff edit, the
secretariat's review of what an editor proposed, the staff member a row says did
something, the two shapes of link most rows have, and the plausible years."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from .choices import Review


class Versioned(models.Model):
    """A row that staff edit, perhaps two at once: when it was made and last saved, and its
    version."""

    # Bumped on every save through the services; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def optional_link(to, related_name, verbose_name, *, field=models.ForeignKey, **options):
    """A link a row may lack, or lose: when the row it names is deleted, this one stays and
    names nothing (``on_delete`` in ``options`` for another rule)."""
    options.setdefault("on_delete", models.SET_NULL)
    return field(
        to, null=True, blank=True, related_name=related_name, verbose_name=verbose_name, **options
    )


def plausible_year(field, name):
    """The database's rule that the year in ``field`` is one a TIP report may have."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": FIRST_REPORT_YEAR})
        & Q(**{f"{field}__lte": LAST_PLAUSIBLE_YEAR}),
        name=name,
    )


def belongs_to(to, related_name, verbose_name, *, field=models.ForeignKey):
    """The row a row belongs to: when that one is deleted, this one goes with it."""
    return field(to, on_delete=models.CASCADE, related_name=related_name, verbose_name=verbose_name)


def recommendation_link(related_name, *, field=models.ForeignKey):
    """The recommendation a row belongs to: the row goes with it."""
    return belongs_to(
        "recommendations.Recommendation", related_name, _("recommendation"), field=field
    )


class EnglishOriginal(models.Model):
    """A row with a French version of some fields (recommendations/translation.py). Through
    django-modeltranslation, the original column (``name``) is written from the active
    language's version; saved in English, it always holds the English, like ``name_en``, so a
    read that joins it (``lead_ministry__name``) reads English whoever saved the row."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)


def staff_member(verbose_name):
    """The person who wrote, published, changed or carried over a row. The row outlives their
    account: when the account is deleted, the row stays and names nobody."""
    return optional_link(settings.AUTH_USER_MODEL, "+", verbose_name)


class Reviewed(models.Model):
    """Something a ministry editor proposed, waiting for the secretariat's decision, and that
    decision: who took it, when, and the comment the author reads."""

    state = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    decided_by = staff_member(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        abstract = True
