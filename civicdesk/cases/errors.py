from __future__ import annotations

from enum import StrEnum


class CaseErrorCode(StrEnum):
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    OUTCOME_REQUIRED = "outcome_required"
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_OUTCOME = "unknown_outcome"
    CHANGED_BY_SOMEONE_ELSE = "changed_by_someone_else"
    DESCRIPTION_REQUIRED = "description_required"
    ALREADY_TIER_TWO = "already_tier_two"
    REASON_REQUIRED = "reason_required"
    PUBLIC_UPDATE_REQUIRED = "public_update_required"
    WRONG_COUNCIL = "wrong_council"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    INVALID_LOCATION = "invalid_location"
    ATTACHMENT_TOO_BIG = "attachment_too_big"
    ATTACHMENT_TYPE_NOT_ALLOWED = "attachment_type_not_allowed"
