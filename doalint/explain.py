"""Rendering a catalog entry: terminal text, Markdown, JSON (and SARIF help)."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from doalint.catalog import Entry
from doalint.kinds import KINDS

SECTIONS = ("what", "why", "example", "use_instead", "options", "references")
HEADINGS = {
    "what": "What it checks",
    "why": "Why it matters",
    "example": "Example",
    "use_instead": "Use instead",
    "options": "Options",
    "references": "References",
}


def option_values(entry: Entry, profile) -> list[tuple[str, Any]]:
    """(dotted profile key, current value) for each option the rule reads."""
    out = []
    for key in entry.data.get("options") or []:
        cur: Any = profile.as_dict()
        for part in key.split("."):
            cur = cur.get(part) if isinstance(cur, dict) else None
        out.append((key, cur))
    return out


def _fmt_value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def fix_of(entry: Entry) -> dict:
    """The entry's fix: availability (always, sometimes, never), safety and text."""
    fix = entry.data.get("fix") or {}
    return {"availability": fix.get("availability", "never"), "safety": fix.get("safety", "safe"),
            "text": " ".join((fix.get("text") or "").split())}


def fixed_example(entry: Entry, profile) -> str:
    """What ``doalint check --fix`` does to the entry's Example, as a unified diff ("" when nothing):
    the Example is written to a temporary folder, fixed (with --unsafe-fixes) and compared."""
    import os
    import tempfile

    from doalint.engine.runner import Linter
    from doalint.fixes.apply import fix_files, unified_diff

    block = entry.data["explain"]["example"]
    suffix = {"json": ".json", "yaml": ".yaml", "hcl": ".tf", "terraform": ".tf"}.get(block.get("format", "json"))
    if suffix is None:
        return ""
    with tempfile.TemporaryDirectory(prefix="doalint-explain-") as tmp:
        name = os.path.join(tmp, "example" + suffix)
        with open(name, "w", encoding="utf-8") as fh:
            fh.write(block["text"])
        linter = Linter(profile, select={entry.id})  # (this rule's fixes only)
        outcome = fix_files(lambda: linter.lint_paths([name]), unsafe=True)
        if name not in outcome.changed:
            return ""
        return unified_diff("example" + suffix, outcome.original[name], outcome.changed[name])


def _fix_lines(entry: Entry, profile, with_diff: bool, markdown: bool) -> list[str]:
    fix = fix_of(entry)
    if fix["availability"] == "never":
        return []
    when = {"always": "every finding", "sometimes": "some findings"}[fix["availability"]]
    how = {"safe": "`doalint check --fix`", "unsafe": "`doalint check --fix --unsafe-fixes`",
           "mixed": "`doalint check --fix` (some only with `--unsafe-fixes`)"}[fix["safety"]]
    if not markdown:
        how = how.replace("`", "")
    lines = [f"Fixable ({when}) with {how}. {fix['text']}"]
    diff = fixed_example(entry, profile) if with_diff else ""
    if diff:
        lines.append("\x00" + diff)  # (a block, rendered by the caller)
    return lines


def _kinds(entry: Entry) -> str:
    special = {"drift": "the files against a live account (scan-aws --compare)"}
    return ", ".join(KINDS[k].title if k in KINDS else special.get(k, k)
                     for k in entry.data.get("kinds") or []) or "any file"


def as_dict(entry: Entry, profile) -> dict:
    d = entry.data
    ex = d["explain"]
    return {
        "id": entry.id,
        "name": entry.name,
        "title": d["title"],
        "severity": d["severity"],
        "tags": d.get("tags", []),
        "kinds": d.get("kinds", []),
        "standard": d["standard"],
        "what": ex["what"].strip(),
        "why": ex["why"].strip(),
        "example": ex["example"],
        "use_instead": ex["use_instead"],
        "options": {
            "text": (ex.get("options") or "").strip(),
            "values": {k: v for k, v in option_values(entry, profile)},
            "profile": profile.source,
        },
        "references": ex.get("references", []),
        "fix": fix_of(entry),
    }


def _options_lines(entry: Entry, profile) -> list[str]:
    text = (entry.data["explain"].get("options") or "").strip()
    vals = option_values(entry, profile)
    lines = []
    if text:
        lines.append(text)
    if vals:
        lines.append(f"Current values (profile {profile.source}):")
        for k, v in vals:
            if isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
                # a map of records (the service catalog): one line each, the fields that matter
                for name, rec in v.items():
                    shown = {f: x for f, x in rec.items() if f not in ("name", "inferred")}
                    lines.append(f"  {k}.{name} = {_fmt_value(shown)}")
            else:
                lines.append(f"  {k} = {_fmt_value(v)}")
    if not lines:
        lines.append("None: this rule has no settings in the profile.")
    return lines


