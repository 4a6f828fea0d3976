"""Placeholders: the parts of a value that are filled in before the file is used.

Files kept in git are often templates: CodePipeline's ``taskdef.json`` (``<IMAGE1_NAME>``),
envsubst files (``${ACCOUNT_ID}``, ``$TAG``), Terraform ``templatefile`` sources (``${port}``,
``%{ if x }``), ecspresso and Go templates (``{{ must_env `X` }}``), Jinja and mustache
(``{{ name }}``), and sed-style words (``arn:aws:iam::ACCOUNT_ID:role/x``, ``REPO_URI:latest``,
``subnet-YOUR_SUBNET_1``). A placeholder is an unknown value: doalint never judges it, and
says once (DOA003) which placeholder it could not read. Where the literal part of a value
decides (``${repo}:latest`` is the mutable tag ``latest`` whatever the repository), rules read
the :class:`Template` of the value instead.

This module is neutral: every front end and the engine may import it, it imports nothing of
doalint's but the neutral doalint.arns.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Union

from doalint import arns

# Delimited forms, each unambiguous wherever it stands in a string value.
_DELIMITED = (
    r"\$\{[^}\n]*\}"  # ${VAR}: shell, envsubst, Terraform templatefile
    r"|\{\{.*?\}\}"  # {{ x }}: Go templates (ecspresso), Jinja, Helm, mustache
    r"|\{%.*?%\}"  # {% if %}: Jinja and Nunjucks statements
    r"|%\{[^}\n]*\}"  # %{ if x }: Terraform template directives
    r"|<[A-Za-z][A-Za-z0-9_.-]*>"  # <IMAGE1_NAME>: CodePipeline, sed-style, documentation
    r"|\bYOUR_[A-Z0-9_]*[A-Z0-9]"  # YOUR_ACCOUNT_ID: an instruction to the reader
)
# $VAR (envsubst) outside the delimited forms: only upper-case names, and not in the values a
# shell inside the container expands at run time (command, entryPoint, healthCheck.command).
_BARE_DOLLAR = r"\$[A-Z_][A-Z0-9_]*\b"
DELIMITED = re.compile(_DELIMITED)
ANY = re.compile(_DELIMITED + "|" + _BARE_DOLLAR)
# A sed-style word: upper case with at least one underscore (ACCOUNT_ID, AWS_REGION, REPO_URI).
# Enumerations look the same (DEPLOYMENT_FAILURE), so a word is a placeholder only where AWS
# accepts no upper case: an ARN's region and account, an image's repository, a region value,
# the suffix of a subnet-, sg- or vpc- identifier.
_WORD = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|REGION|ACCOUNT|ACCOUNTID|REPO|IMAGE|TAG"
_WORD_RE = re.compile(rf"(?:{_WORD})")
_ID_RE = re.compile(rf"\b(?:subnet|sg|vpc|tg|ami)-({_WORD}|[A-Z][A-Z0-9_]*)\b")
_REGION_KEYS = frozenset({"awslogs-region", "region", "Region", "aws_region"})
SHELL_KEYS = frozenset({"command", "entryPoint", "Command", "EntryPoint"})


class Template:
    """A string value with placeholders: ``parts`` alternates literal text (str) and
    placeholders (:class:`Hole`). ``text`` is the value as written."""

    __slots__ = ("parts", "text")

    def __init__(self, parts: Iterable[Union[str, "Hole"]], text: Optional[str] = None) -> None:
        merged: list = []
        for p in parts:
            if isinstance(p, str) and not isinstance(p, Hole):
                if not p:
                    continue
                if merged and isinstance(merged[-1], str) and not isinstance(merged[-1], Hole):
                    merged[-1] += p
                    continue
            merged.append(p)
        self.parts = tuple(merged)
        self.text = text if text is not None else "".join(map(str, merged))

    def __repr__(self) -> str:  # never shown to users; messages use .text or .holes
        return f"Template({self.text!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Template) and other.parts == self.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    @property
    def holes(self) -> list["Hole"]:
        return [p for p in self.parts if isinstance(p, Hole)]

    def suffix(self) -> str:
        """The literal text after the last placeholder."""
        return "" if not self.parts or isinstance(self.parts[-1], Hole) else self.parts[-1]


class Hole(str):
    """One placeholder as written (``${DB_PASSWORD}``, ``<IMAGE1_NAME>``)."""

    __slots__ = ()


def _contextual(value: str, key: object) -> list[tuple[int, int]]:
    """Spans of sed-style words in the places that accept no upper case."""
    spans: list[tuple[int, int]] = []
    fields = arns.fields(value)
    if fields is not None:
        if len(fields) >= 5:
            offset = len(fields[0]) + len(fields[1]) + len(fields[2]) + 3
            region, account = fields[3], fields[4]
            if region and _WORD_RE.fullmatch(region):
                spans.append((offset, offset + len(region)))
            offset += len(region) + 1
            if account and not account.isdigit() and account not in ("*", "aws") and _WORD_RE.fullmatch(account):
                spans.append((offset, offset + len(account)))
    elif key in _REGION_KEYS and _WORD_RE.fullmatch(value):
        spans.append((0, len(value)))
    elif key == "image" or key == "Image":
        # a repository name is lower case (Docker's reference grammar): an upper-case word in it
        # is a placeholder; the tag after the last ':' may be upper case and stays literal
        name = value.split("@", 1)[0]
        last = name.rsplit("/", 1)[-1]
        repo_end = len(name) - (len(last) - last.index(":")) if ":" in last else len(name)
        for m in _WORD_RE.finditer(value, 0, repo_end):
            spans.append(m.span())
    for m in _ID_RE.finditer(value):
        spans.append(m.span(1))
    return spans


def split(value: str, key: object = None, shell: bool = False) -> Optional[Template]:
    """The :class:`Template` of ``value`` when it holds a placeholder, else None. ``key`` is the
    mapping key the value stands under (it decides the sed-style words); ``shell``: the value
    is a command a shell expands at run time, where ``$VAR`` is the container's variable."""
    if not value or not isinstance(value, str):
        return None
    shell = shell or key in SHELL_KEYS
    pattern = DELIMITED if shell else ANY
    # <name> is a placeholder, but not in markup (a value holding a closing tag) nor in a command,
    # where '<' is the shell's redirection and markup is written out
    angle_ok = not shell and "</" not in value
    spans = [m.span() for m in pattern.finditer(value) if angle_ok or not m.group(0).startswith("<")]
    if not shell and ("_" in value or "REGION" in value or "ACCOUNT" in value or "-" in value):
        taken = spans[:]
        for a, b in _contextual(value, key):
            if not any(a < y and x < b for x, y in taken):
                spans.append((a, b))
    if not spans:
        return None
    spans.sort()
    parts: list = []
    at = 0
    for a, b in spans:
        if a < at:
            continue
        parts.append(value[at:a])
        parts.append(Hole(value[a:b]))
        at = b
    parts.append(value[at:])
    return Template(parts, value)


# Bare placeholders where a JSON value belongs (``"desiredCount": {{COUNT}}``, ``"cpu": ${cpu}``,
# ``"containerPort": <PORT>``, ``"n": $N``): the JSON reader of template files takes them as values.
BARE_VALUE = re.compile(r"\$\{[^}\n]*\}|\{\{.*?\}\}|<[A-Za-z][A-Za-z0-9_.-]*>|\$[A-Za-z_][A-Za-z0-9_]*")


def describe(t: Template) -> str:
    """How a message names the unknown part: the placeholder as written."""
    holes = t.holes
    if not holes:
        return f"`{t.text}`"
    if len(holes) == 1:
        return f"the placeholder {holes[0]}"
    shown = ", ".join(str(h) for h in holes[:3])
    more = f" and {len(holes) - 3} more" if len(holes) > 3 else ""
    return f"the placeholders {shown}{more}"
