"""Background work for retention, run by huey (`civicdesk run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from civicdesk.core.clock import local_day, now
from civicdesk.councils.models import Council
from civicdesk.privacy.retention import purge_apply


@db_periodic_task(crontab(hour="2", minute="30"))
def purge_expired_nightly() -> int:
    """Every night at 02:30: `purge_expired --apply` for every council, one transaction each.
    Returns how many cases, contacts and residents went. Safe to run twice: what has gone is
    gone, so a second run on the same day deletes nothing."""
    today = local_day(now())
    deleted = 0
    for council in Council.objects.order_by("slug"):
        plan = purge_apply(council=council, today=today)
        deleted += len(plan.case_ids) + len(plan.contact_ids) + len(plan.resident_ids)
    return deleted
