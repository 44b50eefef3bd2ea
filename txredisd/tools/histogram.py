"""
txredis-benchmark's C{--histogram FILE}: every test's latency by percentile,
as an SVG chart (FILE ending in .svg) or as text bars (anything else).

The x axis is the percentile on the usual HDR scale (1/(1-p), logarithmic,
so the tail gets room); the y axis is latency in milliseconds.
"""

from __future__ import annotations

import math
from pathlib import Path

from hdrh.histogram import HdrHistogram

_LEVELS = (0.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0)
_WIDTH, _HEIGHT, _MARGIN = 720, 400, 60
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_BAR = 50


def _points(histogram: HdrHistogram) -> list[tuple[float, float]]:
    """(percentile, latency ms) at the chart's levels."""
    return [(level, histogram.get_value_at_percentile(level) / 1000) for level in _LEVELS]


def _x(percentile: float) -> float:
    """1/(1-p) on a log scale, 100% drawn where 99.999% would be."""
    tail = max(1 - percentile / 100, 1e-5)
    return _MARGIN + (_WIDTH - 2 * _MARGIN) * math.log10(1 / tail) / 5


def svg(series: list[tuple[str, HdrHistogram]]) -> str:
    top = max((h.get_max_value() / 1000 for _, h in series), default=1.0) or 1.0
    plot = _HEIGHT - 2 * _MARGIN

    def y(ms: float) -> float:
        return _HEIGHT - _MARGIN - plot * ms / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}"'
        ' font-family="sans-serif" font-size="11">',
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="white"/>',
        f'<line x1="{_MARGIN}" y1="{y(0):.1f}" x2="{_WIDTH - _MARGIN}" y2="{y(0):.1f}" stroke="black"/>',
        f'<line x1="{_MARGIN}" y1="{y(0):.1f}" x2="{_MARGIN}" y2="{y(top):.1f}" stroke="black"/>',
        f'<text x="{_MARGIN - 5}" y="{y(top):.1f}" text-anchor="end">{top:.3f} ms</text>',
        f'<text x="{_MARGIN - 5}" y="{y(0):.1f}" text-anchor="end">0</text>',
    ]
    for level in _LEVELS[1:-1]:
        parts.append(f'<text x="{_x(level):.1f}" y="{y(0) + 15:.1f}" text-anchor="middle">{level:g}%</text>')
    for index, (title, histogram) in enumerate(series):
        colour = _COLOURS[index % len(_COLOURS)]
        line = " ".join(f"{_x(p):.1f},{y(ms):.1f}" for p, ms in _points(histogram))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
        parts.append(f'<text x="{_MARGIN + 10}" y="{_MARGIN + 14 * index}" fill="{colour}">{_escape(title)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(series: list[tuple[str, HdrHistogram]]) -> str:
    lines = []
    for title, histogram in series:
        points = _points(histogram)
        top = max(ms for _, ms in points) or 1.0
        lines.append(f"== {title} ==")
        for percentile, ms in points:
            lines.append(f"{percentile:8.3f}% {ms:10.3f} ms |{'#' * round(_BAR * ms / top)}")
        lines.append("")
    return "\n".join(lines)


def write_histogram(path: str, series: list[tuple[str, HdrHistogram]]) -> None:
    """Write the chart; the format follows the file name."""
    body = svg(series) if path.lower().endswith(".svg") else text(series)
    Path(path).write_text(body, encoding="utf-8")
