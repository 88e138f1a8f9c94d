"""Recording contacts of one kind at once never queues on one count row (ADR 34), and the
counts stay exact: a kind's day is the sum of its rows, none of which goes below 0."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.db.models import Sum

from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact, ContactDay
from civicdesk.contacts.services import contact_link_to_case, contact_record
from civicdesk.councils.models import Council

WAIT = 10  # seconds a thread waits for the other before the test gives up


def _phone_contact(council: Council, advisor: Any, query_type: QueryType) -> Contact:
    """Value demand of one kind: a phone call about the query type from nobody known."""
    return contact_record(council=council, actor=advisor, channel="phone", query_type=query_type)


def _day_total(council: Council, field: str = "contacts") -> int:
    total: int | None = ContactDay.objects.filter(council=council).aggregate(n=Sum(field))["n"]
    return total or 0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway"
)
def test_a_second_intake_commits_while_the_first_still_holds_its_count(
    transactional_db: None, demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    counted, second_done = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                _phone_contact(demo, advisor, missed_bin)
                counted.set()
                second_done.wait(WAIT)  # its count row stays locked until this commits
        finally:
            connection.close()

    def second() -> str:
        try:
            assert counted.wait(WAIT)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                _phone_contact(demo, advisor, missed_bin)
            return "committed"
        except OperationalError as error:
            return f"waited on the first: {error}"
        finally:
            second_done.set()
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        holding = pool.submit(first)
        assert pool.submit(second).result() == "committed"
        holding.result()

    assert Contact.objects.filter(council=demo).count() == 2
    assert _day_total(demo) == 2


def test_counts_from_several_threads_add_up_and_taking_back_keeps_every_row_at_or_above_0(
    transactional_db: None, demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    def record(_n: int) -> Contact:
        try:
            return _phone_contact(demo, advisor, missed_bin)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        recorded = list(pool.map(record, range(8)))
    assert _day_total(demo) == 8

    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed")
    for contact in recorded[:5]:
        contact_link_to_case(contact=contact, case=case, actor=advisor)

    rows = ContactDay.objects.filter(council=demo)
    assert _day_total(demo) == 8  # moved from value demand to failure demand, none lost
    assert rows.filter(contacts__lt=0).count() == 0
    value = rows.filter(demand_type="value").aggregate(n=Sum("contacts"))["n"]
    failure = rows.filter(demand_type="failure").aggregate(n=Sum("contacts"))["n"]
    assert (value, failure) == (3, 5)
