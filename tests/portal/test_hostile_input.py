"""Whatever a resident's browser sends, the resident pages answer in words: a form error naming
the question, or a GOV.UK error page. Never a server error."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civicdesk.councils.models import Council
from tests.portal.test_report_page import MISSED, PNG, missed_bin, written

FORM_ENCODED = "application/x-www-form-urlencoded"
REAL_DATE = "The date for \u2018When should it have been collected?\u2019 must be a real date"


@pytest.mark.parametrize("part", ["day", "month", "year"])
@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999"])
def test_a_date_part_too_big_for_the_computer_is_not_a_real_date(
    questions: Council, part: str, value: str
) -> None:
    before = written()
    response = Client().post(MISSED, missed_bin(**{f"q-collection-due-{part}": value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(REAL_DATE) == 2  # in the summary and by the boxes
    assert written() == before


def test_a_null_character_in_the_address_is_a_bad_request_page(demo: Council) -> None:
    response = Client().get("/councils/demo/help/?q=missed%00bin")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not understand that request" in html
    assert "null character" in html
    # An encoded percent sign followed by 00 is just text.
    assert Client().get("/councils/demo/help/?q=50%2500").status_code == 200


def test_a_null_character_in_a_form_is_a_bad_request_page(demo: Council) -> None:
    body = urlencode({"reference": "ACEF-HJ34", "contact": "ada@example.org\x00"})
    response = Client().post("/councils/demo/track/", body, content_type=FORM_ENCODED)
    assert response.status_code == 400
    assert "null character" in response.content.decode()


def test_a_null_character_in_a_report_with_a_photo_is_a_bad_request_page(
    questions: Council,
) -> None:
    before = written()
    photo = SimpleUploadedFile("bin.png", PNG, content_type="image/png")  # a file may hold NULs
    response = Client().post(MISSED, missed_bin(full_name="Ada\x00Lovelace", photo=photo))
    assert response.status_code == 400
    assert "null character" in response.content.decode()
    assert written() == before
