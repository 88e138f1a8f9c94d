"""How fast an advisor gets an answer. Run with `make bench`; figures in docs/performance.md."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.test import Client
from pytest_benchmark.fixture import BenchmarkFixture

from civicdesk.catalogue.selectors import (
    query_policy,
    query_type_by_code,
    recommend,
    search_query_types,
)
from civicdesk.catalogue.transfer.service import catalogue_import
from civicdesk.catalogue.triage import Channel, Circumstances, triage
from civicdesk.councils.models import Council
from civicdesk.demo.loader import DATA

MOMENT = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_pure_triage_of_one_query(benchmark: BenchmarkFixture, demo: Council) -> None:
    query_type = query_type_by_code(demo, "hb-payment-enquiry")
    assert query_type is not None
    policy = query_policy(query_type)
    result = benchmark(triage, policy, Channel.PHONE, Circumstances(), MOMENT, None)
    assert result.action.value == "online_only"


def test_search_then_triage_from_the_database(benchmark: BenchmarkFixture, demo: Council) -> None:
    def search_and_triage() -> str:
        best = search_query_types(demo, "my bin was not collected")[0].query_type
        return recommend(
            best, channel=Channel.PHONE, circumstances=Circumstances(), moment=MOMENT
        ).action.value

    assert benchmark(search_and_triage) == "encourage_online"


def test_triage_api_request(benchmark: BenchmarkFixture, advisor_client: Client) -> None:
    def request() -> int:
        return advisor_client.get(
            "/api/v1/triage/",
            {"council": "demo", "query_type": "hb-payment-enquiry", "channel": "phone"},
        ).status_code

    assert benchmark(request) == 200


def test_reimport_the_demo_catalogue(benchmark: BenchmarkFixture, demo: Council) -> None:
    path: Path = DATA / "demo.yaml"
    summary = benchmark.pedantic(
        catalogue_import, kwargs={"council": demo, "path": path, "actor": "bench"}, rounds=5
    )
    assert summary.unchanged["query_types"] == 49
