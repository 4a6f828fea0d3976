"""The rule catalog: one YAML file per rule in ``rules/catalog``.

File names are ``<ID>-<name>.yaml`` so that IDs and names (all that
``--select``/``--ignore`` need) are known without parsing any file; an entry
is parsed only when its metadata is needed (a finding, ``explain``, ``rules``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from doalint.errors import UsageError
from doalint.resources import rules_dir

_FILE = re.compile(r"^(DOA[0-9]{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    path: Path

    @property
    def data(self) -> dict[str, Any]:
        return _parse(self.path)

    @property
    def severity(self) -> str:
        return self.data["severity"]

    @property
    def title(self) -> str:
        return self.data["title"]


@lru_cache(maxsize=None)
def _parse(path: Path) -> dict[str, Any]:
    from doalint.yamlfile import read_yaml

    value, _ = read_yaml(path, "rule catalog entry")
    if not isinstance(value, dict):
        raise UsageError(f"rule catalog entry {path}: not a mapping")
    return value


class Catalog:
    def __init__(self, folder: Optional[Path] = None) -> None:
        folder = folder or rules_dir() / "catalog"
        self.entries: dict[str, Entry] = {}
        self.by_name: dict[str, Entry] = {}
        for p in sorted(folder.iterdir()):
            m = _FILE.match(p.name)
            if m:
                e = Entry(m.group(1), m.group(2), p)
                self.entries[e.id] = e
                self.by_name[e.name] = e

    def __iter__(self):
        return iter(self.entries.values())

    def get(self, key: str) -> Optional[Entry]:
        return self.entries.get(key.strip().upper()) or self.by_name.get(key.strip().lower())

    def resolve(self, selectors: list[str], flag: str) -> set[str]:
        """IDs named by selectors: an ID, a name, an ID prefix (DOA1, DOA20) or ALL."""
        out: set[str] = set()
        for raw in selectors:
            for sel in (s.strip() for s in raw.split(",")):
                if not sel:
                    continue
                if sel.upper() == "ALL":
                    out.update(self.entries)
                    continue
                e = self.get(sel)
                if e:
                    out.add(e.id)
                    continue
                if sel.upper().startswith("CKV"):
                    continue  # a checkov check: applied to --with-checkov results (see cli._Run)
                prefix = sel.upper()
                hits = [i for i in self.entries if i.startswith(prefix)] if prefix.startswith("DOA") else []
                if not hits:
                    raise UsageError(f"{flag}: unknown rule {sel!r} (see 'doalint rules')")
                out.update(hits)
        return out


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return Catalog()
