"""``data "aws_iam_policy_document"`` blocks as IAM policy JSON."""

from __future__ import annotations

from typing import Any


def policy_from_data_block(res, module) -> dict:
    ev = res.file.evaluator
    body = res.block.body

    def val(b, name):
        a = b.attributes.get(name)
        return None if a is None else ev.evaluate(a.expr)

    doc: dict[str, Any] = {"Version": val(body, "version") or "2012-10-17", "Statement": []}
    for st in (b for b in body.blocks if b.type == "statement"):
        s: dict[str, Any] = {}
        for tf, key in (("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("not_actions", "NotAction"),
                        ("resources", "Resource"), ("not_resources", "NotResource")):
            v = val(st.body, tf)
            if v is not None:
                s[key] = v
        s.setdefault("Effect", "Allow")
        for kind, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            blocks = [b for b in st.body.blocks if b.type == kind]
            if blocks:
                p: dict[str, Any] = {}
                for b in blocks:
                    p.setdefault(val(b.body, "type") or "AWS", []).extend(val(b.body, "identifiers") or [])
                s[key] = p
        conds = [b for b in st.body.blocks if b.type == "condition"]
        if conds:
            c: dict[str, Any] = {}
            for b in conds:
                c.setdefault(val(b.body, "test"), {})[val(b.body, "variable")] = val(b.body, "values")
            s["Condition"] = c
        doc["Statement"].append(s)
    return doc
