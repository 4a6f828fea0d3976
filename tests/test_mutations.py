"""Structurally valid documents with random values at random places: never an internal error.

Clean fixtures (JSON kinds, CloudFormation templates, and fixture sets linted together for the
rules across documents) are mutated at random paths with hostile values."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES

from doalint.loaders.yamlpos import parse_yaml

HOSTILE = [None, True, 0, -1, "", "x", [], {}, [None], "*", 1e300, [[[]]], {"a": {"b": [1]}},
           {"Ref": "Nope"}, {"Fn::Sub": ["${X}", True]}, {"Fn::GetAtt": "A"}, {"Fn::If": ["C", 1]},
           {"Fn::Join": ["", None]}, {"Ref": "AWS::NoValue"}, {"Fn::ImportValue": "x"},
           {"Fn::FindInMap": [1, 2, 3]}, "${var.x}", "arn:aws:iam::*:role/x", "service/a/b"]

SINGLE = sorted(p for p in (FIXTURES / "rules").rglob("*") if p.suffix in (".json", ".yaml") and
                p.name.startswith(("good", "bad")) and p.parent.parent.name == "rules") + sorted(
    (FIXTURES / "rules").rglob("good-cfn*")) + [FIXTURES / "seed-cloudformation" / "template.yaml"]
SETS = sorted(p for p in (FIXTURES / "rules").glob("DOA9*/*/") if not (p / ".doalint.yaml").exists())


def _load(path):
    text = path.read_text()
    return json.loads(text) if path.suffix == ".json" else parse_yaml(text)[0][0]


def _mutate(value, rnd, depth=0):
    if isinstance(value, dict) and value:
        k = rnd.choice(sorted(value, key=str))
        if rnd.random() < 0.3 or depth > 6:
            value[k] = copy.deepcopy(rnd.choice(HOSTILE))
        else:
            _mutate(value[k], rnd, depth + 1)
    elif isinstance(value, list) and value:
        i = rnd.randrange(len(value))
        if rnd.random() < 0.3 or depth > 6:
            value[i] = copy.deepcopy(rnd.choice(HOSTILE))
        else:
            _mutate(value[i], rnd, depth + 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.sampled_from(SINGLE), st.randoms(use_true_random=False), st.integers(1, 4))
def test_mutated_documents_never_cause_internal_errors(linter, tmp_path_factory, source, rnd, times):
    doc = _load(source)
    for _ in range(times):
        _mutate(doc, rnd)
    p = tmp_path_factory.mktemp("m") / "doc.json"
    p.write_text(json.dumps(doc))
    first = linter.lint_paths([str(p)])
    assert not first.internal_errors, first.internal_errors
    again = linter.lint_paths([str(p)])
    assert [(f.rule, f.line, f.message) for f in again.findings] == [(f.rule, f.line, f.message) for f in first.findings]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.sampled_from(SETS), st.randoms(use_true_random=False))
def test_mutated_fixture_sets_never_cause_internal_errors(linter, tmp_path_factory, folder, rnd):
    out = tmp_path_factory.mktemp("set")
    for f in sorted(folder.iterdir()):
        if f.suffix == ".json" and rnd.random() < 0.7:
            doc = _load(f)
            _mutate(doc, rnd)
            (out / f.name).write_text(json.dumps(doc))
        elif f.is_file():
            (out / f.name).write_text(f.read_text())
    report = linter.lint_paths([str(out)])
    assert not report.internal_errors, report.internal_errors
