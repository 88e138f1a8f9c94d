"""The resident's own pages (what they reported, their case) are kept by no cache; the public
pages anyone may see keep theirs."""

from __future__ import annotations

from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.councils.models import Council
from tests.portal.test_report_page import MISSED, missed_bin


def _not_stored(cache_control: str) -> bool:
    return {"private", "no-store"} <= {d.strip() for d in cache_control.split(",")}


PUBLIC = (
    "/",
    "/councils/demo/help/?q=missed+bin",
    "/councils/demo/standards/",
    "/open311/v2/services.json?jurisdiction_id=demo",
)


def test_the_confirmation_and_tracking_pages_are_not_stored(questions: Council) -> None:
    reporter = Client()
    sent_back = reporter.post(MISSED, missed_bin(**{"q-bins": "x"}))  # what they typed, shown again
    assert sent_back.status_code == 200
    assert _not_stored(sent_back["Cache-Control"])
    assert reporter.post(MISSED, missed_bin()).status_code == 302
    case = Case.objects.latest("opened_at")
    for url in (
        f"/councils/demo/report/done/{case.reference}/",
        f"/councils/demo/track/{case.reference}/",
    ):
        response = reporter.get(url)
        assert case.reference in response.content.decode(), url
        assert _not_stored(response["Cache-Control"]), url
    for url in PUBLIC:  # nothing personal: they keep their own caching
        response = reporter.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
