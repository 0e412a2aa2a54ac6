"""The report's own figures are saved with the report on import, replaced with it, and shown
beside the task force's figures: on the public statistics page, and flagged on the staff grid
where they differ."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations import services
from recommendations.importing import parse_chapter, report_import, report_import_plan
from recommendations.models import Metric, ReportFigure

from ..admin_forms import login
from ..factories import SecretariatFactory

pytestmark = pytest.mark.django_db


def _import(seed_path, **kwargs):
    chapter = parse_chapter(seed_path.read_bytes())
    plan = report_import_plan(chapter=chapter, year=2020, **kwargs)
    return report_import(plan=plan).report


def test_the_seed_chapters_figures_are_saved_with_it(seed_path):
    report = _import(seed_path)
    saved = {
        (f.metric.code, f.period): (f.value, f.currency, f.usd)
        for f in ReportFigure.objects.filter(report=report).select_related("metric")
    }
    assert saved[("investigations", 2020)][0] == Decimal(3)
    assert saved[("investigations", 2019)][0] == Decimal(2)
    assert saved[("investigations", 2018)][0] == Decimal(0)
    assert saved[("victims_identified", 2016)][0] == Decimal(10)
    assert saved[("budget_anti_trafficking", 2020)] == (Decimal(81000), "XCD", Decimal(30000))
    assert (
        "three investigations"
        in ReportFigure.objects.get(report=report, metric__code="investigations", period=2020).text
    )


def test_a_replacement_replaces_the_figures(seed_path):
    report = _import(seed_path)
    count = ReportFigure.objects.filter(report=report).count()
    replaced = _import(seed_path, replace=True)
    assert ReportFigure.objects.filter(report=replaced).count() == count
    assert ReportFigure.objects.count() == count


def test_the_public_page_and_the_staff_grid_show_what_the_report_says(client, seed_path):
    call_command("load_demo", "--no-admin", verbosity=0)
    page = client.get(reverse("recommendations:statistics")).content.decode()
    assert "What the report says" in page and "2020 report" in page
    country = ReportFigure.objects.first().report.country
    police = country.ministries.first()
    police.metrics.add(Metric.objects.get(code="investigations"))
    secretariat = SecretariatFactory()
    services.statistics_enter(
        user=secretariat,
        ministry=police,
        period=2020,
        entries=[
            services.Entry(metric=Metric.objects.get(code="investigations"), cell="", value=4)
        ],
    )
    grid = reverse("admin:statistics_grid", args=[2020, police.pk])
    content = login(client, secretariat).get(grid).content.decode()
    assert "The 2020 report says 3" in content
    assert "This differs from the figure entered." in content
