"""IAM policies: aws_iam_policy, aws_iam_role_policy and the inline_policy blocks of aws_iam_role,
as iam-policy documents (the IAM JSON policy language: Version + Statement, as the JSON kind reads it).

A ``policy`` argument is read as written: ``jsonencode({...})`` (every nested key located), a
heredoc or string of JSON (a heredoc located by its own parse), ``file("x.json")``, a local or a
variable, or a reference to a ``data "aws_iam_policy_document"`` (also ``data.x[0].json`` and
``one(data.x[*].json)`` of a count/for_each data source). A data source is turned into the
policy by :func:`doalint.terraform.policy.policy_from_data_block`; when it sits in the same file
as the resource, findings point at its statement blocks and their arguments, else at the
referencing argument. A policy string that is not JSON is kept as the string, so that DOA002
says why, as for the JSON kind.

Decisions:

- ``assume_role_policy`` (a role's trust policy) is a second document of the role (``also``),
  checked as a JSON trust policy file is: the grammar (DOA002, with a Principal and no Resource),
  its Version (DOA601), its actions (DOA602, DOA605, DOA607; the resource rules DOA603-DOA606 find
  no Resource in it). It is read as the ``policy`` arguments are (jsonencode, heredoc, string,
  ``file()``, a ``data "aws_iam_policy_document"``), so findings point inside it. It carries
  ``meta["trust_policy"]`` and no ``meta["role"]``: it grants the role nothing (DOA905).
- A role with several ``inline_policy`` blocks is one document whose statements are those of
  every inline policy, in order (each located in its own block). Its ``Version`` is the first
  inline policy's that is not the profile's version (located there), so DOA601 reports the one
  that is wrong; a ``Sid`` that an earlier inline policy of the role already uses is left out of
  the merged copy (IAM only wants a Sid unique within one policy).
- A data source is checked where a policy, role policy, inline policy or trust policy uses it:
  only that tells what kind of policy it is, and data sources are not mapped on
  their own. When several resources of one file use it, the first checks it and the others
  treat it as a reference, so that each finding is reported, and suppressed inline, once.
  ``dynamic "statement"`` blocks with a non-empty ``for_each`` become unknown statements
  (DOA003) rather than silently missing ones; ``source_policy_documents`` and
  ``override_policy_documents`` (and the older ``source_json``/``override_json``) are merged as
  the provider merges them (same Sid: replaced in place; else appended).
- A value that is unknown only because it is a template over attributes of resources of the
  module (``"${aws_s3_bucket.assets.arn}/*"``) is treated like a plain reference to them
  (``aws_s3_bucket.assets.arn``): rules stay quiet about it and it is not DOA003.
- A heredoc policy with interpolations that are not all known is not unknown as a whole: its
  JSON is read with those interpolations left open, and only the string values that hold one
  are unknown (DOA003, or a reference as above), so the rest of the policy is still checked.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Optional

from doalint import arns
from doalint.record import field, record
from doalint.source import Path
from doalint.terraform import hcl
from doalint.terraform.module import Module, Resource
from doalint.terraform.resources import Builder, mapper
from doalint.values import JsonEncoded, Ref, Unknown, as_text, plain

KIND = "iam-policy"
DATA_TYPE = "aws_iam_policy_document"
# The policy language version IAM documents today: used when no profile is given.
DEFAULT_VERSION = "2012-10-17"
_TMP = "\x00policy"  # scratch key: a policy is read there through the Builder, then moved
_MISSING = object()

# statement block argument -> IAM statement key (the provider's names, as doalint.terraform.policy maps them)
_STATEMENT_ARGS = (("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("not_actions", "NotAction"),
                   ("resources", "Resource"), ("not_resources", "NotResource"))
# data source arguments that merge other policy documents in, in the provider's order
_SOURCE_ARGS = ("source_policy_documents", "source_json")
_OVERRIDE_ARGS = ("override_policy_documents", "override_json")

Offsets = tuple[int, int]


@record
class _Part:
    """One policy read from an argument: its value, and what the Builder recorded about it,
    by path relative to the policy."""

    value: Any
    keys: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    unresolved: list = field(default_factory=list)
    opaque: list = field(default_factory=list)


# --- mappers -------------------------------------------------------------------------------------

@mapper("aws_iam_policy", KIND)
def iam_policy(b: Builder) -> None:
    _emit(b, [_read(b, "policy", b.res.block.body)])
    _set_role(b, _attached_roles(b))


@mapper("aws_iam_role_policy", KIND)
def iam_role_policy(b: Builder) -> None:
    _emit(b, [_read(b, "policy", b.res.block.body)])
    _set_role(b, [_role_name(b.module, b.value("role"))])


@mapper("aws_iam_role", KIND)
def iam_role(b: Builder) -> None:
    _emit(b, [_read(b, "policy", blk.body) for blk in b.blocks("inline_policy")])
    _set_role(b, [_role_name(b.module, Ref(f"{b.res.address}.name", b.res.address, "name"))])
    # the trust policy: a document of its own, checked as a JSON trust policy is (see the docstring)
    trust = Builder(b.res, b.module, KIND, b.ctx_profile)
    part = _read(trust, "assume_role_policy", b.res.block.body)
    if part is not None:
        _emit(trust, [part])
        trust.out.meta["trust_policy"] = True
        b.out.also.append(trust.out)


# --- the role a policy belongs to (meta["role"], the IAM role name: DOA905 relates it to the
# task definitions whose executionRoleArn names that role) ---------------------------------------

ROLE = "aws_iam_role"
_ROLE_ATTRS = ("id", "name", "arn")  # a role's id is its name


def _role_name(module: Module, v: Any) -> Optional[str]:
    """The IAM role name a ``role`` argument gives: a name, an ARN, or a reference to a role of
    the module whose name is written down."""
    if isinstance(v, Ref):
        res = module.resources.get(v.address)
        if res is None or res.type != ROLE or v.attribute not in _ROLE_ATTRS:
            return None
        v = module.literal_attribute(res, "name")
        return v if isinstance(v, str) and not isinstance(v, Ref) and v else None
    if isinstance(v, str) and v:
        return arns.name_of(v)
    return None


def _attached_roles(b: Builder) -> list[Optional[str]]:
    """The roles a managed policy of the module is attached to (aws_iam_role_policy_attachment,
    aws_iam_policy_attachment)."""
    out: list[Optional[str]] = []
    for res in b.module.resources.values():
        if res.mode != "resource" or res.type not in ("aws_iam_role_policy_attachment", "aws_iam_policy_attachment"):
            continue
        arn = b.module.literal_attribute(res, "policy_arn")
        if not (isinstance(arn, Ref) and arn.address == b.res.address):
            continue
        if res.type == "aws_iam_role_policy_attachment":
            out.append(_role_name(b.module, b.module.literal_attribute(res, "role")))
        else:
            roles = b.module.literal_attribute(res, "roles")
            out.extend(_role_name(b.module, r) for r in (roles if isinstance(roles, list) else [roles]))
    return out


def _set_role(b: Builder, roles: list[Optional[str]]) -> None:
    """meta["role"] when the policy belongs to one role whose name is known."""
    if roles and None not in roles and len(set(roles)) == 1:
        b.out.meta["role"] = roles[0]


# --- reading one policy argument --------------------------------------------------------------------

def _policy_value(v: Any) -> Any:
    """A policy as data: jsonencode'd data as is, a JSON string parsed; a string that is not
    JSON stays a string (DOA002 says why), as the JSON kind keeps it."""
    if isinstance(v, JsonEncoded):
        v = v.value
    if isinstance(v, str) and not isinstance(v, Ref):
        try:
            return json.loads(v)
        except json.JSONDecodeError:
            return v
    return plain(v)


def _read(b: Builder, name: str, body: hcl.Body) -> Optional[_Part]:
    attr = body.attributes.get(name)
    if attr is None:
        return None
    source = _data_source(b.module, attr.expr)
    if source is not None and _checker(b.module, source, b.src) is not attr:
        # checked where another policy uses it: here only a reference, as to another resource
        b.put_value((_TMP,), Ref(f"{source.address}.json", source.address, "json"), (attr.start, attr.name_end))
    elif source is not None:
        _put_data_source(b, attr, source)
    else:
        raw: dict = {}

        def convert(v):
            raw["v"] = v
            return _policy_value(v)

        try:
            b.put((_TMP,), name, convert, body=body)
        except TypeError:
            # doalint.terraform.policy cannot read some unknown arguments of a data source
            # (principals identifiers = var.x) that this value refers to
            b.put_value((_TMP,), Unknown(b.ev.source(attr.expr)), (attr.start, attr.name_end))
        expr = attr.expr
        if isinstance(expr, hcl.Template) and getattr(expr, "heredoc", False) and isinstance(raw.get("v"), str) \
                and isinstance(b.out.data.get(_TMP), (dict, list)):
            b._heredoc_spans((_TMP,), attr, raw["v"])  # noqa: SLF001 - the Builder's own heredoc locator
        elif isinstance(b.out.data.get(_TMP), Unknown):
            partial = _partial_heredoc(b, expr)
            if partial is not None:  # only some values of a heredoc policy are unknown
                value, text = partial
                b.out.unresolved[:] = [(p, t) for p, t in b.out.unresolved if p[:1] != (_TMP,)]
                b.put_value((_TMP,), value, (attr.start, attr.name_end))
                b.out.smap.values[(_TMP,)] = b.span(expr.start, expr.end)
                b._heredoc_spans((_TMP,), attr, text)  # noqa: SLF001
    part = _take(b)
    if part.value is None:  # policy = null: not set
        return None
    _quiet_resource_templates(b, part)
    return part


# marks an interpolation in the text of a heredoc (an invisible separator, valid in a JSON string)
_HOLE = "\u2063{}\u2063"
_HOLE_RE = re.compile("\u2063([0-9]+)\u2063")


def _heredoc_body(b: Builder, expr: hcl.Template) -> Optional[str]:
    """A heredoc's body as the parser read it (dedented for ``<<-``): its parts' offsets index it."""
    text, start = b.src.text, getattr(expr, "body_offset", None)
    m = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)").match(text, expr.start)
    end = re.compile(r"^[ \t]*" + re.escape(m.group(2)) + r"[ \t]*\r?$", re.M).search(text, start) \
        if m and start is not None else None
    if end is None:
        return None
    raw = text[start:end.start()]
    if m.group(1):
        lines = raw.split("\n")
        widths = [len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()]
        cut = min(widths) if widths else 0
        raw = "\n".join(ln[cut:] for ln in lines)
    return raw


def _scalar_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _partial_heredoc(b: Builder, expr: hcl.Node) -> Optional[tuple[Any, str]]:
    """A heredoc policy whose interpolations are not all known: its JSON with each unknown
    string value Unknown (DOA003) and each that only references resources of the module a
    reference (rules stay quiet), instead of the whole policy unknown. None when the JSON does
    not parse with the interpolations left open (an interpolation outside a string, in a key)."""
    if not (isinstance(expr, hcl.Template) and getattr(expr, "heredoc", False)) or expr.directives:
        return None
    body = _heredoc_body(b, expr)
    pieces: list[str] = []
    holes: list[tuple[Any, str]] = []
    for part in expr.parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        v = b.ev.evaluate(part)
        v = as_text(v) if isinstance(v, JsonEncoded) else v
        if isinstance(v, (Ref, Unknown)) or not isinstance(v, (str, int, float, bool, type(None))):
            shown = "${" + (body[part.start:part.end].strip() if body else "...") + "}"
            holes.append((v, shown))
            pieces.append(_HOLE.format(len(holes) - 1))
        else:
            pieces.append(_scalar_text(v))
    if not holes:
        return None
    text = "".join(pieces)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None

    def fill(v):
        if isinstance(v, str) and _HOLE_RE.search(v):
            used = [holes[int(n)][0] for n in _HOLE_RE.findall(v)]
            if all(isinstance(h, Ref) for h in used):  # only other resources' attributes
                return Ref(f"{used[0].address}.{used[0].attribute}", used[0].address, used[0].attribute)
            return Unknown(_HOLE_RE.sub(lambda m: holes[int(m.group(1))][1], v))
        if isinstance(v, dict):
            if any(_HOLE_RE.search(k) for k in v):
                raise ValueError("an interpolation in a key")
            return {k: fill(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fill(x) for x in v]
        return v

    try:
        return fill(data), text
    except ValueError:
        return None


def _take(b: Builder) -> _Part:
    """Remove what was written at the scratch key and return it relative to that key."""
    out = b.out
    part = _Part(out.data.pop(_TMP, None))
    for table, target in ((out.smap.keys, part.keys), (out.smap.values, part.values)):
        for p in [p for p in table if p[:1] == (_TMP,)]:
            target[p[1:]] = table.pop(p)
    part.unresolved = [(p[1:], t) for p, t in out.unresolved if p[:1] == (_TMP,)]
    out.unresolved[:] = [(p, t) for p, t in out.unresolved if p[:1] != (_TMP,)]
    part.opaque = [p[1:] for p in out.opaque if p[:1] == (_TMP,)]
    out.opaque[:] = [p for p in out.opaque if p[:1] != (_TMP,)]
    return part


_INTERPOLATION = re.compile(r"\$\{(.*?)\}")
_RESOURCE_REF = re.compile(r"([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*")


def _resource_template(text: str, b: Builder) -> bool:
    """``"${aws_s3_bucket.x.arn}/*"``: a quoted template whose every interpolation is an attribute
    of a (managed) resource of the module."""
    if not text.startswith('"') or "%{" in text:
        return False
    refs = _INTERPOLATION.findall(text)
    if not refs:
        return False
    for ref in refs:
        m = _RESOURCE_REF.fullmatch(ref.strip())
        res = b.module.resources.get(f"{m.group(1)}.{m.group(2)}") if m else None
        if res is None or res.mode != "resource":
            return False
    return True


def _quiet_resource_templates(b: Builder, part: _Part) -> None:
    keep = []
    for p, text in part.unresolved:
        if _resource_template(text, b):
            part.opaque.append(p)
        else:
            keep.append((p, text))
    part.unresolved = keep


# --- data "aws_iam_policy_document" ----------------------------------------------------------------

# the data source's attributes that hold the policy (the provider exports both)
_JSON_ATTRS = ("json", "minified_json")


def _is_json_step(kind: str, arg: Any) -> bool:
    return (kind == "attr" and arg in _JSON_ATTRS) or (
        kind == "index" and isinstance(arg, hcl.Literal) and arg.value in _JSON_ATTRS)


def _data_source(module: Module, expr: hcl.Node) -> Optional[Resource]:
    """The data source an argument names: ``data.aws_iam_policy_document.x.json`` (or
    ``.minified_json``), the same with an instance index (``.x[0].json``), or
    ``one(data.aws_iam_policy_document.x[*].json)``."""
    node = expr
    if isinstance(node, hcl.Template) and not node.directives and len(node.parts) == 1 \
            and not isinstance(node.parts[0], str):
        node = node.parts[0]  # "${data.x.json}"
    if isinstance(node, hcl.Call):
        if node.name != "one" or len(node.args) != 1 or node.expand:
            return None
        splat = node.args[0]
        if not (isinstance(splat, hcl.Splat) and len(splat.each) == 1 and _is_json_step(*splat.each[0])):
            return None
        base = splat.obj
    elif isinstance(node, hcl.GetAttr) and node.name in _JSON_ATTRS:
        base = node.obj
    elif isinstance(node, hcl.Index) and _is_json_step("index", node.key):
        base = node.obj
    else:
        return None
    if isinstance(base, hcl.Index):
        base = base.obj  # one instance of a count/for_each data source
    if isinstance(base, hcl.GetAttr) and isinstance(base.obj, hcl.GetAttr) and base.obj.name == DATA_TYPE \
            and isinstance(base.obj.obj, hcl.Variable) and base.obj.obj.name == "data":
        return module.resources.get(f"data.{DATA_TYPE}.{base.name}")
    return None


# the policy arguments of the resources mapped here: resource type -> [(block type or None, argument)]
_POLICY_ARGS = {"aws_iam_policy": [(None, "policy")], "aws_iam_role_policy": [(None, "policy")],
                "aws_iam_role": [("inline_policy", "policy"), (None, "assume_role_policy")]}


def _checker(module: Module, source: Resource, file) -> Optional[hcl.Attribute]:
    """The one policy argument of ``file`` that checks a data source several policies of that file
    use, so that each of its findings is reported (and suppressed inline) once: the first. (Each
    file checks it, so that a run over some files of a module still reports it.) Cached on the
    module."""
    table = getattr(module, "_iam_policy_checkers", None)
    if table is None:
        table = {}
        for res in module.resources.values():
            if res.mode != "resource" or res.type not in _POLICY_ARGS:
                continue
            for block_type, name in _POLICY_ARGS[res.type]:
                bodies = [res.block.body] if block_type is None else \
                    [blk.body for blk in res.block.body.blocks if blk.type == block_type]
                for body in bodies:
                    attr = body.attributes.get(name)
                    used = _data_source(module, attr.expr) if attr is not None else None
                    if used is not None:
                        table.setdefault((used.address, res.file.path), attr)
        module._iam_policy_checkers = table
    return table.get((source.address, file.path))


def _block_head(blk: hcl.Block) -> Offsets:
    return blk.start, blk.start + len(blk.type)


def _attr_spans(a: hcl.Attribute) -> tuple[Offsets, Offsets]:
    return (a.start, a.name_end), (a.expr.start, a.expr.end)


def _statement_spans(res: Resource, blk: hcl.Block) -> dict:
    """Offsets (key, value) of a statement block's parts, by path relative to the statement."""
    spans: dict = {(): (_block_head(blk), (blk.start, blk.end))}
    body = blk.body
    for tf, key in _STATEMENT_ARGS:
        a = body.attributes.get(tf)
        if a is None:
            continue
        spans[(key,)] = _attr_spans(a)
        if key not in ("Sid", "Effect"):
            _, items = res.file.evaluator.evaluate_located(a.expr, (a.start, a.name_end))
            for sub, span in items.items():
                if sub:
                    spans[(key,) + sub] = span
    if "effect" not in body.attributes:  # the provider's default, Allow: the block says it
        spans[("Effect",)] = (_block_head(blk), _block_head(blk))
    ev = res.file.evaluator
    for tf, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        for p in (x for x in body.blocks if x.type == tf):
            spans.setdefault((key,), (_block_head(p), (p.start, p.end)))
            kind = _text(ev, p.body, "type") or "AWS"
            spans.setdefault((key, kind), (_block_head(p), (p.start, p.end)))
    for c in (x for x in body.blocks if x.type == "condition"):
        spans.setdefault(("Condition",), (_block_head(c), (c.start, c.end)))
        test, variable = _text(ev, c.body, "test"), _text(ev, c.body, "variable")
        if test is not None:
            spans.setdefault(("Condition", test), (_block_head(c), (c.start, c.end)))
            a = c.body.attributes.get("values")
            if variable is not None and a is not None:
                spans[("Condition", test, variable)] = _attr_spans(a)
    return spans


