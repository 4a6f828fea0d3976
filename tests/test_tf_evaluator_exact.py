"""Terraform expressions: exact values at the edges of the static evaluator.

Companion of ``test_tf_evaluator.py`` (same module, same helpers): the cases here pin what that table
leaves open. Values of ``false`` and ``null`` in text, numbers read from strings and written back
as JSON, splats with an index, map keys computed or converted, nested ``jsonencode``, the text and
element bounds at the exact bound and one past it (with the exact reason and the exact, shortened
expression text of the resulting ``Unevaluable``), and the evaluator's own public API (spans of
``evaluate_located``, the module's lookup, a stack that runs out, ``Unknown`` equality, pickling of
``Ref``).
"""

from __future__ import annotations

import json
import pickle
import sys
import textwrap

import pytest

from doalint.terraform import hcl
from doalint.terraform.evaluate import (MAX_DEPTH, MAX_NODES, MAX_STEPS, MAX_TEXT, Evaluator, Invalid, JsonEncoded,
                                        Partial, Ref, Unevaluable, Unknown, first_unknown)
from doalint.terraform.module import load_module
from test_tf_evaluator import load as _load

MODULE = """\
variable "u" {}
variable "n" { default = 3 }
variable "s" { default = "web" }
variable "l" { default = ["a", "b", "c"] }
variable "m" { default = { a = 1, b = 2 } }
variable "o" {
  default = { name = "x", tags = { env = "prod" } }
}
variable "objs" {
  default = [{ name = "a", port = 80 }, { name = "b", port = 443 }]
}
variable "nul" { default = null }
variable "t" { default = true }
variable "f" { default = false }
resource "aws_security_group" "sg" {
  description = "x"
}
"""

def load(tmp_path, expr: str, module: str = MODULE, **files):
    """The value of ``local.r = expr`` in this file's MODULE (test_tf_evaluator's loader)."""
    return _load(tmp_path, expr, module, **files)


def norm(v):
    """A form that tells apart what ``==`` does not: True from 1, Invalid from Unknown, a Ref from
    its text, int keys from str keys. Numbers compare as numbers."""
    if isinstance(v, Partial):
        return ("Partial", v.text)
    if isinstance(v, Unknown):
        return (type(v).__name__, v.text)
    if isinstance(v, Ref):
        return ("Ref", str.__str__(v), v.address, v.attribute)
    if isinstance(v, JsonEncoded):
        return ("json", norm(v.value))
    if isinstance(v, bool) or v is None:
        return ("lit", v)
    if isinstance(v, (int, float)):
        return ("num", float(v))
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, dict):
        return ("map", {(type(k).__name__, k): norm(x) for k, x in v.items()})
    if isinstance(v, list):
        return ("list", [norm(x) for x in v])
    raise AssertionError(f"unexpected value {v!r}")


def U(text):
    return Unknown(text)


def INV(text):
    return Invalid(text)


class ERR(Unknown):
    """An expression Terraform rejects: an Invalid or a plain Unknown with this text."""

    __slots__ = ()


def same(actual, expected) -> bool:
    if type(expected) is ERR:
        return type(actual) in (Unknown, Invalid) and actual.text == expected.text
    return norm(actual) == norm(expected)


