"""A separate process that writes while another connection holds the SQLite file's write lock,
and prints what it was answered: `python -m tests.core.busy_probe`.

Run by tests/core/test_busy_database.py on a real SQLite file it prepares (migrated, with the
demo councils). Signs in and makes an Open311 key first, then takes the lock with a second
connection (`BEGIN IMMEDIATE`), sends a page POST, a staff API POST and an Open311 POST, and
lets the lock go.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import django


def _answer(response: Any) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "type": response["Content-Type"],
        "body": response.content.decode("utf-8")[:2000],
    }


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from civicdesk.api.open311.keys import open311_key_create
    from civicdesk.catalogue.models import Venue
    from civicdesk.councils.models import Council
    from civicdesk.demo.loader import demo_accounts

    setup_test_environment()  # the test client's host, as in tests/core/limits_probe.py
    demo = Council.objects.get(slug="demo")
    venue = Venue.objects.filter(council=demo).values_list("code", flat=True).first()
    key = open311_key_create(council=demo, client="FixMyStreet", actor="test")[1]
    password = next(a.password for a in demo_accounts() if a.username == "advisor")
    staff = Client()
    assert staff.login(username="advisor", password=password)
    connection.close()
    holder = sqlite3.connect(str(connection.settings_dict["NAME"]), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a running import's chunk holds it
    try:
        answers = {
            "page": _answer(
                staff.post("/staff/demo/visits/tally/count/", {"venue": venue, "purpose": "advice"})
            ),
            "api": _answer(
                staff.post(
                    "/api/v1/contacts/",
                    {"council": "demo", "channel": "phone", "direction": "inbound"},
                    content_type="application/json",
                )
            ),
            "open311": _answer(
                Client().post(
                    "/open311/v2/requests.json",
                    {
                        "jurisdiction_id": "demo",
                        "api_key": key,
                        "service_code": "WASTE-MISSED",
                        "lat": "52.6360",
                        "long": "-1.1398",
                        "description": "Recycling bin not emptied on Tuesday",
                        "attribute[bin]": "recycling",
                        "email": "sam@example.org",
                    },
                )
            ),
        }
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    print(json.dumps(answers))


if __name__ == "__main__":
    main()
