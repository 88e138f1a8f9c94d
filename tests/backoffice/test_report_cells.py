"""How report cells read on a page: the same numbers as the exports, in words people use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from civicdesk.backoffice.reports.tables import Cell, Column, display


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("-0.80"), "pounds", "-£0.80"),  # a loss reads as minus pounds, not "£-0.80"
        (Decimal("1234.5"), "pounds", "£1,234.50"),
        (75.4, "seconds", "1:15"),
        (3725, "seconds", "1:02:05"),
        (0.8884, "share", "88.8%"),
        (None, "share", "no data"),
        (12345, "", "12,345"),
    ],
)
def test_cells_read_as_people_write_them(value: Cell, unit: str, shown: str) -> None:
    assert display(value, Column("x", "X", unit=unit)) == shown
