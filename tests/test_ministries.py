"""A ministry belongs to one country's government."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from recommendations import services
from recommendations.models import Ministry

from .admin_forms import changeform_data, login
from .factories import (
    CountryFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    SecretariatFactory,
)

BEFORE = [("recommendations", "0001_initial_squashed_0005_latest_note_and_status_indexes")]
AFTER = [("recommendations", "0006_notes_years_pages_ministries_squashed_0015_french_content")]


@pytest.mark.django_db
def test_the_same_ministry_name_may_serve_two_countries_but_not_twice_one():
    lucia, barbados = CountryFactory(name="Saint Lucia"), CountryFactory(name="Barbados")
    MinistryFactory(country=lucia, name="Ministry of Labour")
    MinistryFactory(country=barbados, name="Ministry of Labour")
    with pytest.raises(IntegrityError), transaction.atomic():
        MinistryFactory(country=lucia, name="Ministry of Labour")


@pytest.fixture
def migrator():
    """Leaves the test database at the latest migrations, whichever it went back to."""
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_ministries_are_placed_in_the_countries_they_serve(migrator):
    executor = migrator
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Country = old.get_model("recommendations", "Country")
    Report = old.get_model("recommendations", "Report")
    Ministry = old.get_model("recommendations", "Ministry")
    Recommendation = old.get_model("recommendations", "Recommendation")
    lucia = Country.objects.create(name="Saint Lucia", slug="saint-lucia")
    barbados = Country.objects.create(name="Barbados", slug="barbados")
    labour = Ministry.objects.create(name="Labour", slug="labour")
    police = Ministry.objects.create(name="Police", slug="police")
    idle = Ministry.objects.create(name="Tourism", slug="tourism")
    recs = []
    for country, position in [(lucia, 1), (lucia, 2), (barbados, 1)]:
        report, _ = Report.objects.get_or_create(country=country, year=2020, tier="Tier 2")
        recs.append(
            Recommendation.objects.create(
                report=report, position=position, text="t", title="t", area="prevention"
            )
        )
    recs[0].lead_ministry, recs[1].lead_ministry = labour, labour
    recs[0].save()
    recs[1].save()
    recs[2].lead_ministry = labour  # Labour serves Barbados too: it gets a ministry of its own
    recs[2].save()
    recs[2].supporting_ministries.add(police)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Ministry = new.get_model("recommendations", "Ministry")
    Recommendation = new.get_model("recommendations", "Recommendation")
    placed = {(m.name, m.country.slug) for m in Ministry.objects.select_related("country")}
    assert placed == {
        ("Labour", "saint-lucia"),
        ("Labour", "barbados"),
        ("Police", "barbados"),
        ("Tourism", "saint-lucia"),
    }
    for rec in Recommendation.objects.select_related("lead_ministry", "report"):
        assert rec.lead_ministry.country_id == rec.report.country_id
    assert Ministry.objects.get(pk=idle.pk).country.slug == "saint-lucia"


@pytest.fixture
def two_governments():
    lucia = MinistryFactory(name="Ministry of Labour", short_name="", slug="labour-lc").country
    MinistryFactory(name="Ministry of Labour", short_name="", slug="labour-bb")
    rec = RecommendationFactory(report=ReportFactory(country=lucia), lead_ministry=None)
    return rec, Ministry.objects.get(slug="labour-lc"), Ministry.objects.get(slug="labour-bb")


@pytest.mark.django_db
def test_a_foreign_ministry_is_refused_as_lead_or_supporter_with_a_clear_error(two_governments):
    rec, ours, theirs = two_governments
    secretariat = SecretariatFactory()
    for kwargs in (
        {"changes": {"lead_ministry": theirs}},
        {"changes": {}, "supporting_ministries": [ours, theirs]},
    ):
        with pytest.raises(ValidationError, match="not a ministry of"):
            services.recommendation_update(
                recommendation=rec, version=rec.version, user=secretariat, **kwargs
            )
    rec.refresh_from_db()
    assert rec.lead_ministry is None and not rec.supporting_ministries.exists()
    services.recommendation_update(
        recommendation=rec,
        version=rec.version,
        user=secretariat,
        changes={"lead_ministry": ours},
        supporting_ministries=[ours],
    )
    rec.refresh_from_db()
    assert rec.lead_ministry == ours


@pytest.mark.django_db
def test_the_workspace_offers_only_the_ministries_of_the_reports_country(client, two_governments):
    rec, ours, theirs = two_governments
    login(client, SecretariatFactory())
    url = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    form = client.get(url).context["adminform"].form
    for name in ("lead_ministry", "supporting_ministries"):
        assert list(form.fields[name].queryset) == [ours]
    data = changeform_data(client.get(url))
    data["lead_ministry"] = str(theirs.pk)
    assert client.post(url, data).status_code == 200
    rec.refresh_from_db()
    assert rec.lead_ministry is None


@pytest.mark.django_db
def test_the_public_list_offers_the_ministries_of_the_country_shown(
    client, two_governments, settings
):
    rec, ours, theirs = two_governments
    settings.TIPT_DEFAULT_COUNTRY = ours.country.slug
    rec.lead_ministry = ours
    rec.save()
    url = reverse("recommendations:list")
    choices = client.get(url, {"country": rec.report.country.slug}).context["filter"].form
    assert [slug for slug, _label in choices.fields["ministry"].choices if slug] == ["labour-lc"]
    # Across countries, the site's own government's, saying whose they are; another
    # government's once its country is chosen, or when an address asks for it.
    every = dict(client.get(url).context["filter"].form.fields["ministry"].choices)
    assert every["labour-lc"] == f"Ministry of Labour ({ours.country})"
    assert "labour-bb" not in every
    theirs_page = client.get(url, {"ministry": "labour-bb", "year": "all"})
    asked = dict(theirs_page.context["filter"].form.fields["ministry"].choices)
    assert asked["labour-bb"] == f"Ministry of Labour ({theirs.country})"
    assert theirs_page.context["filter"].is_valid()
    chosen = client.get(url, {"country": theirs.country.slug}).context["filter"].form
    assert [slug for slug, _label in chosen.fields["ministry"].choices if slug] == ["labour-bb"]


@pytest.mark.django_db
def test_the_foreign_ministry_error_is_in_french_too(two_governments):
    from django.utils import translation

    from recommendations.models import foreign_ministries_error

    rec, _ours, theirs = two_governments
    with translation.override("fr"):
        error = foreign_ministries_error(rec.report, [theirs], "lead_ministry")
        message = error.message_dict["lead_ministry"][0]
    assert message.startswith(f"{theirs} : pas un ministère de {rec.report.country}")
