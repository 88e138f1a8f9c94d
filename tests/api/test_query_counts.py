"""The hot requests make a fixed number of queries, so none can creep back: the acting user's
memberships once, the council's catalogue kept between requests (one read of its version), and
no query per row. A catalogue edit is seen by the very next request.

Counted on a warm process (one request first), inside the test's transaction: each atomic
block is a SAVEPOINT and its RELEASE, and the catalogue's version is read from the cache table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civicdesk.api.open311.keys import open311_key_create
from civicdesk.catalogue.models import QueryType, Service
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from tests.api.conftest import post

TRIAGE = {"council": "demo", "query_type": "waste-missed-collection", "channel": "phone"}


def _queries(request: Callable[[], Any], status: int) -> list[str]:
    assert request().status_code == status  # warm: the catalogue is read and kept
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == status, response.content
    return [query["sql"] for query in captured.captured_queries]


def _report(key: str, n: int) -> dict[str, str]:
    return {
        "jurisdiction_id": "demo",
        "api_key": key,
        "service_code": "WASTE-MISSED",
        "lat": f"{52.5 + n / 100:.4f}",  # a kilometre apart: never the same place
        "long": "-1.1398",
        "description": "Recycling bin not emptied",
        "attribute[bin]": "recycling",
        "email": f"reporter{n}@example.org",
    }


def test_triage_reads_the_session_the_memberships_and_the_catalogue_version(
    advisor_client: Client,
) -> None:
    queries = _queries(lambda: advisor_client.get("/api/v1/triage/", TRIAGE), 200)
    tables = [q.split(" FROM ")[1].split()[0] for q in queries]
    assert tables == [
        '"django_session"',
        '"auth_user"',
        '"councils_membership"',
        '"civicdesk_cache"',
    ]


def test_listing_query_types_makes_the_same_queries_however_many_there_are(
    advisor_client: Client, demo: Council
) -> None:
    def listing() -> Any:
        return advisor_client.get("/api/v1/query-types/", {"council": "demo", "limit": "200"})

    before = len(_queries(listing, 200))
    service = Service.objects.create(council=demo, code="parks", name="Parks")
    for n in range(5):
        QueryType.objects.create(
            council=demo, service=service, code=f"parks-{n}", name=f"Park query {n}"
        )
    assert len(_queries(listing, 200)) == before == 4


def test_recording_a_contact_from_a_known_resident(
    advisor_client: Client, resident: Resident
) -> None:
    def record() -> Any:
        body = {
            "resident": resident.pk,
            "channel": "phone",
            "query_type": "waste-missed-collection",
            "notes": "Asked where the crew is",
        }
        return post(advisor_client, "/api/v1/contacts/", body)

    queries = _queries(record, 201)
    # session, user, memberships, resident with its contact points, catalogue version,
    # SAVEPOINT, open case chased, earlier contact (repeat), INSERT contact, count upsert,
    # advised online earlier (came back), RELEASE SAVEPOINT
    assert len(queries) == 12, "\n".join(queries)
    assert sum("contacts_contactday" in q for q in queries) == 1


def test_an_open311_report(demo: Council) -> None:
    key = open311_key_create(council=demo, client="FixMyStreet", actor="test")[1]
    sent = iter(range(100))

    def report() -> Any:
        return Client().post("/open311/v2/requests.json", _report(key, next(sent)))

    queries = _queries(report, 200)
    # throttle (cache table: read, count, savepoint, read, write, release), council, client,
    # catalogue version, SAVEPOINT, reporter, place lock (savepoint, write, read), open case
    # chased, INSERT contact, the case (duplicate, INSERT, timeline: the place already
    # locked), contact UPDATE, count upsert, RELEASEs
    assert len(queries) == 25, "\n".join(queries)


def test_a_catalogue_edit_is_seen_by_the_next_triage(
    advisor_client: Client, missed_bin: QueryType
) -> None:
    before = advisor_client.get("/api/v1/triage/", TRIAGE).json()
    assert "Tell them the crew" not in before["guidance"]

    missed_bin.contact_centre_guidance = "Tell them the crew comes back within two days."
    missed_bin.save()
    assert advisor_client.get("/api/v1/triage/", TRIAGE).json()["guidance"] == (
        "Tell them the crew comes back within two days."
    )

    missed_bin.service.active = False
    missed_bin.service.save()
    gone = advisor_client.get("/api/v1/triage/", TRIAGE)
    assert gone.status_code == 404
    assert gone.json()["error"]["field"] == "query_type"
