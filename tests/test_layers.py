"""The layers of the package, read from its import statements and attribute uses (no import runs):

    files -> front end (terraform, cloudformation, live) -> documents -> engine -> rules -> reporters

- a front end never imports another front end (the static values they share are doalint.values);
- a front end never imports a rule (doalint.checks);
- nothing outside the engine uses an engine name that starts with "_", and the engine does not import
  a front end: it finds them by name (doalint.frontend.FRONT_ENDS), when a run needs one.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "doalint"
FRONT_ENDS = ("doalint.terraform", "doalint.cloudformation", "doalint.live")

def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield rel, name, ast.parse(path.read_text(), rel)


def _imports(tree) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [n for n in out if n == "doalint" or n.startswith("doalint.")]


def _front_end(module: str):
    return next((f for f in FRONT_ENDS if module == f or module.startswith(f + ".")), None)


def test_no_front_end_imports_another_front_end_or_a_rule():
    wrong = []
    for rel, name, tree in _modules():
        mine = _front_end(name)
        if mine is None:
            continue
        for imported in _imports(tree):
            other = _front_end(imported)
            if other is not None and other != mine:
                wrong.append(f"{rel} imports {imported} (another front end)")
            if imported == "doalint.checks" or imported.startswith("doalint.checks."):
                wrong.append(f"{rel} imports {imported} (a rule)")
    assert not wrong, "\n".join(wrong)


def _engine_private_names() -> set[str]:
    names = set()
    for path in (PACKAGE / "engine").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("_") \
                    and not node.name.startswith("__"):
                names.add(node.name)
    return names


def test_nothing_outside_the_engine_uses_its_private_names():
    private = _engine_private_names()
    assert "_emit" in private  # (the scan reads the engine's real names)
    uses: Counter = Counter()
    for rel, name, tree in _modules():
        if name.startswith("doalint.engine"):
            continue
        own = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in private and node.attr not in own:
                uses[(rel, node.attr)] += 1
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("doalint.engine"):
                uses.update((rel, a.name) for a in node.names if a.name.startswith("_"))
    assert not uses, f"engine private names used outside the engine (use a public interface): {dict(uses)}"


def test_the_engine_imports_no_front_end():
    got = {(rel, imported) for rel, name, tree in _modules() if name.startswith("doalint.engine")
           for imported in _imports(tree) if _front_end(imported)}
    assert not got


def test_every_registered_front_end_is_a_module_with_read():
    """The registry names modules that exist and have the protocol's entry point."""
    import importlib

    from doalint.frontend import FRONT_ENDS

    for name, module in FRONT_ENDS.items():
        assert callable(getattr(importlib.import_module(module), "read", None)), name
