"""The format-preserving text layer of autofix: doalint.fixes.text (offsets, applying edits) and
doalint.fixes.syntax (replace a value, insert a member, delete a member or an item) in JSON, YAML
and HCL, with spans taken from doalint's own parsers, as the fix resolver takes them.

Each test states the whole text after the edit: what changed, and that nothing else did (comments,
key order, blank lines, line ends, the final line end)."""

from __future__ import annotations

import copy
import json
import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doalint.fixes.syntax import delete_item, delete_member, insert_member, replace_value, same
from doalint.fixes.text import Edit, apply, line_start, next_line, offset, position
from doalint.loaders import parse_text


def fixed(text: str, edits) -> str:
    assert edits is not None, "the layer refused the edit"
    return apply(text, [edits] if isinstance(edits, Edit) else edits)


def js(text: str):
    unit = parse_text(text, "x.json")[0]
    return unit.smap.values, unit.smap.keys


def ym(text: str, doc: int = 0):
    unit = parse_text(text, "x.yaml")[doc]
    return unit.smap.values, unit.smap.keys


def tf(linter, tmp_path, text: str, kind: str):
    """The source map of the document of ``kind`` doalint's Terraform front end makes of ``text``."""
    (tmp_path / "main.tf").write_bytes(text.encode())
    docs = [d for d in linter.lint_paths([str(tmp_path)]).docs if d.source == "terraform" and d.kind == kind]
    assert len(docs) == 1
    return docs[0].smap.values, docs[0].smap.keys


# --- doalint.fixes.text -------------------------------------------------------------------------


class TestOffsets:
    """Positions as doalint's source maps count them: 1-based, columns in characters."""

    TEXT = "ab\r\nc😀d\re\n\nf"

    def test_offsets_of_lines_ending_in_crlf_cr_and_lf(self):
        t = self.TEXT
        assert [offset(t, 1, 1), offset(t, 1, 3), offset(t, 2, 1), offset(t, 2, 4)] == [0, 2, 4, 7]
        assert [offset(t, 3, 1), offset(t, 4, 1), offset(t, 5, 1), offset(t, 5, 2)] == [8, 10, 11, 12]
        assert t[offset(t, 2, 3)] == "d"

    def test_positions_are_those_of_doalint_s_line_index(self):
        from doalint.loaders.errors import LineIndex

        index = LineIndex(self.TEXT)
        assert [position(self.TEXT, off) for off in range(len(self.TEXT) + 1)] == [
            index.position(off) for off in range(len(self.TEXT) + 1)]

    def test_position_is_the_inverse_of_offset(self):
        t = self.TEXT
        for off in range(len(t) + 1):
            if t[off - 1:off + 1] == "\r\n":
                continue  # between CR and LF: no position of its own
            assert offset(t, *position(t, off)) == off

    def test_positions_outside_the_text_are_refused(self):
        for line, col in [(0, 1), (6, 1), (1, 0), (1, 4), (2, 5)]:
            with pytest.raises(ValueError):
                offset(self.TEXT, line, col)
        with pytest.raises(ValueError):
            position(self.TEXT, len(self.TEXT) + 1)

    def test_the_same_text_object_is_indexed_once_and_a_new_one_again(self):
        a = "x\ny\n"
        assert offset(a, 2, 1) == 2
        b = "xx\ny\n"
        assert offset(b, 2, 1) == 3
        assert offset(a, 2, 1) == 2


