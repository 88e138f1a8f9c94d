"""Errors Django answers itself come out in the shape of the interface that was asked."""

import json

import pytest
from django.core.exceptions import BadRequest
from django.test import Client, RequestFactory

from config import errors


@pytest.mark.django_db
def test_an_unknown_staff_api_address_is_a_json_404():
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_an_unknown_page_is_a_govuk_404_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert b"govuk-heading-l" in response.content
    assert b"Page not found" in response.content


@pytest.mark.parametrize(
    ("path", "content_type", "shape"),
    [
        ("/api/v1/cases/", "application/json", b'"error"'),
        ("/open311/v2/requests.json", "application/json", b'"description"'),
        ("/open311/v2/requests.xml", "text/xml; charset=utf-8", b"<errors><error><code>400"),
        ("/staff/", "text/html; charset=utf-8", b"govuk-heading-l"),
    ],
)
@pytest.mark.django_db
def test_a_bad_request_answers_in_each_interfaces_shape(path, content_type, shape):
    request = RequestFactory().get(path)
    response = errors.bad_request(request, BadRequest("q: holds a NUL character"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith(content_type)
    assert shape in response.content
    assert b"q: holds a NUL character" in response.content


@pytest.mark.django_db
def test_xml_error_text_is_escaped():
    request = RequestFactory().get("/open311/v2/requests.xml")
    response = errors.bad_request(request, BadRequest("a <b> & c"))
    assert b"a &lt;b&gt; &amp; c" in response.content


@pytest.mark.django_db
def test_a_staff_form_without_its_csrf_token_gets_a_govuk_page_saying_what_to_do(
    advisor_client,
):
    advisor_client.handler.enforce_csrf_checks = True
    response = advisor_client.post("/staff/demo/triage/", {"query": "bin"})
    assert response.status_code == 403
    assert b"reload the page and try again" in response.content
    assert b"govuk-heading-l" in response.content


@pytest.mark.django_db
def test_a_server_error_page_never_leaks_details():
    request = RequestFactory().get("/staff/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    request = RequestFactory().get("/api/v1/cases/")
    assert json.loads(errors.server_error(request).content) == {
        "error": {
            "code": "error",
            "message": "Sorry, there is a problem with the service. Try again later.",
        }
    }
