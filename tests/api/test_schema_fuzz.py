"""Schemathesis over the staff API's own schema: what the server answers is what it says.

The schema is read from /api/v1/schema/ through the WSGI app, signed in with a real token of the
demo council's administrator (so every operation, assigning too, is reachable). Each operation
gets a fixed budget of valid and of invalid examples (CIVICDESK_STAFF_FUZZ_EXAMPLES, default 25),
the same ones on every run (a fixed seed; CIVICDESK_STAFF_FUZZ_SEED picks another to search
further); half of them are steered to the real council, resident, contact, case
and query type so they reach past the first lookup. Every answer is checked: no 5xx, its status
code and content type are among those the schema lists, and its body matches the schema.

Schemathesis's own pytest plugin is not used: its lazy loader does not run on pytest 9.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import given, seed
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import Failure, FailureGroup

from civicdesk.api.tokens import api_token_create
from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from tests.schema_fuzz import CHECKS, budget, kept_test_transaction

EXAMPLES = int(os.environ.get("CIVICDESK_STAFF_FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("CIVICDESK_STAFF_FUZZ_SEED", "20261203"))


@pytest.fixture
def token(demo: Council) -> str:
    manager = get_user_model().objects.get(username="manager")
    return api_token_create(user=manager)[1]


@pytest.fixture
def staff_api(token: str) -> Any:
    with kept_test_transaction():
        return schemathesis.openapi.from_wsgi(
            "/api/v1/schema/",
            get_wsgi_application(),
            headers={
                "Authorization": f"Token {token}",
                "Accept": "application/vnd.oai.openapi+json",
            },
        )


def _steer(case: Any) -> bool:
    """Half the examples, chosen by their own content so a run repeats."""
    return len(repr((case.path_parameters, case.query, case.body))) % 2 == 0


def _aim(case: Any, case_row: Case, contact: Contact) -> None:
    """Point an example at real rows, keeping the rest of what was generated."""
    path = case.path_parameters
    if path:
        if "reference" in path:
            path["reference"] = case_row.reference
        if "id" in path:
            is_contact = "/contacts/" in case.operation.path
            path["id"] = contact.pk if is_contact else case_row.resident_id
    if isinstance(case.query, dict):
        query = {**case.query, "council": "demo"}
        if "query_type" in query:
            query["query_type"] = case_row.query_type.code
        case.query = query
    if isinstance(case.body, dict):
        body = {**case.body, "council": "demo"}
        if "resident" in body:
            body["resident"] = case_row.resident_id
        if "query_type" in body:
            body["query_type"] = case_row.query_type.code
        case.body = body


def _check(example: Any, mode: GenerationMode, findings: dict[str, str], response: Any) -> None:
    """Run every check; note each distinct problem of an operation, with its first example."""
    try:
        example.validate_response(response, checks=CHECKS)
    except FailureGroup as group:  # every finding is listed at the end, not just the first
        failures = list(group.exceptions)
    except Failure as one:
        failures = [one]
    else:
        return
    for failure in failures:
        first_line = "".join((failure.message or "").strip().splitlines()[:1])
        key = f"{example.operation.label} ({mode.value}): {failure.title}: {first_line}"
        findings.setdefault(key, f"{key}\n{failure}\n{example.as_curl_command()}")


def test_the_staff_api_keeps_to_its_schema(
    staff_api: Any, token: str, case: Case, resident: Any
) -> None:
    contact = Contact.objects.create(
        council=case.council, resident=case.resident, channel="phone", presented_at=case.opened_at
    )
    findings: dict[str, str] = {}
    sent = []

    def examples_of(operation: Any, mode: GenerationMode) -> None:
        @budget(EXAMPLES)
        @seed(SEED)
        @given(example=operation.as_strategy(generation_mode=mode))
        def run(example: Any) -> None:
            if _steer(example):
                _aim(example, case, contact)
            with kept_test_transaction():
                response = example.call(headers={"Authorization": f"Token {token}"})
            sent.append(response.status_code)
            _check(example, mode, findings, response)

        # Unsatisfiable: no invalid value exists, e.g. for an operation with no parameters.
        with contextlib.suppress(Unsatisfiable):
            run()

    started = time.monotonic()
    for result in staff_api.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            examples_of(result.ok(), mode)
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(sent)} examples in {elapsed:.0f} s, {len(findings)} findings")
    assert len(sent) >= 10 * EXAMPLES, "too few examples reached the server"
    assert not findings, f"{len(findings)} findings in {len(sent)} examples:\n\n" + "\n\n".join(
        findings.values()
    )