def render_markdown(entry: Entry, profile, fix_diff: bool = False) -> str:
    """``fix_diff``: also show what --fix does to the Example (it lints it: `explain`, not SARIF help)."""
    d = as_dict(entry, profile)
    out = [f"# {entry.id} {entry.name}", "", f"**{d['title']}**", ""]
    out.append(f"- Severity: `{d['severity']}`")
    out.append(f"- Applies to: {_kinds(entry)}")
    out.append(f"- Standard: {d['standard']}")
    if d["tags"]:
        out.append(f"- Tags: {', '.join(d['tags'])}")
    out.append("")
    out += ["## What it checks", "", d["what"], "", "## Why it matters", "", d["why"], ""]
    for key in ("example", "use_instead"):
        block = d[key]
        out += [f"## {HEADINGS[key]}", "", f"```{block.get('format', '')}", block["text"].rstrip("\n"), "```", ""]
        if block.get("deployed"):
            out += ["Deployed (the describe call's output):", "", "```json", block["deployed"].rstrip("\n"), "```", ""]
    fix = _fix_lines(entry, profile, fix_diff, markdown=True)
    if fix:
        out += ["## Fix", "", fix[0], ""]
        if len(fix) > 1:
            out += ["`doalint check --fix` on the example:", "", "```diff", fix[1][1:].rstrip("\n"), "```", ""]
    out += ["## Options", ""]
    opts = _options_lines(entry, profile)
    out += [line if not line.startswith("  ") else "- `" + line.strip().replace(" = ", "` = `", 1) + "`" for line in opts]
    out += ["", "## References", ""]
    out += [_ref(r, markdown=True) for r in d["references"]]
    return "\n".join(out).rstrip() + "\n"


def _ref(r: dict, markdown: bool) -> str:
    title, url = r.get("title", ""), r.get("url")
    if markdown:
        return f"- [{title}]({url})" if url else f"- {title}"
    return f"  - {title}" + (f": {url}" if url else "")


def render_text(entry: Entry, profile, fix_diff: bool = False) -> str:
    d = as_dict(entry, profile)
    out = [f"{entry.id} {entry.name} [{d['severity']}]", d["title"], ""]
    out.append(f"Applies to: {_kinds(entry)}")
    out.append(f"Standard:   {d['standard']}")
    if d["tags"]:
        out.append(f"Tags:       {', '.join(d['tags'])}")

    def para(text: str) -> list[str]:
        res = []
        for p in text.split("\n\n"):
            res += textwrap.wrap(" ".join(p.split()), 88, initial_indent="  ", subsequent_indent="  ") or [""]
            res.append("")
        return res[:-1]

    out += ["", "What it checks", *para(d["what"]), "", "Why it matters", *para(d["why"])]
    for key in ("example", "use_instead"):
        out += ["", HEADINGS[key] + f" ({d[key].get('format', 'text')})"]
        out += ["    " + line for line in d[key]["text"].rstrip("\n").split("\n")]
        if d[key].get("deployed"):
            out += ["  Deployed (the describe call's output):"]
            out += ["    " + line for line in d[key]["deployed"].rstrip("\n").split("\n")]
    fix = _fix_lines(entry, profile, fix_diff, markdown=False)
    if fix:
        out += ["", "Fix", *para(fix[0])]
        if len(fix) > 1:
            out += ["  doalint check --fix on the example:"]
            out += ["    " + line for line in fix[1][1:].rstrip("\n").split("\n")]
    opts = _options_lines(entry, profile)
    prose = (entry.data["explain"].get("options") or "").strip()
    out += ["", "Options"]
    if prose:
        out += para(prose)
        opts = opts[1:]
    out += ["  " + line for line in opts]
    out += ["", "References"] + [_ref(r, markdown=False) for r in d["references"]]
    return "\n".join(out) + "\n"


def render_json(entry: Entry, profile, fix_diff: bool = False) -> str:
    d = as_dict(entry, profile)
    if fix_diff and d["fix"]["availability"] != "never":
        d["fix"]["example_diff"] = fixed_example(entry, profile)
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
