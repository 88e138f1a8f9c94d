"""Case references a resident can read over the phone.

Letters and digits that are confused aloud or on paper are left out: B/8, G/6, I/1/L, 0/O/Q/D,
S/5, Z/2. What is left: A C E F H J K M N P R T U V W X Y 3 4 7 9.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACEFHJKMNPRTUVWXY3479"
_LENGTH = 8
_SHAPE = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(_LENGTH))
    return f"{body[:4]}-{body[4:]}"


def normalise_reference(text: str) -> str | None:
    """A reference as typed ("ac3e f4hj", "AC3EF4HJ") in its stored shape, or None."""
    compact = re.sub(r"[\s-]", "", text.upper())
    candidate = f"{compact[:4]}-{compact[4:]}"
    return candidate if _SHAPE.match(candidate) else None
