"""Static evaluation of HCL expressions: what can be known without running Terraform.

Values are plain Python data. What cannot be known (a variable without a default,
an attribute only known after apply, a function doalint does not evaluate) is an
:class:`Unknown` carrying the expression's source text, so DOA003 can name it.
Unknowns propagate: an operation on an unknown is unknown, but an object with one
unknown member keeps its known members. A reference to another resource of the
module is a :class:`Ref`, a string that remembers the resource's address.
While evaluating, the source span of every object key and value built from a
literal constructor is recorded by path, so findings can point inside
``jsonencode([...])``.
"""

from __future__ import annotations

import json
import math
from typing import Any, Callable, Optional

from doalint.terraform import hcl
# the static values, shared with the other front ends (importable from here too)
from doalint.values import (Invalid, JsonEncoded, Partial, Ref, Unevaluable, Unknown, as_text,  # noqa: F401
                            first_unknown, plain)


# bounds of what the evaluator builds, so no input makes it recurse, hang or eat memory
MAX_DEPTH = 64  # expressions (and references through locals and resources) nested in one another
MAX_STEPS = 200_000  # expressions evaluated for one top-level expression
MAX_NODES = 100_000  # elements (list and map members, counted through nesting) of one value
MAX_TEXT = 10 * 1024 * 1024  # characters of text in one value
_state = {"depth": 0, "steps": 0}


class _TooBig(Exception):
    pass


