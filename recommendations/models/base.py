"""What several tables share: the version and time stamps of a row that staff edit, and the
staff member a row says did something."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A row that staff edit, perhaps two at once: when it was made and last saved, and its
    version."""

    # Bumped on every save through the services; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def staff_member(verbose_name):
    """The person who wrote, published, changed or carried over a row. The row outlives their
    account: when the account is deleted, the row stays and names nobody."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
