"""Reading a calls file and its mapping robustly: every way a file can be malformed becomes a
problem with its row and column, never an exception.

File-level problems (row 1, the header; row 0, the mapping file) stop an import. Row-level
problems (a row that cannot be parsed as CSV, a row of another width, a field that is not UTF-8,
holds a NUL or is too long) are reported against their row, so `--skip-bad-rows` can skip it.
Call files are legitimately big (millions of rows), so the file has no size cap and is read as
a stream, a line at a time: each line is bounded (LINE_LIMIT characters, a longer one is skipped
unread and reported against its row), each field too (csv's own limit of 131,072 characters, and
FIELD_LIMIT for the fields we read), and so is the list of problems kept (ProblemLog: the first
PROBLEM_LIMIT, and the count of all by column).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from civicdesk.core.text_yaml import YamlTextError, load_text_yaml
from civicdesk.performance.models import CALL_TIMES, CallOutcome, CallRecord

OUR_COLUMNS = (
    "call_id",
    "line",
    *CALL_TIMES,
    "outcome",
    "agent",
    "transferred_to",
    "wrap_seconds",
    "from_phone",
)
FIELD_LIMIT = 10_000
LINE_LIMIT = 4 * 1024 * 1024  # characters: well beyond 13 fields at csv's limit of 131,072
PROBLEM_LIMIT = 1000
MAX_LENGTHS = {  # the stored text fields: PostgreSQL refuses anything longer
    name: getattr(CallRecord._meta.get_field(name), "max_length", None) or FIELD_LIMIT
    for name in ("call_id", "agent", "transferred_to")
}
MAPPING_KEYS = ("columns", "time_format", "time_zone", "outcomes")
MAPPING_LIMIT = 1024 * 1024
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # the bytes `surrogateescape` kept


@dataclass(frozen=True)
class Problem:
    row: int  # 0: the mapping file; 1: the header
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            where = f"mapping file, {self.column}" if self.column else "mapping file"
        elif self.column:
            where = f"row {self.row}, column {self.column}"
        else:
            where = f"row {self.row}"
        return f"{where}: {self.message}"


class CallsFileInvalid(Exception):
    """`problems`: the first PROBLEM_LIMIT in row order; `total` and `by_column` count them all."""

    def __init__(
        self,
        problems: list[Problem],
        total: int | None = None,
        by_column: Counter[str] | None = None,
    ) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        self.by_column = by_column or Counter(p.column or "whole row" for p in problems)
        super().__init__(f"{self.total} problem(s) in the calls file")


class ProblemLog:
    """The problems found in a file, bounded: the first PROBLEM_LIMIT in row order are kept, all
    are counted by column, and each row with problems is counted under its first one's column."""

    def __init__(self, limit: int = PROBLEM_LIMIT) -> None:
        self.limit = limit
        self.shown: list[Problem] = []
        self.total = 0
        self.by_column: Counter[str] = Counter()
        self.rows = 0
        self.rows_by_column: Counter[str] = Counter()
        self._later: list[Problem] = []

    def add_row(self, problems: list[Problem]) -> None:
        """One row's problems, found as the rows are read (in row order)."""
        self.rows += 1
        self.rows_by_column[problems[0].column or "whole row"] += 1
        for problem in problems:
            self._count(problem, self.shown)

    def add_later(self, problem: Problem, *, row_was_bad: bool) -> None:
        """A problem found after the pass (a duplicate), in row order among the later ones."""
        if not row_was_bad:
            self.rows += 1
            self.rows_by_column[problem.column or "whole row"] += 1
        self._count(problem, self._later)

    def _count(self, problem: Problem, kept: list[Problem]) -> None:
        self.total += 1
        self.by_column[problem.column or "whole row"] += 1
        if len(kept) < self.limit:
            kept.append(problem)

    def finish(self) -> None:
        """Put the later problems among the others by row (a row's own problems first)."""
        merged = sorted([*self.shown, *self._later], key=lambda problem: problem.row)
        self.shown, self._later = merged[: self.limit], []

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    def invalid(self) -> CallsFileInvalid:
        return CallsFileInvalid(self.shown, self.total, self.by_column)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _not_utf8(byte: str) -> str:
    return f"byte {ord(byte) - 0xDC00:#04x}"


def text_stream(binary: IO[bytes]) -> IO[str]:
    """The file's text, read as it is needed (the file must be seekable). Bytes that are not
    UTF-8 are kept (as `surrogateescape` does) so the row holding them can be named, and
    skipped."""
    start = binary.tell()
    if binary.read(2) in (b"\xff\xfe", b"\xfe\xff"):
        raise CallsFileInvalid([Problem(1, "", "the file is UTF-16 text; save it as CSV UTF-8")])
    binary.seek(start)
    # Universal newlines, as Path.read_text: a file may end its lines with \r\n or \r alone.
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape")


TOO_LONG = "\ue000 line too long \ue000\n"  # stands for a line skipped unread


