"""Pages of every staff API list: `limit` from 1 to 200 (default PAGE_SIZE, 50), `offset` from 0.

A limit over 200 is refused with a 400 naming `limit`, not quietly cut to 200: a client that
asked for everything and ignored `next` would otherwise take one page for the whole list. The
schema says the same (`maximum: 200`), so the check and its documentation cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 200
# Past the last row a page is empty whatever the offset; this bound only keeps it a number
# the database could take.
MAX_OFFSET = 2**63 - 1


def _whole_number(request: Request, name: str, default: int, lowest: int, highest: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    text = raw.strip()
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 19 else None
    if value is None or not lowest <= value <= highest:
        bounds = f"from {lowest} to {highest}" if name == "limit" else f"of {lowest} or more"
        raise serializers.ValidationError({name: [f"{raw[:40]!r} is not a whole number {bounds}."]})
    return value


class StaffPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def __init__(self) -> None:
        # REST_FRAMEWORK["PAGE_SIZE"]; without one, a page is as long as it may be.
        self.page_size: int = self.default_limit or MAX_LIMIT
        self.limit_query_description = (
            f"How many results to return: 1 to {MAX_LIMIT}, default {self.page_size}. "
            f"More than {MAX_LIMIT} is refused with 400; follow `next` for the rest."
        )
        self.offset_query_description = "How many results to skip, from 0."

    def get_limit(self, request: Request) -> int:
        return _whole_number(request, self.limit_query_param, self.page_size, 1, MAX_LIMIT)

    def get_offset(self, request: Request) -> int:
        return _whole_number(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        bounds = {
            self.limit_query_param: {
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": self.page_size,
            },
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**dict(parameter["schema"]), **bounds[parameter["name"]]}
        return parameters
