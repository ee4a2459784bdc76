"""Charts drawn on the server as SVG, so the page and the PDF show the same picture.

Labels are escaped here; the markup is ours, so templates may print it as safe.
"""

from decimal import Decimal

from django.utils.html import escape

WIDTH = 640
BAR_HEIGHT = 22
GAP = 12
LABEL_WIDTH = 210
OK, MISS, NEUTRAL, TARGET = "#1f7a3d", "#b3261e", "#0b3d6e", "#f0a500"


def _value(number) -> float:
    return float(number) if number is not None else 0.0


def indicator_bars(indicators, *, title: str) -> str:
    """Horizontal bars of percent indicators against their targets (a vertical orange tick)."""
    rows = [i for i in indicators if i.percent]
    height = len(rows) * (BAR_HEIGHT + GAP) + 30
    scale = (WIDTH - LABEL_WIDTH - 60) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="Document Serif, PT Serif, DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for index, item in enumerate(rows):
        y = 10 + index * (BAR_HEIGHT + GAP)
        value = _value(item.value)
        colour = NEUTRAL if item.met is None else (OK if item.met else MISS)
        full, filled = 100 * scale, min(value, 100) * scale
        label = escape(_short(item.chart_label or item.label, 32))
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{label}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{full:.1f}" height="{BAR_HEIGHT}" fill="#e9ecef"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{filled:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + full + 6}" y="{y + 15}">{_percent(item.value)}</text>'
        )
        if item.target is not None:
            x = LABEL_WIDTH + float(min(item.target, Decimal(100))) * scale
            tick = f'x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + BAR_HEIGHT + 3}"'
            parts.append(f'<line {tick} stroke="{TARGET}" stroke-width="3"/>')
    parts.append("</svg>")
    return "".join(parts)


def trend_bars(series: dict[int, object], *, title: str) -> str:
    """One indicator over several academic years, as vertical bars labelled «2025/26»."""
    years = sorted(series)
    bar, gap, top, chart_height = 60, 30, 20, 140
    width = max(len(years) * (bar + gap) + gap, 200)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {chart_height + 50}" width="{width}" role="img" '
        f'aria-label="{escape(title)}" font-family="Document Serif, PT Serif, DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for index, year in enumerate(years):
        value = _value(series[year])
        h = chart_height * min(value, 100) / 100
        x = gap + index * (bar + gap)
        bar_top, middle = top + chart_height - h, x + bar / 2
        parts.append(
            f'<rect x="{x}" y="{bar_top:.1f}" width="{bar}" height="{h:.1f}" fill="{NEUTRAL}"/>'
            f'<text x="{middle}" y="{bar_top - 4:.1f}" text-anchor="middle">{_percent(series[year])}</text>'
            f'<text x="{middle}" y="{top + chart_height + 16}" text-anchor="middle">{year}/{str(year + 1)[2:]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _percent(value) -> str:
    return "—" if value is None else f"{value}".replace(".", ",") + " %"


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
