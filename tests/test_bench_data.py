from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from recommendations.models import (
    Country,
    EvidenceNote,
    Metric,
    PageVersion,
    Recommendation,
    Report,
    StatisticValue,
    StatusChange,
)

pytestmark = pytest.mark.django_db


def generate(*args):
    call_command("generate_bench_data", *args, stdout=StringIO())


def snapshot():
    return list(
        Recommendation.objects.order_by(
            "report__country__slug", "report__year", "position"
        ).values_list("text", "status", "area", "target_date", "previous__position")
    )


def test_bench_data_has_the_asked_volume_and_is_linked_across_years():
    generate("--countries", "2", "--years", "3", "--seed", "7")
    assert Report.objects.count() == 6
    assert Recommendation.objects.count() == 60
    assert EvidenceNote.objects.count() == 600
    assert StatusChange.objects.count() == 60 * 2632 // 1000
    assert Recommendation.objects.filter(previous__isnull=False).exists()
    assert not Recommendation.objects.filter(
        report__year=Report.objects.order_by("year").first().year, previous__isnull=False
    ).exists()
    # Every country, period and metric has its approved total and breakdown cells.
    cells = sum(len(metric.cells()) for metric in Metric.objects.all())
    assert StatisticValue.objects.approved().count() == 2 * 3 * cells


def test_bench_data_has_threads_across_the_years_with_their_paths():
    generate("--countries", "2", "--years", "4", "--seed", "7")
    recs = list(Recommendation.objects.select_related("report"))
    by_pk = {rec.pk: rec for rec in recs}
    for rec in recs:
        previous = by_pk.get(rec.previous_id)
        expected = f"{previous.thread_path}{rec.pk}/" if previous else f"/{rec.pk}/"
        assert rec.thread_path == expected
    # Some thread runs through all four years, and the latest version's reads it whole.
    longest = max(recs, key=lambda rec: rec.thread_path.count("/"))
    years = [r.report.year for r in Recommendation.objects.thread_of(longest)]
    assert years == sorted({rec.report.year for rec in recs})


def generated(*args):
    """What snapshot() reads of the data the command generates with ``args`` in this database,
    rolled back afterwards."""
    with transaction.atomic():
        generate(*args)
        recommendations = snapshot()
        transaction.set_rollback(True)
    return recommendations


def test_bench_data_is_the_same_for_the_same_seed():
    first = generated("--countries", "2", "--years", "2", "--seed", "3")
    assert generated("--countries", "2", "--years", "2", "--seed", "3") == first
    assert generated("--countries", "2", "--years", "2", "--seed", "4") != first


def test_bench_data_refuses_to_run_twice_in_one_database():
    generate("--countries", "1", "--years", "1")
    with pytest.raises(CommandError, match="exists already"):
        generate("--countries", "1", "--years", "1")
    assert Report.objects.count() == 1


def test_bench_data_gives_every_country_its_page_counter():
    generate("--countries", "2", "--years", "1")
    counted = PageVersion.objects.filter(scope=PageVersion.Scope.COUNTRY)
    assert set(counted.values_list("country", flat=True)) == set(
        Country.objects.values_list("pk", flat=True)
    )
