"""What a cluster runs, read with read-only calls, as the documents a user would save from the AWS CLI.

Each resource becomes a :class:`LiveDoc`: its ARN (where to report), the kind doalint checks it
as, and the value a ``describe``/``get`` call returns (``{"services": [...]}``,
``{"taskDefinition": ..., "tags": ...}``, ``{"deploymentGroupInfo": ...}``...), so that the same
detectors, models and rules read it as they read such a file.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from doalint.live.api import Api, AwsError, NotFound
from doalint.record import field, record
from doalint.sgroles import ALB, TASKS, Group, Related


@record
class LiveDoc:
    arn: str  # where findings are reported: the resource's ARN (or its role's, for inline policies)
    kind: str
    value: Any
    meta: dict = field(default_factory=dict)
    unit: int = 0  # several documents under one ARN (a role's inline policies): their order


@record
class Live:
    region: str
    cluster: str
    account: str
    docs: list[LiveDoc] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (ARN or name, what was not read and why)
    services: list[str] = field(default_factory=list)  # the services read
    all_services: bool = True  # every service of the cluster (no --service)

    def add(self, doc: LiveDoc) -> None:
        self.docs.append(doc)


# Answers are read defensively: botocore types them by the API model, but any member may be missing,
# and a test server or a proxy may answer with less. Nothing here may raise on an odd answer.
def _d(x: Any) -> dict:
    return x if isinstance(x, dict) else {}


def _dl(x: Any) -> list[dict]:
    return [i for i in x if isinstance(i, dict)] if isinstance(x, list) else []


def _s(x: Any) -> Optional[str]:
    return x if isinstance(x, str) and x else None


def _sl(x: Any) -> list[str]:
    return [i for i in x if isinstance(i, str) and i] if isinstance(x, list) else []


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def collect(api: Api, cluster: str, services: Optional[list[str]] = None) -> Live:
    """Read the cluster, its services (all, or those named) and everything they use."""
    found = api.call("ecs", "describe_clusters", clusters=[cluster], include=["SETTINGS", "CONFIGURATIONS", "TAGS"])
    clusters = [c for c in _dl(found.get("clusters")) if c.get("status") != "INACTIVE"]
    if not clusters:
        raise AwsError(f"ecs:DescribeClusters: no active cluster {cluster!r} in {api.region}")
    cl = clusters[0]
    cluster_arn = _s(cl.get("clusterArn")) or f"arn:aws:ecs:{api.region}::cluster/{cluster}"
    parts = cluster_arn.split(":")
    live = Live(api.region, _s(cl.get("clusterName")) or cluster, parts[4] if len(parts) > 4 else "")
    live.add(LiveDoc(cluster_arn, "ecs-cluster", {"clusters": [cl]}))

    svc_arns = _sl(api.pages("ecs", "list_services", cluster=cluster))
    if services:
        by_name = {_name(a): a for a in svc_arns}
        missing = [s for s in services if s not in by_name]
        if missing:
            raise AwsError(f"ecs:ListServices: cluster {cluster!r} has no service {missing[0]!r}")
        svc_arns = [by_name[s] for s in services]
    described: list[dict] = []
    for chunk in _chunks(sorted(set(svc_arns)), 10):
        out = api.call("ecs", "describe_services", cluster=cluster, services=chunk, include=["TAGS"])
        described += [s for s in _dl(out.get("services")) if _s(s.get("serviceName")) or _s(s.get("serviceArn"))]
        for failure in _dl(out.get("failures")):
            live.notes.append((str(failure.get("arn", "?")), f"not described: {failure.get('reason', 'unknown')}"))
    described.sort(key=lambda s: str(s.get("serviceName", "")))

    roles: dict[str, str] = {}  # role name -> role ARN
    target_groups: set[str] = set()
    registries: set[str] = set()
    groups: set[str] = set()
    alarm_names: set[str] = set()
    task_defs: set[str] = set()
    for s in described:
        live.add(LiveDoc(_s(s.get("serviceArn")) or str(s.get("serviceName")), "ecs-service", {"services": [s]}))
        if _s(s.get("taskDefinition")):
            task_defs.add(s["taskDefinition"])
        target_groups |= {lb["targetGroupArn"] for lb in _dl(s.get("loadBalancers")) if _s(lb.get("targetGroupArn"))}
        registries |= {r["registryArn"] for r in _dl(s.get("serviceRegistries")) if _s(r.get("registryArn"))}
        vpc = _d(_d(s.get("networkConfiguration")).get("awsvpcConfiguration"))
        groups |= set(_sl(vpc.get("securityGroups")))
        alarm_names |= set(_sl(_d(_d(s.get("deploymentConfiguration")).get("alarms")).get("alarmNames")))

    for arn in sorted(task_defs):
        try:
            out = api.call("ecs", "describe_task_definition", taskDefinition=arn, include=["TAGS"])
        except NotFound as exc:
            live.notes.append((arn, f"not read: {exc}"))
            continue
        td = _d(out.get("taskDefinition"))
        live.add(LiveDoc(_s(td.get("taskDefinitionArn")) or arn, "ecs-task-definition",
                         {"taskDefinition": td, "tags": out.get("tags") or []}))
        for key in ("taskRoleArn", "executionRoleArn"):
            role_arn = _s(td.get(key))
            if role_arn:
                roles[_name(role_arn)] = role_arn

    service_names = [s["serviceName"] for s in described if _s(s.get("serviceName"))]
    live.services, live.all_services = service_names, not services
    _scaling(api, live, service_names)
    alarm_names |= _codedeploy(api, live, service_names)
    for arn in sorted(registries):
        try:
            out = api.call("servicediscovery", "get_service", Id=_name(arn))
        except NotFound as exc:
            live.notes.append((arn, f"not read: {exc}"))
            continue
        live.add(LiveDoc(_s(_d(out.get("Service")).get("Arn")) or arn, "cloudmap-service", out))
    alb_groups = _load_balancing(api, live, sorted(target_groups))
    for name, arn in sorted(roles.items()):
        _role(api, live, name, arn)
    # what uses each group (as a Terraform module or a CloudFormation template says it): doalint.sgroles decides
    attached = [(g, TASKS) for g in sorted(groups)] + [(g, ALB) for g in sorted(alb_groups)]
    _security_groups(api, live, attached)
    _alarms(api, live, alarm_names, service_names, sorted(target_groups))
    return live


def _described(api: Api, live: Live, service: str, operation: str, param: str, ids: list[str],
               size: int) -> list[dict]:
    """Describe ``ids`` in batches of ``size``; a batch that names one that is gone fails as a
    whole, so it is asked again one by one, and the missing ones are noted."""
    found: list[dict] = []
    for chunk in _chunks(ids, size):
        try:
            found += _dl(api.pages(service, operation, **{param: chunk}))
        except NotFound:
            for one in chunk:
                try:
                    found += _dl(api.pages(service, operation, **{param: [one]}))
                except NotFound as exc:
                    live.notes.append((one, f"not read: {exc}"))
    return found


def _scaling(api: Api, live: Live, names: list[str]) -> None:
    ids = [f"service/{live.cluster}/{n}" for n in names]
    targets: list[dict] = []
    for chunk in _chunks(ids, 50):
        targets += _dl(api.pages("application-autoscaling", "describe_scalable_targets", ServiceNamespace="ecs",
                                 ResourceIds=chunk))
    for t in sorted(targets, key=lambda t: (str(t.get("ResourceId", "")), str(t.get("ScalableDimension", "")))):
        arn = _s(t.get("ScalableTargetARN")) or (
            f"arn:aws:application-autoscaling:{live.region}:{live.account}:scalable-target/"
            f"{t.get('ResourceId')}|{t.get('ScalableDimension')}")
        live.add(LiveDoc(arn, "autoscaling-scalable-target", {"ScalableTargets": [t]}))
    for rid in ids:
        policies = _dl(api.pages("application-autoscaling", "describe_scaling_policies", ServiceNamespace="ecs",
                                 ResourceId=rid))
        for p in sorted(policies, key=lambda p: str(p.get("PolicyName", ""))):
            live.add(LiveDoc(_s(p.get("PolicyARN")) or f"{rid}/{p.get('PolicyName')}", "autoscaling-scaling-policy",
                             {"ScalingPolicies": [p]}))


def _codedeploy(api: Api, live: Live, names: list[str]) -> set[str]:
    """The ECS applications' deployment groups that deploy one of the services, and the custom
    deployment configurations they use; returns the alarm names the groups wait on."""
    alarms: set[str] = set()
    apps = _sl(api.pages("codedeploy", "list_applications"))
    ecs_apps = []
    for chunk in _chunks(sorted(set(apps)), 100):
        out = api.call("codedeploy", "batch_get_applications", applicationNames=chunk)
        ecs_apps += [a["applicationName"] for a in _dl(out.get("applicationsInfo"))
                     if a.get("computePlatform") == "ECS" and _s(a.get("applicationName"))]
    configs: set[str] = set()
    wanted = set(names)
    for app in sorted(set(ecs_apps)):
        for group in sorted(set(_sl(api.pages("codedeploy", "list_deployment_groups", applicationName=app)))):
            try:
                info = _d(api.call("codedeploy", "get_deployment_group", applicationName=app,
                                   deploymentGroupName=group).get("deploymentGroupInfo"))
            except NotFound:
                continue  # deleted between the two calls
            if not any(t.get("clusterName") == live.cluster and t.get("serviceName") in wanted
                       for t in _dl(info.get("ecsServices"))):
                continue
            arn = f"arn:aws:codedeploy:{live.region}:{live.account}:deploymentgroup:{app}/{group}"
            live.add(LiveDoc(arn, "codedeploy-deployment-group", {"deploymentGroupInfo": info}))
            alarms |= {a["name"] for a in _dl(_d(info.get("alarmConfiguration")).get("alarms")) if _s(a.get("name"))}
            config = _s(info.get("deploymentConfigName"))
            if config and not config.startswith("CodeDeployDefault."):  # AWS's own are not the team's to fix
                configs.add(config)
    for name in sorted(configs):
        try:
            out = api.call("codedeploy", "get_deployment_config", deploymentConfigName=name)
        except NotFound as exc:
            live.notes.append((name, f"not read: {exc}"))
            continue
        arn = f"arn:aws:codedeploy:{live.region}:{live.account}:deploymentconfig:{name}"
        live.add(LiveDoc(arn, "codedeploy-deployment-config", out))
    return alarms


def _load_balancing(api: Api, live: Live, tg_arns: list[str]) -> set[str]:
    """Target groups, the listener rules of their load balancers; returns the balancers' security groups."""
    groups: set[str] = set()
    balancers: set[str] = set()
    tgs = _described(api, live, "elbv2", "describe_target_groups", "TargetGroupArns", tg_arns, 20)
    for tg in sorted(tgs, key=lambda t: str(t.get("TargetGroupArn", ""))):
        live.add(LiveDoc(_s(tg.get("TargetGroupArn")) or "?", "elbv2-target-group", {"TargetGroups": [tg]}))
        balancers |= set(_sl(tg.get("LoadBalancerArns")))
    for chunk in _chunks(sorted(balancers), 20):
        for lb in _dl(api.pages("elbv2", "describe_load_balancers", LoadBalancerArns=chunk)):
            groups |= set(_sl(lb.get("SecurityGroups")))
    for lb_arn in sorted(balancers):
        listeners = {x["ListenerArn"] for x in _dl(api.pages("elbv2", "describe_listeners", LoadBalancerArn=lb_arn))
                     if _s(x.get("ListenerArn"))}
        for listener_arn in sorted(listeners):
            rules = _dl(api.pages("elbv2", "describe_rules", ListenerArn=listener_arn))
            if rules:
                live.add(LiveDoc(listener_arn, "elbv2-listener-rules", {"Rules": rules}))
    return groups


