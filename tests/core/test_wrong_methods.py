"""Asking a page to do what it does not (a GET to a form's address, a POST to a page only to be
read) is a GOV.UK page saying so, with the methods it takes: not an empty answer."""

from __future__ import annotations

import json

from django.test import Client


def test_a_wrong_method_on_a_page_is_a_gov_uk_page(advisor_client: Client) -> None:
    for method, url, allowed in (
        ("get", "/staff/demo/visits/tally/count/", "POST"),
        ("post", "/councils/demo/standards/", "GET, HEAD"),
        ("put", "/councils/demo/track/", "GET, POST"),
    ):
        response = getattr(advisor_client, method)(url)
        assert response.status_code == 405, url
        assert response["Allow"] == allowed, url
        html = response.content.decode()
        assert "<title>Sorry, this page cannot do that" in html, url
        assert "govuk-template" in html, url
    response = advisor_client.delete("/api/v1/triage/")  # the staff API keeps its own answer
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)
