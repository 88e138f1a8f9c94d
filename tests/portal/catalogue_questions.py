"""Questions on two demo query types, made here so the tests do not depend on the demo files."""

from __future__ import annotations

from typing import Any

from civicdesk.catalogue.models import QueryType, QueryTypeQuestion, QuestionType
from civicdesk.councils.models import Council

BIN_TYPES = [
    {"key": "general", "name": "General waste"},
    {"key": "recycling", "name": "Recycling"},
    {"key": "garden", "name": "Garden waste"},
]
DUMPED = [
    {"key": "household", "name": "Household rubbish"},
    {"key": "furniture", "name": "Furniture"},
    {"key": "tyres", "name": "Tyres"},
]


def _only(query_type: QueryType, *questions: dict[str, Any]) -> None:
    QueryTypeQuestion.objects.filter(query_type=query_type).update(active=False)
    for order, fields in enumerate(questions, start=1):
        QueryTypeQuestion.objects.update_or_create(
            query_type=query_type,
            code=fields["code"],
            defaults={
                **fields,
                "council": query_type.council,
                "order": order,
                "active": True,
                "description": fields.get("description", ""),
            },
        )


def add_questions(council: Council) -> None:
    """A missed bin asks one of each datatype but text; fly tipping asks a list and text."""
    missed = QueryType.objects.get(council=council, code="waste-missed-collection")
    _only(
        missed,
        {
            "code": "bin-type",
            "question": "Which bin was missed?",
            "datatype": QuestionType.SINGLE_VALUE_LIST,
            "required": True,
            "values": BIN_TYPES,
        },
        {
            "code": "collection-due",
            "question": "When should it have been collected?",
            "datatype": QuestionType.DATETIME,
            "required": True,
            "values": [],
        },
        {
            "code": "bins",
            "question": "How many bins were missed?",
            "datatype": QuestionType.NUMBER,
            "required": True,
            "values": [],
        },
        {
            "code": "bin-number",
            "question": "What is the number on the bin?",
            "datatype": QuestionType.STRING,
            "required": False,
            "values": [],
            "description": "It is printed on the lid",
        },
    )
    fly_tipping = QueryType.objects.get(council=council, code="env-fly-tipping")
    _only(
        fly_tipping,
        {
            "code": "dumped",
            "question": "What has been dumped?",
            "datatype": QuestionType.MULTI_VALUE_LIST,
            "required": True,
            "values": DUMPED,
        },
        {
            "code": "seen",
            "question": "Did you see who did it?",
            "datatype": QuestionType.TEXT,
            "required": False,
            "values": [],
        },
    )
