"""Hostile JSON bodies are refused with a 400 that says where, before any view sees them."""

import io

import pytest
from rest_framework.exceptions import ParseError

from civicdesk.api.json_parser import MAX_DEPTH, SafeJSONParser


def parse(body: bytes):
    return SafeJSONParser().parse(io.BytesIO(body), "application/json", {})


def test_a_deeply_nested_body_is_refused_not_a_recursion_crash():
    with pytest.raises(ParseError, match="nested deeper"):
        parse(b"[" * 100_000 + b"]" * 100_000)


def test_nesting_just_past_the_ceiling_is_refused_and_at_it_accepted():
    assert parse(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    with pytest.raises(ParseError, match="nested deeper"):
        parse(b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2))


def test_a_lone_surrogate_is_refused_naming_the_field():
    with pytest.raises(ParseError, match=r"channel: holds a lone surrogate \(\\ud800\)"):
        parse(b'{"channel": "\\ud800"}')


def test_a_nul_in_a_nested_field_is_refused_naming_its_path():
    with pytest.raises(ParseError, match=r"phones\[1\]\.number: holds a NUL"):
        parse(b'{"phones": [{"number": "1"}, {"number": "07\\u0000"}]}')


def test_a_surrogate_in_a_key_is_refused():
    with pytest.raises(ParseError, match="a key holds a lone surrogate"):
        parse(b'{"\\udfff": 1}')


def test_ordinary_text_with_emoji_and_welsh_passes():
    assert parse('{"name": "Siân 🙂"}'.encode()) == {"name": "Siân 🙂"}


def test_nan_is_refused_as_json_does_not_allow_it():
    with pytest.raises(ParseError):
        parse(b'{"lat": NaN}')