class TestApply:
    """Edits applied in offset order, whatever order they come in."""

    def test_edits_are_sorted_and_applied_together(self):
        assert apply("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "A"), Edit(2, 2, "+")]) == "Ab+cdEf"

    def test_insertions_at_one_offset_keep_the_order_given(self):
        assert apply("ab", [Edit(1, 1, "1"), Edit(1, 1, "2")]) == "a12b"
        assert apply("ab", [Edit(1, 1, "2"), Edit(1, 1, "1")]) == "a21b"

    def test_an_insertion_at_either_end_of_a_replacement_does_not_overlap_it(self):
        assert apply("abcd", [Edit(1, 3, "X"), Edit(3, 3, ">"), Edit(1, 1, "<")]) == "a<X>d"

    def test_overlapping_edits_are_refused(self):
        with pytest.raises(ValueError):
            apply("abcd", [Edit(0, 2, "x"), Edit(1, 3, "y")])
        with pytest.raises(ValueError):
            apply("abcd", [Edit(0, 3, "x"), Edit(2, 2, "y")])
        with pytest.raises(ValueError):
            apply("abcd", [Edit(1, 2, "x"), Edit(1, 2, "x")])

    def test_edits_out_of_the_text_are_refused(self):
        for bad in (Edit(3, 5, ""), Edit(-1, 0, ""), Edit(2, 1, "")):
            with pytest.raises(ValueError):
                apply("abcd", [bad])

    def test_an_edit_is_a_small_tuple(self):
        e = Edit(1, 2, "x")
        assert (e.start, e.end, e.text) == (1, 2, "x") == tuple(e)
        assert repr(e) == "Edit(1, 2, 'x')"
        import pickle

        assert pickle.loads(pickle.dumps(e)) == e and type(pickle.loads(pickle.dumps(e))) is Edit
        assert not hasattr(e, "__dict__")


# --- JSON ---------------------------------------------------------------------------------------

TASK_JSON = """{
\t"family": "web",
\t"cpu": "256",
\t"containerDefinitions": [
\t\t{"name": "app", "essential": true},
\t\t{
\t\t\t"name": "sidecar",
\t\t\t"healthCheck": {}
\t\t}
\t],
\t"tags": []
}
"""


class TestJsonReplace:
    """A value replaced in place, written as JSON writes it."""

    def test_a_scalar_in_a_tab_indented_file(self):
        v, _ = js(TASK_JSON)
        assert fixed(TASK_JSON, replace_value("json", TASK_JSON, v[("cpu",)], 512)) == TASK_JSON.replace(
            '"cpu": "256"', '"cpu": 512')
        assert fixed(TASK_JSON, replace_value("json", TASK_JSON, v[("containerDefinitions", 0, "essential")],
                                              False)) == TASK_JSON.replace('"essential": true', '"essential": false')

    def test_scalars_as_python_writes_them_to_json(self):
        text = '{"a": 1}'
        at = js(text)[0][("a",)]
        written = {None: "null", True: "true", 3: "3", 2.5: "2.5", 1e16: "1e+16", "x\"\n😀": '"x\\"\\n😀"'}
        for value, out in written.items():
            assert fixed(text, replace_value("json", text, at, value)) == '{"a": ' + out + "}"

    def test_a_dict_in_a_multi_line_place_is_indented_as_the_file(self):
        v, _ = js(TASK_JSON)
        out = fixed(TASK_JSON, replace_value("json", TASK_JSON, v[("containerDefinitions", 1, "healthCheck")],
                                             {"command": ["CMD", "true"], "retries": 3}))
        assert out == TASK_JSON.replace('"healthCheck": {}', '"healthCheck": {\n\t\t\t\t"command": [\n\t\t\t\t\t"CMD",'
                                        '\n\t\t\t\t\t"true"\n\t\t\t\t],\n\t\t\t\t"retries": 3\n\t\t\t}')

    def test_a_scalar_ending_its_line_opens_onto_lines_one_inside_a_line_does_not(self):
        text = '{\n  "a": 0,\n  "b": [1, 2]\n}\n'
        v, _ = js(text)
        assert fixed(text, replace_value("json", text, v[("a",)], {"x": 1})) == \
            '{\n  "a": {\n    "x": 1\n  },\n  "b": [1, 2]\n}\n'
        assert fixed(text, replace_value("json", text, v[("b", 0)], {"x": 1})) == '{\n  "a": 0,\n  "b": [{"x": 1}, 2]\n}\n'

    def test_a_container_on_one_line_stays_on_one_line_with_its_separators(self):
        text = '{"a": {"b":1,"c":2}, "d": [1, 2]}\n'
        v, _ = js(text)
        assert fixed(text, replace_value("json", text, v[("a",)], {"x": [1, 2]})) == '{"a": {"x":[1,2]}, "d": [1, 2]}\n'
        assert fixed(text, replace_value("json", text, v[("d",)], ["z", {"k": None}])) == \
            '{"a": {"b":1,"c":2}, "d": ["z", {"k": null}]}\n'
        assert fixed(text, replace_value("json", text, v[("d",)], [])) == '{"a": {"b":1,"c":2}, "d": []}\n'

    def test_an_intrinsic_function_a_placeholder_and_what_json_cannot_hold_are_refused(self):
        text = '{"Properties": {"Cpu": {"Ref": "Cpu"}, "Mem": {"Fn::If": ["c", 1, 2]}, "N": 1}}'
        v, _ = js(text)
        assert replace_value("json", text, v[("Properties", "Cpu")], 256) is None
        assert replace_value("json", text, v[("Properties", "Mem")], 256) is None
        assert fixed(text, replace_value("json", text, v[("Properties", "Mem", "Fn::If", 1)], 4)) == text.replace("1, 2]", "4, 2]")
        for bad in (float("nan"), float("inf"), {1: 2}, object(), b"x"):
            assert replace_value("json", text, v[("Properties", "N")], bad) is None
        tpl = '{\n  "cpu": ${cpu},\n  "memory": "{{MEM}}"\n}\n'
        v = parse_text(tpl, "task.json.tpl")[0].smap.values
        assert replace_value("json", tpl, v[("cpu",)], 256) is None
        assert fixed(tpl, replace_value("json", tpl, v[("memory",)], "512")) == tpl.replace('"{{MEM}}"', '"512"')

    def test_a_span_that_is_not_a_value_is_refused(self):
        text = '{"a": 1, "b": 2}'
        assert replace_value("json", text, (1, 7, 1, 9), 5) is None  # "1," is no value
        assert replace_value("json", text, (1, 6, 1, 8), 5) is None  # " 1": not the value's own span
        assert replace_value("json", text, (3, 1, 3, 2), 5) is None  # no such line
        with pytest.raises(ValueError):
            replace_value("toml", text, (1, 7, 1, 8), 5)


class TestJsonInsert:
    """A member added after the last one, in the object's own layout."""

    def test_after_the_last_member_with_the_file_s_tabs(self):
        v, _ = js(TASK_JSON)
        out = fixed(TASK_JSON, insert_member("json", TASK_JSON, v[()], "memory", "512"))
        assert out == TASK_JSON.replace('\t"tags": []\n}', '\t"tags": [],\n\t"memory": "512"\n}')

    def test_a_nested_dict_in_a_two_space_file(self):
        text = '{\n  "a": {\n    "b": 1\n  }\n}'
        v, _ = js(text)
        out = fixed(text, insert_member("json", text, v[("a",)], "c", {"d": [1], "e": {}}))
        assert out == '{\n  "a": {\n    "b": 1,\n    "c": {\n      "d": [\n        1\n      ],\n      "e": {}\n    }\n  }\n}'

    def test_a_one_line_object_stays_on_one_line(self):
        text = '{\n  "m": {"a": 1},\n  "n": {"a":1,"b":2}\n}\n'
        v, _ = js(text)
        assert fixed(text, insert_member("json", text, v[("m",)], "b", {"c": True})) == \
            '{\n  "m": {"a": 1, "b": {"c": true}},\n  "n": {"a":1,"b":2}\n}\n'
        assert fixed(text, insert_member("json", text, v[("n",)], "c", [1, 2])) == \
            '{\n  "m": {"a": 1},\n  "n": {"a":1,"b":2,"c":[1,2]}\n}\n'

    def test_an_empty_object_takes_the_file_s_layout(self):
        v, _ = js(TASK_JSON)
        out = fixed(TASK_JSON, insert_member("json", TASK_JSON, v[("containerDefinitions", 1, "healthCheck")],
                                             "retries", 3))
        assert out == TASK_JSON.replace('"healthCheck": {}', '"healthCheck": {\n\t\t\t\t"retries": 3\n\t\t\t}')
        minified = '{"a":{},"b":1}'
        v, _ = js(minified)
        assert fixed(minified, insert_member("json", minified, v[("a",)], "k", "v")) == '{"a":{"k":"v"},"b":1}'

    def test_crlf_line_ends_and_a_missing_final_line_end_are_kept(self):
        text = '{\r\n    "a": 1\r\n}'
        v, _ = js(text)
        assert fixed(text, insert_member("json", text, v[()], "b", {"c": 2})) == \
            '{\r\n    "a": 1,\r\n    "b": {\r\n        "c": 2\r\n    }\r\n}'

    def test_an_existing_key_an_intrinsic_and_what_is_no_object_are_refused(self):
        text = '{"a": {"Ref": "X"}, "b": [1], "c": 1}'
        v, _ = js(text)
        assert insert_member("json", text, v[()], "a", 1) is None
        assert insert_member("json", text, v[("a",)], "k", 1) is None
        assert insert_member("json", text, v[("b",)], "k", 1) is None
        assert insert_member("json", text, v[("c",)], "k", 1) is None
        assert insert_member("json", text, v[()], "k", float("nan")) is None
        assert insert_member("json", text, v[()], 3, 1) is None


class TestJsonDelete:
    """A member or an item removed with its comma, and its line when it has one of its own."""

    TEXT = '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ],\n  "c": {"x": 1, "y": 2, "z": 3}\n}\n'

    def member(self, path, parent=None):
        v, k = js(self.TEXT)
        return fixed(self.TEXT, delete_member("json", self.TEXT, v[path[:-1]], k[path], v[path]))

    def test_a_member_on_its_own_line(self):
        assert self.member(("a",)) == '{\n  "b": [\n    1,\n    2\n  ],\n  "c": {"x": 1, "y": 2, "z": 3}\n}\n'
        assert self.member(("b",)) == '{\n  "a": 1,\n  "c": {"x": 1, "y": 2, "z": 3}\n}\n'

    def test_the_last_member_takes_the_comma_before_it(self):
        assert self.member(("c",)) == '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}\n'

    def test_members_of_a_one_line_object(self):
        assert self.member(("c", "x")) == self.TEXT.replace('{"x": 1, "y": 2, "z": 3}', '{"y": 2, "z": 3}')
        assert self.member(("c", "y")) == self.TEXT.replace('{"x": 1, "y": 2, "z": 3}', '{"x": 1, "z": 3}')
        assert self.member(("c", "z")) == self.TEXT.replace('{"x": 1, "y": 2, "z": 3}', '{"x": 1, "y": 2}')

    def test_items_of_a_list(self):
        v, _ = js(self.TEXT)
        lst = v[("b",)]
        assert fixed(self.TEXT, delete_item("json", self.TEXT, lst, v[("b", 0)])) == \
            self.TEXT.replace("[\n    1,\n    2\n  ]", "[\n    2\n  ]")
        assert fixed(self.TEXT, delete_item("json", self.TEXT, lst, v[("b", 1)])) == \
            self.TEXT.replace("[\n    1,\n    2\n  ]", "[\n    1\n  ]")

    def test_the_only_member_or_item_leaves_an_empty_container(self):
        text = '{"a": {\n    "x": 1\n  }, "b": [ 7 ]}'
        v, k = js(text)
        assert fixed(text, delete_member("json", text, v[("a",)], k[("a", "x")], v[("a", "x")])) == \
            '{"a": {}, "b": [ 7 ]}'
        assert fixed(text, delete_item("json", text, v[("b",)], v[("b", 0)])) == '{"a": {\n    "x": 1\n  }, "b": []}'

    def test_comma_first_layout(self):
        text = '{ "a": 1\n, "b": 2\n, "c": 3\n}'
        v, k = js(text)
        assert fixed(text, delete_member("json", text, v[()], k[("a",)], v[("a",)])) == '{ "b": 2\n, "c": 3\n}'
        assert fixed(text, delete_member("json", text, v[()], k[("b",)], v[("b",)])) == '{ "a": 1\n, "c": 3\n}'
        assert fixed(text, delete_member("json", text, v[()], k[("c",)], v[("c",)])) == '{ "a": 1\n, "b": 2\n}'

    def test_spans_that_do_not_match_a_member_are_refused(self):
        v, k = js(self.TEXT)
        assert delete_member("json", self.TEXT, v[()], k[("c", "x")], v[("c", "x")]) is None
        assert delete_member("json", self.TEXT, v[()], k[("a",)], v[("b",)]) is None
        assert delete_item("json", self.TEXT, v[("b",)], v[("a",)]) is None
        assert delete_item("json", self.TEXT, v[("c",)], v[("c", "x")]) is None
        assert delete_member("json", self.TEXT, None, k[("a",)], v[("a",)]) is None
        text = '{"a": {"Ref": "X"}}'
        v, k = js(text)
        assert delete_member("json", text, v[("a",)], k[("a", "Ref")], v[("a", "Ref")]) is None

    def test_columns_count_characters(self):
        text = '{"😀é": "😀", "b": 1, "c": "ü"}\n'
        v, k = js(text)
        assert fixed(text, replace_value("json", text, v[("b",)], 2)) == '{"😀é": "😀", "b": 2, "c": "ü"}\n'
        assert fixed(text, delete_member("json", text, v[()], k[("b",)], v[("b",)])) == '{"😀é": "😀", "c": "ü"}\n'
        assert fixed(text, insert_member("json", text, v[()], "d", "😀")) == '{"😀é": "😀", "b": 1, "c": "ü", "d": "😀"}\n'


# --- YAML ---------------------------------------------------------------------------------------

SERVICE_YAML = """# the web service
serviceName: web   # its name
desiredCount: 2
launchType: 'FARGATE'
platformVersion: "LATEST"
deploymentConfiguration:
  deploymentCircuitBreaker:
    enable: true
    rollback: false   # turn on!
  # percentages below
  maximumPercent: 200
loadBalancers:
  - containerName: web
    containerPort: 80
  - containerName: api
    containerPort: 8080
tags: []
propagateTags:
"""


class TestYamlReplace:
    """A scalar replaced in its own quoting style, or quoted when plain would read as another type."""

    def replaced(self, path, value, text=SERVICE_YAML):
        v, _ = ym(text)
        return fixed(text, replace_value("yaml", text, v[path], value))

    def test_plain_stays_plain(self):
        assert self.replaced(("serviceName",), "api") == SERVICE_YAML.replace("serviceName: web ", "serviceName: api ")
        assert self.replaced(("deploymentConfiguration", "deploymentCircuitBreaker", "rollback"), True) == \
            SERVICE_YAML.replace("rollback: false", "rollback: true")

    @pytest.mark.parametrize("value, written", [
        ("true", '"true"'), ("100", '"100"'), ("null", '"null"'), ("1e3", '"1e3"'), ("yes", '"yes"'),
        ("0x1F", '"0x1F"'), ("1:30", '"1:30"'), ("2024-01-01", '"2024-01-01"'), ("a: b", '"a: b"'),
        ("x #y", '"x #y"'), ("- x", '"- x"'), ("*x", '"*x"'), ("", '""'), (" x", '" x"'), ("x\ny", '"x\\ny"'),
        ("it's", "it's"), ("a,b", "a,b"), ("#x", '"#x"'), ("~", '"~"'), ("<<", '"<<"'), ("é😀", "é😀"),
    ])
    def test_plain_is_quoted_when_it_would_read_otherwise(self, value, written):
        out = self.replaced(("serviceName",), value)
        assert out == SERVICE_YAML.replace("serviceName: web ", f"serviceName: {written} ")
        assert yaml.safe_load(out)["serviceName"] == value

    def test_single_and_double_quotes_stay(self):
        assert self.replaced(("launchType",), "it's") == SERVICE_YAML.replace("'FARGATE'", "'it''s'")
        assert self.replaced(("launchType",), "a\nb") == SERVICE_YAML.replace("'FARGATE'", '"a\\nb"')
        assert self.replaced(("platformVersion",), 'a"b\\c\x01') == \
            SERVICE_YAML.replace('"LATEST"', '"a\\"b\\\\c\\u0001"')

    def test_a_number_or_bool_in_place_of_a_quoted_string_is_written_plain(self):
        assert self.replaced(("launchType",), 3) == SERVICE_YAML.replace("'FARGATE'", "3")
        assert self.replaced(("desiredCount",), 1.5e-7) == SERVICE_YAML.replace("desiredCount: 2", "desiredCount: 1.5e-07")
        assert self.replaced(("desiredCount",), 1e16) == SERVICE_YAML.replace("desiredCount: 2", "desiredCount: 1.0e+16")
        assert self.replaced(("desiredCount",), None) == SERVICE_YAML.replace("desiredCount: 2", "desiredCount: null")

    def test_an_empty_value_gets_one(self):
        assert self.replaced(("propagateTags",), "SERVICE") == SERVICE_YAML.replace("propagateTags:\n",
                                                                                   "propagateTags: SERVICE\n")
        text = "a: \nb:   # c\n"
        assert self.replaced(("a",), 1, text) == "a: 1 \nb:   # c\n"
        assert self.replaced(("b",), {"k": 1}, text) == "a: \nb: {k: 1}   # c\n"
        assert self.replaced((0,), "x", "- \n-\n") == "- x \n-\n"
        assert self.replaced((1,), "x", "- \n-\n") == "- \n- x\n"

    def test_containers(self):
        assert self.replaced(("tags",), [{"key": "team", "value": "a, b"}]) == \
            SERVICE_YAML.replace("tags: []", 'tags: [{key: team, value: "a, b"}]')
        assert self.replaced(("deploymentConfiguration", "deploymentCircuitBreaker"), {"enable": False}) == \
            SERVICE_YAML.replace("    enable: true\n    rollback: false   # turn on!\n", "    enable: false\n")
        assert self.replaced(("loadBalancers",), [{"containerName": "web"}, "x"]) == SERVICE_YAML.replace(
            "  - containerName: web\n    containerPort: 80\n  - containerName: api\n    containerPort: 8080\n",
            "  - containerName: web\n  - x\n")
        assert self.replaced(("deploymentConfiguration", "deploymentCircuitBreaker"), 0) == \
            SERVICE_YAML.replace("deploymentCircuitBreaker:\n    enable: true\n    rollback: false   # turn on!\n",
                                 "deploymentCircuitBreaker: 0\n")
        assert self.replaced(("loadBalancers", 1), {}) == SERVICE_YAML.replace(
            "  - containerName: api\n    containerPort: 8080\n", "  - {}\n")

    def test_a_list_under_its_key_becomes_a_mapping_deeper_than_the_key(self):
        text = "a:\n- 1\n- 2\nb: 3\n"
        assert self.replaced(("a",), {"k": 1}, text) == "a:\n  k: 1\nb: 3\n"
        assert self.replaced(("a",), ["x"], text) == "a:\n- x\nb: 3\n"

    def test_plain_in_a_flow_collection_is_quoted_for_flow(self):
        text = "a: {x: 1, y: [p, q]}\nb: 1\n"
        assert self.replaced(("a", "y", 0), "m,n", text) == 'a: {x: 1, y: ["m,n", q]}\nb: 1\n'
        assert self.replaced(("b",), "m,n", text) == "a: {x: 1, y: [p, q]}\nb: m,n\n"
        assert self.replaced(("a", "x"), "z", text) == "a: {x: z, y: [p, q]}\nb: 1\n"

    def test_tags_aliases_anchors_block_scalars_and_intrinsics_are_refused(self):
        text = """base: &base
  cpu: 256
svc:
  <<: *base
  name: web
other: *base
ref: !Ref Cpu
sub: !Sub "${AWS::Region}"
str: !!str 12
anchored: &n 5
script: |
  echo hi
cfn: {Ref: Cpu}
cfn2:
  Fn::GetAtt: [A, B]
"""
        v, _ = ym(text)
        for path in [("base",), ("base", "cpu"), ("svc", "cpu"), ("other",), ("other", "cpu"), ("ref",),
                     ("sub",), ("str",), ("anchored",), ("script",), ("cfn",), ("cfn2",)]:
            assert replace_value("yaml", text, v[path], 1) is None, path
        assert fixed(text, replace_value("yaml", text, v[("svc", "name")], "api")) == text.replace(
            "name: web", "name: api")
        assert fixed(text, replace_value("yaml", text, v[("cfn2", "Fn::GetAtt", 1)], "C")) == text.replace(
            "[A, B]", "[A, C]")

    def test_the_line_breaks_yaml_has_and_doalint_does_not_count_are_refused(self):
        text = "a: 1\nb: \"x\u2028y\"\n"
        v, _ = ym(text)
        assert replace_value("yaml", text, v[("a",)], 2) is None

    def test_several_documents_crlf_and_unicode(self):
        text = "a: é😀\r\nb: 1\r\n---\r\nc: 😀\r\nd: 2\r\n"
        v, _ = ym(text, 1)
        assert fixed(text, replace_value("yaml", text, v[("d",)], "ü 😀")) == text.replace("d: 2", "d: ü 😀")
        v, _ = ym(text, 0)
        assert fixed(text, replace_value("yaml", text, v[("b",)], [1])) == text.replace("b: 1", "b: [1]")


class TestYamlInsert:
    """A member added after the last one, at its siblings' indentation, before comments that follow."""

    def inserted(self, path, key, value, text=SERVICE_YAML, doc=0):
        v, _ = ym(text, doc)
        return fixed(text, insert_member("yaml", text, v[path], key, value))

    def test_into_the_root_and_a_nested_mapping(self):
        assert self.inserted((), "enableExecuteCommand", False) == SERVICE_YAML + "enableExecuteCommand: false\n"
        assert self.inserted(("deploymentConfiguration", "deploymentCircuitBreaker"), "x", "y") == \
            SERVICE_YAML.replace("    rollback: false   # turn on!\n", "    rollback: false   # turn on!\n    x: \"y\"\n")
        assert self.inserted(("deploymentConfiguration",), "minimumHealthyPercent", 100) == \
            SERVICE_YAML.replace("  maximumPercent: 200\n", "  maximumPercent: 200\n  minimumHealthyPercent: 100\n")

    def test_before_the_comments_and_blank_lines_after_the_mapping(self):
        text = "a:\n    b: 1\n    # about c\n\nc: 2\n"
        assert self.inserted(("a",), "z", {"p": [1, {"q": 2}]}, text) == \
            "a:\n    b: 1\n    z:\n        p:\n            - 1\n            - q: 2\n    # about c\n\nc: 2\n"

    def test_a_mapping_in_a_list_item_and_the_file_s_compact_lists(self):
        text = "l:\n- name: a\n  tags:\n  - x\n"
        assert self.inserted(("l", 0), "ports", [80, 443], text) == \
            "l:\n- name: a\n  tags:\n  - x\n  ports:\n  - 80\n  - 443\n"
        v, _ = ym(text)
        assert insert_member("yaml", text, v[("l", 0, "tags")], "k", 1) is None

    def test_quoted_keys_and_values_follow_the_last_member(self):
        text = "\"a\": 'x'\n"
        assert self.inserted((), "b", "y", text) == "\"a\": 'x'\n\"b\": 'y'\n"
        assert self.inserted((), "b c", 1, "a: 1\n") == "a: 1\nb c: 1\n"
        assert self.inserted((), "true", 1, "a: 1\n") == 'a: 1\n"true": 1\n'

    def test_a_flow_mapping_gets_a_flow_member(self):
        text = "m: {a: 1,  b: 2}\nn: {a: 1}\n"
        assert self.inserted(("m",), "c", {"d": [1, "x y"]}, text) == "m: {a: 1,  b: 2,  c: {d: [1, x y]}}\nn: {a: 1}\n"
        assert self.inserted(("n",), "b", "x,y", text) == 'm: {a: 1,  b: 2}\nn: {a: 1, b: "x,y"}\n'

    def test_an_empty_mapping_opens_in_block_style(self):
        text = "a: {}   # none yet\nl:\n  - {}\nf: [{}]\n"
        assert self.inserted(("a",), "k", {"x": 1}, text) == "a:\n  k:\n    x: 1   # none yet\nl:\n  - {}\nf: [{}]\n"
        assert self.inserted(("l", 0), "k", 1, text) == "a: {}   # none yet\nl:\n  - k: 1\nf: [{}]\n"
        assert self.inserted(("f", 0), "k", 1, text) == "a: {}   # none yet\nl:\n  - {}\nf: [{k: 1}]\n"
        assert self.inserted((), "k", 1, "{}\n") == "k: 1\n"

    def test_in_the_second_document_with_crlf_and_no_final_line_end(self):
        text = "a: 1\r\n---\r\nb: 2\r\nc: 3"
        assert self.inserted((), "d", {"e": 4}, text, doc=1) == "a: 1\r\n---\r\nb: 2\r\nc: 3\r\nd:\r\n  e: 4"
        assert self.inserted((), "d", 4, text, doc=0) == "a: 1\r\nd: 4\r\n---\r\nb: 2\r\nc: 3"

    def test_after_a_block_scalar(self):
        text = "a: |\n  line\n\nb:\n  c: |+\n    kept\n\n"
        assert self.inserted((), "z", 1, text) == text + "z: 1\n"
        assert self.inserted(("b",), "z", 1, text) == text + "  z: 1\n"

    def test_what_cannot_take_a_member_is_refused(self):
        text = "base: &b {x: 1}\nsvc:\n  <<: *b\nref: !GetAtt A.B\nl: [1]\nk: v\nm: {Ref: X}\n"
        v, _ = ym(text)
        for path in [("base",), ("l",), ("k",), ("m",), ("ref",)]:
            assert insert_member("yaml", text, v[path], "z", 1) is None, path
        assert insert_member("yaml", text, v[()], "k", 1) is None  # already there
        assert fixed(text, insert_member("yaml", text, v[("svc",)], "x", 2)) == text.replace(
            "  <<: *b\n", "  <<: *b\n  x: 2\n")


class TestYamlMultiLineNodes:
    """Flow collections and scalars written over several lines are edited as one node."""

    TEXT = 'a: {x: 1,\n    y: 2}   # c\nb: plain\n  continued\nc: "dq\n  more"\nd: 1\n'

    def test_replace_insert_delete(self):
        t = self.TEXT
        v, k = ym(t)
        assert fixed(t, replace_value("yaml", t, v[("b",)], "x")) == t.replace("plain\n  continued", "x")
        assert fixed(t, replace_value("yaml", t, v[("c",)], "x")) == t.replace('"dq\n  more"', '"x"')
        assert fixed(t, insert_member("yaml", t, v[("a",)], "z", 3)) == t.replace("y: 2}", "y: 2, z: 3}")
        assert fixed(t, delete_member("yaml", t, v[("a",)], k[("a", "y")], v[("a", "y")])) == \
            t.replace("{x: 1,\n    y: 2}", "{x: 1}")
        assert fixed(t, delete_member("yaml", t, v[()], k[("a",)], v[("a",)])) == t.replace("a: {x: 1,\n    y: 2}   # c\n", "")
        assert fixed(t, delete_member("yaml", t, v[()], k[("b",)], v[("b",)])) == t.replace("b: plain\n  continued\n", "")


class TestYamlDelete:
    """A member or an item removed with its whole lines; comments on other lines stay."""

    def member(self, path, text=SERVICE_YAML):
        v, k = ym(text)
        return fixed(text, delete_member("yaml", text, v[path[:-1]], k[path], v[path]))

    def item(self, path, text=SERVICE_YAML):
        v, _ = ym(text)
        return fixed(text, delete_item("yaml", text, v[path[:-1]], v[path]))

    def test_a_member_and_its_trailing_comment(self):
        assert self.member(("deploymentConfiguration", "deploymentCircuitBreaker", "rollback")) == \
            SERVICE_YAML.replace("    rollback: false   # turn on!\n", "")
        assert self.member(("deploymentConfiguration", "deploymentCircuitBreaker")) == \
            SERVICE_YAML.replace("  deploymentCircuitBreaker:\n    enable: true\n    rollback: false   # turn on!\n", "")
        assert self.member(("propagateTags",)) == SERVICE_YAML.replace("propagateTags:\n", "")

    def test_the_only_member_or_item_leaves_an_empty_collection(self):
        text = "a:\n  b: 1\nl:\n- x\nm:\n  - k: v\n"
        assert self.member(("a", "b"), text) == "a: {}\nl:\n- x\nm:\n  - k: v\n"
        assert self.item(("l", 0), text) == "a:\n  b: 1\nl: []\nm:\n  - k: v\n"
        assert self.member(("m", 0, "k"), text) == "a:\n  b: 1\nl:\n- x\nm:\n  - {}\n"
        assert self.member(("a",), "a: 1\n") == "{}\n"

    def test_the_first_member_of_a_list_item(self):
        assert self.member(("loadBalancers", 0, "containerName")) == SERVICE_YAML.replace(
            "  - containerName: web\n    containerPort: 80\n", "  - containerPort: 80\n")
        text = "l:\n  - a: 1  # on a\n    # about b\n    b: 2\n"
        assert self.member(("l", 0, "a"), text) == "l:\n  -\n    # about b\n    b: 2\n"
        assert self.item(("l", 0, 0), "l:\n- - 1\n  - 2\n") == "l:\n- - 2\n"

    def test_items_of_block_and_flow_lists(self):
        assert self.item(("loadBalancers", 0)) == SERVICE_YAML.replace(
            "  - containerName: web\n    containerPort: 80\n", "")
        text = "f: [1, {a: 2}, 3]\ng: {a: 1, b: 2}\n"
        assert self.item(("f", 1), text) == "f: [1, 3]\ng: {a: 1, b: 2}\n"
        assert self.item(("f", 2), text) == "f: [1, {a: 2}]\ng: {a: 1, b: 2}\n"
        assert self.member(("g", "a"), text) == "f: [1, {a: 2}, 3]\ng: {b: 2}\n"
        assert self.member(("g", "b"), text) == "f: [1, {a: 2}, 3]\ng: {a: 1}\n"
        assert self.member(("f", 1, "a"), text) == "f: [1, {}, 3]\ng: {a: 1, b: 2}\n"

    def test_the_last_line_without_a_line_end(self):
        assert self.member(("b",), "a: 1\nb: 2") == "a: 1"
        assert self.item(("l", 1), "l:\n  - 1\n  - 2") == "l:\n  - 1"

    def test_crlf(self):
        text = "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: 3\r\n"
        assert self.member(("b",), text) == "a: 1\r\nc: 3\r\n"
        assert self.item(("b", 0), text) == "a: 1\r\nb:\r\n  - y\r\nc: 3\r\n"

    def test_merged_anchored_and_mismatched_are_refused(self):
        text = "base: &b\n  x: 1\n  y: 2\nsvc:\n  <<: *b\n  x: 3\n  z: 4\n"
        v, k = ym(text)
        assert delete_member("yaml", text, v[("svc",)], k[("svc", "x")], v[("svc", "x")]) is None
        assert delete_member("yaml", text, v[("base",)], k[("base", "x")], v[("base", "x")]) is None
        assert delete_member("yaml", text, v[()], k[("svc",)], v[("base",)]) is None
        assert delete_item("yaml", text, v[("svc",)], v[("svc", "z")]) is None
        assert delete_member("yaml", text, None, k[("svc",)], v[("svc",)]) is None
        assert fixed(text, delete_member("yaml", text, v[()], k[("svc",)], v[("svc",)])) == \
            "base: &b\n  x: 1\n  y: 2\n"


# --- HCL (Terraform) ----------------------------------------------------------------------------

SERVICE_TF = """resource "aws_ecs_service" "web" {
  name          = "web"
  desired_count = 2
  launch_type   = "FARGATE" # for now

  deployment_circuit_breaker {
    enable   = true
    rollback = false
  }

  network_configuration {
    subnets          = ["subnet-a", "subnet-b"]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1"
    container_name   = "web"
    container_port   = 80
  }

  tags = {
    Team = "web"
  }
}
"""

TASK_TF = """variable "cpu" {
  default = 512
}

resource "aws_ecs_task_definition" "web" {
  family = "web"
  cpu    = var.cpu
  memory = "${var.cpu}0"

  container_definitions = jsonencode([
    {
      name      = "web"
      image     = "nginx:1.25"
      essential = true
      healthCheck = {
        command  = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]
        interval = 30
      }
      portMappings = [{ containerPort = 80, protocol = "tcp" }]
      environment  = []
    }
  ])
}
"""

SG_TF = """resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port = 80
    to_port   = 80
    protocol  = "tcp"
  }

  dynamic "egress" {
    for_each = var.rules
    content {
      from_port = egress.value
    }
  }
}
"""

POLICY_TF = """resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<-EOF
    {"Version": "2012-10-17", "Statement": []}
  EOF
}
"""


class TestHclReplace:
    """Literals replaced; expressions, templates and heredocs left alone."""

    def test_literals_of_attributes_and_of_jsonencode(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        breaker = ("deploymentConfiguration", "deploymentCircuitBreaker")
        assert fixed(SERVICE_TF, replace_value("hcl", SERVICE_TF, v[breaker + ("rollback",)], True)) == \
            SERVICE_TF.replace("rollback = false", "rollback = true")
        assert fixed(SERVICE_TF, replace_value("terraform", SERVICE_TF, v[("launchType",)], "x${y}%{z}\"")) == \
            SERVICE_TF.replace('"FARGATE" #', '"x$${y}%%{z}\\"" #')
        assert fixed(SERVICE_TF, replace_value("tf", SERVICE_TF, v[("desiredCount",)], -1.5)) == \
            SERVICE_TF.replace("desired_count = 2", "desired_count = -1.5")
        v, _ = tf(linter, tmp_path, TASK_TF, "ecs-task-definition")
        hc = ("containerDefinitions", 0, "healthCheck")
        assert fixed(TASK_TF, replace_value("hcl", TASK_TF, v[hc + ("interval",)], 10)) == \
            TASK_TF.replace("interval = 30", "interval = 10")
        assert fixed(TASK_TF, replace_value("hcl", TASK_TF, v[hc + ("command",)], ["CMD", "a\tb\n"])) == \
            TASK_TF.replace('["CMD-SHELL", "curl -f http://localhost/ || exit 1"]', '["CMD", "a\\tb\\n"]')

    def test_objects_one_line_and_multi_line(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        assert fixed(SERVICE_TF, replace_value("hcl", SERVICE_TF, v[("tags",)], {"Team": "api", "cost-center": 7})) \
            == SERVICE_TF.replace('{\n    Team = "web"\n  }', '{\n    Team          = "api"\n    "cost-center" = 7\n  }')
        v, _ = tf(linter, tmp_path, TASK_TF, "ecs-task-definition")
        pm = ("containerDefinitions", 0, "portMappings", 0)
        assert fixed(TASK_TF, replace_value("hcl", TASK_TF, v[pm], {"containerPort": 8080, "null": None})) == \
            TASK_TF.replace('{ containerPort = 80, protocol = "tcp" }', '{ containerPort = 8080, "null" = null }')

    def test_expressions_and_heredocs_are_refused(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, TASK_TF, "ecs-task-definition")
        assert replace_value("hcl", TASK_TF, v[("cpu",)], 256) is None
        assert replace_value("hcl", TASK_TF, v[("memory",)], "512") is None
        assert replace_value("hcl", TASK_TF, v[("containerDefinitions",)], []) is None
        text = 'locals {\n  a = merge({}, {})\n  b = local.c ? 1 : 2\n  c = "x" + 1\n  d = <<EOF\nhi\nEOF\n}\n'
        for line in (2, 3, 4):
            assert replace_value("hcl", text, (line, 7, line, len(text.splitlines()[line - 1]) + 1), 1) is None
        assert replace_value("hcl", text, (5, 7, 7, 4), "x") is None
        v, _ = tf(linter, tmp_path, POLICY_TF, "iam-policy")
        assert replace_value("hcl", POLICY_TF, v[("Version",)], "2008-10-17") is None  # JSON inside the heredoc
        assert replace_value("hcl", POLICY_TF, v[()], "{}") is None

    def test_what_hcl_cannot_hold_is_refused(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        assert replace_value("hcl", SERVICE_TF, v[("desiredCount",)], float("inf")) is None
        assert replace_value("hcl", SERVICE_TF, v[("desiredCount",)], {"a": {1, 2}}) is None


class TestHclInsert:
    """Attributes and nested blocks added after the last member, aligned as terraform fmt aligns."""

    def test_an_attribute_padded_to_its_aligned_siblings(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        lb = v[("loadBalancers", 0)]
        assert fixed(SERVICE_TF, insert_member("hcl", SERVICE_TF, lb, "x", 1)) == SERVICE_TF.replace(
            "    container_port   = 80\n", "    container_port   = 80\n    x                = 1\n")

    def test_a_longer_name_pads_the_run_again(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        breaker = v[("deploymentConfiguration", "deploymentCircuitBreaker")]
        assert fixed(SERVICE_TF, insert_member("hcl", SERVICE_TF, breaker, "rollback_on_alarm", "x")) == \
            SERVICE_TF.replace("    enable   = true\n    rollback = false\n",
                               '    enable            = true\n    rollback          = false\n'
                               '    rollback_on_alarm = "x"\n')

    def test_after_a_block_and_into_the_resource(self, linter, tmp_path):
        v, k = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        expected = SERVICE_TF.replace('    Team = "web"\n  }\n}', '    Team = "web"\n  }\n  propagate_tags = "SERVICE"\n}')
        assert fixed(SERVICE_TF, insert_member("hcl", SERVICE_TF, v[()], "propagate_tags", "SERVICE")) == expected
        assert fixed(SERVICE_TF, insert_member("hcl", SERVICE_TF, k[()], "propagate_tags", "SERVICE")) == expected

    def test_a_dict_is_a_nested_block_a_list_of_dicts_a_block_each(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        out = fixed(SERVICE_TF, insert_member("hcl", SERVICE_TF, v[()], "deployment_controller",
                                              {"type": "ECS", "nested": {"a": 1, "long_name": [1]}, "empty": {}}))
        assert out == SERVICE_TF.replace('  }\n}\n', '  }\n  deployment_controller {\n    type = "ECS"\n'
                                         '    nested {\n      a         = 1\n      long_name = [1]\n    }\n'
                                         '    empty {}\n  }\n}\n')
        v, _ = tf(linter, tmp_path, SG_TF, "ec2-security-group")
        out = fixed(SG_TF, insert_member("hcl", SG_TF, v[()], "egress", [{"from_port": 0}, {"to_port": 1}]))
        assert out == SG_TF.replace("    }\n  }\n}\n", "    }\n  }\n  egress {\n    from_port = 0\n  }\n"
                                    "  egress {\n    to_port = 1\n  }\n}\n")
        out = fixed(SG_TF, insert_member("hcl", SG_TF, v[()], "tags", {"a": "b"}, as_block=False))
        assert out == SG_TF.replace("    }\n  }\n}\n", '    }\n  }\n  tags = {\n    a = "b"\n  }\n}\n')

    def test_into_objects(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        assert fixed(SERVICE_TF, insert_member("hcl", SERVICE_TF, v[("tags",)], "cost-center", "42")) == \
            SERVICE_TF.replace('    Team = "web"\n', '    Team          = "web"\n    "cost-center" = "42"\n')
        v, _ = tf(linter, tmp_path, TASK_TF, "ecs-task-definition")
        c0 = ("containerDefinitions", 0)
        assert fixed(TASK_TF, insert_member("hcl", TASK_TF, v[c0 + ("healthCheck",)], "retries", 3)) == \
            TASK_TF.replace("        interval = 30\n", "        interval = 30\n        retries  = 3\n")
        assert fixed(TASK_TF, insert_member("hcl", TASK_TF, v[c0 + ("portMappings", 0)], "hostPort", 80)) == \
            TASK_TF.replace('protocol = "tcp" }', 'protocol = "tcp", hostPort = 80 }')
        assert fixed(TASK_TF, insert_member("hcl", TASK_TF, v[c0], "readonlyRootFilesystem", True)) == \
            TASK_TF.replace('      portMappings = [{ containerPort = 80, protocol = "tcp" }]\n      environment  = []\n',
                            '      portMappings           = [{ containerPort = 80, protocol = "tcp" }]\n'
                            "      environment            = []\n      readonlyRootFilesystem = true\n")
        assert fixed(TASK_TF, insert_member("hcl", TASK_TF, v[c0], "logConfiguration",
                                            {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}})) == \
            TASK_TF.replace("      environment  = []\n",
                            '      environment  = []\n      logConfiguration = {\n        logDriver = "awslogs"\n'
                            '        options = {\n          "awslogs-group" = "/ecs/web"\n        }\n      }\n')

    def test_columns_count_characters(self):
        text = 'locals {\n  t = { "é😀" = "ü😀", b = 1 }\n}\n'
        assert fixed(text, replace_value("hcl", text, (2, 26, 2, 27), 2)) == 'locals {\n  t = { "é😀" = "ü😀", b = 2 }\n}\n'
        assert fixed(text, insert_member("hcl", text, (2, 7, 2, 29), "c", "😀")) == \
            'locals {\n  t = { "é😀" = "ü😀", b = 1, c = "😀" }\n}\n'
        assert fixed(text, delete_member("hcl", text, (2, 7, 2, 29), (2, 9, 2, 13), (2, 16, 2, 20))) == \
            'locals {\n  t = { b = 1 }\n}\n'

    def test_empty_bodies_and_objects_open_onto_lines(self, tmp_path):
        text = 'resource "x" "y" {}\nlocals {\n  t = {}\n  u = { a = 1, "b" : 2 }\n}\n'
        assert fixed(text, insert_member("hcl", text, (1, 1, 1, 9), "a", 1)) == \
            'resource "x" "y" {\n  a = 1\n}\nlocals {\n  t = {}\n  u = { a = 1, "b" : 2 }\n}\n'
        assert fixed(text, insert_member("hcl", text, (3, 7, 3, 9), "a", [1])) == \
            'resource "x" "y" {}\nlocals {\n  t = {\n    a = [1]\n  }\n  u = { a = 1, "b" : 2 }\n}\n'
        assert fixed(text, insert_member("hcl", text, (4, 7, 4, 25), "c d", 3)) == \
            'resource "x" "y" {}\nlocals {\n  t = {}\n  u = { a = 1, "b" : 2, "c d" : 3 }\n}\n'
        one = 'x {\n}\ny { a = 1 }\n'
        assert fixed(one, insert_member("hcl", one, (1, 1, 1, 2), "k", "v")) == 'x {\n  k = "v"\n}\ny { a = 1 }\n'
        assert fixed(one, insert_member("hcl", one, (3, 1, 3, 2), "long", 2)) == \
            'x {\n}\ny {\n  a    = 1\n  long = 2\n}\n'

    def test_heredocs_stay_whole_and_crlf_stays(self):
        text = 'resource "a" "b" {\r\n  p = <<EOF\r\n{}\r\nEOF\r\n}\r\n'
        assert fixed(text, insert_member("hcl", text, (1, 1, 1, 9), "q", 1)) == \
            'resource "a" "b" {\r\n  p = <<EOF\r\n{}\r\nEOF\r\n  q = 1\r\n}\r\n'
        assert replace_value("hcl", text, (2, 7, 4, 4), "{}") is None
        plain = 'resource "a" "b" {\r\n  p = 2\r\n}\r\n'
        assert fixed(plain, replace_value("hcl", plain, (2, 7, 2, 8), {"k": 3})) == 'resource "a" "b" {\r\n  p = { k = 3 }\r\n}\r\n'
        assert fixed(plain, insert_member("hcl", plain, (1, 1, 1, 9), "q", {"r": {"s": 1}})) == \
            'resource "a" "b" {\r\n  p = 2\r\n  q {\r\n    r {\r\n      s = 1\r\n    }\r\n  }\r\n}\r\n'

    def test_what_cannot_take_a_member_is_refused(self, linter, tmp_path):
        v, _ = tf(linter, tmp_path, SG_TF, "ec2-security-group")
        assert insert_member("hcl", SG_TF, v[()], "name", "x") is None  # already there
        assert insert_member("hcl", SG_TF, v[()], "bad name", "x") is None
        assert insert_member("hcl", SG_TF, v[()], "x", {"bad key": 1}) is None
        dyn = SG_TF.splitlines().index('  dynamic "egress" {') + 1
        assert insert_member("hcl", SG_TF, (dyn, 3, dyn, 10), "x", 1) is None
        assert insert_member("hcl", SG_TF, (dyn + 2, 5, dyn + 2, 12), "x", 1) is None  # its content block
        assert insert_member("hcl", SG_TF, v[("GroupName",)], "x", 1) is None
        assert insert_member("hcl", SG_TF, v[()], "ingress", [1]) is None  # an attribute where blocks are
        assert fixed(SG_TF, insert_member("hcl", SG_TF, v[()], "ingress", {})) == SG_TF.replace(
            "    }\n  }\n}\n", "    }\n  }\n  ingress {}\n}\n")
        v, _ = tf(linter, tmp_path, TASK_TF, "ecs-task-definition")
        assert insert_member("hcl", TASK_TF, v[("cpu",)], "x", 1) is None
        assert insert_member("hcl", TASK_TF, v[("containerDefinitions",)], "x", 1) is None
        v, _ = tf(linter, tmp_path, POLICY_TF, "iam-policy")
        assert insert_member("hcl", POLICY_TF, v[()], "Id", "x") is None


class TestHclDelete:
    """Attributes, nested blocks, object members and tuple items removed with their lines."""

    def test_an_attribute_and_the_run_padded_again(self, linter, tmp_path):
        v, k = tf(linter, tmp_path, SG_TF, "ec2-security-group")
        first = ("IpPermissions", 0)
        assert fixed(SG_TF, delete_member("hcl", SG_TF, v[first], k[first + ("IpRanges",)], v[first + ("IpRanges",)])) \
            == SG_TF.replace('    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n'
                             '    cidr_blocks = ["10.0.0.0/8"]\n',
                             '    from_port = 443\n    to_port   = 443\n    protocol  = "tcp"\n')
        assert fixed(SG_TF, delete_member("hcl", SG_TF, v[first], k[first + ("ToPort",)], v[first + ("ToPort",)])) \
            == SG_TF.replace("    to_port     = 443\n", "")

    def test_a_run_not_aligned_by_fmt_is_left_as_it_is(self):
        text = "x {\n  a      = 1\n  bb     = 2\n}\n"
        assert fixed(text, delete_member("hcl", text, (1, 1, 1, 2), (3, 3, 3, 5), (3, 12, 3, 13))) == \
            "x {\n  a      = 1\n}\n"

    def test_nested_blocks(self, linter, tmp_path):
        v, k = tf(linter, tmp_path, SERVICE_TF, "ecs-service")
        breaker = ("deploymentConfiguration", "deploymentCircuitBreaker")
        assert fixed(SERVICE_TF, delete_member("hcl", SERVICE_TF, v[()], k[breaker], v[breaker])) == \
            SERVICE_TF.replace("  deployment_circuit_breaker {\n    enable   = true\n    rollback = false\n  }\n\n", "")
        v, _ = tf(linter, tmp_path, SG_TF, "ec2-security-group")
        assert fixed(SG_TF, delete_item("hcl", SG_TF, None, v[("IpPermissions", 0)])) == SG_TF.replace(
            '  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n'
            '    cidr_blocks = ["10.0.0.0/8"]\n  }\n', "")
        assert fixed(SG_TF, delete_item("hcl", SG_TF, None, v[("IpPermissions", 1)])) == SG_TF.replace(
            '  ingress {\n    from_port = 80\n    to_port   = 80\n    protocol  = "tcp"\n  }\n', "")

    def test_object_members_and_tuple_items(self, linter, tmp_path):
        v, k = tf(linter, tmp_path, TASK_TF, "ecs-task-definition")
        pm = ("containerDefinitions", 0, "portMappings", 0)
        assert fixed(TASK_TF, delete_member("hcl", TASK_TF, v[pm], k[pm + ("protocol",)], v[pm + ("protocol",)])) \
            == TASK_TF.replace('{ containerPort = 80, protocol = "tcp" }', "{ containerPort = 80 }")
        assert fixed(TASK_TF, delete_member("hcl", TASK_TF, v[pm], k[pm + ("containerPort",)],
                                            v[pm + ("containerPort",)])) == \
            TASK_TF.replace('{ containerPort = 80, protocol = "tcp" }', '{ protocol = "tcp" }')
        cmd = ("containerDefinitions", 0, "healthCheck", "command")
        assert fixed(TASK_TF, delete_item("hcl", TASK_TF, v[cmd], v[cmd + (0,)])) == \
            TASK_TF.replace('["CMD-SHELL", "curl', '["curl')
        assert fixed(TASK_TF, delete_item("hcl", TASK_TF, v[cmd], v[cmd + (1,)])) == \
            TASK_TF.replace('["CMD-SHELL", "curl -f http://localhost/ || exit 1"]', '["CMD-SHELL"]')
        hc = ("containerDefinitions", 0, "healthCheck")
        assert fixed(TASK_TF, delete_member("hcl", TASK_TF, v[hc], k[hc + ("command",)], v[hc + ("command",)])) \
            == TASK_TF.replace('        command  = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]\n', "")

    def test_tuple_items_on_lines_of_their_own(self):
        text = 'x = [\n  "a", # first\n  "b",\n  "c"\n]\n'
        assert fixed(text, delete_item("hcl", text, (1, 5, 5, 2), (2, 3, 2, 6))) == 'x = [\n  "b",\n  "c"\n]\n'
        assert fixed(text, delete_item("hcl", text, (1, 5, 5, 2), (4, 3, 4, 6))) == 'x = [\n  "a", # first\n  "b"\n]\n'
        one = "x = [1]\n"
        assert fixed(one, delete_item("hcl", one, (1, 5, 1, 8), (1, 6, 1, 7))) == "x = []\n"

    def test_a_dynamic_block_and_mismatched_spans_are_refused(self, linter, tmp_path):
        v, k = tf(linter, tmp_path, SG_TF, "ec2-security-group")
        dyn = SG_TF.splitlines().index('  dynamic "egress" {') + 1
        assert delete_item("hcl", SG_TF, None, (dyn, 3, dyn, 10)) is None
        assert delete_member("hcl", SG_TF, v[()], (dyn, 3, dyn, 10), (dyn, 3, dyn, 10)) is None
        assert delete_item("hcl", SG_TF, None, (dyn + 2, 5, dyn + 2, 12)) is None
        assert delete_member("hcl", SG_TF, v[()], k[("GroupName",)], v[("IpPermissions", 0)]) is None
        assert delete_member("hcl", SG_TF, None, k[("GroupName",)], v[("GroupName",)]) is None
        assert delete_member("hcl", SG_TF, v[("IpPermissions", 0)], k[("GroupName",)], v[("GroupName",)]) is None
        assert delete_item("hcl", SG_TF, None, v[("GroupName",)]) is None


# --- properties: random documents, random edits -------------------------------------------------

KEYS = ["a", "b", "name", "cpu", "x-y", "true", "1", "a b", "é", "k:v", "Fn"]
TEXTS = st.text(alphabet="ab xyz:#-'\",{}[]é😀1.", max_size=8)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-1000, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6), TEXTS)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.dictionaries(st.sampled_from(KEYS), inner, max_size=4), st.lists(inner, max_size=4)), max_leaves=12)
DOCS = st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=5)
NEW_VALUES = st.one_of(SCALARS, st.dictionaries(st.sampled_from(KEYS), SCALARS, max_size=2),
                       st.lists(SCALARS, max_size=2))


def _plain_yaml(s: str, flow: bool, key: bool = False) -> bool:
    """The test's own judgement of a safe plain scalar (stricter than needed: it only makes
    documents)."""
    if not s or s != s.strip() or s[0] in "!&*|>'\"%@`#,[]{}-?:" or ": " in s or " #" in s or s.endswith(":"):
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    try:
        got = yaml.safe_load(f"{s}: 1" if key else f"k: {s}")
    except yaml.YAMLError:
        return False
    return got == {s: 1} if key else (got == {"k": s} and type(got["k"]) is str)


class _YamlWriter:
    """Writes a document in block style with random choices: indentation, indented or compact lists,
    flow collections, plain or quoted scalars, comments."""

    def __init__(self, rnd: random.Random, indent: int, seq_off: int, comments: bool) -> None:
        self.rnd, self.indent, self.seq_off, self.comments = rnd, indent, seq_off, comments

    def scalar(self, v, flow: bool) -> str:
        if v is None or isinstance(v, (bool, int)):
            return {None: "null", True: "true", False: "false"}.get(v, str(v)) if not isinstance(v, int) or \
                isinstance(v, bool) else str(v)
        if isinstance(v, float):
            m, e, x = repr(v).partition("e")
            return m + ".0e" + x if e and "." not in m else repr(v)
        styles = ["double", "single"] + (["plain", "plain"] if _plain_yaml(v, flow) else [])
        style = self.rnd.choice(styles)
        if style == "plain":
            return v
        return "'" + v.replace("'", "''") + "'" if style == "single" else json.dumps(v, ensure_ascii=False)

    def key(self, k: str, flow: bool) -> str:
        return k if _plain_yaml(k, flow, True) else json.dumps(k, ensure_ascii=False)

    def flow(self, v) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{self.key(k, True)}: {self.flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return self.scalar(v, True)

    def block(self, v, col: int) -> list[str]:
        pad, lines = " " * col, []
        if isinstance(v, dict):
            for i, (k, x) in enumerate(v.items()):
                if i and self.comments and self.rnd.random() < 0.2:
                    lines.append(pad + "# a note")
                if isinstance(x, (dict, list)) and x and self.rnd.random() < 0.75:
                    lines.append(pad + self.key(k, False) + ":")
                    lines += self.block(x, col + (self.indent if isinstance(x, dict) else self.seq_off))
                else:
                    inline = self.flow(x) if isinstance(x, (dict, list)) else self.scalar(x, False)
                    tail = "  # c" if self.comments and self.rnd.random() < 0.2 else ""
                    lines.append(f"{pad}{self.key(k, False)}: {inline}{tail}")
            return lines
        for x in v:
            if isinstance(x, (dict, list)) and x and self.rnd.random() < 0.75:
                sub = self.block(x, col + 2)
                lines += [pad + "- " + sub[0][col + 2:]] + sub[1:]
            else:
                lines.append(pad + "- " + (self.flow(x) if isinstance(x, (dict, list)) else self.scalar(x, False)))
        return lines


def _paths(value, at=()):
    yield at
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, x in items:
        yield from _paths(x, at + (k,))


def _at(value, path):
    for p in path:
        value = value[p]
    return value


def _document(fmt: str, data, draw) -> str:
    if fmt == "json":
        indent = draw(st.sampled_from([None, 0, 1, 2, 4, "\t"]))
        item, colon = draw(st.sampled_from([(", ", ": "), (",", ":"), (",", ": ")]))
        text = json.dumps(data, indent=indent, separators=(item.strip() if indent is not None else item, colon),
                          ensure_ascii=draw(st.booleans())) + draw(st.sampled_from(["", "\n"]))
    else:
        writer = _YamlWriter(random.Random(draw(st.integers(0, 2**32))), draw(st.sampled_from([2, 4])),
                             draw(st.sampled_from([0, 2])), draw(st.booleans()))
        text = draw(st.sampled_from(["", "# head\n", "---\n"])) + "\n".join(writer.block(data, 0))
        text += draw(st.sampled_from(["", "\n"]))
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def _edit_and_check(fmt: str, data, draw) -> None:
    text = _document(fmt, data, draw)
    name = "x.json" if fmt == "json" else "x.yaml"
    unit = parse_text(text, name)[0]
    assert same(unit.value, data), text
    values, keys = unit.smap.values, unit.smap.keys
    op = draw(st.sampled_from(["replace", "insert", "delete"]))
    expected = copy.deepcopy(data)
    if op == "replace":
        path, new = draw(st.sampled_from(list(_paths(data)))), draw(NEW_VALUES)
        edits = replace_value(fmt, text, values[path], new)
        edits = None if edits is None else [edits]
        if path:
            _at(expected, path[:-1])[path[-1]] = new
        else:
            expected = new
    elif op == "insert":
        path = draw(st.sampled_from([p for p in _paths(data) if isinstance(_at(data, p), dict)]))
        key = draw(st.sampled_from([k for k in KEYS + ["new"] if k not in _at(data, path)]))
        new = draw(NEW_VALUES)
        edits = insert_member(fmt, text, values[path], key, new)
        _at(expected, path)[key] = new
    else:
        path = draw(st.sampled_from([p for p in _paths(data) if p]))
        if isinstance(path[-1], int):
            edits = delete_item(fmt, text, values[path[:-1]], values[path])
        else:
            edits = delete_member(fmt, text, values[path[:-1]], keys[path], values[path])
        del _at(expected, path[:-1])[path[-1]]
    assert edits is not None, (op, path, text)
    out = apply(text, edits)
    assert same(parse_text(out, name)[0].value, expected), (op, path, text, out)
    assert same(json.loads(out) if fmt == "json" else yaml.safe_load(out), expected), (op, path, out)
    # every line outside the edit is as it was
    first = line_start(text, min(e.start for e in edits))
    last = max(e.end for e in edits)
    after = last if last == len(text) or text[last - 1:last] in ("\n",) else next_line(text, last)
    assert out.startswith(text[:first]) and out.endswith(text[after:]), (op, path, text, out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCS, st.data())
def test_random_json_edits_parse_to_the_expected_data_and_touch_only_their_lines(data, draw):
    _edit_and_check("json", data, draw.draw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCS, st.data())
def test_random_yaml_edits_parse_to_the_expected_data_and_touch_only_their_lines(data, draw):
    _edit_and_check("yaml", data, draw.draw)


@settings(max_examples=200, deadline=None)
@given(st.one_of(SCALARS, st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
                 st.dictionaries(st.sampled_from(KEYS), SCALARS, max_size=3), st.lists(SCALARS, max_size=3)))
def test_any_value_written_into_hcl_reads_back_as_itself(value):
    from doalint.terraform.evaluate import Evaluator
    from doalint.terraform.hcl import parse

    text = 'locals {\n  a = "old"\n  b = 1\n}\n'
    edit = replace_value("hcl", text, (2, 7, 2, 12), value)
    assert edit is not None
    out = apply(text, [edit])
    body = parse(out)
    got = Evaluator(out, lambda *a: None).evaluate(body.blocks[0].body.attributes["a"].expr)
    assert same(got, value), out
    assert out.endswith("\n  b = 1\n}\n") and out.startswith("locals {\n  a = ")