def _text(ev, body: hcl.Body, name: str) -> Optional[str]:
    a = body.attributes.get(name)
    v = None if a is None else ev.evaluate(a.expr)
    return v if isinstance(v, str) else None


def _documents(res: Resource, name: str) -> tuple[Optional[list], Any]:
    """The statements of the policy documents a source/override argument lists, or (None, what
    stands for them: unknown, or a reference to another resource's policy)."""
    a = res.block.body.attributes.get(name)
    if a is None:
        return [], None
    value = res.file.evaluator.evaluate(a.expr)
    if value is None:
        return [], None
    items = value if name.endswith("documents") and isinstance(value, list) else [value]
    out: list = []
    for item in items:
        doc = _policy_value(item)
        if isinstance(doc, Unknown):
            return None, doc
        if isinstance(doc, Ref):
            return None, Ref(f"{doc.address}.{doc.attribute}", doc.address, doc.attribute)
        if not isinstance(doc, dict):
            return None, Unknown(res.file.evaluator.source(a.expr))
        st = doc.get("Statement", [])
        out.extend(st if isinstance(st, list) else [st])
    return out, None


def _merge_statement(merged: list, entry: tuple) -> None:
    """The provider's merge: a statement with the Sid of one already there replaces it, in place."""
    st = entry[0]
    sid = st.get("Sid") if isinstance(st, dict) else None
    if isinstance(sid, str) and sid:
        for i, (other, _) in enumerate(merged):
            if isinstance(other, dict) and other.get("Sid") == sid:
                merged[i] = entry
                return
    merged.append(entry)


