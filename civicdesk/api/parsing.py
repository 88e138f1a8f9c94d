"""Small parsers shared by the API's bodies and parameters."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from civicdesk.cases.references import normalise_reference
from civicdesk.core.errors import DomainError
from civicdesk.residents import normalise


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
