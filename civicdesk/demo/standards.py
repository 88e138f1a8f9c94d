"""The demo councils' published phone-line standards, from data/standards.yaml."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.models import LineStandard
from civicdesk.performance.services import line_standard_save

STANDARDS = Path(__file__).parent / "data" / "standards.yaml"
FIELDS: dict[str, Callable[[Any], Any]] = {
    "answer_within_seconds": int,
    "service_level_target": lambda value: Decimal(str(value)),
    "ata_target_seconds": lambda value: None if value is None else int(value),
    "abandon_rate_target": lambda value: None if value is None else Decimal(str(value)),
    "short_abandon_seconds": int,
}


def _standards_of(council: Council, path: Path) -> dict[str, dict[str, Any]]:
    """Each line code of the council's entry with its full set of values."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entry = (data.get("councils") or {}).get(council.slug) or {}
    defaults = {**(data.get("defaults") or {}), **(entry.get("defaults") or {})}
    return {
        str(code): {**defaults, **(values or {})}
        for code, values in (entry.get("lines") or {}).items()
    }


def load_standards(council: Council, *, path: Path = STANDARDS) -> int:
    """Create or bring up to date the council's line standards; returns how many changed.
    Idempotent: a standard already as the file says is left alone, rollups and all."""
    changed = 0
    for code, values in _standards_of(council, path).items():
        line = ServiceLine.objects.get(council=council, code=code)
        standard = LineStandard.objects.filter(line=line).first() or LineStandard(
            council=council, line=line
        )
        wanted = {name: convert(values.get(name)) for name, convert in FIELDS.items()}
        if standard.pk and all(getattr(standard, k) == v for k, v in wanted.items()):
            continue
        for name, value in wanted.items():
            setattr(standard, name, value)
        line_standard_save(standard=standard, actor="load_demo")
        changed += 1
    return changed
