"""Guessing on the track page is limited by client address and by reference, in the shared cache.

Neither dropping the cookie, nor rotating addresses, nor a forged X-Forwarded-For gives a guesser
more tries; a failed guess writes no session.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.cases.references import ALPHABET
from civicdesk.councils.models import Council
from tests.portal.test_track_page import NOT_FOUND, TRACK, reported

TOO_MANY = "You have tried too many times"


def guess(
    reference: str, contact: str, address: str = "198.51.100.1", forwarded: str | None = None
) -> Any:
    """One guess from a browser with no cookies, as a script sends it."""
    client = Client(REMOTE_ADDR=address)
    if forwarded is not None:
        client.defaults["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(TRACK, {"reference": reference, "contact": contact})


def other_references() -> itertools.islice[str]:
    """Well-formed references, whether or not a case has them."""
    letters = itertools.product(ALPHABET, repeat=4)
    return itertools.islice((f"AAAA-{''.join(tail)}" for tail in letters), 1000)


def refused(response: Any) -> bool:
    html = response.content.decode()
    if response.status_code != 429:
        return False
    assert html.count(TOO_MANY) == 2  # the GOV.UK error summary and the field's message
    assert "govuk-error-summary" in html
    assert "<title>Error:" in html
    assert int(response["Retry-After"]) >= 1
    return True


def test_a_failed_guess_writes_no_session(questions: Council) -> None:
    case = reported(Client())
    sessions = Session.objects.count()
    response = guess(case.reference, "someone@example.org")
    assert NOT_FOUND in response.content.decode()
    assert Session.objects.count() == sessions
    assert "sessionid" not in response.cookies


def test_dropping_the_cookie_gives_no_more_guesses(questions: Council) -> None:
    case = reported(Client())
    answers = [guess(case.reference, f"LE1 {n}AA") for n in range(12)]
    assert all(NOT_FOUND in a.content.decode() for a in answers[:10])
    assert all(refused(a) for a in answers[10:])
    # the right postcode is refused too: the guesser learns nothing more
    assert refused(guess(case.reference, "ada@example.org"))


def test_rotating_addresses_cannot_guess_one_cases_details(questions: Council) -> None:
    case = reported(Client())
    for n in range(10):
        response = guess(case.reference, f"{n}@example.org", address=f"203.0.113.{n + 1}")
        assert NOT_FOUND in response.content.decode()
    assert refused(guess(case.reference, "ada@example.org", address="203.0.113.99"))
    # an unknown reference is counted the same, so a refusal tells no one a case exists
    for _ in range(10):
        guess("AAAA-AAAA", "ada@example.org", address="203.0.113.50")
    assert refused(guess("AAAA-AAAA", "ada@example.org", address="203.0.113.51"))


def test_one_address_cannot_sweep_many_references(questions: Council) -> None:
    case = reported(Client())
    references = other_references()
    for n in range(30):
        # a forged X-Forwarded-For changes nothing: no proxy of ours is trusted by default
        response = guess(next(references), "ada@example.org", forwarded=f"10.9.9.{n}")
        assert NOT_FOUND in response.content.decode()
    assert refused(guess(case.reference, "ada@example.org", forwarded="10.9.9.200"))
    # the resident, from their own address, still finds their case
    found = guess(case.reference, "ada@example.org", address="192.0.2.77")
    assert found.status_code == 302


def test_behind_a_trusted_proxy_each_resident_counts_apart(
    questions: Council, settings: Any
) -> None:
    settings.CIVICDESK_TRUSTED_PROXIES = 1
    case = reported(Client())
    references = other_references()
    for n in range(30):
        forwarded = f"10.9.9.{n}, 198.51.100.66"  # forged on the left, our proxy's on the right
        guess(next(references), "ada@example.org", address="10.0.0.5", forwarded=forwarded)
    sweeper = guess(
        next(references),
        "ada@example.org",
        address="10.0.0.5",
        forwarded="198.51.100.66",
    )
    assert refused(sweeper)
    resident = guess(case.reference, "ada@example.org", address="10.0.0.5", forwarded="192.0.2.8")
    assert resident.status_code == 302


def test_the_limits_come_from_settings(questions: Council, settings: Any) -> None:
    settings.CIVICDESK_TRACK_GUESSES_PER_REFERENCE = (2, 3600)
    settings.CIVICDESK_TRACK_GUESSES_PER_ADDRESS = (3, 600)
    case: Case = reported(Client())
    assert guess(case.reference, "a@example.org").status_code == 200
    assert guess(case.reference, "b@example.org").status_code == 200
    assert refused(guess(case.reference, "ada@example.org", address="192.0.2.1"))
    assert guess("AAAA-AAAA", "ada@example.org").status_code == 200
    assert refused(guess("AAAA-AAAC", "ada@example.org"))
    html = guess("AAAA-AAAE", "ada@example.org").content.decode()
    wait = re.search(r"Wait (a minute|(\d+) minutes), then try again\.", html)
    assert wait is not None
    assert int(wait.group(2) or 1) <= 10  # no longer than the address's window
