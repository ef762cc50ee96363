"""The coverage chart: drawn over a frame shared by charts with the same categories."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

from oneplan.report import charts
from oneplan.report.charts import coverage_chart

TITLE, AXIS = "ความครอบคลุมของแผนรายหมวด", "ร้อยละของงบที่ต้องการที่ได้รับการสนับสนุน"
FULL = [("เกษตร", 1.0), ("สิ่งแวดล้อม", 1.4), ("สุขภาพ", 0.9)]
SPARSE = [("เกษตร", 0.05), ("สิ่งแวดล้อม", None), ("สุขภาพ", 0.0)]


def pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_a_chart_keeps_nothing_of_the_chart_drawn_before_it_on_the_same_frame():
    charts.chart_frame.cache_clear()
    alone = pixels(coverage_chart(SPARSE, TITLE, AXIS))
    charts.chart_frame.cache_clear()
    coverage_chart(FULL, TITLE, AXIS)  # long bars, then short ones over the same frame
    after = pixels(coverage_chart(SPARSE, TITLE, AXIS))
    assert charts.chart_frame.cache_info().hits == 1
    assert ImageChops.difference(alone, after).getbbox() is None


def test_bars_show_each_categorys_coverage_capped_at_the_full_bar():
    charts.chart_frame.cache_clear()
    full, sparse = (pixels(coverage_chart(rows, TITLE, AXIS)) for rows in (FULL, SPARSE))
    assert full.mode == "RGB" and full.size == sparse.size
    assert round(full.info["dpi"][0]) == charts.DPI
    navy = tuple(int(charts.NAVY[i : i + 2], 16) for i in (1, 3, 5))
    # Along the middle of the first bar (top): navy across its whole length when the
    # category is covered, navy only at its start when 5% is.
    axes = charts.chart_frame(tuple(name for name, _ in FULL), TITLE, AXIS).axes
    bar = axes.patches[len(FULL) - 1]  # bars are drawn bottom up: the top one is last
    left, bottom, right, top = bar.get_window_extent().extents
    row = full.size[1] - round((bottom + top) / 2)
    spots = [round(left + (right - left) * share) for share in (0.02, 0.5, 0.98)]
    assert [full.getpixel((x, row)) for x in spots] == [navy] * 3
    assert [sparse.getpixel((x, row)) == navy for x in spots] == [True, False, False]


def test_the_png_writer_keeps_every_pixel():
    import numpy as np

    noise = np.random.default_rng(7).integers(0, 256, size=(37, 53, 3), dtype=np.uint8)
    decoded = pixels(charts.png(noise))
    assert decoded.size == (53, 37) and decoded.mode == "RGB"
    assert np.array_equal(np.asarray(decoded), noise)
