"""What fuzzing Open311 found, kept: each hostile input is a 4xx in the spec's error list.

Each test failed before its fix (some on PostgreSQL only, which CI runs too).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from civicdesk.cases.models import Case
from civicdesk.councils.models import Council
from tests.open311.conftest import BASE, get, post, report, xml


def _errors(response: Any, status: int) -> list[dict[str, Any]]:
    """The JSON error list, after checking its status and content type."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert isinstance(body, list)
    assert body
    assert all(error["code"] == status for error in body)
    return body


@pytest.mark.parametrize("method", ["requests.json", "servicerequestupdates.json"])
@pytest.mark.parametrize("moment", ["2026-11-01T00:00:00-23:59", "2026-11-01T00:00:00+16:00"])
def test_a_far_time_zone_offset_is_read_not_a_server_error(
    demo: Council, key: str, method: str, moment: str
) -> None:
    """Python takes offsets up to ±23:59; PostgreSQL refused those past ±15:59 with a 500."""
    post("requests.json", report(key))
    for argument in ("start_date", "end_date"):
        response = get(method, **{argument: moment})
        assert response.status_code == 200, response.content[:300]
        assert isinstance(response.json(), list)


def test_a_path_with_a_newline_is_open311s_404(demo: Council) -> None:
    """`.*` stops at a newline: such a path fell through to Django's own 404."""
    for path in ("requests.json%0A", "servicerequestupdates.%0Ajson", "a%0Ab.json"):
        body = _errors(Client().get(BASE + path), 404)
        assert "No such Open311 method" in body[0]["description"]
    response = Client().get(BASE + "requests%0A.xml")
    assert response.status_code == 404
    assert xml(response).find("error/code").text == "404"  # type: ignore[union-attr]


def test_too_many_arguments_is_a_400_in_open311s_shape(demo: Council) -> None:
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS arguments; that is a 400 in the
    format the path names, like every other refusal."""
    crowd = "&".join(f"x{n}=1" for n in range(1001))
    body = _errors(Client().get(f"{BASE}requests.json?jurisdiction_id=demo&{crowd}"), 400)
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS" in body[0]["description"]
    response = Client().post(
        BASE + "requests.xml", crowd, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert xml(response).find("error/code").text == "400"  # type: ignore[union-attr]


@override_settings(OPEN311_MAX_REQUESTS=3)
@pytest.mark.parametrize("argument", ["service_request_id", "service_code"])
def test_a_comma_list_longer_than_a_listing_is_a_400_naming_it(
    demo: Council, argument: str
) -> None:
    listed = ",".join(["3C3R-WCRK", "JXFJ-R7M3", "WASTE-MISSED", "ENV-FLYTIP"])
    body = _errors(get("requests.json", **{argument: listed}), 400)
    assert body[0]["description"] == f"{argument}: at most 3 values, not 4"


def test_a_long_service_code_list_is_checked_in_one_query(
    demo: Council, django_assert_max_num_queries: Any
) -> None:
    """Each code was looked up on its own (two queries apiece): 1,000 codes cost 2,000."""
    codes = ",".join(["WASTE-MISSED", "ENV-FLYTIP"] * 100)
    with django_assert_max_num_queries(10):
        assert get("requests.json", service_code=codes).status_code == 200
    with django_assert_max_num_queries(10):
        body = _errors(get("requests.json", service_code=codes + ",NO-SUCH"), 404)
    assert body[0]["description"] == "service_code 'NO-SUCH' is not a service of Demo City Council"


@override_settings(OPEN311_MAX_REQUESTS=2)
def test_the_service_list_has_a_ceiling(demo: Council) -> None:
    assert len(get("services.json").json()) == 2
    assert len(xml(get("services.xml")).findall("service")) == 2


@pytest.mark.parametrize("uprn", ["\u00b2\u00b2", "\u0661\u0662\u0663", "\uff11\uff12\uff13"])
def test_an_address_id_of_other_digits_is_not_a_uprn(demo: Council, key: str, uprn: str) -> None:
    """str.isdigit() says yes to superscripts and other scripts' digits: they were stored."""
    fields = report(key, address_id=uprn, lat="", long="")
    body = _errors(post("requests.json", fields), 400)
    assert body[0]["description"] == f"address_id: {uprn!r} is not a UPRN (up to 12 digits)"
    assert not Case.objects.exists()


@pytest.mark.parametrize("method", ["requests.json", "requests.xml"])
def test_deeply_nested_json_without_a_key_is_a_400_in_the_paths_format(
    demo: Council, method: str
) -> None:
    response = Client().post(BASE + method, "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    if method.endswith(".xml"):
        text = xml(response).find("error/description").text or ""  # type: ignore[union-attr]
    else:
        text = _errors(response, 400)[0]["description"]
    assert "nested deeper than 64 levels" in text


@pytest.mark.parametrize("count", ["1E+9999999", "-1e999999999"])
def test_a_number_attribute_with_a_huge_exponent_is_a_400(
    demo: Council, key: str, count: str
) -> None:
    """abs() of such a Decimal overflows the context: it was a 500, not the usual refusal."""
    fields = report(key, service_code="WASTE-BULKY", **{"attribute[item-count]": count})
    body = _errors(post("requests.json", fields), 400)
    assert body[0]["description"] == (
        f"attribute[item-count]: {count!r} is not a number we can keep"
    )
    fields["attribute[item-count]"] = "3"
    assert post("requests.json", fields).status_code == 200
