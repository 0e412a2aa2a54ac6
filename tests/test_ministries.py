"""A ministry belongs to one country's government."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from .factories import CountryFactory, MinistryFactory

BEFORE = [("recommendations", "0005_latest_note_and_status_indexes")]
AFTER = [("recommendations", "0006_notes_years_pages_ministries")]


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
