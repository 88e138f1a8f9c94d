"""Schemathesis over Open311's published schema: what the server answers is what it says.

The schema is civicdesk/api/open311/openapi.yaml itself, as clients read it, run against the
WSGI app with a real Open311 key. Each operation gets a fixed budget of valid and of invalid
examples (CIVICDESK_OPEN311_FUZZ_EXAMPLES, default 100), the same ones on every run (a fixed
seed; CIVICDESK_OPEN311_FUZZ_SEED picks another to search further). A third are sent as
generated, a third are given the demo council, and a third the council, the key, a real service
with a generated answer to one of its attributes and a real request, so they reach past each
check in turn. Every
answer, JSON or XML, is checked: no 5xx, its status code and content type are among those the
schema lists, its body matches the schema (XML read by the element names the schema gives),
and it says charset=utf-8.

Schemathesis's own pytest plugin is not used: its lazy loader does not run on pytest 9.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import schemathesis
import yaml
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import given, seed
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from civicdesk.api.open311.views import OPENAPI
from civicdesk.cases.models import Case
from tests.open311.conftest import DECLARATION, post, report
from tests.schema_fuzz import CHECKS, budget, kept_test_transaction

EXAMPLES = int(os.environ.get("CIVICDESK_OPEN311_FUZZ_EXAMPLES", "100"))
SEED = int(os.environ.get("CIVICDESK_OPEN311_FUZZ_SEED", "20261203"))
RATES = {"open311_read": "100000/minute", "open311_write": "100000/minute"}
# Demo City services, each with an attribute of another datatype (civicdesk/demo/data/demo.yaml).
ATTRIBUTES = {
    "ENV-STREET": "landmark",  # string, optional
    "ENV-DOG": "dog-description",  # text, optional
    "WASTE-BULKY": "item-count",  # number, required
    "WASTE-MISSED": "bin-out-by",  # datetime; its required list is left unanswered
}
RAW: dict[str, Any] = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = RAW
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _read(element: ET.Element, schema: dict[str, Any]) -> Any:
    """The XML as the JSON would show it, by the schema: each element must be named as the
    schema's `xml` says, lists hold their items, text becomes the schema's type."""
    schema = _resolved(schema)
    name = schema.get("xml", {}).get("name")
    if name and element.tag != name:
        raise ValueError(f"<{element.tag}> where the schema names <{name}>")
    kind = schema.get("type")
    if kind == "array":
        return [_read(child, schema["items"]) for child in element]
    if kind == "object":
        fields: dict[str, Any] = {}
        for child in element:
            if child.tag in fields:
                raise ValueError(f"<{child.tag}> twice in <{element.tag}>")
            fields[child.tag] = _read(child, schema.get("properties", {}).get(child.tag, {}))
        return fields
    if len(element):
        raise ValueError(f"<{element.tag}> holds elements, where the schema has a {kind}")
    text = element.text or ""
    if not text:
        return None if schema.get("nullable") else ""
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    return text


@schemathesis.deserializer("text/xml")
def _xml(context: Any, response: Any) -> Any:
    documented = context.operation.definition.raw["responses"][str(response.status_code)]
    schema = _resolved(_resolved(documented)["content"]["text/xml"]["schema"])
    text = response.content.decode("utf-8")
    if not text.startswith(DECLARATION + "\n"):
        raise ValueError(f"no XML declaration: {text[:60]!r}")
    return _read(ET.fromstring(text[len(DECLARATION) :]), schema)  # noqa: S314 -- our answer


@pytest.fixture
def open311_schema(demo: Any) -> Iterator[Any]:
    framework = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}
    schema = schemathesis.openapi.from_dict(RAW)
    schema.app = get_wsgi_application()
    with override_settings(REST_FRAMEWORK=framework):
        yield schema


@pytest.fixture
def open311_request(key: str) -> Case:
    """A request of Demo City's, for examples to point at."""
    reference = post("requests.json", report(key)).json()[0]["service_request_id"]
    return Case.objects.get(reference=reference)


def _steering(case: Any) -> int:
    """0, 1 or 2 (left as generated, the council alone, everything real) for a third of the
    examples each, chosen by their own content so a run repeats."""
    return len(repr((case.path_parameters, case.query, case.body))) % 3


def _steer(case: Any, key: str, request: Case) -> None:
    steering = _steering(case)
    if steering == 0:
        return
    if isinstance(case.body, dict) and steering == 1:
        case.body = {**case.body, "jurisdiction_id": "demo"}
    elif isinstance(case.body, dict):
        case.body = {**case.body, "jurisdiction_id": "demo", "api_key": key}
        if "update_id" in case.body:
            case.body["service_request_id"] = request.reference
        else:  # a real service and place, and a generated answer for one of its attributes
            code = sorted(ATTRIBUTES)[len(repr(case.body)) % len(ATTRIBUTES)]
            answer = case.body.get("description", case.body.get("address_string", ""))
            case.body.update(service_code=code, lat="52.63", long="-1.13")
            case.body.setdefault(f"attribute[{ATTRIBUTES[code]}]", str(answer))
    if isinstance(case.query, dict) or case.query is None:
        case.query = {**(case.query or {}), "jurisdiction_id": "demo"}
    path = case.path_parameters or {}
    if steering == 1:
        return
    if "service_request_id" in path:
        path["service_request_id"] = request.reference
    if "token" in path:
        path["token"] = request.reference
    if "service_code" in path:
        path["service_code"] = "WASTE-MISSED"  # one with attributes of each kind of list


def _fuzz(operation: Any, mode: GenerationMode, call: Any) -> None:
    @seed(SEED)
    @budget(EXAMPLES)
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = call(case)
        case.validate_response(response, checks=CHECKS)  # each finding names its curl command
        content_type = response.headers.get("content-type", [""])[0]
        if not content_type.endswith("; charset=utf-8"):
            sent_as = case.as_curl_command(headers=dict(response.request.headers))
            raise AssertionError(f"{response.status_code} as {content_type!r} to {sent_as}")

    check()


def test_open311_answers_what_its_schema_says(
    open311_schema: Any, key: str, open311_request: Case
) -> None:
    failures: list[str] = []
    sent: Counter[str] = Counter()
    answered: Counter[int] = Counter()
    began = time.monotonic()
    for result in open311_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.label} ({mode.value})"

            def call(case: Any, label: str = label) -> Any:
                _steer(case, key, open311_request)
                sent[label] += 1
                with kept_test_transaction():
                    response = case.call()
                answered[response.status_code] += 1
                return response

            try:
                _fuzz(operation, mode, call)
            except Unsatisfiable:
                continue  # no invalid value exists, e.g. for a lone free-text path parameter
            except (Exception, BaseExceptionGroup) as error:  # each is reported below
                failures.append(f"{label}: {error}")
    seconds = time.monotonic() - began
    print(f"\nOpen311 schema fuzz: {sum(sent.values())} requests in {seconds:.0f} s")
    print("by status:", dict(sorted(answered.items())))
    print("by operation:", dict(sent))
    assert not failures, "\n\n".join(failures)