def _bounded(value: Any) -> Optional[str]:
    """Why ``value`` is past the evaluator's bounds, or None."""
    nodes = text = 0
    stack = [(value, 0)]
    while stack:
        v, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return f"more than {MAX_NODES} elements"
        if depth > MAX_DEPTH:
            return f"nesting deeper than {MAX_DEPTH} levels"
        if isinstance(v, str):
            text += len(v)
            if text > MAX_TEXT:
                return f"more than {MAX_TEXT} characters"
        elif isinstance(v, float) and not math.isfinite(v):
            return "a number beyond the range of a 64-bit float"
        elif isinstance(v, JsonEncoded):
            stack.append((v.value, depth + 1))
        elif isinstance(v, dict):
            stack.extend((x, depth + 1) for x in v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend((x, depth + 1) for x in v)
    return None


class EvalError(Exception):
    pass


Span = tuple[int, int]  # offsets in the file being evaluated


class Evaluator:
    """Evaluates expressions of one module.

    ``lookup(root_name, node)`` resolves the first name of a traversal (``var``,
    ``local``, ``aws_iam_role``, ``data``, ``path``...); it is given by the module.
    ``file_reader(path)`` reads a file for ``file()``; it returns None when the file
    may not be read (outside the scanned tree, missing).
    """

    def __init__(self, text: str, lookup: Callable[[str, hcl.Node, "Evaluator"], Any],
                 file_reader: Callable[[Any], Optional[str]] = lambda p: None) -> None:
        self.text = text
        self.lookup = lookup
        self.file_reader = file_reader
        self.spans: Optional[dict[tuple, tuple[Span, Span]]] = None
        self.depth = 0

    def source(self, node: hcl.Node) -> str:
        return " ".join(self.text[node.start : node.end].split())

    def unknown(self, node: hcl.Node) -> Unknown:
        return Unknown(self.source(node))

    def _unknown_as(self, part: Unknown, node: hcl.Node) -> Unknown:
        """An expression over an unknown part is unknown as a whole, and named as the user wrote
        the whole (``count.index + 10``, ``var.apps[count.index].name``), not by its part; an
        error (Invalid) stays an error."""
        if isinstance(part, Unevaluable):
            return part  # keeps its reason
        return Invalid(self.source(node)) if isinstance(part, Invalid) else self.unknown(node)

    # --- entry points -----------------------------------------------------------------
    def evaluate(self, node: hcl.Node, env: Optional[dict] = None) -> Any:
        return self._eval(node, env or {}, None)

    def evaluate_located(self, node: hcl.Node, key_span: Span, env: Optional[dict] = None) -> tuple[Any, dict]:
        """Evaluate and also return spans: path -> (key span, value span) for every member
        built from a literal object or list (paths relative to the expression). ``env``: names
        bound around it (a dynamic block's iterator)."""
        self.spans = {(): (key_span, (node.start, node.end))}
        try:
            value = self._eval(node, env or {}, ())
            return value, self.spans
        finally:
            self.spans = None

    def beyond(self, node: hcl.Node, why: str) -> Unevaluable:
        text = self.source(node)
        if len(text) > 80:
            text = text[:77] + "..."
        return Unevaluable(f"{text} ({why})")

    def checked(self, value: Any, node: hcl.Node) -> Any:
        """``value``, or Unevaluable when it is past the evaluator's bounds."""
        if isinstance(value, (dict, list, str, float, JsonEncoded)):
            why = _bounded(value)
            if why is not None:
                return self.beyond(node, why)
        return value

    # --- the evaluator --------------------------------------------------------------------
    def _eval(self, node: hcl.Node, env: dict, path: Optional[tuple]) -> Any:
        # one depth and one step count for every evaluator: references through locals and
        # resources go from one file's evaluator to another's
        st = _state
        top = st["depth"] == 0
        if top:
            st["steps"] = 0
        st["depth"] += 1
        st["steps"] += 1
        try:
            if st["depth"] > MAX_DEPTH:
                return self.beyond(node, f"nesting deeper than {MAX_DEPTH} levels")
            if st["steps"] > MAX_STEPS:
                return self.beyond(node, f"more than {MAX_STEPS} expressions to evaluate")
            value = self._eval_inner(node, env, path)
            return self.checked(value, node) if top else value
        except RecursionError:
            return self.beyond(node, "nested too deeply")
        finally:
            st["depth"] -= 1

    def _eval_inner(self, node, env, path):
        if isinstance(node, hcl.Literal):
            return node.value
        if isinstance(node, hcl.BigNumber):
            return Unevaluable(f"{self.text[node.start:node.start + 5]}...{self.text[node.end - 5:node.end]} "
                               f"({node.digits} digits: more than doalint reads)")
        if isinstance(node, hcl.Template):
            return self._template(node, env)
        if isinstance(node, hcl.TupleExpr):
            out = []
            for i, item in enumerate(node.items):
                sub = None if path is None else path + (i,)
                if sub is not None and self.spans is not None:
                    self.spans[sub] = ((item.start, item.start), (item.start, item.end))
                out.append(self._eval(item, env, sub))
            return out
        if isinstance(node, hcl.ObjectExpr):
            out: dict = {}
            for item in node.items:
                key = item.key_name
                if key is None:
                    k = self._eval(item.key, env, None)
                    if isinstance(k, Unknown) or not isinstance(k, (str, int, float, bool)):
                        return self.unknown(node)
                    key = str(k) if not isinstance(k, bool) else str(k).lower()
                sub = None if path is None else path + (key,)
                if sub is not None and self.spans is not None:
                    self.spans[sub] = ((item.key.start, item.key.end), (item.value.start, item.value.end))
                out[key] = self._eval(item.value, env, sub)
            return out
        if isinstance(node, hcl.Variable):
            if node.name in env:
                return env[node.name]
            value = self.lookup(node.name, node, self)
            # a bare `var` or `path` (only their attributes are values): an error in Terraform
            return Invalid(self.source(node)) if isinstance(value, _Continue) else value
        if isinstance(node, (hcl.GetAttr, hcl.Index)):
            return self._traverse(node, env)
        if isinstance(node, hcl.Splat):
            base = self._eval(node.obj, env, None)
            if isinstance(base, Unknown):
                return self._unknown_as(base, node)
            if base is None:
                return []
            items = base if isinstance(base, list) else [base]
            out = []
            for it in items:
                for kind, arg in node.each:
                    it = self._step(it, kind, arg if kind == "attr" else self._eval(arg, env, None), node)
                if isinstance(it, Invalid):
                    return Invalid(self.source(node))  # one element without the attribute: the splat is an error
                out.append(it)
            return out
        if isinstance(node, hcl.Call):
            return self._call(node, env, path)
        if isinstance(node, hcl.Unary):
            v = self._eval(node.operand, env, None)
            if isinstance(v, Unknown):
                return self._unknown_as(v, node)
            if node.op == "!":
                return (not v) if isinstance(v, bool) else self.unknown(node)
            return -v if isinstance(v, (int, float)) and not isinstance(v, bool) else self.unknown(node)
        if isinstance(node, hcl.Binary):
            return self._binary(node, env)
        if isinstance(node, hcl.Conditional):
            c = self._eval(node.cond, env, None)
            if isinstance(c, Unknown) or not isinstance(c, bool):
                return self.unknown(node)
            return self._eval(node.then if c else node.other, env, path)
        if isinstance(node, hcl.ForExpr):
            return self._for(node, env)
        return self.unknown(node)

    def _template(self, node: hcl.Template, env: dict) -> Any:
        if node.directives:
            return self.unknown(node)
        if len(node.parts) == 1 and not isinstance(node.parts[0], str):  # "${x}" keeps x's type
            return self._eval(node.parts[0], env, None)
        out = []
        holes = False
        size = 0
        for part in node.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            v = as_text(self._eval(part, env, None))
            if isinstance(v, (dict, list)) or isinstance(v, Invalid):
                return self.unknown(node)
            if isinstance(v, (Unknown, Ref)):
                from doalint.placeholders import Hole

                holes = True
                out.append(Hole("${" + self.source(part) + "}"))
                continue
            out.append(_to_string(v))
            size += len(out[-1])
            if size > MAX_TEXT:
                return self.beyond(node, f"more than {MAX_TEXT} characters")
        if holes:
            from doalint.placeholders import Template

            return Partial(self.source(node), Template(out))
        return "".join(out)

    def _traverse(self, node, env):
        chain = []
        cur = node
        while isinstance(cur, (hcl.GetAttr, hcl.Index)):
            chain.append(cur)
            cur = cur.obj
        chain.reverse()
        if isinstance(cur, hcl.Variable) and cur.name not in env:
            value = self.lookup(cur.name, node, self)  # the module resolves whole traversals
            if not isinstance(value, _Continue):
                return value
            value, chain = value.value, chain[value.consumed:]
        else:
            value = self._eval(cur, env, None)
        for step in chain:
            if isinstance(value, Unknown):
                return self._unknown_as(value, node)
            if isinstance(step, hcl.GetAttr):
                value = self._step(value, "attr", step.name, node)
            else:
                key = self._eval(step.key, env, None)
                if isinstance(key, Unknown):
                    return self.unknown(node)
                value = self._step(value, "index", key, node)
        return value

    def _step(self, value, kind, key, node):
        if isinstance(value, Unknown):
            return value
        if isinstance(value, JsonEncoded):
            return self.unknown(node)
        if isinstance(value, dict):
            k = key if isinstance(key, str) else str(key)
            return value[k] if k in value else Invalid(self.source(node))
        if isinstance(value, list) and kind == "index" and isinstance(key, (int, float)) and not isinstance(key, bool):
            i = int(key)
            return value[i] if 0 <= i < len(value) else Invalid(self.source(node))
        return Invalid(self.source(node)) if isinstance(value, (str, int, float, bool, list)) or value is None \
            else self.unknown(node)

    def _binary(self, node, env):
        a = self._eval(node.left, env, None)
        if node.op in ("&&", "||") and isinstance(a, bool):
            if node.op == "&&" and a is False:
                return False
            if node.op == "||" and a is True:
                return True
        b = self._eval(node.right, env, None)
        if isinstance(a, Unknown):
            return self._unknown_as(a, node)
        if isinstance(b, Unknown):
            return self._unknown_as(b, node)
        op = node.op
        try:
            if op == "==":
                return _same(a, b)
            if op == "!=":
                return not _same(a, b)
            if op in ("&&", "||"):
                if not (isinstance(a, bool) and isinstance(b, bool)):
                    return self.unknown(node)
                return (a and b) if op == "&&" else (a or b)
            a, b = _number(a), _number(b)
            if a is None or b is None:
                return self.unknown(node)
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return a / b if b else self.unknown(node)
            if op == "%":
                return a % b if b else self.unknown(node)
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        except (TypeError, ValueError, OverflowError):
            return self.unknown(node)

    def _for(self, node: hcl.ForExpr, env: dict):
        coll = self._eval(node.collection, env, None)
        if isinstance(coll, Unevaluable):
            return coll
        if isinstance(coll, Unknown) or not isinstance(coll, (list, dict)):
            return self.unknown(node)
        if len(coll) > MAX_NODES:
            return self.beyond(node, f"more than {MAX_NODES} elements")
        pairs = list(coll.items()) if isinstance(coll, dict) else list(enumerate(coll))
        out_list, out_map = [], {}
        for k, v in pairs:
            scope = dict(env)
            scope[node.value_var] = v
            if node.key_var:
                scope[node.key_var] = k
            if node.cond is not None:
                c = self._eval(node.cond, scope, None)
                if isinstance(c, Unevaluable):
                    return c
                if isinstance(c, Unknown):
                    return self.unknown(node)
                if c is not True:
                    continue
            value = self._eval(node.value, scope, None)
            if isinstance(value, Unevaluable):
                return value
            if node.key is None:
                out_list.append(value)
            else:
                key = self._eval(node.key, scope, None)
                if isinstance(key, Unknown) or not isinstance(key, str):
                    return self.unknown(node)
                if node.group:
                    out_map.setdefault(key, []).append(value)
                else:
                    out_map[key] = value
        return self.checked(out_list if node.key is None else out_map, node)

    def _call(self, node: hcl.Call, env: dict, path):
        name = node.name.split("::")[-1]
        if name in ("try", "can"):
            # Terraform: try() returns the first argument that is not an error; an unknown value
            # is not an error, so it stays unknown (and so does can())
            for arg in node.args:
                v = self._eval(arg, env, path if name == "try" else None)
                if isinstance(v, Invalid):
                    if name == "can":
                        return False
                    continue
                if name == "can":
                    return v if isinstance(v, Unknown) else True
                return v
            return self.unknown(node)
        if name == "jsonencode" and len(node.args) == 1:
            return JsonEncoded(self._eval(node.args[0], env, path))
        args = [self._eval(a, env, None) for a in node.args]
        for a in args:
            if isinstance(a, Unevaluable):
                return a
        if node.expand and args:
            last = args.pop()
            if isinstance(last, Unknown) or not isinstance(last, list):
                return self.unknown(node)
            args += last
        fn = _FUNCTIONS.get(name)
        if fn is None:
            if name == "file" and len(args) == 1 and isinstance(args[0], str):
                text = self.file_reader(args[0])
                return self.unknown(node) if text is None else text
            return self.unknown(node)
        # jsonencode() values as their JSON text, inside lists and maps too (join(",", [for x in l : jsonencode(x)]))
        args = [plain(a) for a in args] if name not in _STRUCTURAL else args
        # an unknown anywhere in an argument (join("-", ["prod", var.x])): the result is unknown,
        # never a text that spells the unknown's Python form
        if any(isinstance(a, Invalid) for a in args):
            return Invalid(self.source(node))  # an argument is an error: so is the call (try() skips it)
        if any(isinstance(a, Unknown) for a in args) or (
                name not in _UNKNOWN_TOLERANT and name not in _STRUCTURAL and first_unknown(args) is not None):
            # a wholly unknown argument (length(var.list_from_a_data_source)) leaves the result unknown; the
            # tolerant functions work around unknown items (length([var.a, 1]) is 2)
            return self.unknown(node)
        if name not in _STRUCTURAL and _opaque_ref(args):
            # a reference whose value is not known (aws_secretsmanager_secret.this.arn): text built
            # from it would spell the reference, not the value Terraform fills in
            return self.unknown(node)
        if name == "lookup" and args and isinstance(args[0], Unknown):
            return self.unknown(node)  # lookup() in an unknown map is unknown, not its default
        try:
            result = fn(*args)
        except _TooBig as exc:
            return self.beyond(node, str(exc))
        except RecursionError:
            return self.beyond(node, "nested too deeply")
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, ArithmeticError, StopIteration,
                json.JSONDecodeError):
            return Invalid(self.source(node))  # Terraform's own error: the function rejects its arguments
        return self.checked(result, node)


