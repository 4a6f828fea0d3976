"""DOA960: what runs differs from what the files declare: a value changed outside git, a resource
deployed that no file declares, or one declared that is not deployed."""

from __future__ import annotations

from typing import Any, Iterator

from doalint.checks._show import value as shown
from doalint.engine.registry import Related, Rule, Violation
from doalint.project import family_revision
from doalint.source import Path, format_path

_IDENTITY_KEYS = ("name", "Name", "key", "Key", "containerName")
_MISSING = object()
_ORDERED = frozenset({"command", "entryPoint", "dnsSearchDomains", "dnsServers"})


def _identity(item: Any):
    if isinstance(item, dict):
        for k in _IDENTITY_KEYS:
            if isinstance(item.get(k), str):
                return k, item[k]
    return None


def _same(a: Any, b: Any) -> bool:
    """Equal in meaning: 80 and 80.0, "512" and 512, true and "true"."""
    if a == b or str(a) == str(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return str(a).lower() == str(b).lower()
    try:
        return float(a) == float(b)
    except (TypeError, ValueError, OverflowError):
        return False


def _task_ref_same(declared: Any, deployed: Any) -> bool:
    """A service's taskDefinition: family[:revision] or an ARN on either side."""
    f1, r1 = family_revision(str(declared))
    f2, r2 = family_revision(str(deployed))
    return f1 == f2 and (r1 is None or r2 is None or r1 == r2)


def _diffs(declared: Any, deployed: Any, path: Path, renamed: dict) -> Iterator[tuple[Path, Any, Any]]:
    """(path, declared value, deployed value) where both sides hold a value and they differ. A key
    the deployed side does not show is not judged: describe calls omit what they default."""
    if isinstance(declared, dict):
        if not isinstance(deployed, dict):
            yield path, declared, deployed
            return
        for k, v in declared.items():
            other = deployed.get(renamed.get(k, k), _MISSING) if not path else deployed.get(k, _MISSING)
            if other is _MISSING or other is None:
                continue
            yield from _diffs(v, other, path + (k,), renamed)
        return
    if isinstance(declared, list):
        if not isinstance(deployed, list):
            yield path, declared, deployed
            return
        ids = [_identity(x) for x in declared]
        if declared and all(ids) and len({i for i in ids}) == len(ids):
            # lists of named things (containers, environment, tags, dimensions): by name, not order
            theirs = {_identity(x): x for x in deployed if _identity(x)}
            for i, (item, ident) in enumerate(zip(declared, ids)):
                if ident in theirs:
                    yield from _diffs(item, theirs[ident], path + (i,), renamed)
                else:
                    yield path + (i,), item, _MISSING
            return
        if all(not isinstance(x, (dict, list)) for x in declared + deployed):
            # most lists of values are sets to AWS (subnets, actions, events); a command is not
            ordered = bool(path) and path[-1] in _ORDERED
            mine, theirs = list(map(str, declared)), list(map(str, deployed))
            if (mine != theirs) if ordered else (sorted(mine) != sorted(theirs)):
                yield path, declared, deployed
            return
        for i, item in enumerate(declared[: len(deployed)]):
            yield from _diffs(item, deployed[i], path + (i,), renamed)
        if len(declared) != len(deployed):
            yield path, declared, deployed
        return
    if path and path[-1] == "taskDefinition" and len(path) == 1:
        if not _task_ref_same(declared, deployed):
            yield path, declared, deployed
        return
    if not _same(declared, deployed):
        yield path, declared, deployed


def _at(data: Any, path: Path) -> Any:
    for elem in path:
        try:
            data = data[elem]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _show(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    return shown(value)


RULE = Rule("DOA960", needs_service=False)


def check(d, ctx):
    for p in d.pairs:
        declared, deployed = p.declared, p.deployed
        renamed = d.renamed(p.kind)
        mine_data = _at(declared.model_input if declared.model_input is not None else declared.data, p.declared_at)
        their_data = _at(deployed.data, p.deployed_at)
        for sub, mine, theirs in _diffs(mine_data, their_data, (), renamed):
            path = p.declared_at + sub
            where = format_path(path) if path else "the document"
            if theirs is _MISSING:
                msg = f"{where}: declared {_show(mine)}, but {deployed.label} ({deployed.file}) has no such entry"
            else:
                msg = f"{where}: declared {_show(mine)}, deployed {_show(theirs)} ({deployed.file})"
            other = p.deployed_at + (((renamed.get(sub[0], sub[0]),) + tuple(sub[1:])) if sub else ())
            yield Violation(path, msg + "; the account has drifted from the files",
                            (Related(other, "the deployed value", doc=deployed),), doc=declared)
    for doc in d.only_deployed:
        yield Violation((), f"{doc.label} is deployed in cluster {d.cluster}, but no file of this run declares "
                            "it (made by hand or by another tool?)", doc=doc)
    for doc in d.only_declared:
        yield Violation((), f"{doc.label} is declared here, but cluster {d.cluster} does not run it "
                            "(never deployed, or deleted outside git)", doc=doc)
