"""What an `Idempotency-Key` costs a staff API POST (ADR 33), beside the same POST without one.

Run with `make bench`. Both post a contact through the whole Django stack (test client, signed
in); the keyed one also reads the body's digest, inserts the key's row, stores the answer and
runs the view in one transaction. A replay (the same key again) is timed too: it runs no view.
The ratios of the medians to the POST without a key are in `extra_info["ratio_to_no_key"]`.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client
from pytest_benchmark.fixture import BenchmarkFixture

from civicdesk.councils.models import Council

GROUP = "staff API contact POST, with and without Idempotency-Key"
URL = "/api/v1/contacts/"
BODY = {
    "council": "demo",
    "channel": "phone",
    "direction": "inbound",
    "query_type": "waste-missed-collection",
}
TIMES: dict[str, float] = {}
ROUNDS = {"rounds": 200, "warmup_rounds": 10, "iterations": 1}  # the same for each


def _post(client: Client, **headers: Any) -> int:
    response = client.post(URL, BODY, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    return response.status_code


def _note(benchmark: BenchmarkFixture, name: str) -> None:
    if not benchmark.stats:
        return
    TIMES[name] = benchmark.stats.stats.median
    if name != "no key" and "no key" in TIMES:
        benchmark.extra_info["ratio_to_no_key"] = round(TIMES[name] / TIMES["no key"], 2)


def test_post_without_a_key(
    benchmark: BenchmarkFixture, demo: Council, advisor_client: Client
) -> None:
    benchmark.group = GROUP
    benchmark.pedantic(_post, args=(advisor_client,), **ROUNDS)
    _note(benchmark, "no key")


def test_post_with_a_new_key(
    benchmark: BenchmarkFixture, demo: Council, advisor_client: Client
) -> None:
    benchmark.group = GROUP
    keys = (f"bench-{n}" for n in itertools.count())
    benchmark.pedantic(lambda: _post(advisor_client, HTTP_IDEMPOTENCY_KEY=next(keys)), **ROUNDS)
    _note(benchmark, "new key")


def test_replay_of_a_used_key(
    benchmark: BenchmarkFixture, demo: Council, advisor_client: Client
) -> None:
    benchmark.group = GROUP
    _post(advisor_client, HTTP_IDEMPOTENCY_KEY="bench-replay")
    benchmark.pedantic(
        _post, args=(advisor_client,), kwargs={"HTTP_IDEMPOTENCY_KEY": "bench-replay"}, **ROUNDS
    )
    _note(benchmark, "replay")
