"""Model rows from written-out SQL, for the hot request paths (ADR 34).

Building a query through the ORM costs more Python than the database takes to answer it. Here
the caller writes the SQL once, selecting `columns(Model, alias)` for each model it joins, and
`fetch` turns each row into those models' instances, with the same conversions the ORM applies
(SQLite hands back text for a moment, an integer for a boolean). A LEFT JOIN that found nothing
gives None for that model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model, signals

M = TypeVar("M", bound=Model)

Converter = Callable[[Any, Any, Any], Any]
_Shape = tuple[list[str], int, list[tuple[int, list[Converter], Any]]]
_shapes: dict[tuple[type[Model], str], _Shape] = {}


def columns(model: type[Model], alias: str) -> str:
    """The select list of `model`'s columns under `alias`, in the order `fetch` reads them."""
    quote = connections["default"].ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields)


def table(model: type[Model]) -> str:
    """`model`'s table name, quoted as the ORM quotes it."""
    return connections["default"].ops.quote_name(model._meta.db_table)


def _shape(model: type[Model], using: str) -> _Shape:
    found = _shapes.get((model, using))
    if found is None:
        connection = connections[using]
        fields = model._meta.concrete_fields
        converting = []
        for index, field in enumerate(fields):
            expression = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            if converters:
                converting.append((index, converters, expression))
        found = ([f.attname for f in fields], fields.index(model._meta.pk), converting)
        _shapes[(model, using)] = found
    return found


def _instance(model: type[M], values: list[Any], using: str) -> M | None:
    names, pk, converting = _shape(model, using)
    if values[pk] is None:  # no primary key: the LEFT JOIN found no row
        return None
    connection = connections[using]
    for index, converters, expression in converting:
        value = values[index]
        for convert in converters:
            value = convert(value, expression, connection)
        values[index] = value
    return model.from_db(using, names, values)


def value_of(model: type[Model], attname: str, value: Any, using: str = "default") -> Any:
    """One column's value from a cursor, converted as the ORM would convert `model.attname`."""
    names, _pk, converting = _shape(model, using)
    index = names.index(attname)
    for at, converters, expression in converting:
        if at == index:
            for convert in converters:
                value = convert(value, expression, connections[using])
    return value


def fetch(
    sql: str, params: Sequence[Any], *models: type[Model], using: str = "default"
) -> list[tuple[Any, ...]]:
    """Each row of `sql` as one instance (or None) of each of `models`, in their order."""
    widths = [len(model._meta.concrete_fields) for model in models]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    for row in rows:
        start = 0
        instances = []
        for model, width in zip(models, widths, strict=True):
            instances.append(_instance(model, list(row[start : start + width]), using))
            start += width
        found.append(tuple(instances))
    return found


def insert(row: Model, using: str = "default") -> None:
    """`row.save()` of a new row whose primary key the database draws, written out, for a
    model whose save is Django's own (the caller's to know). pre_save and post_save are sent
    as save sends them, when anything listens."""
    model = type(row)
    connection = connections[using]
    if signals.pre_save.has_listeners(model):
        signals.pre_save.send(
            sender=model, instance=row, raw=False, using=using, update_fields=None
        )
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    values = [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)}"  # noqa: S608 -- our names
        f" ({', '.join(quote(str(f.column)) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
    )
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {quote(str(pk.column))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if returning:
            drawn = cursor.fetchone()[0]
        else:
            drawn = connection.ops.last_insert_id(cursor, model._meta.db_table, str(pk.column))
    setattr(row, pk.attname, drawn)
    row._state.adding = False
    row._state.db = using
    if signals.post_save.has_listeners(model):
        signals.post_save.send(
            sender=model, instance=row, created=True, update_fields=None, raw=False, using=using
        )
