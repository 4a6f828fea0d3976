"""The rule catalog: one YAML file per rule in ``rules/catalog``.

File names are ``<ID>-<name>.yaml`` so that IDs and names (all that
``--select``/``--ignore`` need) are known without parsing any file; an entry
is parsed only when its metadata is needed (a finding, ``explain``, ``rules``).

The entry owns its rule's document kinds (``kinds``, or ``applies_to`` for a
rule of every kind): the engine registers a rule module with them
(doalint.engine.registry). A run registers the rules of its documents' kinds,
so those two keys are read from their own lines of the entry (one flow list,
one word), not by parsing the whole entry; any other way of writing them falls
back to the parse.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from doalint.errors import UsageError
from doalint.record import record
from doalint.resources import rules_dir

_FILE = re.compile(r"^(DOA[0-9]{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
SEVERITIES = ("error", "warning", "note")


@record(frozen=True)
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

    @property
    def kinds(self) -> tuple[str, ...]:
        """The document kinds the entry lists (``kinds:``): empty for what the loader or the
        engine reports, and for a rule of every kind (``applies_to``)."""
        return _head(self.path)[0]

    @property
    def applies_to(self) -> Optional[str]:
        """For a rule of every kind, which: ``every-kind``, or ``every-kind-naming-a-service``
        (the kinds whose documents name a service); None otherwise."""
        return _head(self.path)[1]


@lru_cache(maxsize=None)
def _parse(path: Path) -> dict[str, Any]:
    from doalint.yamlfile import read_yaml

    value, _ = read_yaml(path, "rule catalog entry")
    if not isinstance(value, dict):
        raise UsageError(f"rule catalog entry {path}: not a mapping")
    return value


APPLIES_TO = ("every-kind", "every-kind-naming-a-service")
_KINDS_FLOW = re.compile(r"[ \t]*\[([a-z0-9, \t-]*)\](?:[ \t]+#.*|[ \t]*)")
_KIND = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PLAIN_WORDS = {"null", "true", "false", "yes", "no", "on", "off"}  # YAML reads these as other than text
_APPLIES_WORD = re.compile(r"[ \t]+([a-z-]+)(?:[ \t]+#.*|[ \t]*)")


def _key_line(text: str, key: str) -> tuple[int, str]:
    """How many lines of ``text`` (which starts with a newline) start with the top-level ``key:``
    (0, 1, or 2 for more than one), and what follows the key on the first of them."""
    marker = f"\n{key}:"
    first = text.find(marker)
    if first < 0:
        return 0, ""
    start = first + len(marker)
    end = text.find("\n", start)
    rest = text[start:] if end < 0 else text[start:end]
    return (1 if text.find(marker, start) < 0 else 2), rest


@lru_cache(maxsize=None)
def _head(path: Path) -> tuple[tuple[str, ...], Optional[str]]:
    """``kinds`` and ``applies_to`` of the entry at ``path``: from their lines when each is written
    once, on one line, plainly (``kinds: [a, b]``, ``applies_to: every-kind``); else from the
    parsed entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""  # the parse says what is wrong
    n_kinds, kinds_line = _key_line("\n" + text, "kinds")
    n_applies, applies_line = _key_line("\n" + text, "applies_to")
    if n_kinds == 1 and n_applies <= 1:
        flow = _KINDS_FLOW.fullmatch(kinds_line)
        word = _APPLIES_WORD.fullmatch(applies_line) if n_applies else None
        applies = word.group(1) if word else None
        if flow and (not n_applies or applies in APPLIES_TO):
            listed = flow.group(1).strip()
            kinds = tuple(k.strip() for k in listed.split(",")) if listed else ()
            if all(_KIND.fullmatch(k) and k not in _PLAIN_WORDS for k in kinds):
                return kinds, applies
    data = _parse(path)
    kinds, applies = data.get("kinds", []), data.get("applies_to")
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise UsageError(f"rule catalog entry {path}: kinds: not a list of document kinds")
    if applies is not None and not isinstance(applies, str):
        raise UsageError(f"rule catalog entry {path}: applies_to: not one of {', '.join(APPLIES_TO)}")
    return tuple(kinds), applies


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
