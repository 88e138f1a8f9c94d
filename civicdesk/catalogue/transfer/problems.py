"""A problem in a catalogue file: where it is (table, row, column) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    table: str  # "" for the file as a whole
    row: int  # 0 for the table (or file) as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if not self.table:
            return self.message
        where = f"{self.table} row {self.row}" if self.row else self.table
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"
