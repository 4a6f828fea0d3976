"""A CloudFormation template: detection, parameters, mappings, conditions, and the static
resolution of intrinsic functions (short-form tags arrive as their long form, see yamlpos).

Resolved values keep the position of the expression they come from; what cannot be known
is :class:`~doalint.values.Unknown` (DOA003), and a ``Ref``/``GetAtt`` to another
resource of the template is a :class:`~doalint.values.Ref`.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from doalint import arns
from doalint.record import field, record
from doalint.source import Path
from doalint.values import Ref, Undefined, Unknown

NO_VALUE = object()  # AWS::NoValue: the property is removed


SAM = "AWS::Serverless"


def is_template(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if "AWSTemplateFormatVersion" in value:
        return True
    res = value.get("Resources")
    return isinstance(res, dict) and bool(res) and all(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith(("AWS::", "Custom::"))
        for r in res.values()
    )


def is_sam(value: dict) -> bool:
    t = value.get("Transform")
    items = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and x.startswith("AWS::Serverless") for x in items)


def _intrinsic(value: Any) -> Optional[tuple[str, Any]]:
    if isinstance(value, dict) and len(value) == 1:
        (k, v), = value.items()
        if k == "Ref" or k.startswith("Fn::") or k == "Condition":
            return k, v
    return None


@record
class Template:
    value: dict
    profile: Any
    parameters: dict = field(default_factory=dict)
    resources: dict = field(default_factory=dict)
    _conditions: dict = field(default_factory=dict)
    # template path of a Ref (or !Sub) resolved through a parameter's Default -> the parameters' names:
    # findings on the value it stands for relate the default (doalint.cloudformation.loader)
    defaults_used: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        params = self.value.get("Parameters")
        self.parameters = params if isinstance(params, dict) else {}
        res = self.value.get("Resources")
        self.resources = res if isinstance(res, dict) else {}
        # a SAM template's AWS::Serverless::* resources become resources whose logical IDs start
        # with theirs (MyFunctionRole, MyApiStage) or with "Serverless" (ServerlessRestApi)
        self.sam_prefixes: tuple = ()
        if is_sam(self.value):
            self.sam_prefixes = ("Serverless",) + tuple(
                k for k, r in self.resources.items()
                if isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith(SAM + "::"))

    def generated(self, name: str) -> bool:
        """``name`` is not in the template but the SAM transform makes it (unknown, not an error)."""
        return bool(self.sam_prefixes) and name.startswith(self.sam_prefixes)

    # --- pseudo parameters, parameters, resources ---------------------------------------
    def ref(self, name: Any, text: str) -> Any:
        p = self.profile
        if not isinstance(name, str):
            return Unknown(text)
        if name == "AWS::Region":
            return p.region
        if name == "AWS::AccountId":
            return p.account_id or Unknown(text)
        if name == "AWS::Partition":
            return "aws"
        if name == "AWS::URLSuffix":
            return "amazonaws.com"
        if name == "AWS::NoValue":
            return NO_VALUE
        if name.startswith("AWS::"):
            return Unknown(text)
        param = self.parameters.get(name)
        if isinstance(param, dict):
            ptype = param.get("Type") if isinstance(param.get("Type"), str) else ""
            if ptype.startswith("AWS::SSM::Parameter::Value<"):
                return Unknown(text)  # its default names an SSM parameter; the value is that parameter's
            if "Default" in param and param["Default"] is not None:  # an empty Default is no value
                default = param["Default"]
                if (ptype == "CommaDelimitedList" or ptype.startswith("List<")) and isinstance(default, str):
                    return [x.strip() for x in default.split(",")]
                return default
            return Unknown(text)
        if name in self.resources:
            return self.resource_ref(name, None)
        return Unknown(text) if self.generated(name) else Undefined(text)

    def resource_ref(self, logical: str, attr: Optional[str]) -> Any:
        """What Ref (attr None) or GetAtt of a resource is known to be."""
        res = self.resources.get(logical) or {}
        address_path = ("Resources", logical, "Properties")
        naming = self.__dict__.setdefault("_naming", set())
        # a name that refers back to its own resource stays unknown, and so does one reached through
        # more than 8 resources' names (no recursion without bound: 200 chained !Refs)
        depth_ok = logical not in naming and len(naming) < 8
        rtype = res.get("Type", "") if isinstance(res, dict) else ""
        props = res.get("Properties") if isinstance(res, dict) else None
        props = props if isinstance(props, dict) else {}
        address = f"Resources/{logical}"

        def literal(key):
            v = props.get(key)
            if v is not None and not isinstance(v, str) and depth_ok:
                naming.add(logical)
                try:
                    v = self.resolve(v, address_path + (key,), 40)[0]  # a name from a parameter default
                finally:
                    naming.discard(logical)
            return v if isinstance(v, str) and not isinstance(v, Ref) else None

        if rtype == "AWS::ECS::Cluster" and attr in (None, "Arn") and literal("ClusterName"):
            return Ref(literal("ClusterName"), address, attr or "Ref")
        if rtype == "AWS::ECS::TaskDefinition" and attr in (None, "TaskDefinitionArn") and literal("Family"):
            return Ref(literal("Family"), address, attr or "Ref")
        if rtype == "AWS::IAM::Role" and literal("RoleName"):
            name = literal("RoleName")
            if attr in (None, "Arn"):
                return Ref(name if attr is None else arns.role(name), address, attr or "Ref")
        if rtype == "AWS::ElasticLoadBalancingV2::TargetGroup" and attr in (None, "TargetGroupArn") and literal("Name"):
            return Ref(arns.target_group(literal("Name")), address, attr or "Ref")
        return Ref(f"{address}.{attr or 'Ref'}", address, attr or "Ref")

    # --- conditions ---------------------------------------------------------------------
    def condition(self, name: Any) -> Any:
        if not isinstance(name, str):
            return Unknown(str(name))
        if name in self._conditions:
            return self._conditions[name]
        conds = self.value.get("Conditions")
        conds = conds if isinstance(conds, dict) else {}
        if name not in conds:
            return Undefined(f"Condition {name}")  # a template format error (format_errors)
        # the conditions it reads first (depth first, without recursion): a chain of any length
        # resolves one condition at a time; a cycle stays unknown (and is a format error)
        order, state, stack = [], {name: 1}, [(name, iter(sorted(condition_refs(conds.get(name)))))]
        while stack:
            cur, deps = stack[-1]
            nxt = next(deps, None)
            if nxt is None:
                stack.pop()
                state[cur] = 2
                order.append(cur)
            elif nxt in conds and nxt not in self._conditions and nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(condition_refs(conds.get(nxt))))))
            elif state.get(nxt) == 1:
                for c, _ in stack:  # on the cycle
                    self._conditions[c] = Unknown(f"Condition {c}")
        for c in order:
            if c in self._conditions:
                continue
            value = self.resolve(conds.get(c), ())[0]
            self._conditions[c] = value if isinstance(value, bool) else Unknown(f"Condition {c}")
        return self._conditions[name]

    # --- resolution -----------------------------------------------------------------------
    def resolve(self, value: Any, path: Path = (), depth: int = 0) -> tuple[Any, None]:
        """The value with every intrinsic function resolved as far as statically possible.
        A resolved value stands where its expression stood, so its position is the expression's
        (list items removed by AWS::NoValue shift the positions after them; that is rare)."""
        if depth > 50:
            return Unknown("deeply nested intrinsic functions"), None
        fn = _intrinsic(value)
        if fn is None:
            if isinstance(value, dict):
                out = {}
                for k, v in value.items():
                    r, _ = self.resolve(v, path + (k,), depth + 1)
                    if r is not NO_VALUE:
                        out[k] = r
                return out, None
            if isinstance(value, list):
                out_l = []
                for i, v in enumerate(value):
                    r, _ = self.resolve(v, path + (i,), depth + 1)
                    if r is not NO_VALUE:
                        out_l.append(r)
                return out_l, None
            return value, None
        name, arg = fn
        return self._function(name, arg, path, _show(value), depth), None

    def _function(self, name: str, arg: Any, path: Path, text: str, depth: int) -> Any:
        r = lambda v, sub=(): self.resolve(v, path + (name,) + sub, depth + 1)[0]  # noqa: E731
        if name == "Ref":
            self._note_default(arg, path)
            return self.ref(arg, text)
        if name == "Condition":
            return self.condition(arg)
        if name == "Fn::GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else arg
            if isinstance(parts, list) and len(parts) == 2 and isinstance(parts[0], str):
                attr = r(parts[1]) if not isinstance(parts[1], str) else parts[1]
                if parts[0] in self.resources and isinstance(attr, str):
                    return self.resource_ref(parts[0], attr)
                if parts[0] not in self.resources:
                    return Unknown(text) if self.generated(parts[0]) else Undefined(text)
            return Unknown(text)
        if name == "Fn::Sub":
            return self._sub(arg, text, path, depth)
        if name == "Fn::Join":
            if isinstance(arg, list) and len(arg) == 2:
                delim, items = r(arg[0], (0,)), r(arg[1], (1,))
                if isinstance(delim, str) and isinstance(items, list):
                    if all(isinstance(i, (str, int, float)) and not isinstance(i, bool)
                           and not (isinstance(i, Ref) and i.opaque) for i in items):
                        return delim.join(str(i) for i in items)
            return Unknown(text)
        if name == "Fn::Select":
            if isinstance(arg, list) and len(arg) == 2:
                idx, items = r(arg[0], (0,)), r(arg[1], (1,))
                try:
                    i = int(idx)
                except (TypeError, ValueError, OverflowError):  # !Select [.inf, ...]
                    return Unknown(text)
                if isinstance(items, list) and 0 <= i < len(items):
                    return items[i]
            return Unknown(text)
        if name == "Fn::Split":
            if isinstance(arg, list) and len(arg) == 2:
                delim, s = r(arg[0], (0,)), r(arg[1], (1,))
                if isinstance(delim, str) and isinstance(s, str) and not isinstance(s, Ref) and delim:
                    return s.split(delim)
            return Unknown(text)
        if name == "Fn::FindInMap":
            if isinstance(arg, list) and len(arg) in (3, 4):
                keys = [r(a, (i,)) for i, a in enumerate(arg[:3])]
                maps = self.value.get("Mappings") or {}
                try:
                    if all(isinstance(k, (str, int)) for k in keys):
                        return maps[keys[0]][str(keys[1])][keys[2]]
                except (KeyError, TypeError, IndexError):  # a list or a string is no mapping
                    if len(arg) == 4 and isinstance(arg[3], dict) and "DefaultValue" in arg[3]:
                        return r(arg[3]["DefaultValue"], (3,))
            return Unknown(text)
        if name == "Fn::If":
            if isinstance(arg, list) and len(arg) == 3:
                c = self.condition(arg[0])
                if isinstance(c, bool):
                    for param in self._condition_defaults(arg[0], set()):
                        self._note_default(param, path)  # the default decided the branch
                    return r(arg[1] if c else arg[2], (1 if c else 2,))
            return Unknown(text)
        if name == "Fn::Equals":
            if isinstance(arg, list) and len(arg) == 2:
                a, b = r(arg[0], (0,)), r(arg[1], (1,))
                if isinstance(a, Unknown) or isinstance(b, Unknown) or isinstance(a, Ref) or isinstance(b, Ref):
                    return Unknown(text)
                return _scalar_text(a) == _scalar_text(b)
            return Unknown(text)
        if name in ("Fn::Not", "Fn::And", "Fn::Or"):
            items = [r(a, (i,)) for i, a in enumerate(arg if isinstance(arg, list) else [arg])]
            # CloudFormation takes one condition in Fn::Not and 2 to 10 in Fn::And and Fn::Or
            if not (len(items) == 1 if name == "Fn::Not" else 2 <= len(items) <= 10):
                return Unknown(text)
            if any(i is (name == "Fn::Or") for i in items) and name != "Fn::Not":
                return name == "Fn::Or"  # decided whatever the unknown operands are
            if not all(isinstance(i, bool) for i in items):
                return Unknown(text)
            return (not items[0]) if name == "Fn::Not" else (all(items) if name == "Fn::And" else any(items))
        if name == "Fn::Base64":
            return r(arg)
        return Unknown(text)  # Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform, ...

    def _note_default(self, name: Any, path: Path) -> None:
        """A Ref at ``path`` to a parameter that resolves to its Default."""
        param = self.parameters.get(name) if isinstance(name, str) else None
        if isinstance(param, dict) and "Default" in param:
            self.defaults_used.setdefault(path, set()).add(name)

    def _condition_defaults(self, name: Any, seen: set) -> set:
        """The parameters (with a Default) whose values a condition reads, through other conditions too."""
        conds = self.value.get("Conditions")
        if not isinstance(name, str) or name in seen or not isinstance(conds, dict):
            return set()
        seen.add(name)
        out: set = set()
        stack = [conds.get(name)]
        while stack:
            v = stack.pop()
            fn = _intrinsic(v)
            if fn is not None and fn[0] == "Ref" and isinstance(fn[1], str):
                param = self.parameters.get(fn[1])
                if isinstance(param, dict) and "Default" in param:
                    out.add(fn[1])
            elif fn is not None and fn[0] == "Condition":
                out |= self._condition_defaults(fn[1], seen)
            elif fn is not None and fn[0] == "Fn::Sub":
                text = fn[1][0] if isinstance(fn[1], list) and fn[1] else fn[1]
                names = re.findall(r"\$\{([^!}][^}]*)\}", text) if isinstance(text, str) else []
                out |= {n for n in names if isinstance(self.parameters.get(n), dict) and "Default" in self.parameters[n]}
                stack.append(fn[1])
            elif isinstance(v, dict):
                stack.extend(v.values())
            elif isinstance(v, list):
                stack.extend(v)
        return out

    def _sub(self, arg: Any, text: str, path: Path, depth: int) -> Any:
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            template, local = arg[0], {k: self.resolve(v, path, depth + 1)[0] for k, v in arg[1].items()}
        else:
            template, local = arg, {}
        if not isinstance(template, str):
            return Unknown(text)
        unknown = False
        from doalint.placeholders import Hole

        parts: list = []  # literal text and the placeholders doalint cannot fill (Hole)

        def repl(m: re.Match) -> str:
            nonlocal unknown
            inner = m.group(1)
            if inner.startswith("!"):
                parts.append("${" + inner[1:] + "}")
                return "${" + inner[1:] + "}"
            if inner in local:
                v = local[inner]
            elif "." in inner and inner.split(".", 1)[0] in self.resources:
                logical, attr = inner.split(".", 1)
                v = self.resource_ref(logical, attr)
            else:
                self._note_default(inner, path)
                v = self.ref(inner, "${" + inner + "}")
            if isinstance(v, (Unknown, list, dict)) or v is None or v is NO_VALUE or (isinstance(v, Ref) and v.opaque):
                unknown = True
                parts.append(Hole(m.group(0)))
                return ""
            v = ("true" if v else "false") if isinstance(v, bool) else str(v)  # as CloudFormation writes it
            parts.append(v)
            return v

        pieces = re.split(r"(\$\{[^}]*\})", template)
        out = re.sub(r"\$\{([^}]*)\}", repl, template)
        if not unknown:
            return out
        from doalint.placeholders import Template
        from doalint.values import Partial

        # literal text between the ${...} forms, each form as it resolved (or as a placeholder)
        merged = [p if i % 2 == 0 else parts[i // 2] for i, p in enumerate(pieces)]
        return Partial(text, Template(merged))


def _scalar_text(value: Any) -> str:
    """A scalar as CloudFormation compares it in Fn::Equals: as text, booleans spelled true/false."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def condition_refs(value: Any) -> set:
    """The names of the conditions ``value`` reads (``{"Condition": name}``, and ``Fn::If``'s first item)."""
    out: set = set()
    stack = [value]
    while stack:
        v = stack.pop()
        fn = _intrinsic(v)
        if fn is not None and fn[0] == "Condition" and isinstance(fn[1], str):
            out.add(fn[1])
        elif fn is not None and fn[0] == "Fn::If" and isinstance(fn[1], list) and fn[1] and isinstance(fn[1][0], str):
            out.add(fn[1][0])
            stack.extend(fn[1][1:])
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def cycles(edges: dict) -> list[list]:
    """One cycle per strongly connected component of ``edges`` (name -> names) that has one, in
    linear time (Tarjan's algorithm, without recursion): the shortest cycle through the component's
    alphabetically first node, as the list of its nodes from that node."""
    index: dict = {}
    low: dict = {}
    on: set = set()
    scc_stack: list = []
    comps: list = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        scc_stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in edges:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    scc_stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = set()
                while True:
                    x = scc_stack.pop()
                    on.discard(x)
                    comp.add(x)
                    if x == node:
                        break
                start = min(comp)
                if len(comp) > 1 or start in edges.get(start, ()):
                    comps.append(_shortest_cycle(edges, comp, start))
    return sorted(comps)


