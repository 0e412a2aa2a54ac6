"""How a write is carried out: in one transaction (``writing()``), after whose commit the cached
public pages whose content it changed are forgotten, and no others.

Saves and deletes of what public pages show note which pages they change, in the transaction
(the signals below: every path is covered, the admin's own saves and cascades included); once
the transaction commits, one flush raises the page versions of those pages (models.PageVersion).
A change in one country raises that country's counter only; a new report, a renamed country or
a ministry raises the catalogue (every page lists them). A write no public page shows (a
reminder sent, a staff role, a login, an internal note) raises nothing. No counter is written
inside the writer's transaction, so writers in different countries never wait on each other.

Between a commit and its flush a reader may still be served the page cached before the change,
for the milliseconds the flush takes; a process that dies in between leaves pages until they
expire (PAGE_TIMEOUT in recommendations/public/cache.py, the read side, which keys pages by
these versions).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    Country,
    EvidenceDocument,
    EvidenceNote,
    Metric,
    Ministry,
    PageVersion,
    Recommendation,
    Report,
    StatusChange,
    Visibility,
)
from .public.page_versions import copies, notify_changed


@contextmanager
def writing():
    """The transaction of a write that carries a rule (every service opens its own with it)."""
    with transaction.atomic():
        yield


@dataclass
class _Changed:
    """What the writes of the current transaction changed, until its commit."""

    catalogue: bool = False
    countries: set[int] = field(default_factory=set)
    reports: set[int] = field(default_factory=set)
    recommendations: set[int] = field(default_factory=set)

    def __bool__(self):
        return self.catalogue or bool(self.countries or self.reports or self.recommendations)


def _changed() -> _Changed:
    changed = getattr(connection, "_tipt_pages_changed", None)
    if changed is None:
        changed = connection._tipt_pages_changed = _Changed()
    return changed


def pages_changed(*, catalogue=False, countries=(), reports=(), recommendations=()) -> None:
    """Note that the current write changes these pages; they are forgotten after its commit."""
    changed = _changed()
    changed.catalogue |= catalogue
    changed.countries.update(countries)
    changed.reports.update(reports)
    changed.recommendations.update(recommendations)
    # Registered by every change, run once: the first run takes all that is noted (a rolled
    # back transaction's notes go with the next commit: an extra invalidation, never a miss).
    transaction.on_commit(_flush)


def _flush() -> None:
    changed = _changed()
    if not changed:
        return
    connection._tipt_pages_changed = _Changed()
    countries = set(changed.countries)
    if changed.reports:
        countries.update(
            Report.objects.filter(pk__in=changed.reports).values_list("country_id", flat=True)
        )
    if changed.recommendations:
        countries.update(
            Recommendation.objects.filter(pk__in=changed.recommendations).values_list(
                "report__country_id", flat=True
            )
        )
    page_versions_raise(catalogue=changed.catalogue, countries=countries)


def page_versions_raise(*, catalogue: bool = False, countries=()) -> None:
    """Raise the catalogue's counter and each country's, creating those not counted yet, and
    tell every app server's copy of the versions (public/page_versions.py)."""
    countries = set(countries)
    if not (catalogue or countries):
        return
    with transaction.atomic():
        if catalogue:
            _raise(PageVersion.objects.filter(scope=PageVersion.Scope.CATALOGUE), [None])
        if countries:
            _raise(PageVersion.objects.filter(country__in=countries), countries)
        notify_changed()
    copies.changed_here()


def _raise(rows, wanted) -> None:
    if rows.update(number=F("number") + 1) == len(wanted):
        return
    present = set(rows.values_list("country_id", flat=True))
    missing = set(wanted) - present
    if None not in missing:  # countries, not the catalogue: only those that still exist
        missing = set(Country.objects.filter(pk__in=missing).values_list("pk", flat=True))
    for country_id in missing:
        scope = PageVersion.Scope.COUNTRY if country_id else PageVersion.Scope.CATALOGUE
        try:
            with transaction.atomic():
                PageVersion.objects.create(scope=scope, country_id=country_id, number=1)
        except IntegrityError:  # counted meanwhile by another writer
            PageVersion.objects.filter(scope=scope, country_id=country_id).update(
                number=F("number") + 1
            )


def forget_every_page() -> None:
    """After data written around the signals (bench data, a restore): every page goes, and
    every country gets its counter (without one, its pages are keyed as every country's)."""
    with transaction.atomic():
        PageVersion.objects.bulk_create(
            [
                PageVersion(scope=PageVersion.Scope.COUNTRY, country_id=pk, number=1)
                for pk in Country.objects.values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )
        page_versions_raise(catalogue=True)


# --- which saves change which pages ---------------------------------------------------------


def _country(sender, instance, **kwargs):
    pages_changed(catalogue=True, countries=[instance.pk])


def _report(sender, instance, **kwargs):
    # Its country's pages, and every page's lists of countries and years.
    pages_changed(catalogue=True, countries=[instance.country_id])


def _ministry(sender, instance, **kwargs):
    pages_changed(catalogue=True)


def _metric(sender, instance, **kwargs):
    # Its name and definition, in English and French, on every country's statistics page.
    pages_changed(catalogue=True)


def _recommendation(sender, instance, **kwargs):
    pages_changed(reports=[instance.report_id])


def _note(sender, instance, **kwargs):
    # Public pages show published notes only: an internal note changes none of them.
    if instance.visibility != Visibility.PUBLIC and not getattr(instance, "was_public", False):
        return
    pages_changed(recommendations=[instance.recommendation_id])


def _document(sender, instance, **kwargs):
    # Listed on its recommendation's public page while its note is published.
    note = EvidenceNote.objects.filter(pk=instance.note_id, visibility=Visibility.PUBLIC)
    rec = note.values_list("recommendation_id", flat=True).first()
    if rec is not None:
        pages_changed(recommendations=[rec])


def _status_change(sender, instance, **kwargs):
    pages_changed(recommendations=[instance.recommendation_id])


def _supporting(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        pages_changed(recommendations=[instance.pk])
    elif pk_set:
        pages_changed(recommendations=pk_set)
    else:
        pages_changed(catalogue=True)


_RECEIVERS = {
    Country: _country,
    Report: _report,
    Ministry: _ministry,
    Metric: _metric,
    Recommendation: _recommendation,
    EvidenceNote: _note,
    EvidenceDocument: _document,
    StatusChange: _status_change,
}


def connect() -> None:
    """Connect the receivers above (apps.py; infrastructure, not a domain rule: they only make
    cached pages unreachable)."""
    for model, receiver in _RECEIVERS.items():
        post_save.connect(receiver, sender=model, dispatch_uid=f"pages-save-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"pages-del-{model.__name__}")
    m2m_changed.connect(
        _supporting,
        sender=Recommendation.supporting_ministries.through,
        dispatch_uid="pages-supporting",
    )
