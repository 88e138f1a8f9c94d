"""Where a case is: its place checked, and the open cases of the same query type there."""

from __future__ import annotations

import math
from decimal import Decimal

from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case
from civicdesk.cases.vocabulary import OPEN_STATUSES
from civicdesk.catalogue.models import QueryType
from civicdesk.core.errors import DomainError


def cases_at_same_place(
    *,
    query_type: QueryType,
    uprn: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> list[Case]:
    """Open cases of this query type at the same UPRN or within the council's distance."""
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
