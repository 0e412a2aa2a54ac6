"""What the site keeps for itself: the reminders sent, and the page versions of the cache."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .places import Country


class ReminderDigest(models.Model):
    """One reminder email sent to one person on one day; there is never a second that day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name=_("user"),
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    email = models.EmailField(_("email"))
    recommendation_count = models.PositiveIntegerField(_("recommendations listed"), default=0)

    class Meta:
        ordering = ["-sent_on", "user"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminderdigest_one_a_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.sent_on}"


class PageVersion(models.Model):
    """A counter for one set of cached public pages, raised after each committed change to what
    they show (recommendations/writes.py raises it, recommendations/caching.py reads it).

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
    country = models.OneToOneField(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
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
