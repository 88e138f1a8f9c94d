"""Seed 000's acceptance examples, through the command, the staff API and the staff page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council


@dataclass(frozen=True)
class Example:
    service: str
    query: str
    channel: str
    action: str
    insist: bool
    vulnerable: bool = False
    assisted_digital: bool = False


EXAMPLES = [
    Example("Housing Benefits", "Payment enquiry", "phone", "online_only", insist=True),
    Example("Housing Benefits", "Payment enquiry", "phone", "assist", False, vulnerable=True),
    Example("Council Tax", "Discuss account/bill", "phone", "assist", insist=False),
    Example("Waste", "Reporting missed collection", "phone", "encourage_online", insist=False),
    Example("Rents", "Check the balance", "phone", "assist", insist=False),
    Example(
        "Housing Benefits",
        "Enquiry following the receipt of a letter",
        "face_to_face",
        "refer_contact_centre",
        insist=False,
    ),
    Example("Regulatory Services", "Blue badge application", "face_to_face", "online_only", True),
    Example(
        "Regulatory Services",
        "Blue badge application",
        "face_to_face",
        "assist",
        False,
        assisted_digital=True,
    ),
]
IDS = [f"{e.query}-{e.channel}{'-vulnerable' if e.vulnerable else ''}" for e in EXAMPLES]


def _triage_command(example: Example) -> dict[str, object]:
    out = StringIO()
    args = ["--council", "demo", "--service", example.service, "--query", example.query]
    args += ["--channel", example.channel, "--json"]
    if example.vulnerable:
        args.append("--vulnerable")
    if example.assisted_digital:
        args.append("--assisted-digital")
    call_command("triage", *args, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_the_command_gives_the_seed_policy(demo: Council, example: Example) -> None:
    result = _triage_command(example)
    assert result["action"] == example.action
    assert result["insist"] is example.insist
    assert {"guidance", "online_url", "value_to", "vulnerable_action"} <= result.keys()
    assert {"line_open_now", "next_opening"} <= result.keys()


def _query_type(council: Council, example: Example) -> QueryType:
    return QueryType.objects.get(council=council, service__name=example.service, name=example.query)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_the_api_gives_the_seed_policy(
    demo: Council, advisor_client: Client, example: Example
) -> None:
    query_type = _query_type(demo, example)
    response = advisor_client.get(
        "/api/v1/triage/",
        {
            "council": "demo",
            "query_type": query_type.code,
            "channel": example.channel,
            "vulnerable": str(example.vulnerable).lower(),
            "assisted_digital": str(example.assisted_digital).lower(),
        },
    )
    assert response.status_code == 200
    assert response.json()["action"] == example.action
    assert response.json()["insist"] is example.insist


ACTION_WORDS = {
    "assist": "Assist",
    "encourage_online": "Encourage online",
    "online_only": "Online only",
    "refer_contact_centre": "Refer to the contact centre",
}


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_the_staff_page_shows_the_seed_policy(
    demo: Council, advisor_client: Client, example: Example
) -> None:
    query_type = _query_type(demo, example)
    circumstances = ["vulnerable"] if example.vulnerable else []
    circumstances += ["assisted_digital"] if example.assisted_digital else []
    response = advisor_client.get(
        "/staff/demo/triage/",
        {"query_type": query_type.code, "channel": example.channel, "circumstances": circumstances},
    )
    assert response.status_code == 200
    tags = tags_shown(response.content.decode())
    assert ACTION_WORDS[example.action] in tags
    assert ("Insist" in tags) is example.insist


def tags_shown(html: str) -> list[str]:
    """The words of the GOV.UK tags in the triage result."""
    result = html[html.index('id="triage-result"') :]
    return [
        t.strip()
        for t in re.findall(r'<strong class="govuk-tag[^"]*">(.*?)</strong>', result, re.S)
    ]
