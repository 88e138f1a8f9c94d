"""What the two schemathesis runs share (tests/api/test_schema_fuzz.py over the staff API,
tests/open311/test_schema_fuzz.py over Open311): the checks, the budget and the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def budget(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: each finding reported as found
        suppress_health_check=list(HealthCheck),
    )


@contextmanager
def kept_test_transaction() -> Iterator[None]:
    """A request through the WSGI app closes the database connection as it starts and ends,
    and with it the test's transaction (PostgreSQL); Django's test client holds this off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
