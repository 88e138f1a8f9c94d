"""A separate process that spends limits on the track page, Open311 and sign-in, and prints what
it was answered: `python -m tests.core.limits_probe COUNT [KEY_PREFIX]`.

Run by tests/core/test_shared_limits.py with the settings and database it prepares; its own cache
connection is made in this process, so a count it sees was made by another only if the cache is
shared. A key prefix keeps a run's keys apart in the shared Redis, so the test can delete them.
"""

from __future__ import annotations

import json
import sys

import django

TRACK = "/councils/demo/track/"
REFERENCE = "AAAA-AAAA"  # well-formed: guesses at it count whether or not a case has it
ADDRESS = "198.51.100.23"


def main() -> None:
    count = int(sys.argv[1])
    from django.conf import settings

    if len(sys.argv) > 2:
        settings.CACHES["default"]["KEY_PREFIX"] = sys.argv[2]
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host in
    answers: dict[str, list[int | str]] = {"track": [], "open311": [], "sign-in": []}
    for n in range(count):
        client = Client(REMOTE_ADDR=ADDRESS)
        track = client.post(TRACK, {"reference": REFERENCE, "contact": f"{n}@example.org"})
        answers["track"].append(track.status_code)
        read = client.get("/open311/v2/services.json", {"jurisdiction_id": "demo"})
        answers["open311"].append(read.status_code)
        sign_in = client.post("/accounts/login/", {"login": f"nobody-{n}", "password": "wrong"})
        refused = "Too many failed login attempts" in sign_in.content.decode()
        answers["sign-in"].append("refused" if refused else sign_in.status_code)
    print(json.dumps(answers))


if __name__ == "__main__":
    main()
