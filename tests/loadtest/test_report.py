"""The load test rewrites only its own section of docs/performance.md."""

from __future__ import annotations

from loadtest.report import END, START, Row, broken, replace_between_markers, table


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


def test_a_run_fails_on_any_lost_duplicated_or_half_written_write_but_not_on_errors() -> None:
    def row(phase: str, **counts: int | None) -> Row:
        found = {"lost": 0, "duplicated": 0, "half_written": 0} | counts
        return Row(
            phase,
            10,
            1.0,
            1.0,
            1.0,
            3,
            3,
            found["lost"],
            found["duplicated"],
            0,
            found["half_written"],
            1.0,
            0.0,
            0.0,
        )

    reads = Row("help page", 10, 1.0, 1.0, 1.0, 0, 0, None, None, None, None, 1.0, 0.0, 0.0)
    assert broken([reads, row("clean")]) == []  # errors alone (clean 5xx) do not fail it
    assert broken([row("a", lost=1), row("b", duplicated=2), row("c", half_written=1)]) == [
        "a",
        "b",
        "c",
    ]
