"""Charts drawn as SVG from a report table: accessible, readable without colour, no styles."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicdesk.backoffice.reports import svg
from civicdesk.backoffice.reports.charts import bar_chart, line_chart, nice_ticks
from civicdesk.backoffice.reports.tables import Column, Table

NS = "{http://www.w3.org/2000/svg}"
MONTHS = Table(
    slug="by-month",
    title="Calls by month",
    columns=(
        Column("month", "Month", numeric=False),
        Column("presented", "Presented"),
        Column("answered", "Answered"),
    ),
    rows=((date(2023, 1, 1), 120, 100), (date(2023, 2, 1), 90, None), (date(2023, 3, 1), 0, 0)),
)


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own markup


def test_a_bar_chart_is_an_image_named_by_its_title_and_description() -> None:
    root = _parse(bar_chart(MONTHS, x="month", series=["presented", "answered"], title="Calls"))
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    assert root.find(f"{NS}title").get("id") == title_id  # type: ignore[union-attr]
    assert root.find(f"{NS}title").text == "Calls"  # type: ignore[union-attr]
    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.get("id") == desc_id
    assert desc.text == (
        "Bar chart of Presented and Answered by month: 3 values of month, from 2023-01-01 "
        "to 2023-03-01. The table that follows gives the figures."
    )
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert {"Month", "Number", "Presented", "Answered", "2023-02-01"} <= set(texts)
    assert not [e for e in root.iter() if "style" in e.attrib or e.tag == f"{NS}style"]


def test_bars_are_drawn_for_values_and_left_out_for_empty_cells() -> None:
    root = _parse(bar_chart(MONTHS, x="month", series=["presented", "answered"], title="Calls"))
    bars = [r for r in root.iter(f"{NS}rect") if (r.get("fill") or "").startswith("url(")]
    # 3 presented + 2 answered (February's is empty) + 2 legend swatches.
    assert len(bars) == 7
    fills = {r.get("fill") for r in bars}
    assert fills == {"url(#chart-by-month-s0)", "url(#chart-by-month-s1)"}
    patterns = {p.get("id") for p in root.iter(f"{NS}pattern")}
    assert patterns == {"chart-by-month-s0", "chart-by-month-s1"}


def test_lines_break_at_empty_cells_and_each_series_has_its_own_marker_and_dash() -> None:
    root = _parse(line_chart(MONTHS, x="month", series=["presented", "answered"], title="Calls"))
    polylines = list(root.iter(f"{NS}polyline"))
    dashes = {p.get("stroke-dasharray") for p in polylines}
    assert dashes == {None, svg.STYLES[1].dash}
    assert len(root.findall(f".//{NS}circle")) == 3 + 1  # presented's points and its legend
    assert len(root.findall(f".//{NS}rect")) >= 1 + 1  # answered's square markers: Jan, legend


def test_horizontal_bars_write_each_value_at_the_end_of_its_bar() -> None:
    table = Table(
        slug="times",
        title="Times",
        columns=(Column("line", "Line", numeric=False), Column("ata", "ATA", unit="seconds")),
        rows=(("Council Tax", 417), ("Waste <script>", 94.4)),
    )
    markup = bar_chart(table, x="line", series=["ata"], title="ATA", horizontal=True)
    texts = [t.text for t in _parse(markup).iter(f"{NS}text")]
    assert {"6:57", "1:34", "Council Tax", "Waste <script>"} <= set(texts)
    assert "<script>" not in markup  # escaped


def test_an_empty_table_says_so() -> None:
    empty = Table(slug="e", title="E", columns=MONTHS.columns, rows=())
    texts = [
        t.text
        for t in _parse(bar_chart(empty, x="month", series=["presented"], title="E")).iter(
            f"{NS}text"
        )
    ]
    assert "No data for this selection" in texts


def test_the_series_colours_have_3_to_1_contrast_and_distinct_patterns() -> None:
    assert all(svg.contrast(style.colour) >= 3 for style in svg.STYLES)
    for attribute in ("colour", "pattern", "marker", "dash"):
        values = [getattr(style, attribute) for style in svg.STYLES]
        assert len(set(values)) == len(values), attribute


def test_too_many_series_or_none_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        bar_chart(MONTHS, x="month", series=[], title="x")


@given(
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.sampled_from(["", "seconds", "share", "pounds"]),
)
def test_ticks_start_at_zero_rise_evenly_and_cover_the_top(top: float, unit: str) -> None:
    ticks = nice_ticks(top, unit=unit)
    assert ticks[0] == 0
    assert ticks[-1] >= top
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert len(ticks) <= 12
    if unit == "":
        assert min(steps) >= 1
