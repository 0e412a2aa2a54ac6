"""The public statistics' charts: one small bar chart per metric across the reporting periods,
drawn as inline SVG on the server. The table under each chart is its text equivalent, so the
SVG is hidden from assistive technology (nothing is read twice) and needs no JavaScript."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

WIDTH, HEIGHT, BASELINE, LABELS = 320, 120, 96, 112


def _value(row):
    return float(row.value) if row is not None else None


@register.simple_tag
def period_chart(series):
    """Two bars for each period of ``series`` (a MetricSeries), to one scale: the task force's
    approved total (filled), then the figure the report gives (outlined); a period with no
    figure of a kind has no bar of it."""
    periods = series.periods
    pairs = [(_value(p.total), _value(p.report_figure)) for p in periods]
    top = max((v for pair in pairs for v in pair if v is not None), default=0) or 1
    slot = WIDTH / max(len(periods), 1)
    bar = slot * 0.3
    bars, labels = [], []
    for index, (figures, pair) in enumerate(zip(periods, pairs, strict=True)):
        x = index * slot + slot * 0.2
        for offset, value, kind in ((0, pair[0], "chart-bar"), (bar, pair[1], "chart-bar-report")):
            if value is None:
                continue
            height = max(value / top * (BASELINE - 10), 1 if value else 0)
            bars.append(
                (
                    f"{x + offset:.1f}",
                    f"{BASELINE - height:.1f}",
                    f"{bar:.1f}",
                    f"{height:.1f}",
                    kind,
                )
            )
        labels.append((f"{x + bar:.1f}", LABELS, figures.period))
    return format_html(
        '<svg class="period-chart" viewBox="0 0 {} {}" width="100%" height="{}" '
        'aria-hidden="true" focusable="false">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="chart-axis"/>{}{}</svg>',
        WIDTH,
        HEIGHT,
        HEIGHT,
        BASELINE,
        WIDTH,
        BASELINE,
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>', bars),
        format_html_join(
            "", '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>', labels
        ),
    )
