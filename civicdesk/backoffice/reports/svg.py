"""Drawing pieces for charts.py: each series' colour, fill pattern, marker and dash, as SVG
presentation attributes (never style attributes: the CSP forbids inline styles)."""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Arial, sans-serif"
TEXT = "#0b0c0c"  # GOV.UK text colour
GRID = "#b1b4b6"  # GOV.UK mid-grey, for gridlines only (not data)
WHITE = "#ffffff"


@dataclass(frozen=True)
class SeriesStyle:
    colour: str  # GOV.UK colour, contrast with white >= 3:1 (tests check it)
    pattern: str  # bar fill
    marker: str  # line marker
    dash: str  # line stroke-dasharray, "" for a solid line


STYLES: tuple[SeriesStyle, ...] = (
    SeriesStyle("#1d70b8", "solid", "circle", ""),  # blue
    SeriesStyle("#0b0c0c", "diagonal", "square", "8 4"),  # black
    SeriesStyle("#00703c", "dots", "triangle", "2 3"),  # green
    SeriesStyle("#d4351c", "horizontal", "diamond", "12 4 2 4"),  # red
    SeriesStyle("#4c2c92", "cross", "cross", "4 4"),  # purple
    SeriesStyle("#505a5f", "vertical", "bar", "16 4"),  # dark grey
    SeriesStyle("#003078", "backslash", "circle-open", "1 4"),  # dark blue
    SeriesStyle("#d53880", "grid", "square-open", "6 2 1 2"),  # pink
)


def contrast(colour: str, background: str = WHITE) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def patterns(cid: str, count: int) -> str:
    """<defs> with one fill pattern per series: `url(#<cid>-s<index>)`."""
    parts = ["<defs>"]
    for index, style in enumerate(STYLES[:count]):
        c = style.colour
        body = {
            "solid": f'<rect width="8" height="8" fill="{c}"/>',
            "diagonal": f'<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="{c}" stroke-width="2.5"/>',
            "backslash": f'<path d="M-2 6l4 4M0 0l8 8M6 -2l4 4" stroke="{c}" stroke-width="2.5"/>',
            "dots": f'<circle cx="4" cy="4" r="2.2" fill="{c}"/>',
            "horizontal": f'<rect y="0" width="8" height="3" fill="{c}"/>',
            "vertical": f'<rect x="0" width="3" height="8" fill="{c}"/>',
            "cross": f'<path d="M0 0l8 8M8 0l-8 8" stroke="{c}" stroke-width="1.8"/>',
            "grid": f'<path d="M0 0.5h8M0.5 0v8" stroke="{c}" stroke-width="1.5"/>',
        }[style.pattern]
        parts.append(
            f'<pattern id="{cid}-s{index}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{WHITE}"/>{body}</pattern>'
        )
    parts.append("</defs>")
    return "".join(parts)


def bar(cid: str, index: int, x: float, y: float, width: float, height: float) -> str:
    """A bar filled with series `index`'s pattern and outlined in its colour."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0.5):.1f}" '
        f'height="{max(height, 0.0):.1f}" fill="url(#{cid}-s{index})" '
        f'stroke="{STYLES[index].colour}" stroke-width="1.5"/>'
    )


def marker(kind: str, mx: float, my: float, colour: str) -> str:
    r = 4.5
    solid = f'fill="{colour}" stroke="{colour}"'
    hollow = f'fill="{WHITE}" stroke="{colour}" stroke-width="2"'
    if kind in ("circle", "circle-open"):
        paint = solid if kind == "circle" else hollow
        return f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="{r}" {paint}/>'
    if kind in ("square", "square-open"):
        paint = solid if kind == "square" else hollow
        return f'<rect x="{mx - r:.1f}" y="{my - r:.1f}" width="{2 * r}" height="{2 * r}" {paint}/>'
    if kind == "triangle":
        return f'<path d="M{mx:.1f} {my - r - 1:.1f}l{r + 1} {2 * r}h-{2 * r + 2}z" {solid}/>'
    if kind == "diamond":
        d = r + 1
        return f'<path d="M{mx:.1f} {my - d:.1f}l{d} {d}l-{d} {d}l-{d} -{d}z" {solid}/>'
    if kind == "cross":
        return (
            f'<path d="M{mx - r:.1f} {my - r:.1f}l{2 * r} {2 * r}M{mx + r:.1f} {my - r:.1f}'
            f'l-{2 * r} {2 * r}" stroke="{colour}" stroke-width="2.5"/>'
        )
    return f'<rect x="{mx - 1.5:.1f}" y="{my - r - 1:.1f}" width="3" height="{2 * r + 2}" {solid}/>'


def polyline(points: list[tuple[float, float]], index: int) -> str:
    style = STYLES[index]
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return (
        f'<polyline points="{coords}" fill="none" stroke="{style.colour}" '
        f'stroke-width="2.5"{dash}/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1.0) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )
