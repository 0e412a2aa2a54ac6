"""The report's own figures (figures.py read them from its narrative) saved with the report, in
the import's transaction: a replacement's figures replace the old ones. A metric the catalogue
no longer holds is skipped; one figure per metric and period."""

from __future__ import annotations

from ..models import Metric, ReportFigure


def report_figures_store(report, figures, *, replacing: bool = False) -> int:
    """Save ``figures`` (figures.Figure) as ``report``'s, in place of those it had when
    ``replacing``; how many. Two queries (the catalogue, the rows), three when replacing."""
    if replacing:
        ReportFigure.objects.filter(report=report).delete()
    metrics = {metric.code: metric for metric in Metric.objects.all()}
    rows = {}
    for figure in figures:
        metric = metrics.get(figure.metric)
        if metric is None:
            continue
        rows.setdefault(
            (metric.pk, figure.period),
            ReportFigure(
                report=report,
                metric=metric,
                period=figure.period,
                value=figure.value,
                currency=figure.currency or "",
                usd=figure.usd,
                text=figure.text,
            ),
        )
    ReportFigure.objects.bulk_create(rows.values())
    return len(rows)
