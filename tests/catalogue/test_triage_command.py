from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from civicdesk.councils.models import Council


def triage(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("triage", "--council", "demo", *args, "--json", stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def test_words_a_resident_uses_find_the_query_type(demo: Council) -> None:
    result = triage("--query", "bin not collected", "--channel", "phone")
    assert result["query_type"] == {
        "id": "waste-missed-collection",
        "name": "Reporting missed collection",
        "service": "Waste",
    }


def test_ambiguous_words_list_the_candidates_and_fail(demo: Council) -> None:
    err = StringIO()
    with pytest.raises(CommandError, match="matches 2 query types"):
        call_command(
            "triage",
            "--council",
            "demo",
            "--query",
            "Payment enquiry",
            "--channel",
            "phone",
            stderr=err,
        )
    assert "hb-payment-enquiry: Housing Benefits / Payment enquiry" in err.getvalue()
    assert "ct-payment-enquiry: Council Tax / Payment enquiry" in err.getvalue()


def test_words_that_match_nothing_fail(demo: Council) -> None:
    with pytest.raises(CommandError, match="No query type matches"):
        call_command("triage", "--council", "demo", "--query", "xylophone", "--channel", "phone")


def test_an_unknown_council_is_named(demo: Council) -> None:
    with pytest.raises(CommandError, match="No council with slug 'nowhere'"):
        call_command("triage", "--council", "nowhere", "--query", "bin", "--channel", "phone")


def test_the_line_is_open_on_a_weekday_morning(demo: Council) -> None:
    result = triage(
        "--service",
        "Housing Benefits",
        "--query",
        "Payment enquiry",
        "--channel",
        "phone",
        "--at",
        "2026-11-23T10:00:00+00:00",
    )
    assert result["line_open_now"] is True
    assert result["next_opening"] == "2026-11-24T09:30:00+00:00"


def test_after_hours_the_line_is_closed_and_says_when_it_opens(demo: Council) -> None:
    result = triage(
        "--service",
        "Housing Benefits",
        "--query",
        "Payment enquiry",
        "--channel",
        "phone",
        "--at",
        "2026-12-24T16:00:00+00:00",
    )
    assert result["line_open_now"] is False
    # Christmas Day, Boxing Day (observed on the 28th) and the weekend are skipped.
    assert result["next_opening"] == "2026-12-29T09:30:00+00:00"


def test_the_vulnerable_alternative_is_given_even_when_not_asked(demo: Council) -> None:
    result = triage(
        "--service", "Housing Benefits", "--query", "Payment enquiry", "--channel", "phone"
    )
    assert result["vulnerable_action"] == "book_appointment"
    assert result["value_to"] == "resident"
    assert str(result["online_url"]).startswith("https://")