def _shortest_cycle(edges: dict, comp: set, start) -> list:
    from collections import deque

    if start in edges.get(start, ()):
        return [start]
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(edges.get(node, ())):
            if nxt == start:
                trail = [node]
                while parent[trail[-1]] is not None:
                    trail.append(parent[trail[-1]])
                return trail[::-1]
            if nxt in comp and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return [start]


def _show(value: Any) -> str:
    """An intrinsic function as its short form reads: ``!Ref ImageTag``, ``!Sub '...'``."""
    import json

    fn = _intrinsic(value)
    if fn is not None:
        name, arg = fn
        short = "!" + name.replace("Fn::", "")
        if name == "Fn::GetAtt" and isinstance(arg, list) and len(arg) == 2 and all(isinstance(a, str) for a in arg):
            arg = ".".join(arg)  # as written: !GetAtt Role.Arn
        arg_text = arg if isinstance(arg, str) else json.dumps(arg, default=str)
        text = f"{short} {arg_text}"
    else:
        text = json.dumps(value, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


PSEUDO = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
          "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"}


def format_errors(t: Template) -> list[tuple[Path, str]]:
    """What CloudFormation rejects before creating anything ("Template format error"):
    references to names the template does not define, and circular dependencies."""
    errors: list[tuple[Path, str]] = []
    params = set(t.parameters)
    resources = set(t.resources)
    edges: dict[str, set[str]] = {r: set() for r in resources}

    def walk(value: Any, path: Path, owner: Optional[str], local: frozenset = frozenset()) -> None:
        fn = _intrinsic(value)
        if fn is not None:
            name, arg = fn
            if name == "Ref" and isinstance(arg, str):
                if arg in resources:
                    if owner:
                        edges[owner].add(arg)
                elif arg not in params and arg not in PSEUDO and not t.generated(arg):
                    errors.append((path, f"!Ref {arg}: no parameter or resource of this template is named {arg!r}"))
                return
            if name == "Fn::GetAtt":
                target = arg.split(".", 1)[0] if isinstance(arg, str) else (arg[0] if isinstance(arg, list) and arg else None)
                if isinstance(target, str):
                    if target in resources:
                        if owner:
                            edges[owner].add(target)
                    elif not t.generated(target):
                        errors.append((path, f"!GetAtt {target}: no resource of this template is named {target!r}"))
                return
            if name == "Fn::Sub":
                text, names = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
                if not isinstance(names, dict):
                    errors.append((path, "!Sub takes a string, or a string and a mapping of variables"))
                    return
                if isinstance(names, dict):
                    for k, v in names.items():
                        walk(v, path + (name, 1, k), owner, local)
                if isinstance(text, str):
                    for var in re.findall(r"\$\{([^!}][^}]*)\}", text):
                        head = var.split(".", 1)[0]
                        if var in names or var in PSEUDO or var in params or t.generated(head):
                            continue
                        if head in resources:
                            if owner:
                                edges[owner].add(head)
                            continue
                        errors.append((path, f"!Sub refers to ${{{var}}}, which this template does not define"))
                return
            walk(arg, path + (name,), owner, local)
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,), owner, local)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,), owner, local)

    for logical, raw in t.resources.items():
        if not isinstance(raw, dict):
            errors.append((("Resources", logical), f"resource {logical} is not a mapping"))
            continue
        walk(raw.get("Properties"), ("Resources", logical, "Properties"), logical)
        deps = raw.get("DependsOn")
        for i, d in enumerate(deps if isinstance(deps, list) else [deps] if deps is not None else []):
            if isinstance(d, str) and d in resources:
                edges[logical].add(d)
            elif d is not None and not (isinstance(d, str) and t.generated(d)):
                at = ("Resources", logical, "DependsOn") + ((i,) if isinstance(deps, list) else ())
                errors.append((at, f"DependsOn {d!r}: no resource of this template is named so"))
    for section in ("Outputs", "Conditions"):
        walk(t.value.get(section), (section,), None)
    # conditions: each one named must exist, and none may depend on itself
    conds = t.value.get("Conditions")
    conds = conds if isinstance(conds, dict) else {}

    def missing(name: Any, at: Path, how: str) -> None:
        if isinstance(name, str) and name not in conds:
            errors.append((at, f"{how} {name}: no condition of this template is named {name}"))

    def conditions_in(value: Any, path: Path) -> None:
        stack = [(value, path)]
        while stack:
            v, p = stack.pop()
            fn = _intrinsic(v)
            if fn is not None and fn[0] == "Condition" and isinstance(fn[1], str):
                missing(fn[1], p + ("Condition",), "!Condition")
                continue
            if fn is not None and fn[0] == "Fn::If" and isinstance(fn[1], list) and fn[1]:
                missing(fn[1][0], p + ("Fn::If", 0), "!If")
            if isinstance(v, dict):
                stack.extend((x, p + (k,)) for k, x in v.items())
            elif isinstance(v, list):
                stack.extend((x, p + (i,)) for i, x in enumerate(v))

    conditions_in(conds, ("Conditions",))
    for section in ("Resources", "Outputs"):
        entries = t.value.get(section)
        for logical, raw in (entries.items() if isinstance(entries, dict) else ()):
            if isinstance(raw, dict):
                missing(raw.get("Condition"), (section, logical, "Condition"), "Condition")
                conditions_in(raw.get("Properties" if section == "Resources" else "Value"),
                              (section, logical, "Properties" if section == "Resources" else "Value"))
    cond_edges = {name: {c for c in condition_refs(body) if c in conds} for name, body in conds.items()}
    for cycle in cycles(cond_edges):
        errors.append((("Conditions", cycle[0]), "circular dependency between conditions "
                       + " -> ".join(cycle + [cycle[0]]) + "; CloudFormation cannot evaluate them"))
    # circular dependencies: one cycle per group of resources that depend on one another (found in
    # linear time), reported at its alphabetically first resource
    for cycle in cycles(edges):
        errors.append((("Resources", cycle[0]), "circular dependency between resources "
                       + " -> ".join(cycle + [cycle[0]]) + "; CloudFormation cannot order their creation"))
    return errors
