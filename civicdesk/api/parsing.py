"""Small parsers shared by the API's bodies and parameters, each bounded so that no value a
client sends can overflow the database or the calendar: a 400 naming the field instead."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from civicdesk.api.errors import not_found
from civicdesk.cases.references import normalise_reference
from civicdesk.core.errors import DomainError
from civicdesk.residents import normalise

# Row ids are 64-bit (BigAutoField): a larger number cannot name a row, and the database
# refuses to compare with it.
MAX_ID = 2**63 - 1
# Whole numbers the database keeps in 32 bits, such as a case's version.
MAX_SMALL = 2**31 - 1
# The moments the API takes: contacts, and triage "at". Wider than any real contact, narrow
# enough that a repeat window or an opening-hours search never leaves the calendar.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """A row's id in a body or query: a whole number from 1."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def path_id_or_404(value: str, noun: str) -> int:
    """The id in a URL path (/residents/{id}/); anything else (`abc`, `1.5`, `²`, 2**64)
    names no row, so it is a 404 like an id that is not there."""
    digits = value.lstrip("0")
    if digits.isascii() and digits.isdigit() and len(digits) <= 19 and int(digits) <= MAX_ID:
        return int(digits)
    raise not_found(f"No {noun} {value[:40]!r}: an id is a whole number from 1.", field="id")


ID_PARAMETER = OpenApiParameter(
    "id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description="The row's id.",
)


class MomentField(serializers.DateTimeField):
    """An ISO 8601 moment between 1970 and 2099."""

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        if not EARLIEST <= moment < LATEST:
            raise serializers.ValidationError(
                f"{value!r} is not between {EARLIEST.year} and {LATEST.year - 1}"
            )
        return moment


def moment_field(*, help_text: str = "", **kwargs: Any) -> MomentField:
    words = f"ISO 8601, between {EARLIEST.year} and {LATEST.year - 1}."
    return MomentField(help_text=f"{help_text} {words}".strip(), **kwargs)


def uprn_field() -> serializers.RegexField:
    return serializers.RegexField(
        r"^[0-9]{1,12}$",
        allow_blank=True,
        default="",
        max_length=12,
        help_text="A UPRN: up to 12 digits.",
        error_messages={"invalid": "Enter a UPRN: up to 12 digits."},
    )


def latitude_field() -> serializers.FloatField:
    return serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-90, max_value=90
    )


def longitude_field() -> serializers.FloatField:
    return serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-180, max_value=180
    )


def coordinate(value: float | None) -> Decimal | None:
    """As the database keeps it: six decimal places (about 10 cm)."""
    return None if value is None else Decimal(str(round(value, 6)))


def checked_uprn(value: str) -> str:
    try:
        return normalise.uprn(value) if value.strip() else ""
    except DomainError as error:
        raise serializers.ValidationError(error.message) from None


def checked_postcode(value: str) -> str:
    try:
        return normalise.postcode(value) if value.strip() else ""
    except DomainError as error:
        raise serializers.ValidationError(error.message) from None


def checked_reference(value: str) -> str:
    """A case reference however typed ("ac3e f4hj", "AC3EF4HJ"), in its stored shape."""
    reference = normalise_reference(value)
    if reference is None:
        raise serializers.ValidationError(f"{value!r} is not a case reference")
    return reference
