"""Background work for the APIs, run by huey (`civicdesk run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from civicdesk.api.idempotency import idempotency_purge


@db_periodic_task(crontab(minute="20"))
def idempotency_keys_purge_hourly() -> int:
    """Every hour at :20, forget the answers of idempotent POSTs older than 24 hours (ADR 33);
    returns how many went. A key older than that is also treated as new when it is next used."""
    return idempotency_purge()