CASES = [
    # false and true in text (a template, tostring, format, join)
    ('"a${var.f}"', "afalse"),
    ('"${var.t}/${var.f}"', "true/false"),
    ("tostring(false)", "false"),
    ('format("%t-%v", false, true)', "false-true"),
    ('join(",", [true, false, var.f])', "true,false,false"),
    # merge() skips a null anywhere, not only at the end
    ("merge({ a = 1 }, null, { b = 2 })", {"a": 1, "b": 2}),
    ("merge(null, { a = 1 }, null)", {"a": 1}),
    # a whole number read from a string is written back without a fraction
    ('upper(jsonencode([tonumber("5"), tonumber("12"), "2" + 1]))', "[5,12,3]"),
    ('upper(jsonencode(tonumber("1.5")))', "1.5"),
    ('format("%v", [tonumber("7")])', "[7]"),
    # format %v of a list: JSON, not Python's spelling
    ('format("%v", ["a"])', '["a"]'),
    ('format("%v", [null])', "[null]"),
    # an unknown (or an unknown reference) inside a map or a nested jsonencode leaves the call unknown
    ('format("%v", { a = aws_security_group.sg.id })', U('format("%v", { a = aws_security_group.sg.id })')),
    ('format("%v", { a = var.u })', U('format("%v", { a = var.u })')),
    ('join("-", [jsonencode(var.u)])', U('join("-", [jsonencode(var.u)])')),
    ('format("%v", [jsonencode({ a = var.u })])', U('format("%v", [jsonencode({ a = var.u })])')),
    # jsonencode inside jsonencode: the inner one is a JSON string
    ('upper(jsonencode({ a = jsonencode([1]) }))', '{"A":"[1]"}'),
    ('upper(jsonencode([jsonencode({ b = "c" })]))', '["{\\"B\\":\\"C\\"}"]'),
    # splats followed by an index, literal or computed
    ("[[1, 2], [3, 4]][*][0]", [1, 3]),
    ("[[1, 2], [3, 4]][*][1]", [2, 4]),
    ("[for i in [0, 1] : [[1, 2], [3, 4]][*][i]]", [[1, 3], [2, 4]]),
    ('var.objs[*]["name"]', ["a", "b"]),
    # a splat of an error is an error (try() catches it), of an unknown unknown
    ("var.o.missing[*]", INV("var.o.missing[*]")),
    ("var.o.missing[*].name", INV("var.o.missing[*].name")),
    ('try(var.o.missing[*], "d")', "d"),
    # computed keys: converted to text, case kept
    ('{ (upper("a")) = 1, (lower("B")) = 2 }', {"A": 1, "b": 2}),
    ("{ (var.f) = 1 }", {"false": 1}),
    ("{ (5) = 1 }", {"5": 1}),
    # a number indexes a map by its text
    ('{ "1" = "x" }[1]', "x"),
    ('{ "1" = "x", "2" = "y" }[var.n - 1]', "y"),
    ('{ "1" = "x" }[2]', INV('{ "1" = "x" }[2]')),
    # no attribute of a jsonencode() (a string in Terraform)
    ("jsonencode({ a = 1 }).a", ERR("jsonencode({ a = 1 }).a")),
    ('jsonencode(["a"])[0]', ERR('jsonencode(["a"])[0]')),
]


@pytest.mark.parametrize("expr,expected", [pytest.param(e, x, id=e) for e, x in CASES])
def test_exact_values(tmp_path, expr, expected):
    assert same(load(tmp_path, expr), expected)


def test_null_interpolates_to_no_text_or_is_an_error(tmp_path):
    """``"a${null}"`` is an error in Terraform; doalint reads it as ``"a"``. Never any other text."""
    v = load(tmp_path, '"a${var.nul}"')
    assert v == "a" or norm(v) == norm(INV('"a${var.nul}"'))
    v = load(tmp_path, 'join("-", ["x", var.nul])')
    assert v == "x-" or norm(v) == norm(INV('join("-", ["x", var.nul])'))


def test_a_missing_attribute_through_a_splat_is_an_error(tmp_path):
    """``var.objs[*].nope``: each element lacks the attribute, an error named by the whole splat (Terraform
    rejects the whole splat; doalint keeps one error per element: either way, an error with that name)."""
    v = load(tmp_path, "var.objs[*].nope")
    err = first_unknown(v)
    assert norm(err) == norm(INV("var.objs[*].nope"))
    assert v == [err, err] or v is err
    v = load(tmp_path, "[[1, 2]][*][2]")
    err = first_unknown(v)
    assert norm(err) == norm(INV("[[1, 2]][*][2]"))
    assert v == [err] or v is err


def test_for_with_number_keys_is_unknown_or_uses_their_text(tmp_path):
    """Terraform converts a number key of a for expression to its text; doalint may leave it unknown,
    but never keys a map by a number."""
    v = load(tmp_path, "{for x in [1, 2] : x => x}")
    assert same(v, U("{for x in [1, 2] : x => x}")) or same(v, {"1": 1, "2": 2})
    v = load(tmp_path, '{for x in ["a"] : x => x if x == "a"}')
    assert same(v, {"a": "a"})