def _role(api: Api, live: Live, name: str, arn: str) -> None:
    try:
        inline = _sl(api.pages("iam", "list_role_policies", RoleName=name))
        attached = _dl(api.pages("iam", "list_attached_role_policies", RoleName=name))
    except NotFound as exc:
        live.notes.append((arn, f"role not read: {exc}"))
        return
    for unit, policy in enumerate(sorted(set(inline))):
        out = api.call("iam", "get_role_policy", RoleName=name, PolicyName=policy)
        live.add(LiveDoc(arn, "iam-policy", out, {"role": name}, unit))
    for item in sorted(attached, key=lambda a: str(a.get("PolicyArn", ""))):
        policy_arn = _s(item.get("PolicyArn"))
        if not policy_arn:
            continue
        version = _s(_d(api.call("iam", "get_policy", PolicyArn=policy_arn).get("Policy")).get("DefaultVersionId"))
        if not version:
            live.notes.append((policy_arn, "no default version"))
            continue
        out = api.call("iam", "get_policy_version", PolicyArn=policy_arn, VersionId=version)
        live.add(LiveDoc(policy_arn, "iam-policy", out,
                         {"role": name, "policy_name": _s(item.get("PolicyName")) or _name(policy_arn)}))


def _security_groups(api: Api, live: Live, attached: list[tuple[str, str]]) -> None:
    """The groups the services and their load balancers use, related to each other (meta["groups"]:
    one doalint.sgroles.Related for the account, meta["group"]: the document's own)."""
    found = _described(api, live, "ec2", "describe_security_groups", "GroupIds", sorted({g for g, _ in attached}), 100)
    found = sorted(found, key=lambda g: str(g.get("GroupId", "")))
    groups = [Group(_s(sg.get("GroupId")), (sg.get("GroupName"), sg.get("Description"))) for sg in found]
    related = Related(groups, attached)
    for sg, group in zip(found, groups):
        gid = group.key
        arn = _s(sg.get("SecurityGroupArn")) or (
            f"arn:aws:ec2:{live.region}:{_s(sg.get('OwnerId')) or live.account}:security-group/{gid}")
        live.add(LiveDoc(arn, "ec2-security-group", {"SecurityGroups": [sg]}, {"groups": related, "group": group}))


