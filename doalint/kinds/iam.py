"""IAM policy documents: the execution and task roles' policies.

Recognised as written (``{"Version": ..., "Statement": [...]}``) and inside the
wrappers people keep in git: put-role-policy/create-policy input (whose
``PolicyDocument`` is a JSON string), get-role-policy output (``PolicyDocument``
an object) and get-policy-version output (``PolicyVersion.Document``).

botocore has no shape for the policy language (its API takes the document as a
string), so the kind validates the grammar itself for DOA002.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional

from doalint import arns
from doalint.kinds import Found, Kind, detector, register
from doalint.source import Path, format_path

KIND = "iam-policy"

# The IAM JSON policy language (IAM User Guide, "IAM JSON policy element reference"):
# AWS grammar facts, not choices of the standard.
VERSIONS = ("2012-10-17", "2008-10-17")
POLICY_KEYS = ("Version", "Id", "Statement")
STATEMENT_KEYS = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                  "Resource", "NotResource", "Condition")
EFFECTS = ("Allow", "Deny")
CONDITION_OPERATORS = (
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
)
_SET_PREFIXES = ("ForAllValues:", "ForAnyValue:")
_IF_EXISTS = "IfExists"
_SID = re.compile(r"^[A-Za-z0-9]*$")  # the Sid of an IAM policy: ASCII letters and digits only
_POLICY_HINT = {"statement": "Statement", "statements": "Statement", "version": "Version", "id": "Id"}
# Wrapper keys that hold the policy as a sibling of the document.
_NAME_KEY = "PolicyName"


def _model():
    from doalint.models.iam import PolicyDocument

    return PolicyDocument


# --- recognising policies -----------------------------------------------------------------

_STATEMENT_MARKERS = {"Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal"}


def _looks_like_statement(s: Any) -> bool:
    return isinstance(s, dict) and bool(_STATEMENT_MARKERS & set(s))


def _is_policy(d: Any) -> bool:
    if not isinstance(d, dict):
        return False
    st = d.get("Statement")
    if isinstance(st, dict):
        return _looks_like_statement(st)
    if isinstance(st, list):
        return any(_looks_like_statement(s) for s in st) or (not st and d.get("Version") in VERSIONS)
    # A policy whose Statement key is misspelt or mistyped: a policy language version and
    # hardly anything else. Claimed so that DOA002 can say what is wrong with it.
    return d.get("Version") in VERSIONS and len(d) <= 3


def _decode_string(text: str) -> tuple[Any, bool]:
    """(parsed value, parsed?) of a policy held as a JSON string (URL-encoded, as the raw
    IAM API returns it, or not)."""
    from doalint.loaders.errors import ParseError
    from doalint.loaders.jsonpos import parse_json

    s = text.strip()
    if s[:3].upper() == "%7B":
        from urllib.parse import unquote  # not at import time: urllib.parse is slow to import

        s = unquote(s)
    try:
        value, _, _ = parse_json(s)
    except ParseError:
        return None, False
    return value, True


def _wrapped(value: dict, key: str, base: Path, variant: str, name: Optional[Any], role: Any = None) -> list[Found]:
    raw = value[key]
    if isinstance(raw, str):
        if raw.strip()[:1] not in ("{", "%"):
            return []
        inner, ok = _decode_string(raw)
        if not ok:  # a policy that does not parse: DOA002 says so
            return [Found(KIND, raw, base, "input")]
        variant = "input"
    else:
        inner = raw
    if not _is_policy(inner):
        return []
    data, moved = inner, None
    if isinstance(name, str) and _NAME_KEY not in inner:
        data = dict(inner)
        data[_NAME_KEY] = name
        moved = {_NAME_KEY: (_NAME_KEY,)}
    if isinstance(role, str) and "RoleName" not in inner:
        # the role the policy belongs to (get-role-policy output, put-role-policy input): rules
        # across documents tie it to the task definitions that name the role (DOA905)
        data = dict(data)
        data["RoleName"] = role
        moved = {**(moved or {}), "RoleName": ("RoleName",)}
    return [Found(KIND, data, base, variant, moved)]


@detector(order=60)
def iam_policy(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    if "PolicyDocument" in value:
        # put-role-policy / create-policy input (a JSON string) or get-role-policy output (an object)
        return _wrapped(value, "PolicyDocument", ("PolicyDocument",), "output", value.get(_NAME_KEY),
                        value.get("RoleName"))
    version = value.get("PolicyVersion")
    if isinstance(version, dict) and "Document" in version:
        # get-policy-version output
        return _wrapped(version, "Document", ("PolicyVersion", "Document"), "output", None)
    if _is_policy(value):
        return [Found(KIND, value)]
    return []


# --- the grammar (DOA002) ---------------------------------------------------------------------

def _describe(value: Any) -> str:
    from doalint.shapes import describe

    return describe(value)


def _unknown(path: Path, key: Any, allowed: tuple[str, ...], what: str) -> tuple[Path, str]:
    from doalint.shapes import suggest

    guess = suggest(str(key), allowed)
    hint = f"; did you mean {guess!r}?" if guess else f" (allowed: {', '.join(allowed)})"
    return path + (key,), f"{format_path(path + (key,))}: {key!r} is not {what}{hint}"


def _string_or_list(st: dict, key: str, base: Path) -> Iterator[tuple[Path, str]]:
    v = st[key]
    p = base + (key,)
    if isinstance(v, str):
        return
    if not isinstance(v, list):
        yield p, f"{format_path(p)}: expected a string or a list of strings, found {_describe(v)}"
        return
    if not v:
        yield p, f"{format_path(p)}: the list is empty, so the statement applies to nothing"
    for j, item in enumerate(v):
        if not isinstance(item, str):
            yield p + (j,), f"{format_path(p + (j,))}: expected a string, found {_describe(item)}"


def _resource_format(st: dict, key: str, base: Path) -> Iterator[tuple[Path, str]]:
    v = st[key]
    items = [((key,), v)] if isinstance(v, str) else [((key, j), x) for j, x in enumerate(v)] \
        if isinstance(v, list) else []
    for rel, item in items:
        if not isinstance(item, str) or item == "*":
            continue
        if arns.parse(item) is None:
            p = base + rel
            yield p, (f"{format_path(p)}: {item!r} is neither \"*\" nor an ARN "
                      "(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE); IAM rejects the policy")


def _principal(st: dict, key: str, base: Path) -> Iterator[tuple[Path, str]]:
    v = st[key]
    p = base + (key,)
    if v == "*":
        return
    if not isinstance(v, dict):
        yield p, f"{format_path(p)}: expected \"*\" or an object (AWS, Service, Federated, CanonicalUser), " \
                 f"found {_describe(v)}"
        return
    for k, x in v.items():
        if isinstance(x, str):
            continue
        if not isinstance(x, list) or not all(isinstance(i, str) for i in x):
            yield p + (k,), f"{format_path(p + (k,))}: expected a string or a list of strings, found {_describe(x)}"


def _operator_known(op: str) -> bool:
    for prefix in _SET_PREFIXES:
        if op.startswith(prefix):
            op = op[len(prefix):]
            break
    if op.endswith(_IF_EXISTS) and op != _IF_EXISTS:
        op = op[: -len(_IF_EXISTS)]
        if op == "Null":
            return False
    return op in CONDITION_OPERATORS


def _condition(st: dict, base: Path) -> Iterator[tuple[Path, str]]:
    v = st["Condition"]
    p = base + ("Condition",)
    if not isinstance(v, dict):
        yield p, f"{format_path(p)}: expected an object of condition operators, found {_describe(v)}"
        return
    for op, block in v.items():
        op_p = p + (op,)
        if not _operator_known(str(op)):
            from doalint.shapes import suggest

            guess = suggest(str(op), CONDITION_OPERATORS)
            hint = f"; did you mean {guess!r}?" if guess else ""
            yield op_p, f"{format_path(op_p)}: {op!r} is not an IAM condition operator{hint}"
        if not isinstance(block, dict):
            yield op_p, f"{format_path(op_p)}: expected an object of condition keys, found {_describe(block)}"
            continue
        for ck, cv in block.items():
            scalar = (str, int, float, bool)
            if isinstance(cv, scalar) or (isinstance(cv, list) and all(isinstance(i, scalar) for i in cv)):
                continue
            yield op_p + (ck,), (f"{format_path(op_p + (ck,))}: expected a value or a list of values, "
                                 f"found {_describe(cv)}")


def _statement(st: Any, base: Path, identity: bool, sids: dict) -> Iterator[tuple[Path, str]]:
    if not isinstance(st, dict):
        yield base, f"{format_path(base)}: expected a statement object, found {_describe(st)}"
        return
    for key in st:
        if key not in STATEMENT_KEYS:
            yield _unknown(base, key, STATEMENT_KEYS, "a statement element")
    if "Sid" in st:
        sid = st["Sid"]
        p = base + ("Sid",)
        if not isinstance(sid, str):
            yield p, f"{format_path(p)}: expected a string, found {_describe(sid)}"
        elif identity and not _SID.match(sid):
            yield p, (f"{format_path(p)}: Sid {sid!r} has characters other than ASCII letters and digits; "
                      "an IAM policy's Sid supports only A-Z, a-z and 0-9")
        elif identity and sid:
            if sid in sids:
                yield p, f"{format_path(p)}: Sid {sid!r} is also used by {format_path(sids[sid])}; in IAM a Sid " \
                         "must be unique within the policy"
            else:
                sids[sid] = p
    eff = st.get("Effect")
    if "Effect" not in st:
        yield base + ("Effect",), f"{format_path(base + ('Effect',))}: required key is missing (Allow or Deny)"
    elif eff not in EFFECTS:
        p = base + ("Effect",)
        if isinstance(eff, str):
            guess = next((e for e in EFFECTS if e.lower() == eff.strip().lower()), None)
            hint = f"; the value is case-sensitive: write {guess!r}" if guess else ""
            yield p, f"{format_path(p)}: {eff!r} is not an effect (Allow or Deny){hint}"
        else:
            yield p, f"{format_path(p)}: expected the string \"Allow\" or \"Deny\", found {_describe(eff)}"
    for one, other in (("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")):
        if one in st and other in st:
            yield base + (other,), f"{format_path(base + (other,))}: a statement has {one} or {other}, not both"
    if "Action" not in st and "NotAction" not in st:
        yield base + ("Action",), f"{format_path(base + ('Action',))}: required key is missing (Action or NotAction)"
    if identity and "Resource" not in st and "NotResource" not in st:
        yield base + ("Resource",), (f"{format_path(base + ('Resource',))}: required key is missing "
                                     "(Resource or NotResource); an identity policy statement names its resources")
    for key in ("Action", "NotAction", "Resource", "NotResource"):
        if key in st:
            yield from _string_or_list(st, key, base)
    for key in ("Resource", "NotResource"):
        if key in st:
            yield from _resource_format(st, key, base)
    for key in ("Principal", "NotPrincipal"):
        if key in st:
            yield from _principal(st, key, base)
    if "Condition" in st:
        yield from _condition(st, base)


def validate(doc: Any) -> Iterator[tuple[Path, str]]:
    """The IAM policy grammar: the DOA002 check of this kind."""
    data = doc.data
    if isinstance(data, str):
        from doalint.loaders.errors import ParseError
        from doalint.loaders.jsonpos import parse_json

        from urllib.parse import unquote

        text = unquote(data.strip()) if data.strip()[:3].upper() == "%7B" else data
        try:
            parse_json(text)
            reason = "is not a policy document"
        except ParseError as exc:
            reason = f"is not valid JSON ({exc.message}, at line {exc.line} column {exc.col} of the string)"
        yield (), f"the policy document string {reason}"
        return
    if not isinstance(data, dict):
        yield (), f"expected a policy document object, found {_describe(data)}"
        return
    moved = doc.moved or {}
    for key in data:
        if key not in POLICY_KEYS and key not in moved:
            p = (key,)
            guess = _POLICY_HINT.get(str(key).lower())
            if guess:
                yield p, f"{key}: {key!r} is not a policy element; did you mean {guess!r}? (keys are case-sensitive)"
            else:
                yield _unknown((), key, POLICY_KEYS, "a policy element")
    if "Version" in data:
        v = data["Version"]
        if not isinstance(v, str):
            yield ("Version",), f"Version: expected the string \"2012-10-17\", found {_describe(v)}"
        elif v not in VERSIONS:
            yield ("Version",), (f"Version: {v!r} is not a policy language version; IAM accepts "
                                 f"{' or '.join(VERSIONS)}")
    if "Id" in data and not isinstance(data["Id"], str):
        yield ("Id",), f"Id: expected a string, found {_describe(data['Id'])}"
    if "Statement" not in data:
        yield ("Statement",), "Statement: required key is missing"
        return
    raw = data["Statement"]
    if isinstance(raw, dict):
        items: list[tuple[Path, Any]] = [(("Statement",), raw)]
    elif isinstance(raw, list):
        if not raw:
            yield ("Statement",), "Statement: the list is empty; a policy without statements grants nothing"
        items = [(("Statement", i), s) for i, s in enumerate(raw)]
    else:
        yield ("Statement",), f"Statement: expected a statement object or a list of them, found {_describe(raw)}"
        return
    identity = not any(isinstance(s, dict) and ("Principal" in s or "NotPrincipal" in s) for _, s in items)
    sids: dict = {}
    for base, st in items:
        yield from _statement(st, base, identity, sids)


register(
    Kind(
        KIND,
        "IAM policy",
        _model,
        None,
        None,
        None,
        _NAME_KEY,
        lambda m: [],
        has_service=False,
        validate=validate,
        # IAM policy variables are the policy language's own: ${aws:username}, ${s3:prefix},
        # ${*}, ${?}, ${$} ... (IAM User Guide, "IAM policy elements: Variables and tags")
        literal_placeholders=(
            r"\$\{(?:(?:aws|saml|sts|ec2|s3|iot|ssm|cognito-identity\.amazonaws\.com|www\.amazon\.com"
            r"|graph\.facebook\.com|accounts\.google\.com):[^}]*|[*?$])\}"
        ),
    ),
)
