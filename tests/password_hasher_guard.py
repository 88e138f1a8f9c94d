"""A password hasher that fails the test if it is asked to check anything: with it as the only
hasher, a request that authenticates proves no password hash was computed on its way."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import MD5PasswordHasher

GUARD = ["tests.password_hasher_guard.NoHashingAllowed"]


class NoHashingAllowed(MD5PasswordHasher):
    def verify(self, password: str, encoded: str) -> bool:
        raise AssertionError("the password hasher was called to check a key")

    def encode(self, password: str, salt: str, *args: Any, **kwargs: Any) -> str:
        raise AssertionError("the password hasher was called to hash a key")
