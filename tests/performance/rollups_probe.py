"""A separate process on the database a test prepares: `python -m tests.performance.rollups_probe
setup` makes the council `imports` with two lines; `... compare` prints the council's rollups as
the imports left them and as `rollups_rebuild` recounts them, as JSON.

Run by tests/performance/test_concurrent_imports.py, with the settings and database it gives.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import django

COUNCIL = "imports"


def _rows() -> list[list[Any]]:
    from civicdesk.performance.metrics import SUMS
    from civicdesk.performance.models import CallRollup

    fields = ("line__code", "period", "starts_on", *SUMS)
    rows = CallRollup.objects.filter(council__slug=COUNCIL).values_list(*fields)
    return sorted([str(value) for value in row] for row in rows)


def main() -> None:
    django.setup()
    from civicdesk.catalogue.models import ServiceLine
    from civicdesk.councils.models import Council
    from civicdesk.performance.rollups import rollups_rebuild

    if sys.argv[1] == "setup":
        council = Council.objects.create(slug=COUNCIL, name="Imports Test Council")
        for code, name in (("tax", "Council Tax"), ("waste", "Waste")):
            ServiceLine.objects.create(council=council, code=code, name=name)
        return
    kept = _rows()
    rollups_rebuild(council=Council.objects.get(slug=COUNCIL))
    print(json.dumps({"kept": kept, "rebuilt": _rows()}))


if __name__ == "__main__":
    main()
