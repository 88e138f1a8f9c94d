"""The load test rewrites only its own section of docs/performance.md."""

from __future__ import annotations

from loadtest.report import END, START, Row, replace_between_markers, table


def test_the_text_between_the_markers_is_replaced_and_the_rest_kept() -> None:
    document = (
        f"# Performance\n\nintro\n\n## Load\n\nprose\n\n{START}\nold table\n{END}\n\n## Next\n"
    )
    updated = replace_between_markers(document, "new table", "## Load")
    assert (
        updated
        == f"# Performance\n\nintro\n\n## Load\n\nprose\n\n{START}\nnew table\n{END}\n\n## Next\n"
    )


def test_without_markers_the_section_is_added_at_the_end() -> None:
    updated = replace_between_markers("# Performance\n\ntext\n", "table", "## Load")
    assert updated == f"# Performance\n\ntext\n\n## Load\n\n{START}\ntable\n{END}\n"


def test_every_row_has_as_many_cells_as_the_header() -> None:
    row = Row("help page", 1000, 500.0, 3.2, 9.9, 0, 0, None, None, None, None, 3.4, 0.05, 0.9)
    header, separator, line = table([row]).split("\n")
    assert header.count("|") == separator.count("|") == line.count("|")
    assert "| help page | 1,000 | 500 | 3.2 | 9.9 | 0 | 0 | — |" in line
