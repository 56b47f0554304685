"""Server-drawn SVG charts: well-formed, accessible, escaped, and allowed by the page's CSP."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from followup.charts import Bar, bar_chart, bar_rows, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"
WEEKS = [Bar("02 Nov", 75.0, "75%"), Bar("09 Nov", None, "no data"), Bar("16 Nov", 50.0, "50%")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output, parsed to check it is well-formed)


def bars(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}rect")


def test_chart_is_an_accessible_image_with_title_and_description():
    root = parse(bar_chart("CSAT by week", "Week of 02 Nov: 75%", WEEKS, top=100, unit="%"))
    assert root.get("role") == "img" and root.get("aria-label") == "CSAT by week"
    assert root.find(f"{SVG}title").text == "CSAT by week"
    assert root.find(f"{SVG}desc").text == "Week of 02 Nov: 75%"


def test_each_value_gets_a_bar_as_tall_as_its_share_of_the_axis():
    root = parse(bar_chart("t", "d", WEEKS, top=100, unit="%"))
    drawn = bars(root)
    assert [rect.find(f"{SVG}title").text for rect in drawn] == ["02 Nov: 75%", "16 Nov: 50%"]
    heights = [float(rect.get("height")) for rect in drawn]
    assert heights[0] == pytest.approx(1.5 * heights[1], rel=0.01)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"02 Nov", "09 Nov", "16 Nov", "75%", "50%", "no data", "0%", "100%"} <= set(texts)


def test_axis_rounds_up_to_a_readable_maximum_when_not_given():
    root = parse(bar_chart("t", "d", [Bar("a", 33.6, "33.6 h")], unit=" h"))
    assert "50 h" in [t.text for t in root.iter(f"{SVG}text")]
    assert [nice_ceiling(v) for v in (0, 0.3, 1, 7.2, 30, 100, 101)] == [1, 0.5, 1, 10, 50, 100, 200]


def test_text_is_escaped_so_labels_cannot_inject_markup():
    hostile = '<script>alert("x")</script> & co'
    svg = bar_chart(hostile, hostile, [Bar(hostile, 1.0, hostile)])
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == hostile and root.find(f"{SVG}title").text == hostile


def test_chart_needs_no_network_script_or_inline_style():
    svg = bar_chart("t", "d", WEEKS, top=100)
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert svg.count("http") == 1  # only the SVG namespace, never fetched


def test_an_empty_period_says_so_instead_of_drawing_nothing():
    root = parse(bar_chart("t", "d", []))
    assert bars(root) == [] and "No data for this period" in [t.text for t in root.iter(f"{SVG}text")]


def test_columns_say_week_of_and_widen_so_thirteen_weeks_keep_their_labels_apart():
    weeks = [Bar(f"{day:02d} Sep", 50.0, "50%") for day in range(1, 14)]
    root = parse(bar_chart("t", "d", weeks, top=100, unit="%"))
    assert "Week of" in [t.text for t in root.iter(f"{SVG}text")]
    assert float(root.get("width")) >= 13 * 60 and root.get("viewBox").endswith(
        f"{root.get('width')} {root.get('height')}"
    )
    assert min(int(t.get("font-size")) for t in root.iter(f"{SVG}text")) >= 12


def test_rows_for_phones_draw_one_bar_per_week_at_the_width_they_are_shown():
    root = parse(bar_rows("CSAT by week", "d", WEEKS, top=100))
    assert root.get("role") == "img" and root.get("aria-label") == "CSAT by week"
    assert root.get("width") == "340"  # a 390 px screen less the page's margins
    drawn = bars(root)
    assert [rect.find(f"{SVG}title").text for rect in drawn] == ["02 Nov: 75%", "16 Nov: 50%"]
    assert float(drawn[0].get("width")) == pytest.approx(1.5 * float(drawn[1].get("width")), rel=0.01)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Week of", "02 Nov", "09 Nov", "16 Nov", "75%", "50%", "no data"} <= set(texts)
    assert min(int(t.get("font-size")) for t in root.iter(f"{SVG}text")) >= 13


def test_a_weeks_wait_is_labelled_in_a_few_characters():
    from datetime import timedelta

    from followup.figures import short_duration

    shown = [
        short_duration(timedelta(minutes=m))
        for m in (0, 45, 60, 23 * 60 + 50, 47 * 60 + 59, 3 * 1440, 3.5 * 1440)
    ]
    assert shown == ["0 min", "45 min", "1 h", "24 h", "48 h", "3 d", "3.5 d"]
    assert short_duration(None) == "no data"
