"""Inline SVG charts rendered on the server: no script, no CDN, readable by screen readers.

Each chart has a ``<title>``/``<desc>`` and the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0b57d0", "#146c2e", "#9a4d00", "#b3261e", "#6f42c1", "#545d68", "#00796b", "#c2185b", "#795548", "#37474f")


def _n(value: float) -> str:
    return f"{value:.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // step) + 1) * step)


def stacked_columns(
    *, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], height: int = 220
) -> SafeString:
    """Columns per category (e.g. day), stacked by series (e.g. state), with a legend."""
    width = max(320, 40 * len(categories) + 60)
    plot_h = height - 50
    totals = [sum(s[1][i] for s in series) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    bar_w = (width - 60) / max(len(categories), 1)
    parts: list[str] = []
    for i, category in enumerate(categories):
        y = plot_h + 10.0
        x = 50 + i * bar_w
        for j, (name, values) in enumerate(series):
            v = values[i]
            if not v:
                continue
            h = v / top * plot_h
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} {}</title></rect>',
                    _n(x + 2),
                    _n(y),
                    _n(bar_w - 4),
                    _n(h),
                    PALETTE[j % len(PALETTE)],
                    category,
                    name,
                    v,
                )
            )
        if i % max(1, len(categories) // 7) == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                    _n(x + bar_w / 2),
                    height - 22,
                    category[-5:],
                )
            )
    axis = format_html(
        '<line x1="48" y1="10" x2="48" y2="{}" stroke="#8c959f"/><text x="44" y="18" font-size="10" '
        'text-anchor="end">{}</text><text x="44" y="{}" font-size="10" text-anchor="end">0</text>',
        plot_h + 10,
        int(top),
        plot_h + 10,
    )
    legend = "".join(
        format_html(
            '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="10">{}</text>',
            50 + j * 110,
            height - 10,
            PALETTE[j % len(PALETTE)],
            64 + j * 110,
            height - 1,
            name,
        )
        for j, (name, _values) in enumerate(series)
    )
    return _svg(title, width, height, axis + "".join(parts) + legend)


def horizontal_bars(*, title: str, rows: Sequence[tuple[str, float, str]], unit_max: float | None = None) -> SafeString:
    """One bar per row: (label, value, text shown at the bar's end)."""
    row_h = 24
    height = row_h * max(len(rows), 1) + 10
    width = 640
    top = unit_max if unit_max is not None else _nice_max(max((r[1] for r in rows), default=0))
    parts = []
    for i, (label, value, text) in enumerate(rows):
        y = 5 + i * row_h
        w = 0.0 if not top else value / top * 380
        parts.append(
            format_html(
                '<text x="200" y="{}" font-size="12" text-anchor="end">{}</text>'
                '<rect x="208" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" font-size="12">{}</text>',
                y + 15,
                label[:32],
                y + 3,
                _n(w),
                row_h - 8,
                PALETTE[0],
                label,
                text,
                _n(214 + w),
                y + 15,
                text,
            )
        )
    return _svg(title, width, height, "".join(parts))


def _svg(title: str, width: int, height: int, body: str) -> SafeString:
    # Every dynamic piece of ``body`` went through format_html, so it is escaped already.
    return mark_safe(  # noqa: S308
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
