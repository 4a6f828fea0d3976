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


def test_a_rule_receives_the_kinds_its_catalog_entry_lists():
    """The catalog owns a rule's kinds: the registry gives each rule the kinds of its entry, in the
    entry's order; kinds: [] with applies_to means every kind, or every kind naming a service."""
    from doalint.catalog import default_catalog
    from doalint.engine.registry import load_rules
    from doalint.kinds import KINDS

    rules = load_rules()
    for rid, impl in rules.items():
        entry = default_catalog().entries[rid]
        if entry.applies_to is None:
            assert impl.kinds == tuple(entry.data["kinds"]), rid
    assert rules["DOA404"].kinds == ("codedeploy-deployment-config", "codedeploy-deployment-group",
                                     "codedeploy-deployment-settings")
    assert rules["DOA203"].kinds == ("ecs-service", "ecs-deployment-configuration")
    assert rules["DOA901"].kinds == ("project",)
    assert rules["DOA960"].kinds == ("drift",)
    assert rules["DOA002"].kinds == tuple(KINDS) and len(KINDS) == 16
    assert set(rules["DOA010"].kinds) == {
        "autoscaling-scaling-policy", "autoscaling-scalable-target", "cloudwatch-alarm", "codedeploy-appspec",
        "codedeploy-deployment-group", "codedeploy-deployment-settings", "ecs-task-definition", "ecs-service",
        "elbv2-target-group", "cloudmap-service"}
    assert {e.id: e.applies_to for e in default_catalog() if e.applies_to} == {
        "DOA002": "every-kind", "DOA010": "every-kind-naming-a-service"}


def test_a_rule_is_given_to_exactly_the_documents_of_its_kinds():
    """rules_for(kind) is what the runner asks: DOA010 runs on a task definition, not on an IAM policy."""
    from doalint.engine.registry import PROJECT, rules_for

    assert [r.id for r in rules_for("iam-policy")] == [
        "DOA002", "DOA601", "DOA602", "DOA603", "DOA604", "DOA605", "DOA606", "DOA607"]
    assert [r.id for r in rules_for("ecs-cluster")] == ["DOA002", "DOA801"]
    assert [r.id for r in rules_for("cloudmap-service")] == ["DOA002", "DOA010", "DOA501"]
    assert [r.id for r in rules_for(PROJECT)] == [
        "DOA901", "DOA902", "DOA903", "DOA904", "DOA905", "DOA906", "DOA907", "DOA950"]


def test_kinds_read_from_their_line_equal_the_parsed_entry():
    """A run reads kinds and applies_to from their lines, not by parsing the entry: for every
    bundled entry both ways must agree."""
    from doalint.catalog import _parse, default_catalog

    for e in default_catalog():
        data = _parse(e.path)
        assert (e.kinds, e.applies_to) == (tuple(data["kinds"]), data.get("applies_to")), e.id


_HEAD = "id: DOA999\ntitle: A rule for the tests only\nseverity: error\ntags: []\n"


@pytest.mark.parametrize("lines, kinds, applies", [
    ("kinds: [ecs-service, iam-policy]   # two\n", ("ecs-service", "iam-policy"), None),
    ("kinds: []\napplies_to: every-kind\n", (), "every-kind"),
    ("kinds:\n  - ecs-service\n  - project\n", ("ecs-service", "project"), None),  # block style: parsed
    ("kinds: ['ecs-service']\n", ("ecs-service",), None),  # quoted: parsed
    ("kinds: []\napplies_to: 'every-kind-naming-a-service'\n", (), "every-kind-naming-a-service"),
    ("kinds: [null]\n", ": kinds: not a list of document kinds", None),  # YAML's null, not a kind "null"
    ("kinds: []\napplies_to: true\n", ": applies_to: not one of every-kind, every-kind-naming-a-service", None),
    ("kinds: [ecs-service]\nkinds: [iam-policy]\n", ":6:1: kinds: duplicate key (first at line 5)", None),
], ids=["flow", "applies", "block", "quoted", "quoted-applies", "null", "bool-applies", "twice"])
def test_entry_kinds_however_written(tmp_path, lines, kinds, applies):
    from doalint.catalog import Entry
    from doalint.errors import UsageError

    path = tmp_path / "DOA999-test-rule.yaml"
    path.write_text(_HEAD + lines + "standard: none\n")
    entry = Entry("DOA999", "test-rule", path)
    if isinstance(kinds, str):  # a mistake in the entry: said with its file
        with pytest.raises(UsageError, match=r"^rule catalog entry .*DOA999-test-rule\.yaml" + re.escape(kinds) + "$"):
            entry.kinds
        return
    assert (entry.kinds, entry.applies_to) == (kinds, applies)


@pytest.mark.parametrize("lines, message", [
    ("kinds: []\n", "names no document kind"),
    ("kinds: [ecs-servce]\n", "no detector produces the kind 'ecs-servce'"),
    ("kinds: [ecs-service]\napplies_to: every-kind\n", "lists kinds and applies_to: every-kind; give one"),
    ("kinds: []\napplies_to: every-file\n", "applies_to: every-file is not every-kind or"),
    ("kinds: [project, ecs-service]\n", "a project rule has that one kind"),
    ("kinds: [ecs-service, drift]\n", "a drift rule has that one kind"),
], ids=["none", "unknown", "both", "unknown-applies", "project-mixed", "drift-mixed"])
def test_a_catalog_mistake_about_kinds_fails_loudly(tmp_path, lines, message):
    from doalint.catalog import Entry
    from doalint.engine.registry import kinds_of

    path = tmp_path / "DOA999-test-rule.yaml"
    path.write_text(_HEAD + lines + "standard: none\n")
    with pytest.raises(RuntimeError, match="^rule catalog entry DOA999 \\(DOA999-test-rule.yaml\\): " + re.escape(message)):
        kinds_of(Entry("DOA999", "test-rule", path))


def test_a_rule_module_without_catalog_entry_or_outside_its_area_fails_loudly(monkeypatch):
    """Registering a rule whose ID has no catalog entry, or whose entry names a kind its area does not
    import it for, raises (the rule would otherwise never run, or run on the wrong documents)."""
    import types

    from doalint.engine import registry

    monkeypatch.setattr(registry, "REGISTRY", {})

    def module(rid):
        return types.SimpleNamespace(RULE=registry.Rule(rid), check=lambda model, ctx: (),
                                     __name__=f"doalint.checks.task.{rid.lower()}_test")

    with pytest.raises(RuntimeError, match=r"^rule DOA998 \(doalint\.checks\.task\.doa998_test\) has no catalog "
                                           r"entry: .* rules/catalog/DOA998-<name>\.yaml$"):
        registry._register(module("DOA998"))
    with pytest.raises(RuntimeError, match=r"^rule DOA201 applies to 'ecs-service' \(rules/catalog/DOA201-"
                                           r"launch-type-not-fargate\.yaml\), which its area doalint\.checks\.task "
                                           r"does not list in KINDS$"):
        registry._register(module("DOA201"), ("ecs-task-definition",))
    assert registry.REGISTRY == {}
    registry._register(module("DOA201"), ("ecs-service", "ecs-deployment-configuration"))
    assert registry.REGISTRY["DOA201"].kinds == ("ecs-service",)
    assert registry.REGISTRY["DOA201"].needs_service is True


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
    fixable = (entry.data.get("fix") or {}).get("availability", "never") != "never"
    assert md.count("\n## ") == 6 + fixable  # (and "## Fix" for a rule that can fix)
    assert ("\n## Fix\n" in md) == fixable and ("\nFix\n" in text) == fixable