def _put_data_source(b: Builder, attr: hcl.Attribute, res: Resource) -> None:
    from doalint.terraform.policy import policy_from_data_block

    at = (attr.start, attr.name_end)
    try:
        doc = policy_from_data_block(res, b.module)
    except (TypeError, AttributeError, ValueError):
        # it iterates over some arguments (principals identifiers) that may be unknown
        b.put_value((_TMP,), Unknown(f"{res.address}.json"), at)
        return
    attr_spans = _attr_spans(attr)
    blocks = [blk for blk in res.block.body.blocks if blk.type == "statement"]
    own = [(st, _statement_spans(res, blk)) for st, blk in zip(doc["Statement"], blocks)]
    merged: list = []
    unreadable: list = []  # (Unknown, spans)
    body = res.block.body
    for name in _SOURCE_ARGS:
        statements, bad = _documents(res, name)
        spans = {(): _attr_spans(body.attributes[name])} if name in body.attributes else {}
        if bad is not None:
            unreadable.append((bad, spans))
        for st in statements or []:
            _merge_statement(merged, (st, spans))
    for entry in own:
        _merge_statement(merged, entry)
    for blk in body.blocks:
        if blk.type == "dynamic" and blk.labels[:1] == ["statement"]:
            fe = blk.body.attributes.get("for_each")
            items = res.file.evaluator.evaluate(fe.expr) if fe is not None else None
            if isinstance(items, (list, dict)) and not items:
                continue  # for_each over nothing: no statement
            text = f'dynamic "statement" (for_each = {res.file.evaluator.source(fe.expr) if fe else "?"})'
            unreadable.append((Unknown(text), {(): (_block_head(blk), (blk.start, blk.end))}))
    for name in _OVERRIDE_ARGS:
        statements, bad = _documents(res, name)
        spans = {(): _attr_spans(body.attributes[name])} if name in body.attributes else {}
        if bad is not None:
            unreadable.append((bad, spans))
        for st in statements or []:
            _merge_statement(merged, (st, spans))
    merged.extend(unreadable)
    doc["Statement"] = [_known_conditions(res, st) for st, _ in merged]
    b.put_value((_TMP,), doc, at)
    b.out.smap.values[(_TMP,)] = b.span(*attr_spans[1])
    if res.file is not b.src:
        return  # positions in another file: findings point at the referencing argument
    smap = b.out.smap
    version = body.attributes.get("version")
    if version is not None:
        ks, vs = _attr_spans(version)
        smap.keys[(_TMP, "Version")], smap.values[(_TMP, "Version")] = b.span(*ks), b.span(*vs)
    head = _block_head(res.block)
    smap.keys[(_TMP, "Statement")] = b.span(*head)
    smap.values[(_TMP, "Statement")] = b.span(res.block.start, res.block.end)
    for i, (_, spans) in enumerate(merged):
        for rel, (ks, vs) in spans.items():
            path = (_TMP, "Statement", i) + rel
            smap.keys[path], smap.values[path] = b.span(*ks), b.span(*vs)


