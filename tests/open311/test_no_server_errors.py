"""Schemathesis against the staff API's OpenAPI document: whatever it sends, no answer is a 5xx.

The schema is read from /api/v1/schema/ through the app, signed in with a token. Each operation
gets a few valid and a few invalid examples (CIVICDESK_FUZZ_EXAMPLES=200 searches harder); half
of them are steered to real ids so they reach past the first check. Open311's schema has its own
run, with every response checked against it: tests/open311/test_schema_fuzz.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from tests.open311.conftest import post, report

EXAMPLES = settings(
    max_examples=int(os.environ.get("CIVICDESK_FUZZ_EXAMPLES", "8")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def _test_transaction_kept() -> Iterator[None]:
    """A request through the WSGI app closes the database connection as it starts and ends,
    and with it the test's transaction (PostgreSQL); Django's test client holds this off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(demo: Council) -> str:
    advisor = get_user_model().objects.get(username="advisor")
    return str(Token.objects.get_or_create(user=advisor)[0].key)


@pytest.fixture
def staff_api(staff_token: str) -> Any:
    with _test_transaction_kept():
        return schemathesis.openapi.from_wsgi(
            "/api/v1/schema/",
            get_wsgi_application(),
            headers={
                "Authorization": f"Token {staff_token}",
                "Accept": "application/vnd.oai.openapi+json",
            },
        )


@pytest.fixture
def open311_request(key: str) -> Case:
    """A request of Demo City's (with its contact and resident), for examples to point at."""
    reference = post("requests.json", report(key)).json()[0]["service_request_id"]
    return Case.objects.get(reference=reference)


def _no_5xx(schema: Any, call: Callable[[Any], Any]) -> None:
    """Every operation, valid and invalid input: collect each 5xx, then fail listing them.

    (Schemathesis's own pytest plugin is not used: its lazy loader does not run on pytest 9.)
    """
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @EXAMPLES
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: Any) -> None:
                with _test_transaction_kept():
                    response = call(case)
                case.validate_response(response, checks=[not_a_server_error])

            try:
                check()
            except Unsatisfiable:
                continue  # no invalid value exists, e.g. for a lone free-text path parameter
            except Exception as error:  # each is reported below
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)


def _steer(case: Any) -> bool:
    """Half the examples, chosen by their own content so a run repeats."""
    return len(repr((case.path_parameters, case.query, case.body))) % 2 == 0


def test_the_staff_api_answers_no_5xx(
    staff_api: Any, staff_token: str, open311_request: Case
) -> None:
    contact = Contact.objects.get(case=open311_request)

    def call(case: Any) -> Any:
        path = case.path_parameters
        if path and _steer(case):
            if "reference" in path:
                path["reference"] = open311_request.reference
            if "id" in path:
                is_contact = "/contacts/" in case.operation.path
                path["id"] = contact.pk if is_contact else contact.resident_id
        return case.call(headers={"Authorization": f"Token {staff_token}"})

    _no_5xx(staff_api, call)
