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


def render_markdown(entry: Entry, profile) -> str:
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


def render_text(entry: Entry, profile) -> str:
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
    opts = _options_lines(entry, profile)
    prose = (entry.data["explain"].get("options") or "").strip()
    out += ["", "Options"]
    if prose:
        out += para(prose)
        opts = opts[1:]
    out += ["  " + line for line in opts]
    out += ["", "References"] + [_ref(r, markdown=False) for r in d["references"]]
    return "\n".join(out) + "\n"


def render_json(entry: Entry, profile) -> str:
    return json.dumps(as_dict(entry, profile), indent=2, ensure_ascii=False) + "\n"