def _known_conditions(res: Resource, st: Any) -> Any:
    """A condition block whose test or variable is not known would make a key of the IAM
    condition an unknown value: the statement's Condition is then unknown as a whole."""
    if not isinstance(st, dict) or not isinstance(st.get("Condition"), dict):
        return st
    cond = st["Condition"]
    if all(isinstance(k, str) and isinstance(v, dict) and all(isinstance(x, str) for x in v)
           for k, v in cond.items()):
        return st
    st = dict(st)
    st["Condition"] = Unknown(f"a condition block of {res.address} (test or variable not known)")
    return st


# --- writing the document ----------------------------------------------------------------------------

def _place(b: Builder, part: _Part, where: Callable[[Path], Optional[Path]]) -> None:
    """Record the part's positions, unknowns and references at ``where(relative path)``."""
    smap = b.out.smap
    for table, target in ((part.keys, smap.keys), (part.values, smap.values)):
        for rel, span in table.items():
            p = where(rel)
            if p is not None:
                target[p] = span
    for rel, text in part.unresolved:
        p = where(rel)
        if p is not None:
            b.out.unresolved.append((p, text))
    for rel in part.opaque:
        p = where(rel)
        if p is not None:
            b.out.opaque.append(p)


def _emit(b: Builder, parts: list[Optional[_Part]]) -> None:
    found = [p for p in parts if p is not None]
    if not found:
        b.out.meta["skip"] = True  # no policy to check
    elif len(found) == 1:
        _hoist(b, found[0])
    else:
        _merge(b, found)


