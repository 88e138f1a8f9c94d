"""catalogue_import and catalogue_export: the only writers and readers of catalogue files."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from civicdesk.catalogue.models import QueryType, Service
from civicdesk.catalogue.transfer.formats import (
    CSV_TABLE,
    FormatError,
    RawRow,
    file_format,
    read_tables,
    write_tables,
)
from civicdesk.catalogue.transfer.problems import Problem
from civicdesk.catalogue.transfer.rows import (
    EXPORT_ORDER,
    FOREIGN_KEYS,
    MODELS,
    PARENT,
    WRITE_ORDER,
    model_fields,
    row_of,
)
from civicdesk.catalogue.transfer.tables import COLUMN_NAMES
from civicdesk.catalogue.transfer.validate import CleanTables, Existing, validate
from civicdesk.councils.models import Council

logger = logging.getLogger(__name__)


class CatalogueFileInvalid(ValueError):
    """The file has problems; nothing was written. `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalogue file")
        self.problems = problems


@dataclass(frozen=True)
class ImportSummary:
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]


def _existing(council: Council) -> Existing:
    codes = {
        table: frozenset(model.objects.filter(council=council).values_list("code", flat=True))  # type: ignore[attr-defined]
        for table, model in MODELS.items()
    }
    open311 = dict(
        QueryType.objects.filter(council=council)
        .exclude(open311_code="")
        .values_list("open311_code", "code")
    )
    return Existing(codes=codes, open311_codes=open311)


def catalogue_check(*, council: Council, path: Path) -> CleanTables:
    """Read and validate a file; raise CatalogueFileInvalid listing every problem."""
    try:
        raw, read_problems = read_tables(path)
    except FormatError as error:
        raise CatalogueFileInvalid([Problem("", 0, "", str(error))]) from error
    clean, problems = validate(raw, _existing(council), header_row=file_format(path) != "yaml")
    # A cell refused as read (a formula, say) is not also reported as empty.
    cells = {(p.table, p.row, p.column) for p in read_problems}
    problems = [p for p in problems if (p.table, p.row, p.column) not in cells]
    if problems or read_problems:
        raise CatalogueFileInvalid(sorted({*problems, *read_problems}))
    return clean


def catalogue_import(*, council: Council, path: Path, actor: str) -> ImportSummary:
    """Validate the whole file, then upsert every row by code in one transaction."""
    clean = catalogue_check(council=council, path=path)
    created: dict[str, int] = {}
    updated: dict[str, int] = {}
    unchanged: dict[str, int] = {}
    with transaction.atomic():
        for table in WRITE_ORDER:
            for number, values in clean.rows.get(table, []):
                try:
                    outcome = _upsert(council, table, values)
                except ValidationError as error:
                    # Rules only the database knows (e.g. a name taken by a row not in the file).
                    raise CatalogueFileInvalid(
                        [
                            Problem(table, number, field if field != "__all__" else "", message)
                            for field, messages in error.message_dict.items()
                            for message in messages
                        ]
                    ) from error
                tally = {"created": created, "updated": updated, "unchanged": unchanged}[outcome]
                tally[table] = tally.get(table, 0) + 1
    logger.info(
        "catalogue of %s imported from %s by %s: created %s, updated %s",
        council.slug,
        path.name,
        actor,
        created,
        updated,
    )
    return ImportSummary(created, updated, unchanged)


def _upsert(council: Council, table: str, values: dict[str, Any]) -> str:
    model: Any = MODELS[table]
    fields = model_fields(table, values)
    for column, related_model in FOREIGN_KEYS.items():
        if column in values:
            fields[column] = _related(council, related_model, values, column)
    lookup = {"council": council, "code": values["code"]}
    if table in PARENT:
        lookup[PARENT[table]] = fields.pop(PARENT[table])
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **fields)
        instance.full_clean()
        instance.save()
        return "created"
    if all(getattr(instance, name) == value for name, value in fields.items()):
        return "unchanged"
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return "updated"


def _related(council: Council, model: Any, values: dict[str, Any], column: str) -> Any:
    code = values[column]
    if not code:
        return None
    if model is Service:
        service, _ = Service.objects.get_or_create(
            council=council, code=code, defaults={"name": values.get("service_name") or code}
        )
        return service
    return model.objects.get(council=council, code=code)


def catalogue_export(*, council: Council, path: Path) -> dict[str, int]:
    """Write the council's whole catalogue (CSV: the query types alone). Returns row counts."""
    kind = file_format(path)
    tables = [CSV_TABLE] if kind == "csv" else list(COLUMN_NAMES)
    rows: dict[str, list[RawRow]] = {}
    for table in tables:
        queryset: Any = MODELS[table].objects.filter(council=council)  # type: ignore[attr-defined]
        queryset = queryset.order_by(*EXPORT_ORDER.get(table, ("code",)))
        if table == "query_types":
            queryset = queryset.select_related("service", "portal", "line")
        if table == "questions":
            queryset = queryset.select_related("query_type")
        rows[table] = [
            RawRow(number, row_of(table, instance))
            for number, instance in enumerate(queryset, start=1)
        ]
    write_tables(path, {table: COLUMN_NAMES[table] for table in tables}, rows)
    return {table: len(table_rows) for table, table_rows in rows.items()}
