from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.demo.loader import demo_accounts, load_demo


@pytest.fixture
def demo(db: None) -> Council:
    """The demo councils, catalogues and staff accounts, as `make demo` loads them."""
    load_demo(residents=0)
    return Council.objects.get(slug="demo")


@pytest.fixture
def neighbour(demo: Council) -> Council:
    return Council.objects.get(slug="neighbour")


def _signed_in(username: str) -> Client:
    password = next(a.password for a in demo_accounts() if a.username == username)
    client = Client()
    assert client.login(username=username, password=password)
    return client


@pytest.fixture
def advisor_client(demo: Council) -> Client:
    return _signed_in("advisor")


@pytest.fixture
def manager_client(demo: Council) -> Client:
    return _signed_in("manager")


@pytest.fixture
def neighbour_client(demo: Council) -> Client:
    return _signed_in("neighbour-advisor")


@pytest.fixture
def advisor(demo: Council) -> Any:
    """The demo council's advisor, as the acting user of services."""
    return get_user_model().objects.get(username="advisor")


@pytest.fixture
def missed_bin(demo: Council) -> QueryType:
    return QueryType.objects.get(council=demo, code="waste-missed-collection")