def _hoist(b: Builder, part: _Part) -> None:
    """The one policy of the resource is the document."""
    v = part.value
    if isinstance(v, (Unknown, Ref)):
        # the whole policy is unknown (DOA003) or another resource's: no rule can read it
        b.out.data = {"Statement": v}
        if isinstance(v, Ref) and () not in part.opaque:
            part.opaque.append(())
        _place(b, part, lambda rel: ("Statement",) + rel)
        b.out.opaque.append(("Version",))
        return
    b.out.data = v  # a policy, or what DOA002 reports as not one (a string that is not JSON, a list)
    _place(b, part, lambda rel: rel)


def _want_version(b: Builder) -> str:
    iam = getattr(b.ctx_profile, "iam", None)
    return getattr(iam, "policy_version", None) or DEFAULT_VERSION


def _version_source(parts: list[_Part], want: str) -> Optional[int]:
    """Which inline policy's Version the merged document carries: the first that is not ``want``
    (missing included), else the first unknown one, else the first policy's."""
    versions = [(i, p.value.get("Version", _MISSING)) for i, p in enumerate(parts) if isinstance(p.value, dict)]
    if not versions:
        return None
    for i, v in versions:
        if not isinstance(v, Unknown) and v != want:
            return i
    for i, v in versions:
        if isinstance(v, Unknown):
            return i
    return versions[0][0]