def _opaque_ref(value: Any) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, Ref) and v.opaque:
            return True
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
    return False


class _Continue:
    """Returned by a module lookup that resolved only the first ``consumed`` steps."""

    def __init__(self, value: Any, consumed: int) -> None:
        self.value = value
        self.consumed = consumed


def _to_string(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _number(v: Any):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        try:
            f = float(v)
        except ValueError:
            return None
        return int(f) if f.is_integer() and "." not in v and "e" not in v.lower() else f
    return None


def _tonumber(v):
    n = _number(v)
    if n is None:
        raise ValueError(v)
    return n


def _tobool(v):
    if isinstance(v, bool):
        return v
    if v in ("true", "false"):
        return v == "true"
    raise ValueError(v)


def _same(a: Any, b: Any) -> bool:
    """Terraform's ==: values of different types are never equal (true == 1 is false), numbers by value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def _index(i: Any) -> int:
    """An index Terraform takes: a whole number, not negative (element(list, -1) is an error)."""
    n = int(i)
    if n < 0 or n != i:
        raise ValueError(f"invalid index {i}")
    return n


def _lookup(m, k, *default):
    if isinstance(m, dict) and k in m:
        return m[k]
    if default:
        return default[0]
    raise KeyError(k)


def _merge(*maps):
    out = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise TypeError("merge takes maps")
        out.update(m)
    return out


def _coalesce(*args):
    for a in args:
        if isinstance(a, Unknown):
            raise ValueError("unknown")
        if a is not None and a != "":
            return a
    raise ValueError("no value")


def _flatten(v):
    out = []
    for x in v:
        out.extend(_flatten(x) if isinstance(x, list) else [x])
    return out


def _distinct(v):
    if len(v) > 5000:  # compared pairwise
        raise _TooBig("more than 5000 elements to compare")
    out = []
    for x in v:
        if x not in out:
            out.append(x)
    return out


_MISSING = object()


def _range(*a):
    r = range(*[int(x) for x in a])
    if len(r) > 1024:
        raise ValueError("range: more than 1024 elements")  # Terraform's own limit
    return list(r)


def _join(sep, items):
    parts = [_to_string(i) for i in items]
    if sum(map(len, parts)) + len(sep) * len(parts) > MAX_TEXT:
        raise _TooBig(f"more than {MAX_TEXT} characters")
    return sep.join(parts)


def _replace(s, a, b):
    grows = (s.count(a) if a else len(s) + 1) * max(len(b) - len(a), 0)
    if len(s) + grows > MAX_TEXT:
        raise _TooBig(f"more than {MAX_TEXT} characters")
    return s.replace(a, b)


def _concat(*lists):
    if sum(len(x) for x in lists) > MAX_NODES:
        raise _TooBig(f"more than {MAX_NODES} elements")
    return [x for lst in lists for x in lst]


def _format(fmt, *args):
    import re

    it = iter(args)
    if sum(len(a) for a in args if isinstance(a, str)) + len(fmt) > MAX_TEXT:
        raise _TooBig(f"more than {MAX_TEXT} characters")

    def repl(m):
        spec = m.group(0)
        if spec == "%%":
            return "%"
        v = next(it, _MISSING)
        if v is _MISSING:
            raise ValueError("format: not enough arguments")
        if spec.endswith("d"):
            return str(int(_tonumber(v)))
        if spec.endswith("q"):
            return json.dumps(v)
        return _to_string(v) if not isinstance(v, (dict, list)) else json.dumps(v)

    return re.sub(r"%%|%[-+# 0]*[0-9]*(?:\.[0-9]+)?[vsdqtf]", repl, fmt)


_FUNCTIONS: dict[str, Callable] = {
    "jsondecode": lambda s: json.loads(s),
    "tostring": lambda v: v if isinstance(v, str) else _to_string(v) if not isinstance(v, (dict, list)) else (_ for _ in ()).throw(TypeError()),
    "tonumber": _tonumber,
    "tobool": _tobool,
    "tolist": lambda v: list(v),
    "toset": lambda v: _distinct(list(v)),
    "tomap": lambda v: dict(v),
    "format": _format,
    "join": _join,
    "split": lambda sep, s: s.split(sep),
    "lower": lambda s: s.lower(),
    "upper": lambda s: s.upper(),
    "title": lambda s: s.title(),
    "replace": _replace,
    "trimspace": lambda s: s.strip(),
    "trim": lambda s, chars: s.strip(chars),
    "trimprefix": lambda s, p: s[len(p):] if s.startswith(p) else s,
    "trimsuffix": lambda s, p: s[: -len(p)] if p and s.endswith(p) else s,
    "startswith": lambda s, p: s.startswith(p),
    "endswith": lambda s, p: s.endswith(p),
    "substr": lambda s, o, n: s[o: (None if n < 0 else o + n)],
    "concat": _concat,
    "merge": _merge,
    "lookup": _lookup,
    "element": lambda lst, i: lst[_index(i) % len(lst)],
    "length": lambda v: len(v),
    "coalesce": _coalesce,
    "compact": lambda lst: [x for x in lst if x not in (None, "")],
    "flatten": _flatten,
    "distinct": _distinct,
    "keys": lambda m: sorted(m),
    "values": lambda m: [m[k] for k in sorted(m)],
    "contains": lambda lst, v: v in lst,
    "zipmap": lambda ks, vs: dict(zip(ks, vs)),
    "sort": lambda lst: sorted(lst),
    "min": lambda *a: min(a),
    "max": lambda *a: max(a),
    "abs": lambda a: abs(a),
    "ceil": lambda a: math.ceil(a),
    "floor": lambda a: math.floor(a),
    "range": _range,
    "one": lambda lst: (lst[0] if len(lst) == 1 else None) if len(lst) <= 1 else (_ for _ in ()).throw(ValueError()),
}
_STRUCTURAL = {"merge", "lookup", "concat", "flatten", "length", "element", "keys", "values", "contains",
               "zipmap", "tolist", "toset", "tomap", "distinct", "compact", "one", "coalesce"}
_UNKNOWN_TOLERANT = {"merge", "concat", "tolist", "toset", "tomap", "flatten", "compact", "distinct", "lookup",
                     "element", "length", "keys", "values", "zipmap", "one"}
