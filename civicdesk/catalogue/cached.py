"""Each council's active query types, with their service, portal, line, team and questions,
read from the database once per process and kept until the catalogue changes.

Whether the kept copy is current is one read of a version in Django's shared cache (Redis, or
the database's cache table), which every save or delete of a catalogue row, team or council
replaces (`signals`). A change made with `QuerySet.update()` sends no signal: call
`catalogue_changed` after it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch

from civicdesk.catalogue.models import QueryType, QueryTypeQuestion
from civicdesk.councils.models import Council

# What a query type brings with it, loaded together and kept fresh by the signals.
KEPT_RELATIONS = ("service", "portal", "line", "team")


def _version_key(council_id: int) -> str:
    return f"catalogue-version:{council_id}"


@dataclass(frozen=True)
class Catalogue:
    version: str
    # Active query types, by service name and then name, as the database orders them.
    query_types: tuple[QueryType, ...]
    by_code: dict[str, QueryType] = field(default_factory=dict)
    by_open311_code: dict[str, QueryType] = field(default_factory=dict)

    @property
    def triage_query_types(self) -> list[QueryType]:
        """Those staff may triage and record: the ones whose service is active too."""
        return [qt for qt in self.query_types if qt.service.active]


_kept: dict[int, Catalogue] = {}


def catalogue_version(council_id: int) -> str:
    version = cache.get(_version_key(council_id))
    if version is None:
        version = uuid4().hex
        if not cache.add(_version_key(council_id), version, timeout=None):
            version = cache.get(_version_key(council_id)) or version
    return str(version)


def catalogue_changed(council_id: int) -> None:
    """Every process reloads the council's catalogue on its next read: now, and again once the
    change commits (a process may have read the old rows under the first new version)."""

    def bump() -> None:
        cache.set(_version_key(council_id), uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def _load(council: Council, version: str) -> Catalogue:
    questions = QueryTypeQuestion.objects.filter(active=True).order_by("order", "code")
    rows = list(
        QueryType.objects.filter(council=council, active=True)
        .select_related(*KEPT_RELATIONS)
        .prefetch_related(Prefetch("questions", queryset=questions, to_attr="active_questions"))
        .order_by("service__name", "name")
    )
    for row in rows:
        row.council = council
    return Catalogue(
        version=version,
        query_types=tuple(rows),
        by_code={qt.code: qt for qt in rows if qt.service.active},
        by_open311_code={qt.open311_code: qt for qt in rows if qt.open311_code},
    )


def catalogue_of(council: Council) -> Catalogue:
    """The council's catalogue as it is now (the version is read first, so rows read after a
    change are never kept under the version from before it)."""
    version = catalogue_version(council.pk)
    kept = _kept.get(council.pk)
    if kept is not None and kept.version == version:
        return kept
    fresh = _load(council, version)
    _kept[council.pk] = fresh
    return fresh


def own_copy(query_type: QueryType, council: Council) -> QueryType:
    """A query type of the kept catalogue for one caller to use and change: it carries the
    caller's council, and whatever else it loads later is its own."""
    mine = copy.copy(query_type)
    cached = query_type._state.fields_cache
    mine._state.fields_cache = {name: cached[name] for name in KEPT_RELATIONS if name in cached}
    mine.council = council
    return mine