def _merge(b: Builder, parts: list[_Part]) -> None:
    """Several inline policies of a role as one document: their statements, in order."""
    chosen = _version_source(parts, _want_version(b))
    data: dict = {}
    statements: list = []
    seen_sids: set = set()
    for n, part in enumerate(parts):
        v = part.value
        off = len(statements)
        if not isinstance(v, dict):  # unknown, another resource's, or not a policy: one entry
            statements.append(v)
            if isinstance(v, Ref) and () not in part.opaque:
                part.opaque.append(())
            _place(b, part, lambda rel, off=off: ("Statement", off) + rel)
            continue
        raw = v.get("Statement", _MISSING)
        single = not isinstance(raw, list)
        items = [] if raw is _MISSING else [raw] if single else list(raw)
        dropped_sid: set = set()
        sids = set()
        for i, st in enumerate(items):
            sid = st.get("Sid") if isinstance(st, dict) else None
            if isinstance(sid, str) and sid in seen_sids:
                st = {k: x for k, x in st.items() if k != "Sid"}
                dropped_sid.add(i)
            elif isinstance(sid, str):
                sids.add(sid)
            statements.append(st)
        seen_sids |= sids
        owned = {k for k in v if k not in ("Version", "Statement") and k not in data}
        for k in owned:
            data[k] = v[k]

        def where(rel, n=n, off=off, single=single, dropped=frozenset(dropped_sid), owned=frozenset(owned)):
            if not rel:
                return None
            head = rel[0]
            if head == "Statement":
                if single:
                    return None if 0 in dropped and rel[1:2] == ("Sid",) else ("Statement", off) + rel[1:]
                if len(rel) == 1 or not isinstance(rel[1], int):
                    return None
                if rel[1] in dropped and rel[2:3] == ("Sid",):
                    return None
                return ("Statement", off + rel[1]) + rel[2:]
            if head == "Version":
                return rel if n == chosen else None
            return rel if head in owned else None

        _place(b, part, where)
        if () in part.keys:  # statements the policy does not locate itself: at its argument
            for i in range(off, len(statements)):
                path = ("Statement", i)
                if path not in b.out.smap.keys and path not in b.out.smap.values:
                    b.out.smap.keys[path] = part.keys[()]
                    b.out.smap.values[path] = part.values.get((), part.keys[()])
    if chosen is None:
        b.out.opaque.append(("Version",))  # no inline policy is known: nothing to say about it
    else:
        src = parts[chosen]
        if "Version" in src.value:
            data["Version"] = src.value["Version"]
        elif () in src.keys:  # a Version that is missing is reported at that policy's argument
            b.out.smap.keys[("Version",)] = src.keys[()]
            b.out.smap.values[("Version",)] = src.values.get((), src.keys[()])
    data["Statement"] = statements
    b.out.data = {"Version": data.pop("Version"), **data} if "Version" in data else data
