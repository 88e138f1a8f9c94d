"""Cases hold under concurrency: one case per place, one change per version (ADR 28, ADR 16).

Each worker is a thread with its own database connection, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from civicdesk.api.open311.keys import open311_key_create
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case
from civicdesk.cases.services import case_note_add, case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council

T = TypeVar("T")


def at_once(count: int, work: Callable[[int], T]) -> list[T | DomainError]:
    """Run `work(n)` in `count` threads released together; each closes its own connection."""
    start = threading.Barrier(count)

    def one(n: int) -> T | DomainError:
        try:
            start.wait()
            return work(n)
        except DomainError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def test_twenty_openings_at_one_address_at_once_make_one_case(
    transactional_db: None, demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    def open_one(n: int) -> Case:
        return case_open(
            query_type=missed_bin,
            actor=advisor,
            description=f"Bin missed, report {n}",
            uprn="100030512345",
        )

    results = at_once(20, open_one)

    [case] = Case.objects.filter(query_type=missed_bin)
    opened = [r for r in results if isinstance(r, Case)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert [c.pk for c in opened] == [case.pk]
    assert len(refused) == 19
    for error in refused:
        assert error.code == CaseErrorCode.POSSIBLE_DUPLICATE
        assert error.extra["existing"] == [case.reference]


def test_eight_open311_reports_at_one_spot_at_once_make_one_case(
    transactional_db: None, demo: Council, missed_bin: QueryType
) -> None:
    cache.clear()
    key = open311_key_create(council=demo, client="FixMyStreet", actor="test")[1]

    def post_one(n: int) -> Any:
        fields = {
            "jurisdiction_id": "demo",
            "api_key": key,
            "service_code": "WASTE-MISSED",
            "lat": "52.6360",
            "long": "-1.1398",
            "description": f"Recycling bin not emptied, report {n}",
            "attribute[bin]": "recycling",
            "email": f"neighbour{n}@example.org",  # eight different residents
        }
        return Client().post(
            "/open311/v2/requests.json",
            urlencode(fields),
            content_type="application/x-www-form-urlencoded",
        )

    responses: list[Any] = at_once(8, post_one)

    assert [r.status_code for r in responses] == [200] * 8, [r.content for r in responses]
    [case] = Case.objects.filter(query_type=missed_bin)
    assert {r.json()[0]["service_request_id"] for r in responses} == {case.reference}
    reports = Contact.objects.filter(query_type=missed_bin)
    assert reports.count() == 8
    assert set(reports.values_list("case", flat=True)) == {case.pk}  # the others joined it
    assert reports.filter(demand_type="failure").count() == 7


def test_twenty_notes_with_the_same_version_at_once_accept_one(
    transactional_db: None, demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed")
    seen = case.version

    def note(n: int) -> Any:
        return case_note_add(case=case, actor=advisor, text=f"Note {n}", expected_version=seen)

    results = at_once(20, note)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 19
    assert {e.code for e in refused} == {CaseErrorCode.CHANGED_BY_SOMEONE_ELSE}
    case.refresh_from_db()
    assert case.version == seen + 1
    assert case.events.filter(kind="note").count() == 1


@pytest.mark.parametrize("change", ["note", "public update"])
def test_a_note_or_update_raises_the_version_so_a_stale_save_is_refused(
    db: None, demo: Council, advisor: Any, missed_bin: QueryType, change: str
) -> None:
    from civicdesk.cases.services import case_assign, case_public_update_add

    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed")
    seen = case.version
    if change == "note":
        case_note_add(case=case, actor=advisor, text="Rang the crew", expected_version=seen)
    else:
        case_public_update_add(case=case, actor=advisor, text="On its way", expected_version=seen)
    with pytest.raises(DomainError) as refused:
        case_assign(case=case, actor=advisor, assignee=advisor, expected_version=seen)
    assert refused.value.code == CaseErrorCode.CHANGED_BY_SOMEONE_ELSE


def test_a_stale_note_on_the_page_says_the_case_changed(
    advisor_client: Client, demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed")
    url = f"/staff/demo/cases/{case.reference}/note/"
    assert advisor_client.post(url, {"note-version": "1", "note-text": "First"}).status_code == 302
    stale = advisor_client.post(url, {"note-version": "1", "note-text": "Second"})
    assert "changed by someone else" in stale.content.decode()
    assert [e.data["text"] for e in case.events.filter(kind="note")] == ["First"]
