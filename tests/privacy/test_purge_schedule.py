"""The purge is scheduled: every night, for every council, idempotent (issue 11, point 11)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from huey.contrib.djhuey import HUEY

from civicdesk.cases.models import Case
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.privacy.tasks import purge_expired_nightly
from tests.privacy.test_retention import SIX_YEARS, make_case


def test_the_purge_runs_nightly_for_every_council_and_twice_deletes_nothing_more(
    demo: Council, neighbour: Council, advisor: Any
) -> None:
    expired = make_case(demo, advisor, "hb-payment-enquiry", closed_days_ago=SIX_YEARS + 2)
    kept = make_case(demo, advisor, "hb-payment-enquiry", closed_days_ago=1, name="Alan Turing")
    other_code = QueryType.objects.filter(council=neighbour).order_by("code")[0].code
    elsewhere = make_case(
        neighbour, None, other_code, closed_days_ago=SIX_YEARS * 3, name="Mary Somerville"
    )

    # Each expired case goes with its two contacts and its resident, at both councils.
    assert purge_expired_nightly.call_local() == 2 * (1 + 2 + 1)
    assert not Case.objects.filter(pk__in=[expired.pk, elsewhere.pk]).exists()
    assert Case.objects.filter(pk=kept.pk).exists()
    contacts = Contact.objects.count()
    assert purge_expired_nightly.call_local() == 0
    assert Contact.objects.count() == contacts


def test_huey_runs_the_purge_at_night_only() -> None:
    assert purge_expired_nightly.task_class in HUEY._registry._periodic_tasks
    task = purge_expired_nightly.s()
    # huey's crontab is given naive times (UTC by default), as its scheduler gives them.
    night, afternoon = (datetime(2026, 12, 3, hour, 30) for hour in (2, 14))  # noqa: DTZ001
    assert task.validate_datetime(night)
    assert not task.validate_datetime(afternoon)
