"""Charts for the reports, drawn with matplotlib in a Thai font (Sarabun, from the
fontpkg-sarabun package), shaped with matplotlib's complex text layout (3.11+) so that tone
marks sit above upper vowels (ที่, ลิ้น, สิ่งแวดล้อม).

No pyplot: each chart is a bare `Figure` rendered to PNG bytes (no global state, no
per-chart start-up; fonts are registered once per process).
"""

from __future__ import annotations

import functools
import io

import fontpkg_sarabun
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

NAVY = "#1F3A5F"
GREY = "#D9D9D9"


@functools.cache
def thai_font() -> str:
    """Register the Sarabun files once and return the family name."""
    for path in sorted((fontpkg_sarabun.ROOT / "files").glob("Sarabun-*.ttf")):
        font_manager.fontManager.addfont(str(path))
    return fontpkg_sarabun.FAMILY


WIDTH_INCHES, DPI = 6.3, 150
_POINT = DPI / 72  # pixels


def _leave_room_for_text(figure: Figure, labels: list[str], font: str) -> None:
    """Margins for the category names (left), the axis (bottom) and the title (top).

    Measured once from the names' widths: a layout engine would draw the whole chart an
    extra time to find the same margins (a third of a chart's time).
    """
    renderer = FigureCanvasAgg(figure).get_renderer()
    label_font = FontProperties(family=font, size=12)
    widest = max(
        (renderer.get_text_width_height_descent(t, label_font, ismath=False)[0] for t in labels),
        default=0,
    )
    width, height = figure.get_size_inches() * DPI
    figure.subplots_adjust(
        left=(widest + 16 * _POINT) / width,
        right=0.98,
        bottom=46 * _POINT / height,
        top=1 - 26 * _POINT / height,
    )


def coverage_chart(rows: list[tuple[str, float | None]], title: str, axis_label: str) -> bytes:
    """A horizontal bar per category: its coverage in percent (100% = fully covered)."""
    font = thai_font()
    height = 0.9 + 0.42 * max(len(rows), 1)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    _leave_room_for_text(figure, [name for name, _ in rows], font)
    axes = figure.add_subplot()
    names = [name for name, _ in rows][::-1]
    values = [0.0 if value is None else min(value * 100, 100.0) for _, value in rows][::-1]
    axes.barh(names, [100] * len(rows), color=GREY, height=0.6)
    axes.barh(names, values, color=NAVY, height=0.6)
    for index, (_, value) in enumerate(rows[::-1]):
        text = "-" if value is None else f"{value * 100:.0f}%"
        axes.text(101, index, text, va="center", fontsize=12, family=font)
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(axis_label, fontsize=12, family=font)
    axes.set_title(title, fontsize=13, family=font)
    for label in axes.get_yticklabels() + axes.get_xticklabels():
        label.set_fontfamily(font)
        label.set_fontsize(12)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    buffer = io.BytesIO()
    # Fast PNG compression: a few kilobytes more a chart, a fraction of the encoding time.
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
