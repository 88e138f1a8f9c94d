"""A request's attributes checked against its service definition (the query type's questions).

Attributes the definition does not have are ignored: clients such as FixMyStreet send their own
(fixmystreet_id, easting, …).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from civicdesk.api.open311.errors import Open311Error
from civicdesk.api.open311.parsing import iso_datetime
from civicdesk.catalogue.models import QueryTypeQuestion, QuestionType

LIST_DATATYPES = frozenset({QuestionType.SINGLE_VALUE_LIST, QuestionType.MULTI_VALUE_LIST})
MAX_LENGTH = {QuestionType.STRING: 1000, QuestionType.TEXT: 4000}


def checked_answers(
    questions: list[QueryTypeQuestion], given: dict[str, list[str]]
) -> tuple[dict[str, Any], list[str]]:
    """The answers to keep on the case, by question code, and every problem found."""
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for question in questions:
        name = f"attribute[{question.code}]"
        values = given.get(question.code, [])
        if not values:
            if question.required:
                problems.append(f"{name} is required: {question.question}")
            continue
        try:
            answers[question.code] = _answer(question, name, values)
        except ValueError as error:
            problems.append(str(error))
    return answers, problems


def _answer(question: QueryTypeQuestion, name: str, values: list[str]) -> Any:
    datatype = question.datatype
    if datatype == QuestionType.MULTI_VALUE_LIST:
        keys = [v["key"] for v in question.values]
        for value in values:
            if value not in keys:
                raise ValueError(f"{name}: {value!r} is not one of {', '.join(keys)}")
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise ValueError(f"{name}: give one value, not {len(values)}")
    value = values[0]
    if datatype == QuestionType.SINGLE_VALUE_LIST:
        keys = [v["key"] for v in question.values]
        if value not in keys:
            raise ValueError(f"{name}: {value!r} is not one of {', '.join(keys)}")
        return value
    if datatype == QuestionType.NUMBER:
        return _number(name, value)
    if datatype == QuestionType.DATETIME:
        try:
            return iso_datetime(name, value).isoformat()
        except Open311Error as error:
            raise ValueError(error.descriptions[0]) from None
    limit = MAX_LENGTH.get(QuestionType(datatype), 4000)
    if len(value) > limit:
        raise ValueError(f"{name}: at most {limit:,} characters, not {len(value):,}")
    return value


def _number(name: str, value: str) -> int | float:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{name}: {value!r} is not a number") from None
    if not number.is_finite() or number.copy_abs() >= Decimal("1e15"):  # exact, no Overflow
        raise ValueError(f"{name}: {value!r} is not a number we can keep")
    return int(number) if number == number.to_integral_value() else float(number)


def answers_in_words(questions: list[QueryTypeQuestion], answers: dict[str, Any]) -> str:
    """The answers as lines a person reads ("What was dumped? Furniture, Tyres")."""
    lines = []
    for question in questions:
        if question.code not in answers:
            continue
        names = {v["key"]: v["name"] for v in question.values}
        given = answers[question.code]
        values = given if isinstance(given, list) else [given]
        lines.append(f"{question.question} {', '.join(names.get(v, str(v)) for v in values)}")
    return "\n".join(lines)