def bounded_lines(text: IO[str], limit: int = LINE_LIMIT) -> Iterator[str]:
    """The stream's lines; one longer than `limit` is read past in pieces and given as TOO_LONG."""
    readline = text.readline
    while line := readline(limit):
        if len(line) == limit and line[-1] != "\n":
            while (rest := readline(limit)) and rest[-1] != "\n":
                pass
            line = TOO_LONG
        yield line


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    time_format: str = ""
    time_zone: str = ""
    outcomes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Mapping:
        """Read a mapping file; raises CallsFileInvalid listing every problem in it."""
        data = path.read_bytes()
        if len(data) > MAPPING_LIMIT:
            message = "is larger than 1 MB; a mapping is a few lines"
            raise CallsFileInvalid([Problem(0, "", message)])
        try:
            text = data.decode("utf-8-sig")
            document = load_text_yaml(text) or {}
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            message = f"line {line}: not UTF-8 text (byte {data[error.start]:#04x})"
            raise CallsFileInvalid([Problem(0, "", f"{message}; save the file as UTF-8")]) from None
        except YamlTextError as error:
            raise CallsFileInvalid([Problem(0, "", str(error))]) from None
        if not isinstance(document, dict):
            keys = ", ".join(MAPPING_KEYS)
            raise CallsFileInvalid([Problem(0, "", f"must be a YAML mapping with the keys {keys}")])
        problems = [
            Problem(0, "", f"unknown key {key!r}; use {', '.join(MAPPING_KEYS)}")
            for key in document
            if key not in MAPPING_KEYS
        ]
        mapping = cls(
            columns=_pairs(document, "columns", "their column names", OUR_COLUMNS, problems),
            time_format=_time_format(document.get("time_format"), problems),
            time_zone=_time_zone(document.get("time_zone"), problems),
            outcomes={
                theirs.lower(): ours
                for theirs, ours in _pairs(
                    document, "outcomes", "their outcomes", CallOutcome.values, problems
                ).items()
            },
        )
        if problems:
            raise CallsFileInvalid(problems)
        return mapping


def _pairs(
    document: dict[Any, Any], key: str, what: str, ours: Any, problems: list[Problem]
) -> dict[str, str]:
    value = document.get(key) or {}
    if not isinstance(value, dict):
        problems.append(Problem(0, key, f"must map {what} to ours"))
        return {}
    kind = "one of our columns" if key == "columns" else "an outcome"
    pairs: dict[str, str] = {}
    for theirs, target in value.items():
        if not isinstance(theirs, str) or not isinstance(target, str) or target not in ours:
            problems.append(
                Problem(0, key, f"{target!r} (for {theirs!r}) is not {kind}: {', '.join(ours)}")
            )
        else:
            pairs[theirs] = target
    return pairs


def _time_format(value: Any, problems: list[Problem]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or "%" not in value:
        problems.append(Problem(0, "time_format", f"{value!r} is not a strptime format"))
        return ""
    try:
        datetime.strptime(datetime(2023, 1, 2, 3, 4, 5).strftime(value), value)  # noqa: DTZ001, DTZ007
    except ValueError as error:
        problems.append(Problem(0, "time_format", f"{value!r} is not a strptime format ({error})"))
    return value


def _time_zone(value: Any, problems: list[Problem]) -> str:
    if value is None:
        return ""
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem(0, "time_zone", f"unknown time zone {value!r}"))
        return ""
    return str(value)


def read_header(reader: Any, mapping: Mapping) -> tuple[list[str], list[Problem]]:
    """The header as our column names, and the problems that stop the file."""
    try:
        cells = next(reader, None)
    except csv.Error as error:
        return [], [Problem(1, "", f"cannot be read as CSV ({error})")]
    if cells is None:
        return [], [Problem(1, "", "the file is empty")]
    joined = "".join(cells)
    if "\x00" in joined:
        message = "the header has NUL bytes; is the file UTF-16? Save it as CSV UTF-8"
        return [], [Problem(1, "", message)]
    if found := _NOT_UTF8.search(joined):
        message = f"the header is not UTF-8 text ({_not_utf8(found.group())}); save it as CSV UTF-8"
        return [], [Problem(1, "", message)]
    if len(cells) == 1 and any(mark in cells[0] for mark in ";\t|"):
        return [], [Problem(1, "", "the header is one column; separate the columns with commas")]
    header = [mapping.columns.get(name.strip(), name.strip()) for name in cells]
    problems = []
    for index, name in enumerate(header):
        first = header.index(name)
        if name and first != index:
            problems.append(
                Problem(
                    1,
                    name,
                    f"appears twice in the header (columns {_letter(first)} and {_letter(index)})",
                )
            )
    return header, problems


def read_rows(reader: Any, width: int) -> Iterator[tuple[int, list[str] | Problem]]:
    """Each row after the header, numbered as a spreadsheet shows it (blank lines skipped): its
    cells, or the problem that stops it being read (not CSV, too long, another width)."""
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            number += 1
            yield number, Problem(number, "", f"cannot be read as CSV ({error})")
            continue
        if not cells:
            continue
        number += 1
        if len(cells) != width:
            if cells == [TOO_LONG[:-1]]:
                message = f"is longer than {LINE_LIMIT} characters; it was not read"
            else:
                message = f"has {len(cells)} cells; the header has {width}"
            yield number, Problem(number, "", message)
            continue
        yield number, cells


def field_problems(number: int, values: Iterable[tuple[str, str]]) -> list[Problem]:
    """Our columns' stripped values that are too long, hold a NUL or bytes not UTF-8."""
    problems = []
    for name, value in values:
        limit = MAX_LENGTHS.get(name, FIELD_LIMIT)
        if len(value) > limit:
            message = f"is {len(value)} characters long; at most {limit}"
            problems.append(Problem(number, name, message))
        elif "\x00" in value:
            problems.append(Problem(number, name, "contains a NUL character"))
        elif found := _NOT_UTF8.search(value):
            message = f"is not UTF-8 text ({_not_utf8(found.group())}); save the file as CSV UTF-8"
            problems.append(Problem(number, name, message))
    return problems


def csv_reader(lines: Iterable[str]) -> Any:
    return csv.reader(lines)
