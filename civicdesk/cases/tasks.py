"""Background work for cases, run by huey (`civicdesk run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from civicdesk.cases.services import case_flag_breaches


@db_periodic_task(crontab(minute="*/5"))
def flag_breaches() -> int:
    """Every five minutes: flag cases past their due time. Safe to run twice."""
    return case_flag_breaches()
