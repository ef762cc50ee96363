"""Charts for the reports, drawn with matplotlib in a Thai font (Sarabun, from the
fontpkg-sarabun package), shaped with matplotlib's complex text layout (3.11+) so that tone
marks sit above upper vowels (ที่, ลิ้น, สิ่งแวดล้อม).

No pyplot: charts are bare `Figure`s rendered to PNG bytes (no global state; fonts are
registered once per process). A month draws one chart per area, mostly with the same
categories: what charts with the same categories share is drawn once (`chart_frame`), and
each chart draws only its bars and percentages over it, about five times faster than
drawing the whole figure.
"""

from __future__ import annotations

import functools
import struct
import threading
import zlib
from dataclasses import dataclass

import fontpkg_sarabun
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.text import Text

NAVY = "#1F3A5F"
GREY = "#D9D9D9"


@functools.cache
def thai_font() -> str:
    """Register the Sarabun files once and return the family name."""
    for path in sorted((fontpkg_sarabun.ROOT / "files").glob("Sarabun-*.ttf")):
        font_manager.fontManager.addfont(str(path))
    return fontpkg_sarabun.FAMILY


WIDTH_INCHES, DPI = 6.3, 150
BAR_INCHES = 0.23  # the height a category takes: the chart fits under the first page's text
_POINT = DPI / 72  # pixels


def _leave_room_for_text(figure: Figure, labels: list[str], font: str, title: str) -> None:
    """Margins for the category names (left), the axis (bottom) and the title (top, if any).

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
        top=1 - (26 if title else 8) * _POINT / height,
    )


@dataclass
class ChartFrame:
    """A drawn chart without its bars' values: what every chart with these category names,
    title and axis label shares, drawn once. A chart is this picture with its own bars and
    percentages drawn over it (matplotlib's blitting: the parts that change are animated
    artists, left out of the first drawing)."""

    canvas: FigureCanvasAgg
    axes: Axes
    background: object  # the drawn picture, as `copy_from_bbox` keeps it
    bars: list[Rectangle]
    values: list[Text]
    lock: threading.Lock  # one chart at a time on a frame


@functools.lru_cache(maxsize=8)
def chart_frame(names: tuple[str, ...], title: str, axis_label: str) -> ChartFrame:
    """The frame shared by charts with these category names, title and axis label: drawn
    at the first such chart, then kept (the last eight). An empty title draws none (a
    report's heading names the chart)."""
    font = thai_font()
    height = (0.8 if title else 0.6) + BAR_INCHES * max(len(names), 1)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    _leave_room_for_text(figure, list(names), font, title)
    axes = figure.add_subplot()
    shown = list(names)[::-1]  # the first category on top
    axes.barh(shown, [100] * len(names), color=GREY, height=0.6)
    bars = list(axes.barh(shown, [0] * len(names), color=NAVY, height=0.6, animated=True))
    values = [
        axes.text(101, index, "", va="center", fontsize=12, family=font, animated=True)
        for index in range(len(names))
    ]
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(axis_label, fontsize=12, family=font)
    if title:
        axes.set_title(title, fontsize=13, family=font)
    for label in axes.get_yticklabels() + axes.get_xticklabels():
        label.set_fontfamily(font)
        label.set_fontsize(12)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_animated(True)  # drawn over the bars, as a full drawing has it
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return ChartFrame(
        canvas, axes, canvas.copy_from_bbox(figure.bbox), bars, values, threading.Lock()
    )


def coverage_chart(rows: list[tuple[str, float | None]], title: str, axis_label: str) -> bytes:
    """A horizontal bar per category: its coverage in percent (100% = fully covered)."""
    frame = chart_frame(tuple(name for name, _ in rows), title, axis_label)
    with frame.lock:
        frame.canvas.restore_region(frame.background)
        for bar, text, (_, value) in zip(frame.bars, frame.values, rows[::-1], strict=True):
            bar.set_width(0.0 if value is None else min(value * 100, 100.0))
            text.set_text("-" if value is None else f"{value * 100:.0f}%")
        for artist in [*frame.bars, frame.axes.spines["left"], *frame.values]:
            frame.axes.draw_artist(artist)
        pixels = np.asarray(frame.canvas.buffer_rgba())[:, :, :3]  # opaque: no alpha
        return png(pixels)


def png(pixels: np.ndarray) -> bytes:
    """A PNG of RGB pixels (height × width × 3): rows unfiltered, deflated fastest.

    Pillow tries every PNG filter on every row, which for a chart's flat colours costs
    more than it saves: this is the same picture, as small, in a third of the time.
    """
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + width * 3), dtype=np.uint8)  # each row: filter 0, pixels
    rows[:, 1:] = pixels.reshape(height, width * 3)
    per_metre = round(DPI / 0.0254)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">2I5B", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">2IB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
