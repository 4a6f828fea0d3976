"""Output formats. A finding on a deployed resource (scan-aws) has no line: its ``file`` is the
resource's ARN, and every format names the path inside the resource instead."""

from __future__ import annotations

from doalint.source import Path, format_path


def resource_path(path: Path) -> str:
    """Where in a deployed resource a finding is: its path, or the resource as a whole."""
    return format_path(path) if path else "(the resource)"
