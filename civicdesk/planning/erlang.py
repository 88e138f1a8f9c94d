"""Erlang C and Erlang A staffing in one place: see ``erlang_c`` and ``erlang_a`` for the models.

``*_grid`` functions take arrays (a week of intervals for many lines in one call) and return
arrays; the others take and return one interval's numbers.
"""

from civicdesk.planning.erlang_a import (
    ErlangAGrid,
    ErlangAResult,
    erlang_a,
    erlang_a_grid,
    erlang_a_required,
    erlang_a_required_grid,
)
from civicdesk.planning.erlang_c import (
    ErlangCGrid,
    ErlangCResult,
    erlang_c,
    erlang_c_grid,
    erlang_c_required,
    erlang_c_required_grid,
)

__all__ = [
    "ErlangAGrid",
    "ErlangAResult",
    "ErlangCGrid",
    "ErlangCResult",
    "erlang_a",
    "erlang_a_grid",
    "erlang_a_required",
    "erlang_a_required_grid",
    "erlang_c",
    "erlang_c_grid",
    "erlang_c_required",
    "erlang_c_required_grid",
]