@pytest.mark.parametrize("spelling", ["5", "12", "1.5", "1.0", "10.50", "1e3", "1E2", "1e300"])
def test_a_number_read_from_a_string_is_the_number_its_literal_is(tmp_path, spelling):
    """``tonumber("1e3")`` and ``"1e3" + 0`` give what the literal ``1e3`` gives: the same value, and
    the same whole or fractional form (which decides, e.g., how jsonencode() writes it)."""
    literal = load(tmp_path, spelling)
    for expr in (f'tonumber("{spelling}")', f'"{spelling}" + 0', f'"{spelling}" * 1'):
        v = load(tmp_path, expr)
        assert type(v) is type(literal) and v == literal, expr
    assert type(load(tmp_path, f'upper(jsonencode(tonumber("{spelling}")))')) is str


def test_a_string_that_is_no_finite_number(tmp_path):
    """"inf" is past the range doalint reads (or an error): never a plain unknown."""
    for expr in ('"inf" + 0', 'tonumber("inf")', '"1e300" * "1e300"'):
        v = load(tmp_path, expr)
        assert type(v) in (Unevaluable, Invalid), expr
        assert type(v) is Invalid or v.text == f"{expr} (a number beyond the range of a 64-bit float)"


# --- bounds: nesting of values inside jsonencode and maps -------------------------------------------

def _lists(n):
    return "[" * n + "1" + "]" * n


def _maps(n):
    return '{\\"a\\":' * n + "1" + "}" * n


def test_value_nesting_counts_one_level_per_jsonencode_list_and_map(tmp_path):
    """The innermost value may sit MAX_DEPTH levels below the top, counting a jsonencode() as a level."""
    at = load(tmp_path, f'jsonencode(jsondecode("{_lists(MAX_DEPTH - 1)}"))')
    assert isinstance(at, JsonEncoded) and at.value == json.loads(_lists(MAX_DEPTH - 1))
    past = load(tmp_path, f'jsonencode(jsondecode("{_lists(MAX_DEPTH)}"))')
    assert norm(past) == norm(Unevaluable(f'jsonencode(jsondecode("{_lists(MAX_DEPTH)}"))'[:77]
                                          + f"... (nesting deeper than {MAX_DEPTH} levels)"))
    at = load(tmp_path, f'jsondecode("{_maps(MAX_DEPTH)}")')
    assert at == json.loads(_maps(MAX_DEPTH).replace("\\", ""))
    past = load(tmp_path, f'jsondecode("{_maps(MAX_DEPTH + 1)}")')
    assert isinstance(past, Unevaluable) and past.text.endswith(f"... (nesting deeper than {MAX_DEPTH} levels)")
    at = load(tmp_path, f'jsonencode(jsondecode("{_maps(MAX_DEPTH - 1)}"))')
    assert isinstance(at, JsonEncoded)


# --- bounds: text ----------------------------------------------------------------------------------

BIG = MODULE + textwrap.dedent("""\
    locals {
      kb  = "%s"
      mb  = join("", [for i in range(1024) : local.kb])
      ten = join("", [for i in range(10) : local.mb])
    }
    """ % ("x" * 1024))

BIG_CASES = {
    # a list whose strings are each small but together past the bound
    "eleven": "[for i in range(11) : local.mb]",
    "ten_list": "[for i in range(10) : local.mb]",
    # two interpolations that are each within the bound, together past it
    "twice": 'length("${local.ten}${local.ten}")',
    "at": '"${local.ten}${""}"',
    # format: the format text counts too
    "fmt_past": 'format("x", local.ten)',
    "fmt_at": 'format("%s", substr(local.ten, 2, -1))',
    "fmt_grows": 'format("%s-", local.ten)',
    # replace: the growth of the text
    "rep_same": 'replace(local.ten, "x", "y")',
    "rep_grows": 'replace(local.ten, "x", "xy")',
    "rep_once": 'replace("${substr(local.ten, 10, -1)}a", "a", "bb")',
    "rep_empty": 'replace(substr(local.ten, 0, 2621439), "", "yyy")',
    "rep_empty_past": 'replace(substr(local.ten, 0, 2621440), "", "yyy")',
}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    (folder / "main.tf").write_text(BIG + "locals {\n" + "".join(f"  {k} = {e}\n" for k, e in BIG_CASES.items())
                                    + "}\n")
    mod = load_module(folder, [folder / "main.tf"], str, root=folder)
    assert all(f.error is None for f in mod.files)
    return mod


def _past(expr: str, why: str) -> tuple:
    text = expr if len(expr) <= 80 else expr[:77] + "..."
    return norm(Unevaluable(f"{text} ({why})"))


