"""SHA-256 from the interpreter's own module when it has one: ``hashlib`` loads OpenSSL's library
on import, a few milliseconds of every run for the few digests a run takes."""

from __future__ import annotations

try:  # CPython 3.11
    from _sha256 import sha256
except ImportError:  # pragma: no cover - CPython 3.12+ names it _sha2; others: hashlib
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256


def sha256_hex(data: bytes) -> str:
    return sha256(data).hexdigest()
