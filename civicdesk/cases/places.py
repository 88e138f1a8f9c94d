"""Where a case is: its place checked, the open cases of the same query type there, and the lock
that makes "one case per place" hold when reports arrive at once (ADR 28).

Only query types about a place (`QueryType.about_a_place`: a missed bin, a pothole) join reports
at one place; a personal query (a council tax move) at the same address is another resident's
own case."""

from __future__ import annotations

import math
from decimal import Decimal

from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, PlaceLock
from civicdesk.cases.vocabulary import OPEN_STATUSES
from civicdesk.catalogue.models import QueryType
from civicdesk.core.errors import DomainError, ErrorKind


def cases_at_same_place(
    *,
    query_type: QueryType,
    uprn: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> list[Case]:
    """Open cases of this query type at the same UPRN or within the council's distance; none
    for a query type that is not about a place."""
    if not query_type.about_a_place:
        return []
    council = query_type.council
    open_here = Case.objects.filter(
        council=council, query_type=query_type, status__in=OPEN_STATUSES
    )
    found: dict[int, Case] = {}
    if uprn:
        found.update({c.pk: c for c in open_here.filter(uprn=uprn)})
    if latitude is not None and longitude is not None:
        metres = council.duplicate_distance_metres
        degrees = Decimal(metres / 111_000 * 2)
        nearby = open_here.filter(
            latitude__range=(latitude - degrees, latitude + degrees),
            longitude__range=(longitude - degrees * 2, longitude + degrees * 2),
        )
        for case in nearby:
            here = (case.latitude, case.longitude)
            if None not in here and metres_apart(latitude, longitude, *here) <= metres:  # type: ignore[arg-type]
                found[case.pk] = case
    return sorted(found.values(), key=lambda c: c.opened_at)


METRES_PER_DEGREE = (
    110_000  # a little under a degree of latitude anywhere, so cells are wide enough
)


def place_keys(
    *, metres: int, uprns: list[str], latitude: Decimal | None, longitude: Decimal | None
) -> list[str]:
    """The lock keys of a place: each UPRN, and the 3 x 3 map cells around the point, cells at
    least `metres` wide. Two points within `metres` of each other always share a cell."""
    keys = {f"uprn:{u}" for u in uprns if u}
    if latitude is not None and longitude is not None:
        size = max(metres, 1) / METRES_PER_DEGREE
        row = math.floor(float(latitude) / size)
        for r in (row - 1, row, row + 1):
            # A degree of longitude shrinks towards the poles: widen the row's cells for its
            # poleward edge, with a degree to spare.
            edge = min(89.0, max(abs(r * size), abs((r + 1) * size)) + 1)
            width = size / math.cos(math.radians(edge))
            col = math.floor(float(longitude) / width)
            keys |= {f"cell:{metres}:{r}:{c}" for c in (col - 1, col, col + 1)}
    return sorted(keys)


def place_lock(
    *,
    query_type: QueryType,
    uprns: list[str],
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> None:
    """Lock the place for this query type until the transaction ends, so only one report at a
    time looks for an open case there and opens one. Call inside `transaction.atomic`. Nothing
    for a query type not about a place; never a lock on the whole council or query type."""
    if not query_type.about_a_place:
        return
    keys = place_keys(
        metres=query_type.council.duplicate_distance_metres,
        uprns=uprns,
        latitude=latitude,
        longitude=longitude,
    )
    if not keys:
        return
    rows = [PlaceLock(council_id=query_type.council_id, query_type=query_type, key=k) for k in keys]
    # In key order, so two reports sharing some cells never wait for each other in a circle.
    PlaceLock.objects.bulk_create(rows, ignore_conflicts=True)
    list(
        PlaceLock.objects.select_for_update()
        .filter(council_id=query_type.council_id, query_type=query_type, key__in=keys)
        .order_by("key")
        .values_list("pk", flat=True)
    )


def refuse_a_second_at_the_place(
    query_type: QueryType,
    uprn: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    *,
    locked: bool = False,
) -> None:
    """Under the place's lock (ADR 28), so of reports at once only the first opens a case.
    `locked`: the transaction already holds it (for at least these keys)."""
    if not locked:
        place_lock(query_type=query_type, uprns=[uprn], latitude=latitude, longitude=longitude)
    existing = cases_at_same_place(
        query_type=query_type, uprn=uprn, latitude=latitude, longitude=longitude
    )
    if existing:
        raise DomainError(
            CaseErrorCode.POSSIBLE_DUPLICATE,
            "There is already an open case for this at the same place: link to it instead",
            kind=ErrorKind.CONFLICT,
            existing=[c.reference for c in existing],
        )


def metres_apart(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def check_location(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError(
            CaseErrorCode.INVALID_LOCATION,
            "Give both latitude and longitude, or neither",
            field="latitude" if latitude is None else "longitude",
        )
    if latitude is not None and not -90 <= latitude <= 90:
        raise DomainError(
            CaseErrorCode.INVALID_LOCATION, "latitude must be between -90 and 90", field="latitude"
        )
    if longitude is not None and not -180 <= longitude <= 180:
        raise DomainError(
            CaseErrorCode.INVALID_LOCATION,
            "longitude must be between -180 and 180",
            field="longitude",
        )
