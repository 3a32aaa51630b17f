"""Password hashing with bcrypt (a maintained, salted, slow hash)."""

from __future__ import annotations

import bcrypt

MAX_PASSWORD_BYTES = 72  # bcrypt reads no further: no stored password is longer


def hash_password(password: str) -> str:
    """A salted bcrypt hash of the password."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether the password matches; an account without a hash never signs in."""
    if not password_hash:
        return False
    return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))


def too_long(password: str) -> bool:
    """Longer than bcrypt reads, so longer than any password that can be set."""
    return len(password.encode("utf-8")) > MAX_PASSWORD_BYTES
