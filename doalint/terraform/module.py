"""A Terraform module: the .tf files of one folder, read together.

Variables (defaults, ``terraform.tfvars``, ``*.auto.tfvars``), locals, the
provider's region and references between the module's resources are resolved
statically; everything else is :class:`~doalint.terraform.evaluate.Unknown`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

from doalint import arns
from doalint.loaders.errors import LineIndex, ParseError
from doalint.record import field, record
from doalint.terraform import hcl
from doalint.terraform.evaluate import Evaluator, Invalid, JsonEncoded, Ref, Unknown, _Continue


@record
class SourceFile:
    path: Path
    display: str
    text: str
    body: Optional[hcl.Body] = None
    error: Optional[ParseError] = None
    lines: Optional[LineIndex] = None
    evaluator: Optional[Evaluator] = None


@record
class Resource:
    type: str
    name: str
    block: hcl.Block
    file: SourceFile
    mode: str = "resource"  # or "data"

    @property
    def address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"


@record
class Module:
    folder: Path
    files: list[SourceFile] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    locals: dict[str, tuple[hcl.Attribute, SourceFile]] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    # (resource declared again, the first declaration): Terraform refuses the module (DOA001)
    duplicates: list[tuple[Resource, Resource]] = field(default_factory=list)
    region: Any = None
    root: Optional[Path] = None  # the scanned tree: file() may not read outside it
    max_bytes: int = 5 * 1024 * 1024  # the run's --max-file-size: for file() and the tfvars files too
    _local_values: dict[str, Any] = field(default_factory=dict)
    _evaluating: set = field(default_factory=set)
    # where a variable's value is written when it is its default: name -> (the file's display
    # path, the default's Span); none once a tfvars file sets it (a fix may edit the default)
    defaults_at: dict = field(default_factory=dict)

    # --- name resolution ----------------------------------------------------------------
    def lookup(self, name: str, node: hcl.Node, ev: Evaluator) -> Any:
        chain = _chain(node)
        if name == "var":
            if chain and isinstance(chain[0], hcl.GetAttr) and chain[0].name not in self.variables:
                # declared in a file this run was not given (a hook sees only staged files), like an
                # undeclared local: unknown, never an error that try() would catch
                return ev.unknown(node)
            return _Continue(self.variables, 0)
        if name == "local":
            if not chain or not isinstance(chain[0], hcl.GetAttr):
                return ev.unknown(node)
            return _Continue(self.local(chain[0].name, ev), 1)
        if name == "path":
            return _Continue({"module": ".", "root": ".", "cwd": "."}, 0)
        if name == "data":
            if len(chain) >= 2 and isinstance(chain[0], hcl.GetAttr) and isinstance(chain[1], hcl.GetAttr):
                res = self.resources.get(f"data.{chain[0].name}.{chain[1].name}")
                rest = 2
                if len(chain) > rest and isinstance(chain[rest], hcl.Index):
                    rest += 1  # data.x.y[0]: one instance of a counted data source
                if res is not None and len(chain) > rest and isinstance(chain[rest], hcl.GetAttr):
                    value = self.data_attribute(res, chain[rest].name)
                    if value is not None:
                        return _Continue(value, rest + 1)
            return ev.unknown(node)
        if chain and isinstance(chain[0], hcl.GetAttr):
            res = self.resources.get(f"{name}.{chain[0].name}")
            if res is not None:
                rest = 1
                if len(chain) > rest and isinstance(chain[rest], hcl.Index):
                    rest += 1  # aws_x.y[0] / aws_x.y["k"]: one instance of a count/for_each resource
                attr = chain[rest].name if len(chain) > rest and isinstance(chain[rest], hcl.GetAttr) else "id"
                consumed = rest + 1 if len(chain) > rest else rest
                return _Continue(self.resource_attribute(res, attr), consumed)
        return ev.unknown(node)

    def local(self, name: str, ev: Evaluator) -> Any:
        if name in self._local_values:
            return self._local_values[name]
        entry = self.locals.get(name)
        if entry is None or name in self._evaluating:
            return Unknown(f"local.{name}")
        attr, src = entry
        self._evaluating.add(name)
        try:
            value = src.evaluator.checked(src.evaluator.evaluate(attr.expr), attr.expr)
        finally:
            self._evaluating.discard(name)
        self._local_values[name] = value
        return value

    def literal_attribute(self, res: Resource, attr: str) -> Any:
        a = res.block.body.attributes.get(attr)
        if a is None:
            return None
        key = (res.address, attr)
        if key in self._evaluating:
            # aws_x.a.name = aws_x.b.name and the reverse: a cycle Terraform rejects
            return Invalid(f"{res.address}.{attr} (refers back to itself through other resources: a cycle)")
        self._evaluating.add(key)
        try:
            return res.file.evaluator.checked(res.file.evaluator.evaluate(a.expr), a.expr)
        finally:
            self._evaluating.discard(key)

    def resource_attribute(self, res: Resource, attr: str) -> Any:
        """The statically known value of ``res.attr``: a literal argument, a name that
        identifies it, or a :class:`Ref` standing for what only apply knows."""
        if attr in res.block.body.attributes and attr not in ("id", "arn"):
            value = self.literal_attribute(res, attr)
            if not isinstance(value, Unknown) or isinstance(value, Invalid):
                return value  # an error (a cycle, a missing key) is one in every reference too
        if res.type == "aws_ecs_cluster" and attr in ("id", "arn", "name"):
            name = self.literal_attribute(res, "name")
            if isinstance(name, str):
                return Ref(name, res.address, attr)
        if res.type in ("aws_lb_target_group", "aws_alb_target_group") and attr in ("arn", "id"):
            name = self.literal_attribute(res, "name")
            if isinstance(name, str) and not isinstance(name, Ref):
                # an ARN-like text that names the group: DOA303, DOA503 and DOA902 match by name
                return Ref(arns.target_group(name), res.address, attr)
        if res.type == "aws_iam_role" and attr in ("arn", "name", "id"):
            name = self.literal_attribute(res, "name")
            if isinstance(name, str) and not isinstance(name, Ref):
                # the account is not known statically; the role's name is what rules compare
                return Ref(name if attr != "arn" else arns.role(name), res.address, attr)
        if res.type == "aws_ecs_task_definition" and attr in ("arn", "id", "family"):
            family = self.literal_attribute(res, "family")
            if isinstance(family, str):
                return Ref(family, res.address, attr)
        return Ref(f"{res.address}.{attr}", res.address, attr)

    def data_attribute(self, res: Resource, attr: str) -> Any:
        if res.type == "aws_iam_policy_document" and attr == "json":
            from doalint.terraform.policy import policy_from_data_block

            return JsonEncoded(policy_from_data_block(res, self))
        if res.type == "aws_region" and attr in ("name", "region", "id"):
            return self.region if self.region is not None else Unknown(f"{res.address}.{attr}")
        return None

    # --- file() ---------------------------------------------------------------------------
    def read_file(self, rel: Any) -> Optional[str]:
        if not isinstance(rel, str):
            return None
        target = (self.folder / rel).resolve()
        root = (self.root or self.folder).resolve()
        if target != root and root not in target.parents:
            return None  # never read outside the scanned tree
        from doalint.loaders import read_regular

        try:
            return read_regular(target, self.max_bytes).decode("utf-8")
        except (OSError, UnicodeDecodeError, ParseError):  # missing, a FIFO or a device, too big
            return None


def duplicate_attributes(body: hcl.Body) -> list[tuple[str, hcl.Attribute, hcl.Attribute]]:
    """(owner, attribute written again, its first writing) for every block of a file: Terraform
    rejects an argument written twice in one block ("Attribute redefined")."""
    out = []
    stack = [(body, "")]
    while stack:
        b, owner = stack.pop()
        out += [(owner, again, first) for again, first in b.duplicates]
        for blk in b.blocks:
            if not owner:
                name = (("data." if blk.type == "data" else "") + ".".join(blk.labels[:2])
                        if blk.type in ("resource", "data") else " ".join([blk.type, *blk.labels]))
            else:
                name = f"{owner} {blk.type}"
            stack.append((blk.body, name))
    return sorted(out, key=lambda t: t[1].start)


def _chain(node: hcl.Node) -> list:
    """The traversal steps after the root name, outermost last."""
    steps = []
    cur = node
    while isinstance(cur, (hcl.GetAttr, hcl.Index)):
        steps.append(cur)
        cur = cur.obj
    steps.reverse()
    return steps


def _tfvars(folder: Path) -> list[Path]:
    out = [p for p in (folder / "terraform.tfvars", folder / "terraform.tfvars.json") if p.is_file()]
    out += sorted((p for p in (*folder.glob("*.auto.tfvars"), *folder.glob("*.auto.tfvars.json")) if p.is_file()),
                  key=lambda p: p.name)
    return out


def is_json(path: Path) -> bool:
    """Terraform's JSON syntax: ``*.tf.json``, ``*.tfvars.json``."""
    return path.name.lower().endswith((".tf.json", ".tfvars.json"))


