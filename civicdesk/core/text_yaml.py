"""Read YAML that people edit (catalogues, call mappings) as text, and bounded.

- Every scalar is read as the text written: `0123` stays "0123" (YAML 1.1 would read 83),
  `+441234567890` keeps its plus, `yes` is "yes". Only an empty value, `~` or `null` is None.
  The reader of each value turns the text into what it means. Tags (`!!int`) are refused.
- A key written twice in one mapping is refused (YAML would silently keep the last).
- An alias (`*name`) may stand for a scalar only: aliases of lists or mappings are how "billion
  laughs" documents grow from kilobytes to gigabytes, and how a document refers to itself.
- Nesting deeper than `max_depth` is refused as soon as it is met.

The document is built straight from libyaml's parse events (PyYAML's C parser), not through
PyYAML's Python composer and constructor: a 6 MB catalogue reads in about 2 s instead of 28.

Every refusal is a `YamlTextError` whose message starts with the line and column.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import events

# YAML 1.1's plain null: an empty value, ~, null, Null or NULL. Quoted, each is text.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STRING_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})
_COLLECTION = object()  # what an anchor of a list or mapping stands for: nothing to repeat
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where it is installed


class YamlTextError(ValueError):
    """The text is not YAML we read; the message says where and why."""


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "the file"


def _refuse(mark: Any, problem: str) -> YamlTextError:
    return YamlTextError(f"{_where(mark)}: {problem}")


class _Builder:
    """The values under construction, innermost last, with the keys each mapping has seen."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.stack: list[tuple[Any, dict[Any, Any] | None]] = []  # (container, keys seen)
        self.pending_key: list[Any] = []  # per mapping on the stack: its key waiting for a value
        self.anchors: dict[str, Any] = {}
        self.documents = 0
        self.result: Any = None

    def open(self, event: Any, container: Any) -> None:
        if len(self.stack) + 1 > self.max_depth:
            raise _refuse(event.start_mark, f"nested more than {self.max_depth} levels deep")
        if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise _refuse(event.start_mark, f"the tag {event.tag} is not read here: remove it")
        if event.anchor is not None:
            self.anchors[event.anchor] = _COLLECTION
        self.add(event, container)
        seen: dict[Any, Any] | None = {} if isinstance(container, dict) else None
        self.stack.append((container, seen))
        self.pending_key.append(_COLLECTION)

    def close(self) -> None:
        self.stack.pop()
        self.pending_key.pop()

    def scalar(self, event: Any) -> None:
        if len(self.stack) + 1 > self.max_depth:
            raise _refuse(event.start_mark, f"nested more than {self.max_depth} levels deep")
        if event.tag not in _STRING_TAGS:
            raise _refuse(event.start_mark, f"the tag {event.tag} is not read here: remove it")
        plain = event.implicit[0] and not event.style  # libyaml says "", PyYAML None
        value = None if plain and event.value in _NULLS else event.value
        if event.anchor is not None:
            self.anchors[event.anchor] = value
        self.add(event, value)

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise _refuse(event.start_mark, f"the alias *{event.anchor} names no anchor before it")
        value = self.anchors[event.anchor]
        if value is _COLLECTION:
            raise _refuse(
                event.start_mark,
                f"the alias *{event.anchor} stands for a list or a mapping; only a single "
                "value may be repeated with an alias, so write the rest out in full",
            )
        self.add(event, value)

    def add(self, event: Any, value: Any) -> None:
        if not self.stack:
            self.result = value
            return
        container, seen = self.stack[-1]
        if seen is None:
            container.append(value)
            return
        key = self.pending_key[-1]
        if key is _COLLECTION:  # this value is a key
            if isinstance(value, dict | list):
                raise _refuse(event.start_mark, "a key must be a single value")
            if value in seen:
                raise _refuse(
                    event.start_mark,
                    f"the key {value!r} appears twice in the same mapping "
                    f"(first on line {seen[value].line + 1})",
                )
            seen[value] = event.start_mark
            self.pending_key[-1] = value
        else:
            container[key] = value
            self.pending_key[-1] = _COLLECTION


def _build(text: str, max_depth: int) -> Any:
    builder = _Builder(max_depth)
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, events.ScalarEvent):
            builder.scalar(event)
        elif isinstance(event, events.MappingStartEvent):
            builder.open(event, {})
        elif isinstance(event, events.SequenceStartEvent):
            builder.open(event, [])
        elif isinstance(event, events.MappingEndEvent | events.SequenceEndEvent):
            builder.close()
        elif isinstance(event, events.AliasEvent):
            builder.alias(event)
        elif isinstance(event, events.DocumentStartEvent):
            builder.documents += 1
            if builder.documents > 1:
                raise _refuse(event.start_mark, "a second document: give one document only")
    return builder.result


def _character_at(text: str, mark: Any) -> str:
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1]


def load_text_yaml(text: str, *, max_depth: int = 10) -> Any:
    """The document in `text`, every scalar a str (or None); raises YamlTextError."""
    try:
        return _build(text, max_depth)
    except UnicodeEncodeError as error:  # a lone surrogate: libyaml takes UTF-8 only
        line = text.count("\n", 0, error.start) + 1
        code = ord(text[error.start])
        raise YamlTextError(
            f"line {line}: the character {code:#06x} is not allowed in YAML"
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        character = error.character
        code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
        raise YamlTextError(
            f"line {line}: the character {code:#06x} is not allowed in YAML"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if problem == "exceeded maximum nesting depth" and mark is not None:
            # libyaml's own ceiling, met while it looks ahead: the line is right, the column not
            raise YamlTextError(
                f"line {mark.line + 1}: nested more than {max_depth} levels deep"
            ) from None
        if mark is not None and _character_at(text, mark) == "\t":
            problem = "found character '\\t' that cannot start any token: indent with spaces"
        raise YamlTextError(f"{_where(mark)}: {problem}") from None
    except yaml.YAMLError as error:
        raise YamlTextError(f"not valid YAML: {error}") from None
