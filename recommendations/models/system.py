"""What the site keeps for itself: staff members' preferences, the digests sent, and the page
versions of the cache."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import belongs_to, optional_link
from .places import Country


class StaffProfile(models.Model):
    """What a staff member chose for themselves: the language of the mail TIPT sends them."""

    user = belongs_to(
        settings.AUTH_USER_MODEL, "tipt_profile", _("user"), field=models.OneToOneField
    )
    language = models.CharField(
        _("language of emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user} ({self.language})"


class ReminderDigest(models.Model):
    """One digest email of a kind sent to one person on one day; there is never a second of
    that kind that day: an editor's reminders of their work, the secretariat's list of what
    waits for its review."""

    class Kind(models.TextChoices):
        REMINDERS = "reminders", _("reminders")
        REVIEW = "review", _("review queue")

    user = belongs_to(settings.AUTH_USER_MODEL, "reminder_digests", _("user"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REMINDERS)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    email = models.EmailField(_("email"))
    recommendation_count = models.PositiveIntegerField(_("items listed"), default=0)

    class Meta:
        ordering = ["-sent_on", "user"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"], name="reminderdigest_one_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.sent_on}"


class PageVersion(models.Model):
    """A counter for one set of cached public pages, raised after each committed change to what
    they show (recommendations/writes.py raises it, recommendations/public/cache.py reads it).

    The ``catalogue`` counter covers what every page lists (the countries with a report and
    their years, the ministries); a ``country`` counter covers that country's pages (its
    dashboard, its list, its recommendations). Pages across countries (the feed, the list of
    every country) are keyed by the sum of the country counters, so no single row is written
    by every change.
    """

    class Scope(models.TextChoices):
        CATALOGUE = "catalogue", _("what every page lists")
        COUNTRY = "country", _("one country's pages")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    country = optional_link(
        Country, "+", _("country"), field=models.OneToOneField, on_delete=models.CASCADE
    )
    number = models.BigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("page version")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="catalogue", country__isnull=True)
                | Q(scope="country", country__isnull=False),
                name="pageversion_scope_matches_country",
            ),
            models.UniqueConstraint(
                fields=["scope"],
                condition=Q(scope="catalogue"),
                name="pageversion_one_catalogue",
            ),
        ]

    def __str__(self):
        return f"{self.scope} {self.country_id or ''} {self.number}".replace("  ", " ")