def tfvars_values(path: Path, text: str) -> dict:
    """The variable values a .tfvars (or .tfvars.json) file sets; raises ParseError."""
    if is_json(path):
        from doalint.loaders.jsonpos import parse_json

        # with positions, and bounded: no RecursionError on deep nesting, no ValueError on huge integers
        value, _, _ = parse_json(text[1:] if text.startswith("\ufeff") else text)
        if not isinstance(value, dict):
            raise ParseError("a .tfvars.json file holds one object (variable names as keys)")
        return value
    body = hcl.parse(text)
    ev = Evaluator(text, lambda n, node, e: e.unknown(node))
    return {attr.name: ev.evaluate(attr.expr) for attr in body.attributes.values()}


def load_module(folder: Path, paths: list[Path], display, root: Optional[Path] = None,
                max_bytes: int = 5 * 1024 * 1024) -> Module:
    """Parse the .tf files of ``folder`` (``paths``) and resolve what can be resolved."""
    from doalint.loaders import _decode, read_regular

    mod = Module(folder=folder, root=root, max_bytes=max_bytes)
    for p in paths:
        src = SourceFile(p, display(p), "")
        try:
            raw = read_regular(p, max_bytes)

            src.text = _decode(raw)
            if is_json(p):
                from doalint.terraform import tfjson

                src.body = tfjson.parse(src.text)
            else:
                src.body = hcl.parse(src.text)
        except ParseError as exc:
            src.error = exc
        except OSError as exc:
            src.error = ParseError(f"cannot read the file: {exc.strerror or exc}")
        src.lines = LineIndex(src.text)
        src.evaluator = Evaluator(src.text, mod.lookup, mod.read_file)
        mod.files.append(src)
    # variables: defaults, then tfvars files in Terraform's order of precedence
    for src in mod.files:
        if src.body is None:
            continue
        for block in src.body.blocks:
            if block.type == "variable" and block.labels:
                name = block.labels[0]
                default = block.body.attributes.get("default")
                mod.variables[name] = (src.evaluator.evaluate(default.expr) if default is not None
                                       else Unknown(f"var.{name}"))
                if default is not None:
                    from doalint.source import Span

                    (la, ca), (lb, cb) = src.lines.position(default.expr.start), src.lines.position(default.expr.end)
                    mod.defaults_at[name] = (src.display, Span(la, ca, lb, cb))
            elif block.type == "locals":
                for attr in block.body.attributes.values():
                    mod.locals[attr.name] = (attr, src)
            elif block.type in ("resource", "data") and len(block.labels) >= 2:
                res = Resource(block.labels[0], block.labels[1], block, src, block.type)
                if res.address in mod.resources:
                    mod.duplicates.append((res, mod.resources[res.address]))
                else:
                    mod.resources[res.address] = res
    inside = (root or folder).resolve()
    for tfvars in _tfvars(folder):
        try:
            if inside not in tfvars.resolve(strict=True).parents:
                continue  # a link out of the checked tree is not followed
            values = tfvars_values(tfvars, _decode(read_regular(tfvars, max_bytes)))
        except (OSError, RuntimeError, ParseError):
            continue  # a broken tfvars file is reported when it is checked itself
        for name, value in values.items():
            if name in mod.variables:
                mod.variables[name] = value
                mod.defaults_at.pop(name, None)
    # the provider's region, when written down
    for src in mod.files:
        if src.body is None:
            continue
        for block in src.body.blocks:
            if block.type == "provider" and block.labels[:1] == ["aws"] and "alias" not in block.body.attributes:
                region = block.body.attributes.get("region")
                if region is not None:
                    mod.region = src.evaluator.evaluate(region.expr)
    return mod


def group_by_folder(paths: list[Path]) -> dict[Path, list[Path]]:
    out: dict[Path, list[Path]] = {}
    for p in paths:
        out.setdefault(Path(os.path.normpath(p.parent)), []).append(p)
    return out
