"""The columns of each catalogue table (docs/catalogue-format.md says the same in words)."""

from __future__ import annotations

from civicdesk.catalogue.models import QuestionType
from civicdesk.catalogue.policy import (
    CONTACT_CENTRE_ACTIONS,
    FACE_TO_FACE_ACTIONS,
    Availability,
    Facility,
    SupportAction,
    ValueTo,
)
from civicdesk.catalogue.transfer.columns import (
    Column,
    actions,
    boolean,
    choice,
    code,
    enum_list,
    hours,
    one_of,
    text,
    text_list,
    uk_phone,
    url,
    value_list,
    whole_number,
)
from civicdesk.core.hours import WEEKDAYS

ACTIVE = Column("active", boolean, default=True)
HOURS = tuple(Column(day, hours, default="") for day in WEEKDAYS)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "services": (
        Column("code", code, required=True),
        Column("name", text(200), required=True),
        Column("description", text(), default=""),
        ACTIVE,
    ),
    "lines": (
        Column("code", code, required=True),
        Column("name", text(200), required=True),
        Column("aliases", text_list, default=[]),
        Column("tier", whole_number(1, 2), required=True),
        Column("phone_number", uk_phone, default=""),
        *HOURS,
        Column("handles", text_list, default=[]),
        ACTIVE,
    ),
    "venues": (
        Column("code", code, required=True),
        Column("name", text(200), required=True),
        Column("address", text(), default=""),
        *HOURS,
        Column("facilities", enum_list(Facility), default=[]),
        Column("activities", text_list, default=[]),
        ACTIVE,
    ),
    "portals": (
        Column("code", code, required=True),
        Column("name", text(200), required=True),
        Column("url", url, required=True),
        Column("description", text(300), default=""),
        ACTIVE,
    ),
    "query_types": (
        Column("code", code, required=True),
        Column("service", code, required=True),
        Column("service_name", text(200), default=""),
        Column("name", text(200), required=True),
        Column("available_online", one_of(Availability), required=True),
        Column("value_to", one_of(ValueTo), required=True),
        Column("contact_centre_actions", actions(CONTACT_CENTRE_ACTIONS), default=[]),
        Column("contact_centre_insist", boolean, default=False),
        Column("contact_centre_guidance", text(), default=""),
        Column("face_to_face_actions", actions(FACE_TO_FACE_ACTIONS), default=[]),
        Column("face_to_face_insist", boolean, default=False),
        Column("face_to_face_guidance", text(), default=""),
        Column("available_via_contact_centre", boolean, default=True),
        Column("vulnerable_action", one_of(SupportAction), required=True),
        Column("vulnerable_guidance", text(), default=""),
        Column("assisted_digital_action", one_of(SupportAction), default="assist_now"),
        Column("portal", code, default=""),
        Column("online_url", url, default=""),
        Column("line", code, default=""),
        Column("keywords", text_list, default=[]),
        Column("standard_days", whole_number(1, 365), default=None),
        Column("open311_code", text(60), default=""),
        Column("about_a_place", boolean, default=False),
        Column("retention_days", whole_number(30, 36500), default=6 * 365),
        ACTIVE,
    ),
    # The questions asked when a query type is reported online: its Open311 attributes.
    "questions": (
        Column("code", code, required=True),
        Column("query_type", code, required=True),
        Column("question", text(300), required=True),
        Column("datatype", choice(QuestionType.values, "datatype"), required=True),
        Column("required", boolean, default=False),
        Column("description", text(500), default=""),
        Column("order", whole_number(1, 999), default=1),
        Column("values", value_list, default=[]),
        ACTIVE,
    ),
}

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    table: tuple(column.name for column in columns) for table, columns in COLUMNS.items()
}
# Which table a reference column points into.
REFERENCES: dict[str, dict[str, str]] = {
    "query_types": {"service": "services", "portal": "portals", "line": "lines"},
    "questions": {"query_type": "query_types"},
}
# The columns that make a row unique: its code, within its council or within its parent row.
UNIQUE_BY: dict[str, tuple[str, ...]] = {"questions": ("query_type", "code")}
LIST_DATATYPES = frozenset({QuestionType.SINGLE_VALUE_LIST, QuestionType.MULTI_VALUE_LIST})
