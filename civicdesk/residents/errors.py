from __future__ import annotations

from enum import StrEnum


class ResidentErrorCode(StrEnum):
    INVALID_PHONE = "invalid_phone"
    INVALID_EMAIL = "invalid_email"
    INVALID_POSTCODE = "invalid_postcode"
    INVALID_UPRN = "invalid_uprn"
    NAME_REQUIRED = "name_required"
    UNKNOWN_NEED = "unknown_need"
    MERGE_SAME_RESIDENT = "merge_same_resident"
    MERGE_ACROSS_COUNCILS = "merge_across_councils"
    MERGE_VERIFIED_IDENTIFIERS_DIFFER = "merge_verified_identifiers_differ"
    MERGE_ALREADY_MERGED = "merge_already_merged"
    MERGE_ALREADY_UNDONE = "merge_already_undone"
