"""Open311 clients work unchanged: the paths they build, the cookies they do not send, the
content types they read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from civicdesk.councils.models import Council
from tests.open311.conftest import BASE, report, xml

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"
FORM = "application/x-www-form-urlencoded"


def _client() -> Client:
    """As a real client meets us: CSRF checked, no cookie ever sent."""
    return Client(enforce_csrf_checks=True)


def _post(path: str, fields: dict[str, Any]) -> Any:
    return _client().post(path, urlencode(fields), content_type=FORM)


@pytest.fixture
def reference(key: str) -> str:
    response = _post(BASE + "requests.json", report(key))
    assert response.status_code == 200, response.content
    return str(response.json()[0]["service_request_id"])


@pytest.mark.parametrize(
    "path", ["requests.AAA", "requests.json/", "/services/a/b.xml", "v3/requests.json"]
)
def test_a_post_to_an_unknown_method_is_open311s_404_not_a_csrf_page(
    demo: Council, path: str
) -> None:
    response = _post(BASE + path, {"jurisdiction_id": "demo"})
    assert response.status_code == 404
    if path.endswith(".xml"):
        assert response["Content-Type"] == XML
        text = xml(response).find("error/description").text or ""  # type: ignore[union-attr]
    else:
        assert response["Content-Type"] == JSON
        text = response.json()[0]["description"]
    assert text.startswith("No such Open311 method. Ask for discovery.json")


def test_every_method_answers_after_discoverys_url_and_a_slash(
    demo: Council, key: str, reference: str
) -> None:
    """Discovery's url ends in "/": clients that add "/services.xml" ask for "…//services.xml"."""
    discovered = _client().get(BASE + "discovery.json").json()["endpoints"][0]["url"]
    root = discovered.removeprefix("http://testserver").rstrip("/") + "/"
    for method in (
        "discovery.json",
        "services.xml",
        "services/WASTE-MISSED.json",
        "requests.xml",
        f"requests/{reference}.json",
        f"tokens/{reference}.xml",
        "servicerequestupdates.json",
    ):
        for path in (root + method, root + "/" + method):
            response = _client().get(path, {"jurisdiction_id": "demo"})
            assert response.status_code == 200, (path, response.content[:200])
    posted = _post(root + "/requests.xml", report(key, description="Bin left on the pavement"))
    assert posted.status_code == 200, posted.content
    assert xml(posted).find("request/service_request_id") is not None
    update = {
        "jurisdiction_id": "demo",
        "api_key": key,
        "service_request_id": reference,
        "update_id": "fms-1",
        "status": "OPEN",
        "updated_datetime": "2026-11-22T12:00:00Z",
        "description": "Still there",
    }
    answered = _post(root + "/servicerequestupdates.json", update)
    assert answered.status_code == 200, answered.content
    assert answered.json()[0]["update_id"]


def test_every_answer_names_its_charset(demo: Council, key: str, reference: str) -> None:
    """XML as text/xml; charset=utf-8 and JSON as application/json; charset=utf-8, errors too."""
    asked = [
        ("get", "discovery", {}),
        ("get", "services", {"jurisdiction_id": "demo"}),
        ("get", "services/WASTE-MISSED", {"jurisdiction_id": "demo"}),
        ("get", "services/NO-SUCH", {"jurisdiction_id": "demo"}),
        ("get", f"requests/{reference}", {"jurisdiction_id": "demo"}),
        ("get", "requests", {"jurisdiction_id": "atlantis"}),
        ("get", "no-such-method", {}),
        ("post", "requests", {"jurisdiction_id": "demo", "service_code": "WASTE-MISSED"}),
        ("post", "no-such-method", {}),
        ("put", "requests", {}),
    ]
    for method, path, fields in asked:
        for extension, content_type in ((".json", JSON), (".xml", XML)):
            if method == "post":
                response = _post(BASE + path + extension, fields)
            else:
                response = getattr(_client(), method)(BASE + path + extension, fields)
            assert response["Content-Type"] == content_type, (method, path + extension)


def test_the_openapi_description_refuses_a_post_with_405(demo: Council) -> None:
    response = _client().post(BASE + "openapi.json")
    assert response.status_code == 405
    assert response["Content-Type"] == JSON
    assert response["Allow"] == "GET, HEAD"
    assert response.json()[0]["code"] == 405
    assert _client().get(BASE + "openapi.json").json()["openapi"].startswith("3.")
