"""Drift: the documents of the files (what a team means to deploy) against the resources of the
account (what runs), paired by each kind's identity. DOA960 (doalint.checks.drift) reads it."""

from __future__ import annotations

from typing import Any, Callable, Optional

from doalint import arns
from doalint.document import Document
from doalint.engine.findings import Report
from doalint.record import field, record
from doalint.source import Path


def _get(doc: Document, *keys: str) -> Any:
    data = doc.data if isinstance(doc.data, dict) else {}
    for k in keys:
        if data.get(k) not in (None, ""):
            return data[k]
    return None


def _name(value: Any) -> Optional[str]:
    """The last part of an ARN or a plain name."""
    if not isinstance(value, str) or not value:
        return None
    return arns.name_of(value)


def _service_key(doc: Document):
    return _get(doc, "serviceName")


def _task_key(doc: Document):
    return _get(doc, "family")


def _iam_key(doc: Document):
    role = doc.meta.get("role") or _get(doc, "RoleName")
    name = doc.meta.get("policy_name") or _get(doc, "PolicyName")
    return (role, name) if role and name else None


# kind -> (identity of a document, whether presence is compared: reported when on one side only)
IDENTITY: dict[str, tuple[Callable[[Document], Any], bool]] = {
    "ecs-cluster": (lambda d: _get(d, "clusterName"), True),
    "ecs-service": (_service_key, True),
    "ecs-task-definition": (_task_key, True),
    "autoscaling-scalable-target": (lambda d: (_get(d, "ResourceId"), _get(d, "ScalableDimension"))
                                    if _get(d, "ResourceId") else None, True),
    "autoscaling-scaling-policy": (lambda d: (_get(d, "ResourceId"), _get(d, "PolicyName"))
                                   if _get(d, "PolicyName") else None, True),
    "codedeploy-deployment-group": (lambda d: (_get(d, "applicationName"), _get(d, "deploymentGroupName"))
                                    if _get(d, "deploymentGroupName") else None, True),
    "codedeploy-deployment-config": (lambda d: _get(d, "deploymentConfigName"), False),
    "cloudmap-service": (lambda d: _get(d, "Name"), True),
    "elbv2-target-group": (lambda d: _get(d, "TargetGroupName", "Name"), True),
    "cloudwatch-alarm": (lambda d: _get(d, "AlarmName"), True),
    "ec2-security-group": (lambda d: _get(d, "GroupName"), False),
    "iam-policy": (_iam_key, False),
}

# keys named differently in a create call's input and a describe call's output: input -> output
RENAMED: dict[str, dict[str, str]] = {
    "elbv2-target-group": {"Name": "TargetGroupName"},
}


@record
class Pair:
    kind: str
    key: Any
    declared: Document
    deployed: Document
    # where the compared values sit in each document (one rule of a listener's list of rules)
    declared_at: Path = ()
    deployed_at: Path = ()


@record
class Drift:
    """What the rule compares: pairs, and the documents of one side only (within the scan's scope)."""

    cluster: str
    pairs: list[Pair] = field(default_factory=list)
    only_declared: list[Document] = field(default_factory=list)
    only_deployed: list[Document] = field(default_factory=list)

    @staticmethod
    def renamed(kind: str) -> dict[str, str]:
        return RENAMED.get(kind, {})


def _in_cluster(doc: Document, cluster: str) -> bool:
    """A declared document that says it belongs to another cluster is out of the scan's scope."""
    named = _name(_get(doc, "cluster", "clusterName"))
    if doc.kind == "ecs-service" and named and named != cluster:
        return False
    rid = _get(doc, "ResourceId")
    if isinstance(rid, str) and rid.startswith("service/") and rid.split("/")[1:2] != [cluster]:
        return False
    if doc.kind == "codedeploy-deployment-group":
        targets = _get(doc, "ecsServices") or []
        clusters = {t.get("clusterName") for t in targets if isinstance(t, dict)}
        if clusters and cluster not in clusters:
            return False
    return True


