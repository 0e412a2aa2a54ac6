"""One factory per model, a police force that enters statistics, a note published as the
services publish one (with documents, public and not), a note saved again and a status changed
(or proposed) through the services.

Notes and status changes written here, around the services, refresh their thread's summaries
as the services do (ThreadSummariesRefreshed), so that tests read what the pages read."""

import datetime
import secrets

import factory
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from recommendations import models, services
from recommendations.services.evidence import _evidence_note_create, _evidence_note_publish
from recommendations.services.threads import _thread_paths_recompute, thread_summaries_refresh
from recommendations.writes import writing

from .documents import upload


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Country

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Report

    country = factory.SubFactory(CountryFactory)
    year = factory.Sequence(lambda n: 2001 + n % 99)
    tier = models.Tier.TIER_2


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Ministry

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"Ministry {n}")
    short_name = factory.Sequence(lambda n: f"M{n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")


def police_force(*metric_codes, **fields):
    """The Royal Police Force (a ministry of ``fields``), answering for the metrics
    ``metric_codes``."""
    ministry = MinistryFactory(name="Royal Police Force", short_name="Police", **fields)
    ministry.metrics.add(*models.Metric.objects.filter(code__in=metric_codes))
    return ministry


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Recommendation
        skip_postgeneration_save = True

    report = factory.SubFactory(ReportFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Investigate and prosecute trafficking case number {n}.")
    title = factory.LazyAttribute(lambda r: r.text.rstrip(".")[:80])
    area = models.Area.PROSECUTION
    lead_ministry = factory.SubFactory(
        MinistryFactory, country=factory.SelfAttribute("..report.country")
    )

    @factory.post_generation
    def thread(rec, create, extracted, **kwargs):
        """Its thread path, as every write that links recommendations keeps it."""
        if not create:
            return
        with writing():
            _thread_paths_recompute(countries=[rec.report.country_id])
        rec.refresh_from_db(fields=["thread_path", "thread_root"])

    @classmethod
    def _generate(cls, strategy, params):
        # A recommendation given a lead ministry belongs to a report of that ministry's country.
        lead = params.get("lead_ministry")
        if lead is not None and "report" not in params and "report__country" not in params:
            params = {**params, "report__country": lead.country}
        return super()._generate(strategy, params)


class ThreadSummariesRefreshed(factory.django.DjangoModelFactory):
    """A row of a recommendation's thread: once created, the thread's summaries are refreshed,
    as every service writing one does (services/threads.py)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        with writing():
            thread_summaries_refresh(recommendations=[row.recommendation_id])
        return row


class EvidenceNoteFactory(ThreadSummariesRefreshed):
    class Meta:
        model = models.EvidenceNote

    recommendation = factory.SubFactory(RecommendationFactory)
    author = factory.SubFactory(UserFactory)
    happened_on = factory.LazyFunction(lambda: datetime.date(2020, 3, 1))
    text = factory.Sequence(lambda n: f"Internal evidence note {n}")
    visibility = models.Visibility.INTERNAL
    public_id = factory.LazyAttribute(
        lambda note: secrets.token_hex(8) if note.visibility == models.Visibility.PUBLIC else None
    )


def evidence_note_published(*, author, **fields):
    """A note written by ``author`` and published by them, through the unchecked primitives the
    services are made of (no right is checked), so that its thread's summaries follow."""
    note = _evidence_note_create(author=author, **fields)
    return _evidence_note_publish(note=note, user=author)


def documents_published(note, *, user, public_name, internal_name):
    """``note`` given by ``user`` a public document named ``public_name`` and one kept internal
    named ``internal_name``, then published by them: (public document, internal document)."""
    public = services.evidence_document_add(
        note=note, user=user, upload=upload(public_name), public=True
    )
    internal = services.evidence_document_add(note=note, user=user, upload=upload(internal_name))
    services.evidence_notes_publish(notes=[note], user=user)
    note.refresh_from_db()
    return public, internal


def evidence_note_resaved(note, *, user, **changes):
    """``note`` saved by ``user`` from its current version, as it stands but for ``changes``."""
    fields = {
        "happened_on": note.happened_on,
        "text": note.text,
        "link": note.link,
        "visibility": note.visibility,
    }
    return services.evidence_note_update(
        note=note, user=user, version=note.version, **{**fields, **changes}
    )


def status_proposed(rec, *, user, status=models.Status.COMPLETED, note="The shelter opened"):
    """``user`` changes ``rec``'s status from its page as it stands; an editor's change is the
    proposal returned (None when it needs no review)."""
    return services.recommendation_update(
        recommendation=rec,
        version=models.Recommendation.objects.get(pk=rec.pk).version,
        user=user,
        changes={},
        status=status,
        status_note=note,
    ).proposal


class StatusChangeFactory(ThreadSummariesRefreshed):
    class Meta:
        model = models.StatusChange

    recommendation = factory.SubFactory(RecommendationFactory)
    old_status = models.Status.NOT_STARTED
    new_status = models.Status.IN_PROGRESS
    changed_by = factory.SubFactory(UserFactory)


class SecretariatFactory(UserFactory):
    """A staff user in the Secretariat group."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        from recommendations.services import staff_user_set_role

        staff_user_set_role(user=user, role="secretariat", ministries=[])


class EditorFactory(UserFactory):
    """A ministry editor; pass ``ministries=[...]`` (a new ministry by default)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def ministries(user, create, extracted, **kwargs):
        from recommendations.services import staff_user_set_role

        ministries = extracted if extracted is not None else [MinistryFactory()]
        staff_user_set_role(user=user, role="editor", ministries=ministries)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """An enrolled authenticator app (as enrol_totp makes it)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Authenticator app {n}")
    confirmed = True


class ReminderDigestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReminderDigest

    user = factory.SubFactory(UserFactory)
    sent_on = factory.LazyFunction(lambda: datetime.date(2021, 6, 1))
    email = factory.LazyAttribute(lambda d: d.user.email)


class PageVersionFactory(factory.django.DjangoModelFactory):
    """A country's page counter (``scope="catalogue", country=None`` for the catalogue's)."""

    class Meta:
        model = models.PageVersion
        django_get_or_create = ["scope", "country"]

    scope = models.PageVersion.Scope.COUNTRY
    country = factory.SubFactory(CountryFactory)
    number = 0


class CarryOverFactory(factory.django.DjangoModelFactory):
    """That an import carried ``recommendation`` over from the report of the year before."""

    class Meta:
        model = models.CarryOver

    recommendation = factory.SubFactory(RecommendationFactory)
    from_year = factory.LazyAttribute(lambda c: c.recommendation.report.year - 1)
    from_position = 1
    status = models.Status.NOT_STARTED
    carried_by = None
