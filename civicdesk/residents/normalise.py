"""Phone numbers as E.164 (the maintained `phonenumbers` library), emails, UK postcodes."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from civicdesk.core.errors import DomainError
from civicdesk.residents.errors import ResidentErrorCode

# Ofcom keeps 07700 900000-900999 for drama: no real phone has them, so demos and training use
# them. phonenumbers calls them invalid (unallocated); we accept them as the mobiles they look like.
_OFCOM_DRAMA_MOBILE = re.compile(r"^\+447700900\d{3}$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def phone_e164(raw: str, *, field: str = "phone") -> str:
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        number = None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""
    if number is None or not (
        phonenumbers.is_valid_number(number) or _OFCOM_DRAMA_MOBILE.match(e164)
    ):
        raise DomainError(
            ResidentErrorCode.INVALID_PHONE,
            f"{raw!r} is not a valid phone number",
            field=field,
        )
    return e164


def phone_for_display(e164: str) -> str:
    number = phonenumbers.parse(e164, "GB")
    if number.country_code == 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def email(raw: str, *, field: str = "email") -> str:
    value = raw.strip().lower()
    try:
        if len(value) > 254:  # what an email column holds (RFC 5321's limit on a path)
            raise ValidationError("too long")
        validate_email(value)
    except ValidationError:
        raise DomainError(
            ResidentErrorCode.INVALID_EMAIL, f"{raw!r} is not a valid email address", field=field
        ) from None
    return value


def postcode(raw: str, *, field: str = "postcode") -> str:
    match = _POSTCODE.match(raw.strip().upper())
    if not match:
        raise DomainError(
            ResidentErrorCode.INVALID_POSTCODE,
            f"{raw!r} is not a UK postcode (for example LE1 6ZG)",
            field=field,
        )
    return f"{match[1]} {match[2]}"


def uprn(raw: str, *, field: str = "uprn") -> str:
    value = raw.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise DomainError(
            ResidentErrorCode.INVALID_UPRN, f"{raw!r} is not a UPRN (up to 12 digits)", field=field
        )
    return value


def looks_like_phone(text: str) -> bool:
    digits = re.sub(r"[\s()+-]", "", text)
    return digits.isdigit() and len(digits) >= 6
