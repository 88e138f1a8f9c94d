"""Open311 arguments: from the query string and a form-encoded (or JSON) body.

An empty argument counts as absent. Attributes come as `attribute[code]=value`, or for a
multivaluelist as repeated `attribute[code][]=value` (FixMyStreet's form) or repeated
`attribute[code]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.request import Request

from civicdesk.api.open311.errors import bad_request

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# "…T10:00:00 01:00": a `+` sent unescaped in a query string arrives as a space.
_SPACE_FOR_PLUS = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")


class Params:
    """The request's arguments; the body's win over the query string's."""

    def __init__(self, request: Request) -> None:
        self._sources: list[Any] = [request.query_params]
        if request.method == "POST":
            body = request.data
            if not isinstance(body, Mapping):
                raise bad_request("Send the arguments as form fields (name=value&…)")
            self._sources.insert(0, body)

    def _values(self, name: str) -> list[Any]:
        for source in self._sources:
            if name in source:
                values = source.getlist(name) if isinstance(source, QueryDict) else source[name]
                return values if isinstance(values, list) else [values]
        return []

    def get(self, name: str) -> str | None:
        values = [v for v in (_text(name, v) for v in self._values(name)) if v]
        if len(values) > 1:
            raise bad_request(f"{name}: give one value, not {len(values)}")
        return values[0] if values else None

    def attributes(self) -> dict[str, list[str]]:
        """Each attribute's code and the values given for it (empty ones left out)."""
        found: dict[str, list[str]] = {}
        for source in reversed(self._sources):  # the body's win
            for key in source:
                match = _ATTRIBUTE.match(str(key))
                if match:
                    values = [_text(key, v) for v in self._list(source, key)]
                    found[match[1]] = [v for v in values if v]
            nested = source.get("attribute") if not isinstance(source, QueryDict) else None
            if isinstance(nested, Mapping):  # a JSON body: {"attribute": {"code": value}}
                for code, value in nested.items():
                    values = value if isinstance(value, list) else [value]
                    found[str(code)] = [
                        t for t in (_text(f"attribute[{code}]", v) for v in values) if t
                    ]
        return {code: values for code, values in found.items() if values}

    @staticmethod
    def _list(source: Any, key: str) -> list[Any]:
        if isinstance(source, QueryDict):
            return source.getlist(key)
        value = source[key]
        return value if isinstance(value, list) else [value]


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value).lower()
    if isinstance(value, dict | list):
        raise bad_request(f"{name}: give a plain value")
    text = str(value).strip()
    if _FORBIDDEN.search(text):
        raise bad_request(f"{name}: contains a character that is not allowed")
    return text


def iso_datetime(name: str, value: str) -> datetime:
    """ISO 8601; without a zone, UK time; a date alone is its midnight."""
    text = _SPACE_FOR_PLUS.sub(r"\1+\2", value)
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime.combine(day, time()) if day else None
        if moment is None:
            moment = datetime.fromisoformat(text)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UK time: Python takes offsets up to ±23:59, PostgreSQL refuses those beyond ±15:59.
        moment = timezone.localtime(moment)
        if not 1900 <= moment.year <= 2200:
            raise ValueError("out of range")
        return moment
    except (ValueError, OverflowError):
        raise bad_request(
            f"{name}: {value!r} is not an ISO 8601 date and time, e.g. 2026-11-22T09:30:00Z"
        ) from None


def path_value(name: str, value: str) -> str:
    """A value from the URL's path, held to the same characters as any argument."""
    return _text(name, value)


def date_window(params: Params, days: int, now: datetime) -> tuple[datetime, datetime]:
    """start_date and end_date: both given, at most `days` apart; one given, `days` from it;
    neither, the last `days` days."""
    start_text, end_text = params.get("start_date"), params.get("end_date")
    start = iso_datetime("start_date", start_text) if start_text else None
    end = iso_datetime("end_date", end_text) if end_text else None
    span = timedelta(days=days)
    if start is None:
        return (now - span, now) if end is None else (end - span, end)
    if end is None:
        return start, start + span
    if end < start:
        raise bad_request("end_date: is before start_date")
    if end - start > span:
        raise bad_request(f"end_date: start_date and end_date may not span more than {days} days")
    return start, end


def number(name: str, value: str, *, low: float, high: float) -> Decimal:
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise bad_request(f"{name}: {value!r} is not a number") from None
    if not result.is_finite() or not low <= result <= high:
        raise bad_request(f"{name}: {value} is not between {low:g} and {high:g}")
    return result


def iso(moment: datetime | None) -> str | None:
    """As Open311 writes times: ISO 8601 with the zone, to the second, in UK time."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")
