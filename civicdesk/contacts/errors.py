from __future__ import annotations

from enum import StrEnum


class ContactErrorCode(StrEnum):
    UNKNOWN_CHANNEL = "unknown_channel"
    UNKNOWN_DIRECTION = "unknown_direction"
    UNKNOWN_OUTCOME = "unknown_outcome"
    UNKNOWN_DEMAND_TYPE = "unknown_demand_type"
    UNKNOWN_PURPOSE = "unknown_purpose"
    NOTHING_TO_UNDO = "nothing_to_undo"
    WRONG_COUNCIL = "wrong_council"
    BAD_TIMES = "bad_times"
    CASE_DETAILS_REQUIRED = "case_details_required"
