"""Check a whole catalogue file before anything is written, collecting every problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from civicdesk.catalogue.transfer.columns import is_blank
from civicdesk.catalogue.transfer.formats import RawRow, RawTables
from civicdesk.catalogue.transfer.problems import Problem
from civicdesk.catalogue.transfer.tables import COLUMNS, LIST_DATATYPES, REFERENCES, UNIQUE_BY


@dataclass
class CleanTables:
    """Clean rows per table, in file order: column to value, plus the row number."""

    rows: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Existing:
    """What the council's catalogue already holds, for references the file does not carry."""

    codes: Mapping[str, frozenset[str]]
    open311_codes: Mapping[str, str]  # open311_code -> query type code


def validate(
    tables: RawTables, existing: Existing, *, header_row: bool
) -> tuple[CleanTables, list[Problem]]:
    problems: list[Problem] = []
    clean = CleanTables()
    for table, rows in tables.items():
        if table not in COLUMNS:
            problems.append(Problem(table, 0, "", f"unknown table; use {', '.join(COLUMNS)}"))
            continue
        problems += _check_columns(table, rows, header_row=header_row)
        clean.rows[table] = [(row.number, _clean_row(table, row, problems)) for row in rows]
        problems += _check_unique(table, clean.rows[table], "code", "code", UNIQUE_BY.get(table))
    problems += _check_query_types(clean.rows.get("query_types", []))
    problems += _check_questions(clean.rows.get("questions", []))
    problems += _check_references(clean, existing)
    problems += _check_open311_codes(clean, existing)
    return clean, sorted(set(problems))


def _check_columns(table: str, rows: list[RawRow], *, header_row: bool) -> list[Problem]:
    known = {column.name for column in COLUMNS[table]}
    present = {name for row in rows for name in row.values}
    problems = [
        Problem(table, 1 if header_row else row.number, name, "unknown column")
        for row in (rows[:1] if header_row else rows)
        for name in row.values
        if name not in known
    ]
    if header_row and rows:
        problems += [
            Problem(table, 1, column.name, "missing column")
            for column in COLUMNS[table]
            if column.required and column.name not in present
        ]
    return problems


def _clean_row(table: str, row: RawRow, problems: list[Problem]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for column in COLUMNS[table]:
        raw = row.values.get(column.name)
        if is_blank(raw) or (isinstance(raw, list) and not raw):
            if column.required:
                problems.append(Problem(table, row.number, column.name, "is required"))
            result[column.name] = column.default
            continue
        try:
            result[column.name] = column.parse(raw)
        except ValueError as error:
            problems.append(Problem(table, row.number, column.name, str(error)))
            result[column.name] = column.default
    return result


def _check_unique(
    table: str,
    rows: list[tuple[int, dict[str, Any]]],
    column: str,
    label: str,
    within: tuple[str, ...] | None = None,
) -> list[Problem]:
    """`column` is unique in the table, or with `within` unique among rows that share those
    columns' values (a question's code within its query type)."""
    scope = [c for c in within or () if c != column]
    first_seen: dict[Any, int] = {}
    problems = []
    for number, values in rows:
        value = values.get(column)
        if is_blank(value):
            continue
        key = (value, *(values.get(c) for c in scope))
        if key in first_seen:
            where = "".join(f" for {c} {values.get(c)!r}" for c in scope)
            problems.append(
                Problem(
                    table,
                    number,
                    column,
                    f"duplicate {label} {value!r}{where}: already on row {first_seen[key]}",
                )
            )
        else:
            first_seen[key] = number
    return problems


def _check_query_types(rows: list[tuple[int, dict[str, Any]]]) -> list[Problem]:
    problems = []
    first_seen: dict[tuple[str, str], int] = {}
    for number, values in rows:
        key = (values["service"], (values["name"] or "").casefold())
        if key in first_seen:
            problems.append(
                Problem(
                    "query_types",
                    number,
                    "name",
                    f"duplicate query type {values['name']!r} in service {values['service']!r}:"
                    f" already on row {first_seen[key]}",
                )
            )
        first_seen.setdefault(key, number)
    for number, values in rows:
        online = {"online_only", "encourage_online"}
        wants_link = online & {*values["contact_centre_actions"], *values["face_to_face_actions"]}
        if wants_link and not (values["portal"] or values["online_url"]):
            problems.append(
                Problem(
                    "query_types",
                    number,
                    "portal",
                    f"{sorted(wants_link)[0]} needs a portal or an online_url to send residents to",
                )
            )
    return problems


def _check_questions(rows: list[tuple[int, dict[str, Any]]]) -> list[Problem]:
    """List questions offer their values; the others offer none."""
    problems = []
    for number, values in rows:
        datatype = values.get("datatype")
        if not datatype:
            continue  # already reported as required or unknown
        if datatype in LIST_DATATYPES and not values["values"]:
            problems.append(
                Problem("questions", number, "values", f"a {datatype} question needs its values")
            )
        elif datatype not in LIST_DATATYPES and values["values"]:
            problems.append(
                Problem(
                    "questions",
                    number,
                    "values",
                    f"only list questions have values; a {datatype} question has none",
                )
            )
    return problems


def _check_references(clean: CleanTables, existing: Existing) -> list[Problem]:
    problems = []
    for table, references in REFERENCES.items():
        for number, values in clean.rows.get(table, []):
            for column, target in references.items():
                wanted = values.get(column)
                if is_blank(wanted):
                    continue
                in_file = any(v.get("code") == wanted for _, v in clean.rows.get(target, []))
                if in_file or wanted in existing.codes.get(target, frozenset()):
                    continue
                if column == "service" and values.get("service_name"):
                    continue  # a new service named in the row itself (CSV files)
                problems.append(
                    Problem(table, number, column, f"no {target[:-1]} with code {wanted!r}")
                )
    return problems


def _check_open311_codes(clean: CleanTables, existing: Existing) -> list[Problem]:
    rows = clean.rows.get("query_types", [])
    problems = _check_unique("query_types", rows, "open311_code", "Open311 code")
    in_file = {values["code"] for _, values in rows}
    for number, values in rows:
        owner = existing.open311_codes.get(values.get("open311_code") or "")
        if owner and owner != values["code"] and owner not in in_file:
            problems.append(
                Problem(
                    "query_types",
                    number,
                    "open311_code",
                    f"Open311 code {values['open311_code']!r} is already used by {owner!r}",
                )
            )
    return problems
