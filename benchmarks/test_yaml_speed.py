"""Reading a large catalogue file as text (core.text_yaml) beside PyYAML's fastest loader.

Run with `make bench`. The document is 20,000 query types of two fields (about 0.5 MB), the shape
of the worst catalogue file within the 5 MB cap. The peer is `yaml.load(..., CSafeLoader)`:
libyaml's parser with PyYAML's constructor, what most Python code reads YAML with. Ours reads
libyaml's events straight into dicts and lists, with the checks the peer does not make (duplicate
keys, aliases of scalars only, depth). Both must give the same document; the ratio of the medians
is recorded in `extra_info["ratio_to_civicdesk"]`.
"""

from __future__ import annotations

from typing import Any

import yaml
from pytest_benchmark.fixture import BenchmarkFixture

from civicdesk.core.text_yaml import load_text_yaml

GROUP = "catalogue YAML, 20,000 query types"
TEXT = "query_types:\n" + "".join(f"- code: 'q{n}'\n  name: Query {n}\n" for n in range(20_000))
TIMES: dict[str, float] = {}


def test_civicdesk_text_yaml(benchmark: BenchmarkFixture) -> None:
    benchmark.group = GROUP
    document = benchmark(load_text_yaml, TEXT)
    if benchmark.stats:
        TIMES["civicdesk"] = benchmark.stats.stats.median
    assert len(document["query_types"]) == 20_000


def test_pyyaml_csafeloader(benchmark: BenchmarkFixture) -> None:
    benchmark.group = GROUP
    loader: Any = yaml.CSafeLoader
    document = benchmark(yaml.load, TEXT, Loader=loader)
    assert document == load_text_yaml(TEXT)
    if benchmark.stats and "civicdesk" in TIMES:
        benchmark.extra_info["ratio_to_civicdesk"] = round(
            benchmark.stats.stats.median / TIMES["civicdesk"], 1
        )
