"""Column kinds: each turns a raw cell into a clean value or says, in words, what is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from civicdesk.catalogue.models import CODE_PATTERN
from civicdesk.catalogue.policy import ACTION_LETTERS, Action
from civicdesk.core.hours import HoursError, format_day, parse_day

Parser = Callable[[Any], Any]
_CODE = re.compile(CODE_PATTERN)
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
# C0 control characters but tab and newlines: PostgreSQL refuses NUL, XLSX cannot hold any.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHOLE = re.compile(r"[+-]?[0-9]{1,12}")
TEXT_LIMIT = 10_000


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def scalar(value: Any) -> str:
    """One cell's value as text. A list or mapping where one value belongs is refused (YAML can
    hold them anywhere), and so is text with control characters."""
    if isinstance(value, Mapping):
        raise ValueError("is a mapping; give one value")
    if isinstance(value, list | tuple | set | frozenset):
        raise ValueError("is a list; give one value")
    if isinstance(value, bytes | bytearray):
        raise ValueError("is binary data; give text")
    result = value if isinstance(value, str) else str(value)
    found = _CONTROL.search(result)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X}; remove it")
    return result


def text(max_length: int = TEXT_LIMIT) -> Parser:
    def parse(value: Any) -> str:
        result = scalar(value).strip()
        if max_length and len(result) > max_length:
            raise ValueError(f"is {len(result)} characters long; at most {max_length}")
        return result

    return parse


def code(value: Any) -> str:
    result = scalar(value).strip()
    if not _CODE.match(result) or len(result) > 80:
        raise ValueError(f"{result!r} is not a code: use lower-case letters, digits and hyphens")
    return result


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = scalar(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{value!r} is not true or false")


def whole_number(minimum: int, maximum: int) -> Parser:
    def parse(value: Any) -> int:
        written = scalar(value).strip()
        if not _WHOLE.fullmatch(written):
            raise ValueError(f"{value!r} is not a whole number")
        number = int(written)
        if not minimum <= number <= maximum:
            raise ValueError(f"{number} is not between {minimum} and {maximum}")
        return number

    return parse


def one_of(enum: type[StrEnum]) -> Parser:
    allowed = [member.value for member in enum]

    def parse(value: Any) -> str:
        if isinstance(value, bool):  # a spreadsheet's TRUE/FALSE cell
            value = "yes" if value else "no"
        word = scalar(value).strip().lower()
        if word not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return word

    return parse


def choice(allowed: Iterable[str], what: str) -> Parser:
    """One of a fixed list of words; an unknown word is named with the list to choose from."""
    words = list(allowed)

    def parse(value: Any) -> str:
        word = scalar(value).strip().lower()
        if word not in words:
            raise ValueError(f"{value!r} is not a {what}; use {', '.join(words)}")
        return word

    return parse


def value_list(value: Any) -> list[dict[str, str]]:
    """The answers a list question offers: a YAML list of {key, name}, or "key=Name; key2=Name2"
    (the flat form spreadsheets carry). Keys are unique; neither may contain `;`."""
    raw: Iterable[Any] = value if isinstance(value, list) else scalar(value).split(";")
    result: list[dict[str, str]] = []
    for item in raw:
        if is_blank(item):
            continue
        if isinstance(item, dict):
            if set(item) != {"key", "name"}:
                raise ValueError(f"give each value as key and name, not {sorted(item)}")
            key, name = scalar(item["key"]).strip(), scalar(item["name"]).strip()
        else:
            key, sep, name = scalar(item).partition("=")
            key, name = key.strip(), name.strip()
            if not sep:
                raise ValueError(f"{scalar(item).strip()!r} is not key=Name")
        if not key or not name:
            raise ValueError(f"{key or name!r} needs both a key and a name")
        if ";" in key + name or "=" in key:
            raise ValueError(f"{key!r}: keys may not contain ; or =, names may not contain ;")
        if any(existing["key"] == key for existing in result):
            raise ValueError(f"value key {key!r} is listed twice")
        result.append({"key": key, "name": name})
    return result


def items(value: Any) -> list[str]:
    """A YAML list, or a `;`-separated string from a spreadsheet cell."""
    if is_blank(value):
        return []
    raw: Iterable[Any] = value if isinstance(value, list) else scalar(value).split(";")
    return [scalar(item).strip() for item in raw if not is_blank(item)]


def text_list(value: Any) -> list[str]:
    return items(value)


def enum_list(enum: type[StrEnum]) -> Parser:
    parse_one = one_of(enum)

    def parse(value: Any) -> list[str]:
        return [parse_one(item) for item in items(value)]

    return parse


def actions(allowed: frozenset[Action]) -> Parser:
    """Action words, or the seed's letters (A, E, O, C), separated by `;`, `,` or spaces."""
    words = sorted(action.value for action in allowed)
    letters = sorted(letter for letter, action in ACTION_LETTERS.items() if action in allowed)

    def parse(value: Any) -> list[str]:
        raw = value if isinstance(value, list) else re.split(r"[;,\s]+", scalar(value or ""))
        result: list[str] = []
        for token in (scalar(t).strip() for t in raw):
            if not token:
                continue
            action = ACTION_LETTERS.get(token.upper()) if len(token) == 1 else None
            if action is None and token.lower() in words:
                action = Action(token.lower())
            if action is None or action not in allowed:
                raise ValueError(
                    f"unknown action code {token!r}; use {', '.join(words)} "
                    f"(or the letters {', '.join(letters)})"
                )
            if action.value in result:
                raise ValueError(f"action {action.value!r} is listed twice")
            result.append(action.value)
        return result

    return parse


def url(value: Any) -> str:
    result = scalar(value).strip()
    try:
        URLValidator(schemes=["http", "https"])(result)
    except ValidationError:
        raise ValueError(f"{result!r} is not a web address starting https://") from None
    return result


# Ofcom keeps these for drama (and demos): phonenumbers calls them unallocated, we accept them.
_OFCOM_DRAMA = re.compile(r"^\+44(?:1632960|7700900)[0-9]{3}$")


def uk_phone(value: Any) -> str:
    """A UK number residents can ring, stored as they read it: `0116 496 0123`."""
    written = scalar(value).strip()
    if not written:
        return ""
    try:
        number = phonenumbers.parse(written, "GB")
    except phonenumbers.NumberParseException:
        number = None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""
    if (
        number is None
        or number.country_code != 44
        or not (phonenumbers.is_valid_number(number) or _OFCOM_DRAMA.match(e164))
    ):
        raise ValueError(f"{written!r} is not a UK phone number; write it as 0116 496 0123")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def hours(value: Any) -> str:
    try:
        return format_day(parse_day(scalar(value)))
    except HoursError as error:
        raise ValueError(f"bad opening hours: {error}") from None


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    default: Any = None
