"""checkov as a second opinion (``doalint check --with-checkov``; extra ``doalint[checkov]``).

checkov runs in a child process (never imported into doalint's), offline: no package
update check, no guideline download. Its failed Terraform and CloudFormation checks are
folded into doalint's report under their CKV IDs, so they share the exit code and every
output format (SARIF included) with doalint's own findings.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from doalint.engine.findings import Finding
from doalint.errors import UsageError
from doalint.loaders import display_path
from doalint.record import record

FRAMEWORKS = ("terraform", "cloudformation")
TIMEOUT = 900
_SEVERITY = {"CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note", "INFO": "note"}


@record(frozen=True)
class ExternalRule:
    id: str
    name: str
    title: str
    url: str = ""


def available() -> bool:
    return importlib.util.find_spec("checkov") is not None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "checkov-check"


def run(paths: list[str]) -> tuple[list[Finding], dict[str, ExternalRule]]:
    """checkov's failed checks on ``paths``, as findings, and the rules they belong to."""
    if not available():
        raise UsageError("--with-checkov needs checkov: pip install 'doalint[checkov]'")
    cmd = [sys.executable, "-m", "checkov.main", "--output", "json", "--quiet", "--soft-fail", "--skip-download",
           "--framework", *FRAMEWORKS]
    for p in paths or ["."]:
        cmd += ["--directory", p] if os.path.isdir(p) else ["--file", p]
    env = dict(os.environ, CKV_SKIP_PACKAGE_UPDATE_CHECK="true", BC_SKIP_MAPPING="TRUE",
               CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise UsageError(f"--with-checkov: checkov did not finish within {TIMEOUT} s") from None
    out = proc.stdout.strip()
    if not out:
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise UsageError(f"--with-checkov: checkov failed ({tail})")
        return [], {}
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        raise UsageError("--with-checkov: checkov's output is not JSON") from None
    reports = data if isinstance(data, list) else [data]
    findings: list[Finding] = []
    rules: dict[str, ExternalRule] = {}
    for rep in reports:
        if not isinstance(rep, dict):
            continue
        for c in (rep.get("results") or {}).get("failed_checks", []):
            check_id = c.get("check_id") or "CKV_UNKNOWN"
            title = c.get("check_name") or check_id
            rules.setdefault(check_id, ExternalRule(check_id, _slug(title), title, c.get("guideline") or ""))
            path = c.get("file_abs_path") or c.get("file_path") or ""
            lines = c.get("file_line_range") or [1, 1]
            start = max(int(lines[0] or 1), 1)
            end = max(int(lines[-1] or start), start)
            resource = c.get("resource") or ""
            severity = _SEVERITY.get(str(c.get("severity") or "").upper(), "warning")
            findings.append(Finding(
                check_id, rules[check_id].name, severity, display_path(Path(path)), start, 1, end, 1,
                f"{resource}: {title} (checkov)" if resource else f"{title} (checkov)",
                path=(resource,) if resource else (), document=resource, kind="checkov",
            ))
    return findings, rules