def test_text_counts_every_string_of_a_value(big):
    assert norm(big.local("eleven", None)) == _past(BIG_CASES["eleven"], f"more than {MAX_TEXT} characters")
    ten = big.local("ten_list", None)
    assert isinstance(ten, list) and len(ten) == 10 and all(len(s) == 1024 * 1024 for s in ten)


def test_text_of_a_template_is_bounded_as_it_grows(big):
    assert norm(big.local("twice", None)) == _past('"${local.ten}${local.ten}"', f"more than {MAX_TEXT} characters")
    at = big.local("at", None)
    assert isinstance(at, str) and len(at) == MAX_TEXT


def test_format_counts_its_format_and_its_arguments(big):
    assert norm(big.local("fmt_past", None)) == _past(BIG_CASES["fmt_past"], f"more than {MAX_TEXT} characters")
    at = big.local("fmt_at", None)
    assert isinstance(at, str) and len(at) == MAX_TEXT - 2
    assert norm(big.local("fmt_grows", None)) == _past(BIG_CASES["fmt_grows"], f"more than {MAX_TEXT} characters")


def test_replace_bounds_the_text_it_would_build(big):
    same_size = big.local("rep_same", None)
    assert isinstance(same_size, str) and len(same_size) == MAX_TEXT and set(same_size) == {"y"}
    assert norm(big.local("rep_grows", None)) == _past(BIG_CASES["rep_grows"], f"more than {MAX_TEXT} characters")
    once = big.local("rep_once", None)
    assert isinstance(once, str) and len(once) == MAX_TEXT - 8 and once.endswith("xbb")
    # an empty substring: the replacement goes before every character and at the end (Go's strings.Replace)
    empty = big.local("rep_empty", None)
    assert isinstance(empty, str) and len(empty) == 4 * 2621439 + 3 == MAX_TEXT - 1
    assert empty.startswith("yyyxyyyx") and empty.endswith("xyyy")
    assert norm(big.local("rep_empty_past", None)) == _past(BIG_CASES["rep_empty_past"],
                                                            f"more than {MAX_TEXT} characters")


def test_replace_with_an_empty_substring(tmp_path):
    assert load(tmp_path, 'replace("ab", "", "-")') == "-a-b-"


# --- bounds: elements and steps ------------------------------------------------------------------------

def test_concat_refuses_more_than_the_element_bound(tmp_path):
    full, rest = divmod(MAX_NODES + 1, 1024)
    expr = "concat(" + "range(1024), " * full + f"range({rest}))"
    assert norm(load(tmp_path, expr)) == _past(expr, f"more than {MAX_NODES} elements")


def _tf_eval(expr: str, lookup=lambda name, n, ev: ev.unknown(n)):
    text = f"x = {expr}\n"
    node = hcl.parse(text).attributes["x"].expr
    return Evaluator(text, lookup).evaluate(node)


def test_for_over_a_collection_at_the_element_bound():
    """A collection of exactly MAX_NODES elements (a value no bound checked, given by the lookup) is
    iterated; one more is refused with the for expression's text."""
    expr = "[for x in big : x if false]"
    at = [0] * MAX_NODES
    assert _tf_eval(expr, lambda name, n, ev: at) == []
    past = [0] * (MAX_NODES + 1)
    assert norm(_tf_eval(expr, lambda name, n, ev: past)) == _past(expr, f"more than {MAX_NODES} elements")


def test_object_keys_written_as_names_are_not_evaluated(tmp_path):
    """Steps: 3 + 1000 * (1 call + 1 object + 99 values) = 101003; were the 99 names evaluated too,
    the expression would be past MAX_STEPS."""
    keys = ", ".join(f"k{i} = 0" for i in range(99))
    v = load(tmp_path, f"[for a in range(1000) : length({{ {keys} }})]")
    assert MAX_STEPS < 3 + 1000 * (2 + 2 * 99)
    assert v == [99] * 1000


def test_shortened_text_of_an_unevaluable_expression(tmp_path):
    """The expression's text is kept up to 80 characters; a longer one is cut to 77 and '...'."""
    at = '[1e309, "' + "x" * 69 + '"]'
    assert len(at) == 80
    assert norm(load(tmp_path, at)) == norm(Unevaluable(f"{at} (a number beyond the range of a 64-bit float)"))
    past = '[1e309, "' + "x" * 70 + '"]'
    assert norm(load(tmp_path, past)) == norm(Unevaluable(f"{past[:77]}... (a number beyond the range of a "
                                                          "64-bit float)"))


