"""JSON bodies that cannot hurt the server: bounded nesting, text PostgreSQL and UTF-8 can hold.

Python's decoder gives up on deep nesting with a RecursionError (a 500 under DRF's parser), keeps
lone surrogates ("\\ud800") that no UTF-8 encoder will write back, and keeps NUL characters that
PostgreSQL refuses to store. Each is refused here as a 400 that says where in the body it is.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_DEPTH = 64
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


def _where(path: list[str | int]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "the body"


def _problem(text: str) -> str | None:
    match = _UNWRITABLE.search(text)
    if match is None:
        return None
    if match.group() == "\x00":
        return "holds a NUL character"
    return f"holds a lone surrogate (\\u{ord(match.group()):04x}), which is not text"


def check_body(data: Any) -> None:
    """Raise ParseError naming the first place nested deeper than MAX_DEPTH or holding
    text that cannot be stored."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, str):
            problem = _problem(value)
            if problem:
                raise ParseError(f"{_where(path)}: {problem}")
        elif isinstance(value, dict):
            for key, item in value.items():
                problem = _problem(key)
                if problem:
                    raise ParseError(f"{_where(path)}: a key {problem}")
                stack.append((item, [*path, key]))
        elif isinstance(value, list):
            stack.extend((item, [*path, index]) for index, item in enumerate(value))


def _encoding(parser_context: Any) -> str:
    """The body's charset, if it is a text encoding: a bytes codec such as bz2_codec would
    inflate the body after its size was checked."""
    encoding = str((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
    try:
        "".encode(encoding)
    except (LookupError, UnicodeError):
        raise ParseError(f"Unsupported charset {encoding!r} in the Content-Type header") from None
    return encoding


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = _encoding(parser_context)
        constant = json.strict_constant if self.strict else None
        try:
            data = json.loads(codecs.getreader(encoding)(stream).read(), parse_constant=constant)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels") from None
        except (ValueError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        check_body(data)
        return data
