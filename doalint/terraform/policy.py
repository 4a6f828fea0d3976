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
                    kind, ids = val(b.body, "type") or "AWS", val(b.body, "identifiers") or []
                    if not isinstance(kind, str):
                        kind = "AWS"
                    if isinstance(ids, list) and isinstance(p.get(kind, []), list):
                        p.setdefault(kind, []).extend(ids)
                    else:
                        p[kind] = ids  # unknown identifiers: kept as the unknown value (DOA003)
                s[key] = p
        conds = [b for b in st.body.blocks if b.type == "condition"]
        if conds:
            c: dict[str, Any] = {}
            for b in conds:
                test, variable = val(b.body, "test"), val(b.body, "variable")
                if not isinstance(test, str) or not isinstance(variable, str):
                    from doalint.values import Unknown

                    s["Condition"] = Unknown("a condition block of " + res.address)
                    break
                c.setdefault(test, {})[variable] = val(b.body, "values")
            else:
                s["Condition"] = c
        doc["Statement"].append(s)
    return doc