def pair(declared: list[Document], deployed: list[Document], cluster: str,
         services: Optional[set[str]] = None) -> Drift:
    """Pair the documents by kind and identity. A declared document counts as missing only when
    the scan covered it: its cluster is the scanned one and, when the scan was limited to some
    services, it belongs to one of them (by the catalog service it names)."""
    drift = Drift(cluster)
    scanned_services = {d.service for d in deployed if d.kind == "ecs-service" and d.service}
    # the catalog services this cluster runs or, by the files, should run: a declared document of
    # another service (its service declared in another cluster) is not this scan's to miss
    here, there = set(), set()
    for d in declared:
        if d.kind == "ecs-service" and d.service and d.model is not None:
            (here if _in_cluster(d, cluster) else there).add(d.service)
    elsewhere = there - scanned_services - here
    live_by: dict[tuple, Document] = {}
    for d in deployed:
        ident = IDENTITY.get(d.kind)
        if ident is None or d.model is None:
            continue
        key = ident[0](d)
        if key is not None:
            live_by.setdefault((d.kind, key), d)
    matched: set[tuple] = set()
    for d in sorted(declared, key=lambda d: (d.kind, d.file, d.unit, str(d.base))):
        ident = IDENTITY.get(d.kind)
        if ident is None or d.model is None or not _in_cluster(d, cluster):
            continue
        key = ident[0](d)
        if key is None:
            continue
        other = live_by.get((d.kind, key))
        if other is not None:
            drift.pairs.append(Pair(d.kind, key, d, other))
            matched.add((d.kind, key))
            continue
        if not ident[1]:
            continue
        if services is not None and d.kind != "ecs-cluster" and d.service not in scanned_services:
            continue  # the scan did not read this service's resources
        if d.service in elsewhere:
            continue  # the files run this service in another cluster
        drift.only_declared.append(d)
    drift.pairs += _listener_rules(declared, deployed)
    declared_kinds = {d.kind for d in declared}
    for (kind, key), d in sorted(live_by.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        if (kind, key) in matched or not IDENTITY[kind][1]:
            continue
        if kind == "ecs-cluster" and kind not in declared_kinds:
            continue  # files seldom declare the cluster: only say so when some do
        drift.only_deployed.append(d)
    return drift


def _rules_of(doc: Document) -> list[tuple[Path, dict]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    rules = data.get("Rules")
    if isinstance(rules, list):
        return [(("Rules", i), r) for i, r in enumerate(rules) if isinstance(r, dict)]
    return [((), data)] if data else []


def _listener_rules(declared: list[Document], deployed: list[Document]) -> list[Pair]:
    """Listener rules, one by one: a declared rule is paired with the deployed rule of the same
    priority on its listener (named by ListenerArn in the file, or the one listener of the scan that
    has a rule of that priority). Their presence is not judged: a listener's rules are often
    written by several tools."""
    live_rules: dict[str, list[tuple[str, Document, Path]]] = {}  # priority -> (listener ARN, doc, path)
    for d in deployed:
        if d.kind == "elbv2-listener-rules" and d.model is not None:
            for at, rule in _rules_of(d):
                if rule.get("Priority") is not None and not rule.get("IsDefault"):
                    live_rules.setdefault(str(rule["Priority"]), []).append((d.file, d, at))
    pairs = []
    for d in declared:
        if d.kind != "elbv2-listener-rules" or d.model is None:
            continue
        doc_listener = _get(d, "ListenerArn")
        for at, rule in _rules_of(d):
            priority = rule.get("Priority")
            if priority is None:
                continue
            found = live_rules.get(str(priority), [])
            listener = rule.get("ListenerArn") or doc_listener
            if isinstance(listener, str):
                found = [f for f in found if f[0] == listener]
            if len(found) == 1:
                arn, other, other_at = found[0]
                pairs.append(Pair(d.kind, (arn, str(priority)), d, other, at, other_at))
    return pairs


def scan_and_compare(linter, live, paths: list[str]) -> Report:
    """The live scan's report, with DOA960's findings between it and the files at ``paths``
    (and the files' parse errors, which leave the comparison incomplete)."""
    from doalint.live.scan import notes, read

    declared = linter.lint_paths(paths)
    report = Report(live=True)
    linter.lint_reads(read(live), report)
    report.skipped += notes(live)
    report.findings += [f for f in declared.findings if f.rule == "DOA001"]
    if any(f.rule == "DOA001" for f in declared.findings):
        report.rules_run.add("DOA001")
    services = None if live.all_services else set(live.services)
    drift = pair(declared.docs, report.docs, live.cluster, services)
    # a drift finding in a file is covered by that file's comments, Metadata and per-file-ignores
    linter.lint_drift(report, drift, suppressions=declared)
    return linter.finish(report)
