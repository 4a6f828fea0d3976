"""The rule catalog: complete, schema-valid, and its examples are true."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT

CATALOG_DIR = ROOT / "rules" / "catalog"
FILES = sorted(CATALOG_DIR.glob("DOA*.yaml"))
SCHEMA = json.loads((ROOT / "rules" / "catalog.schema.json").read_text())


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_entry_is_valid(path):
    data = _load(path)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    assert path.name.startswith(data["id"] + "-"), "file name must start with the rule ID"
    from doalint.kinds import KINDS

    assert set(data["kinds"]) <= set(KINDS) | {"project", "drift"}, "unknown document kind"


def test_catalog_and_implementations_match():
    from doalint.catalog import default_catalog
    from doalint.engine.registry import load_rules

    impl = set(load_rules())
    entries = {e.id: e for e in default_catalog()}
    by_rule = {i for i, e in entries.items() if e.data.get("source", "rule") == "rule"}
    assert impl == by_rule, f"without entry: {sorted(impl - by_rule)}; without code: {sorted(by_rule - impl)}"
    assert len({e.name for e in entries.values()}) == len(entries), "rule names must be unique"


def test_implementation_kinds_match_catalog():
    from doalint.catalog import default_catalog
    from doalint.engine.registry import load_rules

    for rid, impl in load_rules().items():
        listed = default_catalog().entries[rid].data["kinds"]
        if listed:  # an empty list means "every kind" (DOA002, DOA010)
            assert set(impl.kinds) == set(listed), rid


def test_rule_modules_are_named_after_their_rule():
    """One rule per module, the module named after its ID (doa201_launch_type.py declares DOA201), and
    its check a plain function: a decorator would hide it from the mutation tool."""
    import importlib
    import pkgutil

    import doalint.checks as pkg
    from doalint.engine.registry import Rule, load_rules

    rules = load_rules()
    seen = set()
    for area in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
        if not area.ispkg:
            continue
        for info in pkgutil.iter_modules(importlib.import_module(area.name).__path__, area.name + "."):
            module = importlib.import_module(info.name)
            decl = getattr(module, "RULE", None)
            short = info.name.rsplit(".", 1)[1]
            if short.startswith("_"):
                assert decl is None, info.name
                continue
            assert isinstance(decl, Rule), f"{info.name} declares no RULE"
            assert short.split("_", 1)[0] == decl.id.lower(), info.name
            assert rules[decl.id].fn is module.check
            text = Path(module.__file__).read_text()
            if "_mutmut_" not in text:  # (the mutation tool's copy carries decorators of its own)
                assert "\ndef check(" in text and not re.search(r"^@.*\n(@.*\n)*def check\(", text, re.M), \
                    info.name
            seen.add(decl.id)
    assert seen == set(rules)


def _run_snippet(linter, snippet, name, tmp_path):
    if "deployed" in snippet:  # a drift rule: the declared text against a deployed resource
        return _run_drift(linter, snippet, name, tmp_path)
    if "config" not in snippet:
        return linter.lint_text(snippet["text"], f"{name}.{snippet['format']}")
    from doalint.config import load
    from doalint.engine.runner import Linter

    (tmp_path / ".doalint.yaml").write_text(snippet["config"])
    doc = tmp_path / f"{name}.{snippet['format']}"
    doc.write_text(snippet["text"])
    return Linter(linter.profile, config=load(tmp_path / ".doalint.yaml")).lint_paths([str(doc)])


def _run_drift(linter, snippet, name, tmp_path):
    from doalint.kinds import detect
    from doalint.live.collect import Live, LiveDoc
    from doalint.live.drift import scan_and_compare

    declared = tmp_path / f"{name}.{snippet['format']}"
    declared.write_text(snippet["text"])
    value = json.loads(snippet["deployed"])
    (found,) = detect(value)
    arn = found.data.get("AlarmArn") or f"arn:aws:example:::{name}"
    live = Live("ap-northeast-2", "doa-market-cluster", "123456789012", [LiveDoc(arn, found.kind, value)])
    return scan_and_compare(linter, live, [str(declared)])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_example_triggers_and_fix_does_not(linter, path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _load(path)
    rid = data["id"]
    ex, fix = data["explain"]["example"], data["explain"]["use_instead"]
    bad = _run_snippet(linter, ex, "example", tmp_path)
    good = _run_snippet(linter, fix, "use-instead", tmp_path)
    assert not bad.internal_errors and not good.internal_errors
    assert rid in {f.rule for f in bad.findings}, f"Example does not trigger {rid}"
    assert rid not in {f.rule for f in good.findings}, f"Use instead triggers {rid}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_explain_renders_all_sections(path):
    from doalint.catalog import default_catalog
    from doalint.explain import render_markdown, render_text
    from doalint.profile import load_profile

    entry = default_catalog().get(_load(path)["id"])
    text = render_text(entry, load_profile())
    for heading in ("What it checks", "Why it matters", "Example", "Use instead", "Options", "References"):
        assert f"\n{heading}" in text
    md = render_markdown(entry, load_profile())
    assert md.count("\n## ") == 6