def _alarms(api: Api, live: Live, names: set[str], services: list[str], tg_arns: list[str]) -> None:
    """The alarms a deployment waits on, and those on the cluster's services or their target groups.
    Alarms that target tracking policies create and manage (TargetTracking-...) are not the team's."""
    suffixes = {arn.split(":")[-1] for arn in tg_arns}  # targetgroup/NAME/ID, the dimension's value
    wanted = set(services)
    picked: dict[str, dict] = {}
    for alarm in _dl(api.pages("cloudwatch", "describe_alarms", AlarmTypes=["MetricAlarm"])):
        dims = {d.get("Name"): d.get("Value") for d in _dl(alarm.get("Dimensions"))
                if isinstance(d.get("Name"), str)}
        name = _s(alarm.get("AlarmName"))
        if name is None or name.startswith("TargetTracking-"):
            continue
        service = dims.get("ServiceName")
        ours = (name in names or dims.get("TargetGroup") in suffixes
                or (dims.get("ClusterName") == live.cluster and (not service or service in wanted)))
        if ours:
            picked[name] = alarm
    for name in sorted(picked):
        alarm = picked[name]
        live.add(LiveDoc(_s(alarm.get("AlarmArn")) or name, "cloudwatch-alarm", {"MetricAlarms": [alarm]}))
