"""Hostile input, round 2 (issue 15): no input may abort the run, hang it, or hide a finding.

Each section belongs to one part of the issue; keep them separate."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli

# === Evaluators: Terraform and CloudFormation (numbers, depth, size, cycles, conditions) ==========

_CFN = 'AWSTemplateFormatVersion: "2010-09-09"\n'


def _lint(linter, folder, files: dict):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    t0 = time.monotonic()
    report = linter.lint_paths([str(folder)])
    assert time.monotonic() - t0 < 10, "took too long"
    assert not report.internal_errors, report.internal_errors
    return report


def _rules(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_json_integer_over_4300_digits_is_doa001_and_the_rest_is_checked(linter, tmp_path):
    report = _lint(linter, tmp_path, {"a.json": '{"family": "x", "cpu": %s}' % ("9" * 5000),
                                      "b.json": '{"family": "x", "containerDefinitions": [{"name": "a", "image": "x"}]}'})
    [f] = [f for f in _rules(report, "DOA001") if f.file.endswith("a.json")]
    assert (f.line, f.col) == (1, 24) and "5000 digits" in f.message
    assert report.documents == 1  # b.json


def test_terraform_integer_over_4300_digits_is_doa003(linter, tmp_path):
    text = 'resource "aws_ecs_cluster" "a" {\n  name = "x"\n  setting {\n    name  = "containerInsights"\n' \
           '    value = %s\n  }\n}\n' % ("9" * 5000)
    report = _lint(linter, tmp_path, {"main.tf": text})
    [f] = _rules(report, "DOA003")
    assert f.line == 5 and "5000 digits" in f.message and len(f.message) < 400


def test_deep_tfvars_json_is_doa001(linter, tmp_path):
    report = _lint(linter, tmp_path, {"main.tf": 'variable "x" {}\n',
                                      "terraform.tfvars.json": '{"x": ' + "[" * 5000 + "]" * 5000 + "}"})
    [f] = report.findings
    assert f.rule == "DOA001" and f.file.endswith("terraform.tfvars.json")
    assert (f.line, f.col, f.message) == (1, 106, "nesting deeper than 100 levels")  # the 101st "["


def test_cloudformation_chain_of_150_conditions(linter, tmp_path):
    conds = {"C0": {"Fn::Equals": ["a", "a"]}}
    conds.update({f"C{i}": {"Fn::Not": [{"Condition": f"C{i - 1}"}]} for i in range(1, 150)})
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Conditions": conds, "Resources": {
        "A": {"Type": "AWS::ECS::Cluster", "Condition": "C149", "Properties": {"ClusterName": "a"}},
        "B": {"Type": "AWS::ECS::Cluster", "Condition": "C148", "Properties": {"ClusterName": "b"}}}}
    report = _lint(linter, tmp_path, {"t.json": json.dumps(template)})
    # C148 is true (an even number of Nots over true), C149 false: only B is checked
    assert [f.message.split(":")[0] for f in report.findings] == ["Resources/B"]


def test_cloudformation_200_chained_refs(linter, tmp_path):
    res = {"R0": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "x"}}}
    res.update({f"R{i}": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": {"Fn::Sub": f"${{R{i - 1}}}-y"}}}
                for i in range(1, 200)})
    report = _lint(linter, tmp_path, {"t.json": json.dumps({"AWSTemplateFormatVersion": "2010-09-09",
                                                             "Resources": res})})
    assert len({f.message.split(":")[0] for f in report.findings}) == 200


def test_terraform_170_chained_locals(linter, tmp_path):
    text = "locals {\n  l0 = \"x\"\n" + "".join(f"  l{i} = local.l{i - 1}\n" for i in range(1, 170)) + "}\n"
    text += 'resource "aws_ecs_cluster" "a" {\n  name = local.l169\n}\n'
    report = _lint(linter, tmp_path, {"main.tf": text})
    [f] = _rules(report, "DOA003")
    assert "nesting deeper than" in f.message and f.line == 174


def test_terraform_resources_whose_names_reference_each_other(linter, tmp_path):
    text = ('resource "aws_ecs_cluster" "a" {\n  name = aws_ecs_cluster.b.name\n}\n'
            'resource "aws_ecs_cluster" "b" {\n  name = aws_ecs_cluster.a.name\n}\n')
    report = _lint(linter, tmp_path, {"main.tf": text})
    assert sorted(f.line for f in _rules(report, "DOA003")) == [2, 5]


@pytest.mark.parametrize("expr", ['element([], 0)', 'format("%s-%s", "x")', 'format("%d", 1e999)',
                                  "ceil(1e999)", "1e999 * 10", "tonumber(\"1e999\")"])
def test_terraform_function_errors_are_doa003(linter, tmp_path, expr):
    report = _lint(linter, tmp_path, {"main.tf": 'resource "aws_ecs_cluster" "a" {\n  name = %s\n}\n' % expr})
    # the name is unknown (DOA003 at it); the cluster is still checked (no containerInsights: DOA801)
    assert sorted((f.rule, f.line, f.col) for f in report.findings) == [("DOA003", 2, 3), ("DOA801", 1, 1)]
    [f] = _rules(report, "DOA003")
    assert f.message.startswith(f"aws_ecs_cluster.a: clusterName is `{expr}"), f.message
    assert f.message.endswith("which doalint cannot resolve statically; rules that read it were skipped")


def test_cloudformation_select_with_an_infinite_index(linter, tmp_path):
    text = _CFN + "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n    Properties:\n      ClusterSettings:\n" \
                  "        - Name: containerInsights\n          Value: !Select [.inf, [enabled, disabled]]\n"
    report = _lint(linter, tmp_path, {"t.yaml": text})
    assert [f"{f.rule}@{f.line}" for f in report.findings] == ["DOA003@8"]


@pytest.mark.parametrize("expr,shown", [
    ("length(range(1000000000))", "length(range(1000000000))`"),
    ("length([for i in range(10000) : [for j in range(10000) : j]])",
     "length([for i in range(10000) : [for j in range(10000) : j]])`"),
    ("length(flatten([for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k]]]))",
     "k (more than 200000 expressions to evaluate)`")])
def test_terraform_values_are_bounded_in_size(linter, tmp_path, expr, shown):
    report = _lint(linter, tmp_path, {"main.tf": 'resource "aws_ecs_cluster" "a" {\n  name = %s\n}\n' % expr})
    assert sorted((f.rule, f.line, f.col) for f in report.findings) == [("DOA003", 2, 3), ("DOA801", 1, 1)]
    [f] = _rules(report, "DOA003")
    assert f.message.startswith("aws_ecs_cluster.a: clusterName is `" + shown), f.message


def test_terraform_range_as_terraform_limits_it(linter, tmp_path):
    text = 'resource "aws_ecs_cluster" "a" {\n  count = length(range(1024)) - 1024\n  name = "x"\n}\n'
    report = _lint(linter, tmp_path, {"main.tf": text})
    assert not report.findings and report.skipped  # count 0: nothing created


def test_cloudformation_cycle_search_is_linear(linter, tmp_path):
    res = {f"R{i:02}": {"Type": "AWS::SNS::Topic", "DependsOn": [f"R{j:02}" for j in range(27) if j != i]}
           for i in range(27)}
    res["X"] = {"Type": "AWS::SNS::Topic", "DependsOn": "Y"}
    res["Y"] = {"Type": "AWS::SNS::Topic", "DependsOn": ["X"]}
    res["Z"] = {"Type": "AWS::SNS::Topic", "DependsOn": ["Z"]}
    report = _lint(linter, tmp_path, {"t.json": json.dumps({"AWSTemplateFormatVersion": "2010-09-09",
                                                             "Resources": res})})
    messages = sorted(f.message for f in _rules(report, "DOA001"))
    assert len(messages) == 3
    assert "circular dependency between resources R00 -> R01 -> R00" in messages[0]
    assert "X -> Y -> X" in messages[1] and "Z -> Z" in messages[2]


def test_cloudformation_missing_conditions_and_condition_cycles(linter, tmp_path):
    text = _CFN + """\
