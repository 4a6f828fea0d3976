"""Writing a file so that a failure never leaves it half written: every command that writes
(--output, baseline, init) goes through :func:`write_text`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text(path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and os.replace, so
    that a failed write (a full disk, a killed run) leaves the old file whole. An existing file keeps
    its permissions (a link is followed: its target is replaced); a new one gets the umask's. What
    UTF-8 cannot encode (a lone surrogate, a file name that is not UTF-8) is written as a backslash
    escape (``\\udcff``, a valid JSON escape). Raises OSError."""
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
