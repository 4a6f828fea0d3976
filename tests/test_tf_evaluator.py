"""Terraform expressions: the value each one evaluates to.

Every case writes one expression as a local of a small module (variables with defaults and
without, objects, lists, a few resources), loads the module with
:func:`doalint.terraform.module.load_module` and compares the local's value exactly: its type
(a plain value, ``Unknown``, ``Invalid`` (an error ``try()`` catches), ``Unevaluable`` (past a
bound), ``Partial``, a ``Ref`` and its address, ``JsonEncoded``) and its text. The bounds of the
evaluator (depth, steps, elements, characters) are checked exactly at the bound and one past it.
"""

from __future__ import annotations

import itertools
import textwrap

import pytest

from doalint.placeholders import Hole
from doalint.terraform.evaluate import (MAX_DEPTH, MAX_NODES, MAX_STEPS, MAX_TEXT, Invalid, JsonEncoded, Partial,
                                        Ref, Unevaluable, Unknown, as_text)
from doalint.terraform.module import load_module

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
locals {
  base   = "svc"
  name   = "${local.base}-${var.s}"
  loop_a = local.loop_b
  loop_b = local.loop_a
}
resource "aws_iam_role" "r" {
  name = "app-role"
}
resource "aws_security_group" "sg" {
  description = "x"
}
resource "aws_ecs_cluster" "c" {
  name = "doa"
}
"""

_n = itertools.count()


def load(tmp_path, expr: str, module: str = MODULE, **files):
    """The module (MODULE plus ``locals { r = expr }`` and ``files``) and the value of ``local.r``."""
    folder = tmp_path / f"m{next(_n)}"
    folder.mkdir()
    (folder / "main.tf").write_text(module + "locals {\n  r = " + expr + "\n}\n")
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(textwrap.dedent(text))
    mod = load_module(folder, sorted(folder.glob("*.tf")), str, root=folder)
    assert all(f.error is None for f in mod.files), [f.error for f in mod.files]
    return mod.local("r", None)


def norm(v):
    """A form that tells apart what ``==`` does not: True from 1, Invalid from Unknown, a Ref from
    its text, the parts of a Partial. Numbers compare as numbers (Terraform has one number type)."""
    if isinstance(v, Partial):
        return ("Partial", v.text, tuple(("hole", str(p)) if isinstance(p, Hole) else ("text", p)
                                         for p in v.template.parts))
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
        return ("map", {k: norm(x) for k, x in v.items()})
    if isinstance(v, list):
        return ("list", [norm(x) for x in v])
    raise AssertionError(f"unexpected value {v!r}")


def U(text):
    return Unknown(text)


def INV(text):
    return Invalid(text)


class ERR(Unknown):
    """An expression Terraform rejects: doalint's value must be unknown with this text, whether it is
    an Invalid (an error try() catches) or a plain Unknown (see the report: a few should be errors)."""

    __slots__ = ()


def same(actual, expected) -> bool:
    if type(expected) is ERR:
        return type(actual) in (Unknown, Invalid) and actual.text == expected.text
    return norm(actual) == norm(expected)


def P(text, *parts):
    from doalint.placeholders import Template

    return Partial(text, Template([Hole(p[1]) if isinstance(p, tuple) else p for p in parts]))


CASES = {
    "literals": [
        ("1", 1),
        ("1.5", 1.5),
        ("1e3", 1000),
        ('"a"', "a"),
        ("true", True),
        ("false", False),
        ("null", None),
        ('[1, "a", [true]]', [1, "a", [True]]),
        ('{ a = 1, "b-c" = 2, d: 3 }', {"a": 1, "b-c": 2, "d": 3}),
        ("{ (var.s) = 1 }", {"web": 1}),
        ("{ (true) = 1 }", {"true": 1}),
        ("{ (var.n) = 1 }", {"3": 1}),
        ("{ (var.u) = 1 }", U("{ (var.u) = 1 }")),
        ("{ (var.l) = 1 }", ERR("{ (var.l) = 1 }")),
        ('"$${literal}"', "${literal}"),
    ],
    "names": [
        ("var.n", 3),
        ("var.u", U("var.u")),
        ("var.nul", None),
        ("var.nope", U("var.nope")),
        ('"a${path}"', U('"a${path}"')),  # a bare var or path is no value: never an internal object's text
        ("path", INV("path")),
        ('try([{ a = 1 }, { b = 2 }][*].a, "d")', "d"),  # an element without the attribute: the splat is an error
        ('join(",", [for x in ["a", "b"] : jsonencode(x)])', '"a","b"'),  # jsonencode() inside a list argument  # declared in a file not given (a partial run): unknown, not an error
        ("var.o.tags.env", "prod"),
        ("var.o.missing", INV("var.o.missing")),
        ("local.name", "svc-web"),
        ("local.nope", ERR("local.nope")),
        ("local.loop_a", ERR("local.loop_a")),  # a cycle
        ("local", ERR("local")),
        ("path.module", "."),
        ("aws_iam_role.r.arn", Ref("arn:aws:iam::*:role/app-role", "aws_iam_role.r", "arn")),
        ("aws_iam_role.r.name", "app-role"),  # a literal argument
        ("aws_ecs_cluster.c.arn", Ref("doa", "aws_ecs_cluster.c", "arn")),
        ("aws_security_group.sg.id", Ref("aws_security_group.sg.id", "aws_security_group.sg", "id")),
        ("aws_security_group.sg.description", "x"),
        ("aws_nothing.here.id", ERR("aws_nothing.here.id")),
    ],
    "arithmetic": [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("7 / 2", 3.5),
        ("7 % 3", 1),
        ("2 * var.n", 6),
        ('"2" + 1', 3),  # a string that is a number converts
        ('"1.5" * 2', 3),
        ('"a" + 1', ERR('"a" + 1')),
        ("true + 1", ERR("true + 1")),
        ("1 / 0", ERR("1 / 0")),
        ("5 % 0", ERR("5 % 0")),
        ("var.u + 1", U("var.u + 1")),
        ("1 + var.u", U("1 + var.u")),
        ("var.o.missing + 1", INV("var.o.missing + 1")),  # an error stays an error
        ("-var.n", -3),
        ("- -var.n", 3),
        ('-"a"', ERR('-"a"')),
        ("-true", ERR("-true")),
        ("-var.u", U("-var.u")),
    ],
    "comparison": [
        ("1 < 2", True), ("2 < 2", False),
        ("2 <= 2", True), ("3 <= 2", False),
        ("3 > 2", True), ("2 > 2", False),
        ("2 >= 2", True), ("1 >= 2", False),
        ('"10" > 9', True),
        ('"a" < 1', ERR('"a" < 1')),
        ("1 == 1", True), ("1 == 2", False),
        ('"a" == "a"', True),
        ('"a" != "b"', True), ('"a" != "a"', False),
        ('1 == "1"', False),  # no conversion for equality
        ("true == 1", False), ("0 == false", False), ("true != 1", True),  # a bool is no number
        ("[true] == [1]", False), ("{ a = false } == { a = 0 }", False), ("true == true", True),
        ("1 == 1.0", True),
        ('var.l == ["a", "b", "c"]', True),
        ("var.m == { a = 1, b = 2 }", True),
        ("var.u == 1", U("var.u == 1")),
        ("1 != var.u", U("1 != var.u")),
    ],
    "logic": [
        ("!true", False),
        ("!var.f", True),
        ("!1", ERR("!1")),
        ("!var.u", U("!var.u")),
        ("true && true", True), ("true && false", False), ("false && true", False),
        ("false || false", False), ("true || false", True), ("false || true", True),
        ("false && var.u", False),  # decided by the left operand
        ("true || var.u", True),
        ("true && var.u", U("true && var.u")),
        ("false || var.u", U("false || var.u")),
        ("var.u && false", U("var.u && false")),
        ("1 && true", ERR("1 && true")),
        ("true && 1", ERR("true && 1")),
        ("1 + 2 > 2 && !false", True),
    ],
    "conditionals": [
        ('var.t ? "a" : "b"', "a"),
        ('var.f ? "a" : "b"', "b"),
        ('var.n > 2 ? var.s : "no"', "web"),
        ('var.n > 3 ? var.s : "no"', "no"),
        ('var.t ? "a" : var.u', "a"),  # the other branch is not evaluated
        ('var.f ? var.u : "b"', "b"),
        ('var.t ? var.u : "b"', U("var.u")),
        ('var.u ? "a" : "b"', U('var.u ? "a" : "b"')),
        ('1 ? "a" : "b"', ERR('1 ? "a" : "b"')),
        ('var.t ? (var.f ? 1 : 2) : 3', 2),
    ],
    "indexing": [
        ("var.l[0]", "a"),
        ("var.l[2]", "c"),
        ("var.l[3]", INV("var.l[3]")),
        ("var.l[-1]", INV("var.l[-1]")),
        ("var.l.1", "b"),
        ("var.l[1.0]", "b"),
        ("var.l[true]", INV("var.l[true]")),
        ('var.m["a"]', 1),
        ("var.m.b", 2),
        ('var.m["z"]', INV('var.m["z"]')),
        ("var.l[var.u]", U("var.l[var.u]")),
        ("var.u[0]", U("var.u[0]")),
        ("var.u.x.y", U("var.u.x.y")),
        ("var.s[0]", INV("var.s[0]")),
        ("var.nul.x", INV("var.nul.x")),
        ("var.objs[1].port", 443),
        ("var.objs[var.n - 2].name", "b"),
        ("var.objs[var.n].name", INV("var.objs[var.n].name")),
        ("{ a = { b = [10, 20] } }.a.b[1]", 20),
        ("[10, 20][0]", 10),
    ],
    "splat": [
        ("var.objs[*].name", ["a", "b"]),
        ("var.objs.*.port", [80, 443]),
        ("var.l[*]", ["a", "b", "c"]),
        ("var.o[*].name", ["x"]),  # a single value is a list of one
        ("var.nul[*].name", []),  # null is an empty list
        ("var.u[*].name", U("var.u[*].name")),
    ],
    "for": [
        ("[for x in var.l : upper(x)]", ["A", "B", "C"]),
        ('[for i, x in var.l : "${i}:${x}"]', ["0:a", "1:b", "2:c"]),
        ('[for x in var.l : x if x != "b"]', ["a", "c"]),
        ("[for x in [] : x]", []),
        ("{for x in var.l : x => upper(x)}", {"a": "A", "b": "B", "c": "C"}),
        ("{for k, v in var.m : k => v * 10}", {"a": 10, "b": 20}),
        ("{for o in var.objs : o.name => o.port}", {"a": 80, "b": 443}),
        ('{for x in ["a", "b", "a"] : x => x...}', {"a": ["a", "a"], "b": ["b"]}),
        ("[for x in var.u : x]", U("[for x in var.u : x]")),
        ("[for x in 5 : x]", ERR("[for x in 5 : x]")),
        ("[for x in var.l : x if var.u]", U("[for x in var.l : x if var.u]")),
        ("[for x in var.l : var.u]", [U("var.u")] * 3),
        ("{for x in var.l : var.u => x}", U("{for x in var.l : var.u => x}")),
    ],
    "templates": [
        ('"${var.s}-${var.n}"', "web-3"),
        ('"${var.n}"', 3),  # a lone interpolation keeps its type
        ('"${var.l}"', ["a", "b", "c"]),
        ('"a${var.t}"', "atrue"),
        ('"${4 / 2}x"', "2x"),
        ('"${1.5}x"', "1.5x"),
        ('"img:${var.u}"', P('"img:${var.u}"', "img:", ("hole", "${var.u}"))),
        ('"${var.u}:${var.s}-${aws_security_group.sg.id}"',
         P('"${var.u}:${var.s}-${aws_security_group.sg.id}"', ("hole", "${var.u}"), ":web-",
           ("hole", "${aws_security_group.sg.id}"))),
        ('"a${var.l}"', ERR('"a${var.l}"')),
        ('"a${var.o.missing}"', ERR('"a${var.o.missing}"')),
        ('"%{ if var.t }x%{ endif }"', U('"%{ if var.t }x%{ endif }"')),
        ('"${jsonencode({ a = 1 })}x"', '{"a":1}x'),
        ("<<EOT\nhello ${var.s}\nEOT", "hello web\n"),
        ("<<-EOT\n    a\n      b\n    EOT", "a\n  b\n"),
    ],
}


@pytest.mark.parametrize("expr,expected", [pytest.param(e, x, id=f"{g}:{e}") for g, cases in CASES.items()
                                           for e, x in cases])
def test_expressions(tmp_path, expr, expected):
    assert same(load(tmp_path, expr), expected)


FUNCTIONS = [
    # jsonencode / jsondecode
    ("jsonencode({ b = 1, a = [true, null] })", JsonEncoded({"b": 1, "a": [True, None]})),
    ("jsonencode(var.u)", JsonEncoded(U("var.u"))),
    ('upper(jsonencode({ a = "b" }))', '{"A":"B"}'),
    ('upper(jsonencode({ a = var.u }))', U('upper(jsonencode({ a = var.u }))')),
    ('jsondecode("{\\"a\\": [1]}")', {"a": [1]}),
    ('jsondecode("{")', INV('jsondecode("{")')),
    # type conversions
    ("tostring(5)", "5"), ("tostring(true)", "true"), ('tostring("a")', "a"),
    ("tostring([1])", INV("tostring([1])")), ("tostring(var.u)", U("tostring(var.u)")),
    ('tonumber("5")', 5), ('tonumber("1.5")', 1.5), ("tonumber(7)", 7),
    ('tonumber("x")', INV('tonumber("x")')), ("tonumber(true)", INV("tonumber(true)")),
    ('tobool("true")', True), ('tobool("false")', False), ("tobool(false)", False),
    ('tobool("yes")', INV('tobool("yes")')),
    ('tolist(["a"])', ["a"]), ('toset(["a", "b", "a"])', ["a", "b"]), ("tomap({ a = 1 })", {"a": 1}),
    # strings
    ('format("%s-%d", "a", 3)', "a-3"), ('format("%q", "a")', '"a"'), ('format("%v", [1])', "[1]"),
    ('format("%t", true)', "true"), ('format("100%%")', "100%"),
    ('format("%s %s", "a")', INV('format("%s %s", "a")')), ('format("%d", "x")', INV('format("%d", "x")')),
    ('format("%s", var.u)', U('format("%s", var.u)')),
    ('join("-", ["a", 1, true])', "a-1-true"), ('join("-", [])', ""),
    ('join("-", var.u)', U('join("-", var.u)')), ('join("-", ["a", var.u])', U('join("-", ["a", var.u])')),
    ('join("-", [aws_security_group.sg.id])', U('join("-", [aws_security_group.sg.id])')),
    ('join("-", [aws_ecs_cluster.c.name, "x"])', "doa-x"),
    ('split(",", "a,b")', ["a", "b"]), ('split(",", var.u)', U('split(",", var.u)')),
    ('lower("AbC")', "abc"), ('upper("AbC")', "ABC"), ('title("hello world")', "Hello World"),
    ('replace("a-b-c", "-", "_")', "a_b_c"),
    ('trimspace("  a ")', "a"), ('trim("xxaxx", "x")', "a"),
    ('trimprefix("pre-a", "pre-")', "a"), ('trimprefix("a", "x")', "a"),
    ('trimsuffix("a.txt", ".txt")', "a"), ('trimsuffix("abc", "")', "abc"), ('trimsuffix("abc", "x")', "abc"),
    ('startswith("abc", "ab")', True), ('startswith("abc", "b")', False),
    ('endswith("abc", "bc")', True), ('endswith("abc", "b")', False),
    ('substr("hello", 1, 3)', "ell"), ('substr("hello", 1, -1)', "ello"), ('substr("hello", -3, 2)', "ll"),
    ("upper(aws_security_group.sg.id)", U("upper(aws_security_group.sg.id)")),
    # collections
    ("concat([1], [2, 3])", [1, 2, 3]), ("concat()", []),
    ("concat([var.u], [1])", [U("var.u"), 1]),  # an unknown member stays a member
    ("merge({ a = 1, b = 1 }, { b = 2 })", {"a": 1, "b": 2}), ("merge({ a = 1 }, null)", {"a": 1}),
    ("merge({ a = 1 }, [1])", INV("merge({ a = 1 }, [1])")), ("merge({ a = var.u })", {"a": U("var.u")}),
    ('lookup(var.m, "a")', 1), ('lookup(var.m, "z", 0)', 0), ('lookup(var.m, "z")', INV('lookup(var.m, "z")')),
    ('lookup(var.u, "a", 0)', U('lookup(var.u, "a", 0)')),
    ("element(var.l, 1)", "b"), ("element(var.l, 3)", "a"), ("element(var.l, 4)", "b"),  # wraps around
    ("element([], 0)", INV("element([], 0)")),
    ("element(var.l, -1)", INV("element(var.l, -1)")),  # Terraform refuses a negative index
    ("element(var.l, 1.5)", INV("element(var.l, 1.5)")),
    ('try(element(var.l, -1), "z")', "z"),
    # a wholly unknown argument leaves the result unknown (not an error try() would skip)
    ("length(var.u)", U("length(var.u)")), ("keys(var.u)", U("keys(var.u)")),
    ("concat([1], var.u)", U("concat([1], var.u)")), ("merge({ a = 1 }, var.u)", U("merge({ a = 1 }, var.u)")),
    ("try(length(var.u), 0)", U("length(var.u)")), ('lookup(var.m, var.u, "d")', U('lookup(var.m, var.u, "d")')),
    ("element(var.l, var.u)", U("element(var.l, var.u)")),
    # an error in an argument is an error of the call
    ('try(upper(element([], 0)), "d")', "d"), ("upper(element([], 0))", INV("upper(element([], 0))")),
    ("length(var.l)", 3), ("length(var.m)", 2), ('length("abc")', 3), ("length([var.u])", 1),
    ("length([aws_security_group.sg.id])", 1),
    ('coalesce("", null, "a", "b")', "a"), ('coalesce(null, "")', INV('coalesce(null, "")')),
    ('coalesce(var.u, "a")', U('coalesce(var.u, "a")')),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ("flatten([[1, [2]], 3])", [1, 2, 3]),
    ("distinct([1, 2, 1])", [1, 2]),
    ("keys({ b = 1, a = 2 })", ["a", "b"]), ("values({ b = 1, a = 2 })", [2, 1]),
    ('contains(var.l, "b")', True), ('contains(var.l, "z")', False),
    ('contains(var.u, "a")', U('contains(var.u, "a")')),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ('sort(["b", "a"])', ["a", "b"]),
    ("min(3, 1, 2)", 1), ("max(3, 1, 2)", 3), ("max([3, 1, 5]...)", 5), ("max(var.u...)", U("max(var.u...)")),
    ("abs(-2)", 2), ("ceil(1.2)", 2), ("floor(1.8)", 1), ("abs(var.u)", U("abs(var.u)")),
    ("range(3)", [0, 1, 2]), ("range(1, 4)", [1, 2, 3]), ("range(0, 10, 5)", [0, 5]),
    ("range(1025)", INV("range(1025)")),  # Terraform's own limit
    ("one([])", None), ('one(["a"])', "a"), ('one(["a", "b"])', INV('one(["a", "b"])')),
    # errors and unknowns
    ('try(var.o.missing, "d")', "d"), ('try(var.o.name, "d")', "x"), ('try(var.u, "d")', U("var.u")),
    ("try(var.o.missing, var.l[5], 7)", 7), ("try(var.o.missing)", ERR("try(var.o.missing)")),
    ('try(tonumber("x"), 0)', 0),
    ("can(var.o.missing)", False), ("can(var.o.name)", True), ("can(var.u)", U("var.u")),
    ('sha256("a")', U('sha256("a")')),
    ('provider::aws::arn_parse("x")', U('provider::aws::arn_parse("x")')),
]


@pytest.mark.parametrize("expr,expected", [pytest.param(e, x, id=e) for e, x in FUNCTIONS])
def test_functions(tmp_path, expr, expected):
    assert same(load(tmp_path, expr), expected)


def test_range_is_bounded_at_1024_elements(tmp_path):
    assert load(tmp_path, "range(1024)") == list(range(1024))


def test_jsonencode_text():
    assert as_text(JsonEncoded({"b": 1, "a": [True, None]})) == '{"b":1,"a":[true,null]}'
    assert norm(as_text(JsonEncoded({"a": U("var.u")}))) == norm(U("var.u"))


def test_file_reads_inside_the_module_only(tmp_path):
    assert load(tmp_path, 'file("${path.module}/x.txt")', x__txt="hello\n") == "hello\n"
    assert norm(load(tmp_path, 'file("y.txt")')) == norm(U('file("y.txt")'))
    (tmp_path / "outside.txt").write_text("secret")
    assert norm(load(tmp_path, 'file("../outside.txt")')) == norm(U('file("../outside.txt")'))


# --- variables: defaults and tfvars ---------------------------------------------------------------

def test_tfvars_override_defaults_in_terraform_order(tmp_path):
    assert load(tmp_path, "var.n") == 3
    assert load(tmp_path, "var.n", terraform__tfvars="n = 5\n") == 5
    assert load(tmp_path, "var.n", terraform__tfvars__json='{"n": 6}') == 6
    # *.auto.tfvars after terraform.tfvars, in the order of their names: the last one wins
    assert load(tmp_path, "var.n", terraform__tfvars="n = 5\n", b__auto__tfvars="n = 8\n",
                a__auto__tfvars="n = 7\n") == 8
    assert load(tmp_path, "var.u", terraform__tfvars='u = "given"\n') == "given"  # a value for one without default
    assert load(tmp_path, "[var.s, var.n]", terraform__tfvars='undeclared = 1\nn = 2 * 2\n') == ["web", 4]


# --- bounds -------------------------------------------------------------------------------------------

def test_depth_is_bounded(tmp_path):
    # each unary minus is one level above its operand: 63 of them put the literal at the bound
    assert load(tmp_path, "-" * (MAX_DEPTH - 1) + "1") == -1
    past = load(tmp_path, "-" * MAX_DEPTH + "1")
    assert norm(past) == norm(Unevaluable(f"1 (nesting deeper than {MAX_DEPTH} levels)"))


def test_steps_are_bounded(tmp_path):
    # steps: concat 1 + the for (3 + 199 * (4 + 995)) + the tuple (1 + k) = 198806 + k
    def expr(k):
        return "concat([for a in range(199) : length([for b in range(995) : b])], [" + "0, " * k + "])"

    assert MAX_STEPS == 200_000
    at = load(tmp_path, expr(MAX_STEPS - 198806))
    assert len(at) == 199 + 1194 and set(at) == {995, 0}
    past = load(tmp_path, expr(MAX_STEPS - 198806 + 1))
    assert len(past) == 199 + 1195 and set(past[:-1]) == {995, 0}
    assert norm(past[-1]) == norm(Unevaluable(f"0 (more than {MAX_STEPS} expressions to evaluate)"))


def test_steps_through_locals_count_toward_the_expression_that_reads_them(tmp_path):
    big = "[for a in range(100) : length([for b in range(996) : b])]"  # 3 + 100 * (4 + 996) = 100003 steps
    module = MODULE + f"locals {{\n  a = {big}\n  b = {big}\n}}\n"
    assert load(tmp_path, "length(local.a)", module=module) == 100
    past = load(tmp_path, "length(local.a) + length(local.b)", module=module)
    assert isinstance(past, Unevaluable) and past.text.endswith(f"(more than {MAX_STEPS} expressions to evaluate)")


def test_elements_are_bounded(tmp_path):
    def expr(n):
        full, rest = divmod(n, 1024)
        return "concat(" + "range(1024), " * full + f"range({rest}))"

    assert MAX_NODES == 100_000
    at = load(tmp_path, expr(MAX_NODES - 1))  # the list itself counts: 99,999 members are 100,000 elements
    assert isinstance(at, list) and len(at) == MAX_NODES - 1
    past = load(tmp_path, expr(MAX_NODES))
    assert isinstance(past, Unevaluable) and past.text.endswith(f"... (more than {MAX_NODES} elements)")


def test_distinct_compares_at_most_5000_elements(tmp_path):
    at = load(tmp_path, "distinct(concat(range(1024), range(1024), range(1024), range(1024), range(904)))")
    assert at == list(range(1024))
    past = load(tmp_path, "distinct(concat(range(1024), range(1024), range(1024), range(1024), range(905)))")
    assert isinstance(past, Unevaluable) and past.text.endswith("(more than 5000 elements to compare)")


def test_text_is_bounded(tmp_path):
    kb = "x" * 1024
    module = MODULE + ('locals {\n  kb = "%s"\n  mb = join("", [for i in range(1024) : local.kb])\n'
                       '  ten = join("", [for i in range(10) : local.mb])\n}\n' % kb)
    assert MAX_TEXT == 10 * 1024 * 1024
    at = load(tmp_path, "local.ten", module=module)
    assert isinstance(at, str) and len(at) == MAX_TEXT
    past = load(tmp_path, '"${local.ten}x"', module=module)
    assert norm(past) == norm(Unevaluable(f'"${{local.ten}}x" (more than {MAX_TEXT} characters)'))
    joined = load(tmp_path, 'join("", [local.ten, "x"])', module=module)
    assert norm(joined) == norm(Unevaluable(f'join("", [local.ten, "x"]) (more than {MAX_TEXT} characters)'))


def test_numbers_are_bounded(tmp_path):
    assert load(tmp_path, "9" * 4300) == int("9" * 4300)
    past = load(tmp_path, "9" * 4301)
    assert norm(past) == norm(Unevaluable("99999...99999 (4301 digits: more than doalint reads)"))
    assert load(tmp_path, "1e308") == 1e308
    assert norm(load(tmp_path, "1e309")) == norm(Unevaluable("1e309 (a number beyond the range of a 64-bit float)"))
    # a number past the bound is no error: try() returns it, and the whole is past the bound
    assert norm(load(tmp_path, "try(1e309, 0)")) == norm(Unevaluable("try(1e309, 0) (a number beyond the range of a "
                                                                     "64-bit float)"))


# --- end to end: through the Linter ---------------------------------------------------------------------

CLUSTER = """\
variable "mode" { default = "enabled" }
variable "unknown" {}
locals {
  settings = { prod = "enabled", dev = "disabled" }
}
resource "aws_ecs_cluster" "c" {
  name = "doa"
  setting {
    name  = "containerInsights"
    value = VALUE
  }
}
"""


@pytest.mark.parametrize("value,found", [
    ('"enabled"', []),
    ('"disabled"', ["DOA801@10"]),
    ("var.mode", []),
    ('var.mode == "enabled" ? "disabled" : "enabled"', ["DOA801@10"]),
    ('local.settings["dev"]', ["DOA801@10"]),
    ('lookup(local.settings, "prod", "disabled")', []),
    ('lookup(local.settings, "qa", "disabled")', ["DOA801@10"]),
    ('"${var.mode}"', []),
    ('"dis${substr(var.mode, 2, -1)}"', ["DOA801@10"]),
    ('element(["enabled", "disabled"], 3)', ["DOA801@10"]),
    ("var.unknown", ["DOA003@10"]),
    ('try(local.settings["qa"], "disabled")', ["DOA801@10"]),
    ('try(local.settings["prod"], "disabled")', []),
])
def test_end_to_end_values_decide_the_findings(linter, value, found):
    from conftest import rule_lines

    report = linter.lint_buffer(CLUSTER.replace("VALUE", value).encode(), "main.tf")
    assert not report.internal_errors
    assert rule_lines(report) == found, value
