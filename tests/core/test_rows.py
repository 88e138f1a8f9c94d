"""Rows read by written-out SQL are the same instances the ORM would give."""

from __future__ import annotations

import pytest

from civicdesk.core.rows import columns, fetch, table
from civicdesk.councils.models import Council, Membership

pytestmark = pytest.mark.django_db


def test_a_joined_row_gives_each_model_with_its_values_converted(demo: Council) -> None:
    sql = (
        f"SELECT {columns(Council, 'c')}, {columns(Membership, 'm')} FROM {table(Council)} c"  # noqa: S608
        f" LEFT OUTER JOIN {table(Membership)} m ON m.council_id = c.id AND m.id < 0"
        " WHERE c.id = %s"
    )
    [(council, membership)] = fetch(sql, [demo.pk], Council, Membership)
    orm = Council.objects.get(pk=demo.pk)
    assert membership is None  # the LEFT JOIN found no row
    assert [getattr(council, f.attname) for f in Council._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Council._meta.concrete_fields
    ]
    assert council.active is True  # SQLite gives 1: converted as the ORM does
    assert not council._state.adding
