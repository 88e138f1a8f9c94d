"""A recorded period's calls per line and interval (UK wall-clock time), counted by the database.

One GROUP BY per period: each line's calls per interval of UTC time, a few rows per interval
instead of one per call. UK offsets from UTC are whole hours and an interval (15 or 30
minutes) divides an hour, so each UTC interval is one UK interval; they fold into days here.
When the clocks go back, the repeated hour's calls count in the same UK intervals; when they go
forward, the skipped hour has none, as when each call's UK time was binned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db import connection

from civicdesk.catalogue.models import ServiceLine
from civicdesk.core.clock import local_day_bounds
from civicdesk.councils.models import Council
from civicdesk.performance.models import CallRecord
from civicdesk.planning.forecast import BoolArray, FloatArray, History, opening_mask, slots_per_day
from civicdesk.planning.history import LineHistory


def _bucket(seconds: int) -> str:
    """The number of the UTC interval of `seconds` a call was presented in, since the epoch."""
    if connection.vendor == "postgresql":
        return f"CAST(floor(date_part('epoch', presented_at) / {seconds}) AS BIGINT)"
    return f"unixepoch(presented_at) / {seconds}"


def calls_per_interval(
    *,
    council: Council,
    lines: Sequence[ServiceLine],
    first: date,
    last: date,
    interval_minutes: int,
) -> FloatArray:
    """(lines, days, intervals): each line's calls presented per UK interval, first..last."""
    slots = slots_per_day(interval_minutes)
    seconds = interval_minutes * 60
    counts = np.zeros((len(lines), (last - first).days + 1, slots))
    if not lines:
        return counts
    index = {line.pk: position for position, line in enumerate(lines)}
    start, after = local_day_bounds(first, last)
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"SELECT line_id, {_bucket(seconds)} AS bucket, COUNT(*) "  # noqa: S608
        f"FROM {CallRecord._meta.db_table} WHERE council_id = %s "
        f"AND line_id IN ({', '.join(['%s'] * len(index))}) "
        "AND presented_at >= %s AND presented_at < %s GROUP BY line_id, bucket"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [council.pk, *index, adapt(start), adapt(after)])
        rows = cursor.fetchall()
    if not rows:
        return counts
    zone = ZoneInfo(settings.TIME_ZONE)
    buckets, inverse = np.unique([int(row[1]) for row in rows], return_inverse=True)
    day_of, slot_of = np.zeros((2, buckets.size), dtype=np.int64)
    for position, bucket in enumerate(buckets.tolist()):
        moment = datetime.fromtimestamp(bucket * seconds, UTC).astimezone(zone)
        day_of[position] = (moment.date() - first).days
        slot_of[position] = (moment.hour * 60 + moment.minute) // interval_minutes
    where = inverse.reshape(-1)
    line_of = np.array([index[row[0]] for row in rows])
    np.add.at(counts, (line_of, day_of[where], slot_of[where]), [row[2] for row in rows])
    return counts


def _opening(line: ServiceLine, interval_minutes: int) -> BoolArray | None:
    """The line's open intervals per weekday; None for a line with no hours recorded."""
    hours = line.weekly_hours
    return opening_mask(hours, interval_minutes) if any(hours.days) else None


def recorded_history(
    *, council: Council, through: date, weeks: int, interval_minutes: int
) -> LineHistory:
    """The council's active lines with their calls per interval for `weeks` weeks up to
    `through` (each day's total the sum of its intervals). Raises ValueError for a bad
    interval or no lines."""
    slots_per_day(interval_minutes)
    lines = tuple(ServiceLine.objects.filter(council=council, active=True))
    if not lines:
        raise ValueError(f"{council.slug} has no active lines")
    first = through - timedelta(days=weeks * 7 - 1)
    counts = calls_per_interval(
        council=council, lines=lines, first=first, last=through, interval_minutes=interval_minutes
    )
    return LineHistory(
        lines=lines,
        history=History.from_intraday(
            [line.code for line in lines], first, counts, interval_minutes
        ),
        opening=tuple(_opening(line, interval_minutes) for line in lines),
        holidays=council.bank_holidays,
    )
