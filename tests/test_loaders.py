"""Loaders: positions, errors with line and column, and never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doalint.loaders import parse_text
from doalint.loaders.errors import ParseError
from doalint.loaders.jsonpos import parse_json
from doalint.loaders.yamlpos import parse_yaml

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@given(JSON_VALUES, st.sampled_from([None, 0, 2]))
def test_json_parser_agrees_with_stdlib(value, indent):
    text = json.dumps(value, indent=indent)
    got, smap, dups = parse_json(text)
    assert got == json.loads(text)
    assert not dups
    assert () in smap.values


@given(st.text(max_size=300))
def test_json_parser_never_raises_anything_but_parse_error(text):
    try:
        parse_json(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.col >= 1
    else:
        json.loads(text)  # whatever we accept, the standard library accepts too


@given(st.text(max_size=300))
def test_yaml_parser_never_raises_anything_but_parse_error(text):
    try:
        parse_yaml(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.col >= 1


def test_positions_of_keys_and_values():
    text = '{\n  "containerDefinitions": [\n    {"healthCheck": {"interval": 10}}\n  ]\n}\n'
    _, smap, _ = parse_json(text)
    path = ("containerDefinitions", 0, "healthCheck", "interval")
    assert (smap.keys[path].line, smap.keys[path].col) == (3, 22)
    assert (smap.values[path].line, smap.values[path].col) == (3, 34)


def test_yaml_positions():
    text = "family: x\ncontainerDefinitions:\n  - name: app\n    healthCheck:\n      interval: 10\n"
    [(value, smap, _)] = parse_yaml(text)
    assert value["containerDefinitions"][0]["healthCheck"]["interval"] == 10
    span = smap.keys[("containerDefinitions", 0, "healthCheck", "interval")]
    assert (span.line, span.col) == (5, 7)


@pytest.mark.parametrize(
    "text,line,col",
    [
        ('{\n  "a": 1,\n  "b": 2,\n}\n', 4, 1),  # trailing comma
        ('{\n  "a": 1\n  "b": 2\n}\n', 3, 3),  # missing comma
        ('{"a": tru}', 1, 7),
        ('{"a": "x\ny"}', 1, 9),  # control character in a string
        ("", 1, 1),
    ],
)
def test_json_errors_have_positions(text, line, col):
    with pytest.raises(ParseError) as exc:
        parse_json(text)
    assert (exc.value.line, exc.value.col) == (line, col)


def test_duplicate_keys_are_recorded():
    _, _, dups = parse_json('{"a": 1,\n "a": 2}')
    assert [(d.path, d.span.line, d.first.line) for d in dups] == [(("a",), 2, 1)]
    [(_, _, ydups)] = parse_yaml("a: 1\na: 2\n")
    assert [d.path for d in ydups] == [("a",)]


def test_deep_nesting_is_a_parse_error_not_a_crash():
    with pytest.raises(ParseError, match="nesting deeper"):
        parse_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ParseError):
        parse_yaml("a: " + "[" * 5_000 + "]" * 5_000)


def test_yaml_alias_bomb_is_refused():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    with pytest.raises(ParseError, match="alias"):
        parse_yaml("\n".join(lines))


def test_yaml_never_constructs_objects():
    [(value, _, _)] = parse_yaml("!!python/object/apply:os.system ['echo pwned']\n")
    assert value == ["echo pwned"]
    [(value, _, _)] = parse_yaml("a: !Ref Foo\nb: !GetAtt X.Arn\n")
    assert value == {"a": {"Ref": "Foo"}, "b": {"Fn::GetAtt": ["X", "Arn"]}}


def test_format_is_chosen_by_name_then_content():
    assert parse_text('{"a": 1}', "x.txt")[0].value == {"a": 1}
    assert parse_text("a: 1", "x.txt")[0].value == {"a": 1}
    with pytest.raises(ParseError):
        parse_text("a: 1", "x.json")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_engine_never_raises_on_arbitrary_json_values(linter, value):
    report = linter.lint_text(json.dumps(value), "x.json")
    assert not report.internal_errors


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400), st.sampled_from(["x.json", "x.yaml", "x.txt", "x.json.tpl", "x.yaml.tmpl", "x.tpl"]))
def test_engine_never_raises_on_arbitrary_text(linter, text, name):
    report = linter.lint_text(text, name)
    assert not report.internal_errors


TASK_FIELDS = st.dictionaries(
    st.sampled_from(["family", "networkMode", "cpu", "memory", "requiresCompatibilities", "executionRoleArn",
                     "taskRoleArn", "tags", "containerDefinitions", "pidMode", "ipcMode", "volumes"]),
    JSON_VALUES,
)
CONTAINER = st.dictionaries(
    st.sampled_from(["name", "image", "essential", "portMappings", "environment", "secrets", "healthCheck",
                     "logConfiguration", "ulimits", "stopTimeout", "privileged", "linuxParameters", "links"]),
    JSON_VALUES,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TASK_FIELDS, st.lists(CONTAINER, max_size=3), st.booleans())
def test_rules_never_raise_on_task_definitions_with_random_values(linter, fields, containers, wrap):
    doc = {"family": "product-service", **fields, "containerDefinitions": containers}
    if wrap:
        doc = {"taskDefinition": doc, "tags": fields.get("tags", [])}
    report = linter.lint_text(json.dumps(doc), "td.json")
    assert not report.internal_errors, report.internal_errors


SERVICE_FIELDS = st.dictionaries(
    st.sampled_from(["cluster", "taskDefinition", "desiredCount", "launchType", "platformVersion",
                     "networkConfiguration", "loadBalancers", "serviceRegistries", "deploymentConfiguration",
                     "deploymentController", "propagateTags", "enableECSManagedTags", "capacityProviderStrategy"]),
    JSON_VALUES,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(SERVICE_FIELDS, st.sampled_from(["product-service", "nope-service"]))
def test_rules_never_raise_on_services_with_random_values(linter, fields, name):
    doc = {"serviceName": name, "cluster": "doa-market-cluster", **fields}
    report = linter.lint_text(json.dumps(doc), "svc.json")
    assert not report.internal_errors, report.internal_errors


@pytest.mark.parametrize("parse,text", [
    (parse_yaml, "a: [1, 2]\n"), (parse_yaml, "a: [1, 2\n"),
    (lambda t: parse_json(t, template=True), '{"a": {{X}}}'), (parse_json, '{"a": 1, "a": 2}'), (parse_json, "[1,]"),
])
def test_parsers_leave_the_garbage_collector_as_they_found_it(parse, text):
    """The parsers pause the cyclic garbage collector while they build (big files parse several
    times faster): on, it is on again afterwards, error or not; off, it stays off."""
    import gc

    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            try:
                parse(text)
            except ParseError:
                pass
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