Conditions:
  A: !Condition Nope
  X: !Not [!Condition Y]
  Y: !Not [!Condition X]
Resources:
  C:
    Type: AWS::ECS::Cluster
    Condition: Missing
    Properties:
      ClusterName: !If [Absent, a, b]
"""
    report = _lint(linter, tmp_path, {"t.yaml": text})
    found = sorted((f.line, f.message) for f in _rules(report, "DOA001"))
    assert [line for line, _ in found] == [3, 4, 9, 11]
    assert "Nope" in found[0][1] and "circular" in found[1][1]
    assert "Missing" in found[2][1] and "Absent" in found[3][1]


def test_terraform_duplicate_resource_address_and_attribute(linter, tmp_path):
    report = _lint(linter, tmp_path, {
        "a.tf": 'resource "aws_ecs_cluster" "a" {\n  name = "x"\n  name = "y"\n}\n',
        "b.tf": 'resource "aws_ecs_cluster" "a" {\n  name = "z"\n}\n'})
    [dup] = _rules(report, "DOA001")
    assert dup.file.endswith("b.tf") and dup.line == 1 and "aws_ecs_cluster.a" in dup.message
    [twice] = _rules(report, "DOA004")
    assert twice.file.endswith("a.tf") and twice.line == 3 and twice.related[0].line == 2


def test_terraform_json_with_array_form_blocks(linter, tmp_path):
    value = {"resource": [{"aws_ecs_cluster": [{"a": [{"name": "x", "setting": [
        {"name": "containerInsights", "value": "disabled"}]}]}]}]}
    text = json.dumps(value, indent=1)
    report = _lint(linter, tmp_path, {"main.tf.json": text})
    [f] = report.findings
    assert report.documents == 1 and (f.rule, f.line, f.col) == ("DOA801", 12, 10)
    assert text.splitlines()[f.line - 1].strip() == '"value": "disabled"'
    assert f.message.startswith("aws_ecs_cluster.a: containerInsights is 'disabled'; the standard requires 'enabled'")


def test_terraform_heredoc_columns_with_indentation_stripped(linter, tmp_path):
    text = ('resource "aws_ecs_task_definition" "a" {\n  family = "x"\n  container_definitions = <<-EOF\n'
            '    [{"name": "a", "image": "nginx:latest", "essential": true, "privileged": true}]\n    EOF\n}\n')
    report = _lint(linter, tmp_path, {"main.tf": text})
    line = text.split("\n")[3]
    [f] = [f for f in report.findings if "privileged" in f.message]
    assert (f.line, f.col) == (4, line.index('"privileged"') + 1)


# --- random shapes: Terraform expressions and CloudFormation graphs ---------------------------------

_ATOMS = ['"x"', "1", "0", "-1", "true", "null", "[]", "{}", "1e999", "var.v", "local.l0", "local.l1",
          "aws_ecs_cluster.a.name", "count.index", '"%s-%d"', "\"${var.v}-y\""]
_FUNCS = ["element", "format", "join", "range", "length", "lookup", "merge", "concat", "flatten", "tonumber",
          "jsondecode", "jsonencode", "substr", "split", "replace", "coalesce", "try", "can", "ceil", "max",
          "zipmap", "keys", "one", "tolist", "distinct", "sort", "upper", "nope"]


def _tf_expr():
    return st.recursive(
        st.sampled_from(_ATOMS),
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(_FUNCS), st.lists(inner, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.tuples(inner, st.sampled_from(["+", "*", "-", "/", "%", "==", "&&", "<"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"[for i, x in {t[0]} : {t[1]}]"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
            inner.map(lambda x: f"{x}[0]"),
        ),
        max_leaves=12)


@settings(max_examples=120, deadline=10_000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(_tf_expr(), min_size=3, max_size=3))
def test_random_terraform_expressions_give_findings_not_tracebacks(linter, tmp_path_factory, exprs):
    folder = tmp_path_factory.mktemp("tf")
    text = (f'variable "v" {{\n  default = {exprs[0]}\n}}\nlocals {{\n  l0 = {exprs[1]}\n  l1 = local.l0\n}}\n'
            f'resource "aws_ecs_cluster" "a" {{\n  name = {exprs[2]}\n  tags = {{ a = local.l1 }}\n}}\n')
    (folder / "main.tf").write_text(text)
    report = linter.lint_paths([str(folder)])
    assert not report.internal_errors, (text, report.internal_errors)
    lines = text.count("\n") + 1
    assert all(f.file.endswith("main.tf") and 1 <= f.line <= lines for f in report.findings), (text, report.findings)


@st.composite
def _cfn_graph(draw):
    n = draw(st.integers(1, 12))
    names = [f"R{i}" for i in range(n)]
    conds = [f"C{i}" for i in range(draw(st.integers(0, 8)))]
    ref = st.sampled_from(names + ["Nope"])
    cond_ref = st.sampled_from(conds + ["Missing"])
    value = st.recursive(
        st.one_of(st.sampled_from(["x", 1, 1e300, "__INF__"]), ref.map(lambda r: {"Ref": r}),
                  ref.map(lambda r: {"Fn::GetAtt": [r, "Arn"]}), ref.map(lambda r: {"Fn::Sub": f"${{{r}}}-a"})),
        lambda inner: st.one_of(
            st.tuples(cond_ref, inner, inner).map(lambda t: {"Fn::If": list(t)}),
            st.tuples(st.sampled_from([0, -1, 5, "__INF__", "1"]), st.lists(inner, max_size=3)).map(
                lambda t: {"Fn::Select": list(t)}),
            st.lists(inner, max_size=3).map(lambda xs: {"Fn::Join": ["-", xs]})),
        max_leaves=6)
    cond_body = st.recursive(
        st.one_of(cond_ref.map(lambda c: {"Condition": c}), st.just({"Fn::Equals": ["a", "a"]}),
                  ref.map(lambda r: {"Fn::Equals": [{"Ref": r}, "x"]})),
        lambda inner: st.one_of(st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"Fn::And": xs}),
                                inner.map(lambda x: {"Fn::Not": [x]})),
        max_leaves=5)
    types = ["AWS::ECS::Cluster", "AWS::SNS::Topic", "AWS::IAM::Role", "AWS::ECS::TaskDefinition"]
    resources = {}
    for name in names:
        res = {"Type": draw(st.sampled_from(types)),
               "Properties": {"ClusterName": draw(value), "RoleName": draw(value), "Family": draw(value)}}
        deps = draw(st.lists(st.sampled_from(names), max_size=n))
        if deps:
            res["DependsOn"] = deps
        if draw(st.booleans()) and conds:
            res["Condition"] = draw(cond_ref)
        resources[name] = res
    return {"AWSTemplateFormatVersion": "2010-09-09", "Conditions": {c: draw(cond_body) for c in conds},
            "Resources": resources}


@settings(max_examples=120, deadline=10_000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(_cfn_graph())
def test_random_cloudformation_graphs_give_findings_not_tracebacks(linter, tmp_path_factory, template):
    p = tmp_path_factory.mktemp("cfn") / "t.json"
    p.write_text(json.dumps(template).replace('"__INF__"', "1e999"))
    report = linter.lint_paths([str(p)])
    assert not report.internal_errors, (template, report.internal_errors)
    assert all(f.file == str(p) and f.line >= 1 for f in report.findings), (template, report.findings)


def test_hostile_evaluator_input_through_the_cli(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_ecs_cluster" "a" {\n  name = element([], 0)\n}\n')
    code, out, err = run_cli("check", str(tmp_path), "--isolated")
    assert code == 1 and "DOA003" in out and "internal error" not in out + err

# === end of the evaluators' section ===============================================================

# === Findings: nothing hides a finding or misplaces it; the bounded harness =======================


def test_json_with_cr_only_line_ends_reports_real_lines(tmp_path):
    from conftest import FIXTURES

    src = (FIXTURES / "rules" / "DOA109" / "bad-password-name.json").read_text()
    for eol in ("\r", "\r\n"):
        p = tmp_path / "task.json"
        p.write_bytes(src.replace("\n", eol).encode())
        code, out, err = run_cli("check", "--isolated", "--format", "json", str(p))
        assert code == 1, err
        [f] = [f for f in json.loads(out)["findings"] if f["rule"] == "DOA109"]
        assert (f["line"], f["column"]) == (22, 10), (eol, f)


def test_a_big_yaml_file_without_aliases_is_not_called_an_alias_bomb(tmp_path):
    from doalint.loaders.errors import ParseError
    from doalint.loaders.yamlpos import MAX_NODES, parse_yaml

    big = "items:\n" + "".join(f"  - {i}\n" for i in range(MAX_NODES))
    with pytest.raises(ParseError) as caught:
        parse_yaml(big)
    assert "alias" not in caught.value.message and f"more than {MAX_NODES} values" in caught.value.message
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg"))
    with pytest.raises(ParseError) as caught:
        parse_yaml(bomb)
    assert "aliases" in caught.value.message and f"more than {MAX_NODES} values" in caught.value.message


def test_the_same_tree_named_twice_is_checked_once(tmp_path, monkeypatch):
    from conftest import FIXTURES

    tree = tmp_path / "t"
    (tree / "inner").mkdir(parents=True)
    (tree / "task.json").write_text((FIXTURES / "rules" / "DOA109" / "bad-password-name.json").read_text())
    (tree / "inner" / "again.json").symlink_to(tree / "task.json")  # an inner link to a file of the tree
    (tree / "inner" / "loop").symlink_to(tree, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("check", "--isolated", "--format", "json", "t", str(tree), "t/task.json")
    assert code == 1, err
    data = json.loads(out)
    assert [f["file"] for f in data["findings"] if f["rule"] == "DOA109"] == ["t/task.json"]
    assert data["summary"]["files"] == 1


# --- the bounded harness: every hostile input of the suite, in a child with a time and memory bound --

HARNESS_SECONDS = 10  # per input (test)
HARNESS_MEMORY = 1 << 30  # address space of the child: 1 GiB
HARNESS_TOTAL = 240  # the whole child run: a backstop for a hang in C code, which no alarm interrupts

_BOUND_PLUGIN = '''
import signal

import pytest


class InputTookTooLong(Exception):
    pass


def _alarm(signum, frame):
    raise InputTookTooLong("more than %d s on one hostile input")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(%d)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
''' % (HARNESS_SECONDS, HARNESS_SECONDS)


def _bounded_child():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (HARNESS_MEMORY, HARNESS_MEMORY))


@pytest.mark.skipif(__import__("os").environ.get("DOALINT_HARNESS_CHILD") == "1", reason="inside the harness")
def test_harness_runs_every_hostile_input_within_a_time_and_memory_bound(tmp_path):
    """tests/test_hostile.py and tests/test_limits.py (but the random ones and this one) in one child
    process: each test gets HARNESS_SECONDS (SIGALRM), the child 1 GiB of address space and
    HARNESS_TOTAL seconds in all, so a hang or a blow-up fails here rather than at CI's time limit."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "hostile_bound.py").write_text(_BOUND_PLUGIN)
    env = {**os.environ, "DOALINT_HARNESS_CHILD": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "hostile_bound", "-p", "no:cacheprovider",
           "tests/test_hostile.py", "tests/test_limits.py", "-k", "not random and not harness",
           "--basetemp", str(tmp_path / "t")]
    try:
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, errors="replace",
                              timeout=HARNESS_TOTAL, preexec_fn=_bounded_child)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"the hostile inputs took more than {HARNESS_TOTAL} s in all:\n{out[-3000:]}")
    assert done.returncode == 0, (done.stdout[-4000:], done.stderr[-2000:])
    assert "MemoryError" not in done.stdout and " passed" in done.stdout

# === end of the findings' section ================================================================
