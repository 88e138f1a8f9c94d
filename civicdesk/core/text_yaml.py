"""Read YAML that people edit (catalogues, call mappings) as text, and bounded.

- Every scalar is read as the text written: `0123` stays "0123" (YAML 1.1 would read 83),
  `+441234567890` keeps its plus, `yes` is "yes". Only an empty value, `~` or `null` is None.
  The reader of each value turns the text into what it means.
- A key written twice in one mapping is refused (YAML would silently keep the last).
- An alias (`*name`) may stand for a scalar only: aliases of lists or mappings are how "billion
  laughs" documents grow from kilobytes to gigabytes, and how a document refers to itself.
- Nesting deeper than `max_depth` is refused before it can exhaust the parser's recursion.

Every refusal is a `YamlTextError` whose message starts with the line and column.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode

NULL_TAG = "tag:yaml.org,2002:null"


class YamlTextError(ValueError):
    """The text is not YAML we read; the message says where and why."""


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "the file"


class _TextLoader(yaml.SafeLoader):
    max_depth = 10

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            if not isinstance(node, ScalarNode):
                raise ComposerError(
                    None,
                    None,
                    f"the alias *{event.anchor} stands for a list or a mapping; only a single "
                    "value may be repeated with an alias, so write the rest out in full",
                    event.start_mark,
                )
            return node
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise ComposerError(
                    None,
                    None,
                    f"nested more than {self.max_depth} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                key = key_node.value
                if key in seen:
                    raise ConstructorError(
                        None,
                        None,
                        f"the key {key!r} appears twice in the same mapping "
                        f"(first on line {seen[key].line + 1})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


# Of YAML's implicit types only null is kept: everything else is read as the text written.
_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag == NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_text_yaml(text: str, *, max_depth: int = 10) -> Any:
    """The document in `text`, every scalar a str (or None); raises YamlTextError."""
    try:
        loader = _TextLoader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise YamlTextError(
            f"line {line}: the character {error.character:#06x} is not allowed in YAML"
        ) from None
    loader.max_depth = max_depth
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise YamlTextError(f"{_where(mark)}: {problem}") from None
    except yaml.YAMLError as error:
        raise YamlTextError(f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
