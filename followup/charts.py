"""Bar charts as inline SVG strings, drawn on the server from plain values.

The pages allow no script and no inline style (core/security.py), and must work without any
outside network, so a chart is plain SVG markup with presentation attributes (fill, stroke,
font-size), which that policy allows. Charting libraries that emit SVG add <style> blocks or
script for tooltips, which the policy would block. Every piece of text is escaped here; the
chart carries role="img", an aria-label, <title> and <desc> so a screen reader gets the gist,
and each bar has its own <title> with the exact value.

Each chart comes in two shapes: columns for wide screens and rows for phones, where a 640-wide
drawing shrunk to 340 px would print its labels at 6 px. The page shows one or the other by a
CSS media query. Each is drawn at the size it is shown (never stretched, shrunk only a little),
with text at 12-13 px, so no text ends up under 11 px on screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 236  # the columns' least width: more bars widen it, at least SLOT each
LEFT, RIGHT, TOP, BOTTOM, SLOT = 48, 8, 22, 46, 60
# The phone shape: drawn at the width it is shown (a 390 px screen less the page's margins),
# one row per week, with text a little larger so a 360 px screen still shows it above 11 px.
ROWS_WIDTH, ROW_HEIGHT, ROWS_LABEL, ROWS_VALUE, ROWS_TOP = 340, 26, 62, 64, 26
BAR_COLOUR, GRID_COLOUR, TEXT_COLOUR, MUTED_COLOUR = "#0b5cab", "#cbd2d9", "#1f2933", "#52606d"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar, e.g. the week "16 Nov"
    value: float | None  # None: nothing to show for this slot
    text: str  # the value as the reader should see it, e.g. "67%" or "4 h"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above value, so axis labels read round."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5):
        if value <= step * power:
            return step * power
    return 10 * power


def _e(text: str) -> str:
    return escape(text, quote=True)


def _axis_top(bars: Sequence[Bar], top: float | None) -> float:
    values = [bar.value for bar in bars if bar.value is not None]
    return top if top is not None else nice_ceiling(max(values, default=0))


def _open(title: str, description: str, width: float, height: float) -> list[str]:
    """The drawing's own size is its natural one: the page may shrink it, never stretch it."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f"<desc>{_e(description)}</desc>",
    ]


def bar_chart(
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    top: float | None = None,
    unit: str = "",
    axis: str = "Week of",
) -> str:
    """An SVG column chart; `top` fixes the axis maximum (100 for percentages), else it is rounded
    up; `axis` names what the labels under the columns are."""
    top = _axis_top(bars, top)
    width = max(WIDTH, LEFT + RIGHT + SLOT * len(bars))
    plot_w, plot_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    parts = _open(title, description, width, HEIGHT)
    for fraction in (0, 0.5, 1):
        y = base - plot_h * fraction
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - RIGHT}" y2="{y:.1f}" stroke="{GRID_COLOUR}" />'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" {FONT} '
            f'fill="{MUTED_COLOUR}">{_e(f"{top * fraction:g}{unit}")}</text>'
        )
    if not bars:
        parts.append(_centred_note("No data for this period", LEFT + plot_w / 2, TOP + plot_h / 2, size=13))
    slot = plot_w / max(len(bars), 1)
    for index, bar in enumerate(bars):
        middle = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text x="{middle:.1f}" y="{HEIGHT - 26}" text-anchor="middle" font-size="12" {FONT} '
            f'fill="{TEXT_COLOUR}">{_e(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(_centred_note("no data", middle, base - 6, size=12))
            continue
        height = plot_h * min(max(bar.value, 0) / top, 1)
        width = slot * 0.6
        tip = _e(f"{bar.label}: {bar.text}")
        parts.append(
            f'<rect x="{middle - width / 2:.1f}" y="{base - height:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}" fill="{BAR_COLOUR}"><title>{tip}</title></rect>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{base - height - 5:.1f}" text-anchor="middle" font-size="13" '
            f'{FONT} fill="{TEXT_COLOUR}">{_e(bar.text)}</text>'
        )
    if bars:
        parts.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="13" '
            f'font-weight="600" {FONT} fill="{MUTED_COLOUR}">{_e(axis)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_rows(
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    top: float | None = None,
    axis: str = "Week of",
) -> str:
    """The same figures as `bar_chart`, one horizontal bar per row, for narrow screens."""
    top = _axis_top(bars, top)
    height = ROWS_TOP + ROW_HEIGHT * max(len(bars), 1) + 4
    plot_w = ROWS_WIDTH - ROWS_LABEL - ROWS_VALUE
    parts = _open(title, description, ROWS_WIDTH, height)
    parts.append(
        f'<text x="0" y="16" font-size="13" font-weight="600" {FONT} fill="{MUTED_COLOUR}">{_e(axis)}</text>'
    )
    if not bars:
        parts.append(_centred_note("No data for this period", ROWS_WIDTH / 2, ROWS_TOP + 16, size=13))
    for index, bar in enumerate(bars):
        y = ROWS_TOP + ROW_HEIGHT * index
        parts.append(
            f'<text x="0" y="{y + 17}" font-size="13" {FONT} fill="{TEXT_COLOUR}">{_e(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{ROWS_LABEL}" y="{y + 17}" font-size="13" {FONT} '
                f'fill="{MUTED_COLOUR}">no data</text>'
            )
            continue
        length = plot_w * min(max(bar.value, 0) / top, 1)
        tip = _e(f"{bar.label}: {bar.text}")
        parts.append(
            f'<rect x="{ROWS_LABEL}" y="{y + 5}" width="{length:.1f}" height="{ROW_HEIGHT - 10}" '
            f'fill="{BAR_COLOUR}"><title>{tip}</title></rect>'
        )
        parts.append(
            f'<text x="{ROWS_LABEL + length + 6:.1f}" y="{y + 17}" font-size="13" {FONT} '
            f'fill="{TEXT_COLOUR}">{_e(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _centred_note(text: str, x: float, y: float, size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{size}" {FONT} '
        f'fill="{MUTED_COLOUR}">{_e(text)}</text>'
    )