def test_a_stack_that_runs_out_is_unevaluable_not_a_crash():
    """With little Python stack left, the evaluator reports the expression as nested too deeply."""
    expr = "-" * 40 + "1"
    text = f"x = {expr}\n"
    node = hcl.parse(text).attributes["x"].expr
    ev = Evaluator(text, lambda name, n, e: e.unknown(n))
    depth, f = 0, sys._getframe()
    while f is not None:
        depth, f = depth + 1, f.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 40)
    try:
        v = ev.evaluate(node)
    finally:
        sys.setrecursionlimit(old)
    assert isinstance(v, Unevaluable) and v.text.endswith("-1 (nested too deeply)"), v
    assert _tf_eval(expr) == 1  # and the depth count is back to zero


# --- the evaluator's API: spans, lookups, values it does not know ---------------------------------------

def _located(expr: str):
    text = f"x = {expr}\n"
    attr = hcl.parse(text).attributes["x"]
    ev = Evaluator(text, lambda name, n, e: e.unknown(n))
    return text, ev, ev.evaluate_located(attr.expr, (attr.start, attr.name_end))


def test_spans_are_recorded_through_a_conditional():
    text, _, (value, spans) = _located("true ? { a = [1] } : {}")
    assert value == {"a": [1]}
    assert set(spans) == {(), ("a",), ("a", 0)}
    (ks, ke), (vs, ve) = spans[("a",)]
    assert text[ks:ke] == "a" and text[vs:ve] == "[1]"


def test_spans_only_for_members_built_where_the_value_is():
    """Lists and objects inside function arguments and for expressions build no member of the value
    at a path of its own: no span is recorded for them (and no span under a None path)."""
    _, ev, (value, spans) = _located("{ a = concat([1], [2]), b = [for x in [1] : { c = x }], d = [3] }")
    assert value == {"a": [1, 2], "b": [{"c": 1}], "d": [3]}
    assert set(spans) == {(), ("a",), ("b",), ("d",), ("d", 0)}
    assert ev.spans is None
    assert ev.evaluate(hcl.parse("x = [{ e = 1 }]\n").attributes["x"].expr) == [{"e": 1}]


def test_a_bare_name_is_resolved_by_the_lookup():
    assert _tf_eval("foo", lambda name, n, ev: f"<{name}>") == "<foo>"
    assert _tf_eval("[foo, bar]", lambda name, n, ev: f"<{name}>") == ["<foo>", "<bar>"]


def test_a_value_of_no_terraform_type_is_unknown_not_an_error():
    """A lookup may hand back an object of its own: an attribute or index of it is unknown (named by
    the whole traversal), not an error try() would skip."""
    obj = object()
    v = _tf_eval("[foo][0].a", lambda name, n, ev: obj)
    assert norm(v) == norm(U("[foo][0].a"))
    v = _tf_eval('try([foo][0]["k"], "d")', lambda name, n, ev: obj)
    assert norm(v) == norm(U('[foo][0]["k"]'))


def test_a_node_of_no_known_kind_is_unknown():
    ev = Evaluator("abc def", lambda name, n, e: e.unknown(n))
    v = ev.evaluate(hcl.Node(0, 7))
    assert norm(v) == norm(U("abc def"))


def test_unknown_equality_is_by_text():
    assert Unknown("a") == Unknown("a") and Invalid("a") == Unknown("a")
    assert Unknown("a") != Unknown("b")
    assert Unknown("a") != "a" and not (Unknown("a") == "a")
    assert len({Unknown("a"), Unknown("a"), Unknown("b")}) == 2


def test_refs_survive_pickling(tmp_path):
    """Findings and values are cached between runs: a Ref keeps its text, address and attribute."""
    ref = Ref("doa", "aws_ecs_cluster.c", "arn")
    back = pickle.loads(pickle.dumps(ref))
    assert type(back) is Ref and str.__str__(back) == "doa"
    assert (back.address, back.attribute) == ("aws_ecs_cluster.c", "arn")
    opaque = load(tmp_path, "aws_security_group.sg.id")
    back = pickle.loads(pickle.dumps(opaque))
    assert norm(back) == norm(opaque) and back.opaque
