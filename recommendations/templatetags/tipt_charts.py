"""The public statistics' charts: one small bar chart per metric across the reporting periods,
drawn as inline SVG on the server. The table under each chart is its text equivalent, so the
SVG is hidden from assistive technology (nothing is read twice) and needs no JavaScript."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

WIDTH, HEIGHT, BASELINE, LABELS = 320, 120, 96, 112


@register.simple_tag
def period_chart(series):
    """Bars of each period's approved total of ``series`` (a MetricSeries), to the same scale;
    a period with no figure has no bar."""
    periods = series.periods
    values = [float(p.total.value) if p.total is not None else None for p in periods]
    top = max((v for v in values if v is not None), default=0) or 1
    slot = WIDTH / max(len(periods), 1)
    bar = slot * 0.6
    bars, labels = [], []
    for index, (figures, value) in enumerate(zip(periods, values, strict=True)):
        x = index * slot + (slot - bar) / 2
        if value is not None:
            height = max(value / top * (BASELINE - 10), 1 if value else 0)
            bars.append((f"{x:.1f}", f"{BASELINE - height:.1f}", f"{bar:.1f}", f"{height:.1f}"))
        labels.append((f"{x + bar / 2:.1f}", LABELS, figures.period))
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
        format_html_join(
            "", '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"/>', bars
        ),
        format_html_join(
            "", '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>', labels
        ),
    )
