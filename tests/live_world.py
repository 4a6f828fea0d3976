"""The example project registered in an AWS API server (moto's, on 127.0.0.1) with boto3, for the
scan-aws tests: every resource a file of fixtures/example describes, created by the call that
creates it, with the identifiers the server gives (target group ARNs, security group IDs, Cloud
Map IDs) put where the files name the ones they were written with."""

from __future__ import annotations

import json
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REGION = "ap-northeast-2"
CLUSTER = "doa-market-cluster"
EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
ECS_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(path: Path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)


@dataclass
class World:
    endpoint: str
    files: list[Path] = field(default_factory=list)  # the files whose resources were registered
    ids: dict[str, str] = field(default_factory=dict)  # identifier in the files -> the server's
    arns: dict[str, str] = field(default_factory=dict)  # what was created: a name -> its ARN
    _clients: dict = field(default_factory=dict)

    def client(self, service: str):
        import boto3

        if service not in self._clients:
            self._clients[service] = boto3.client(service, region_name=REGION, endpoint_url=self.endpoint,
                                                  **CREDENTIALS)
        return self._clients[service]

    def call(self, service: str, operation: str, params: dict, **extra):
        """``operation`` with the file's keys that its input takes (files may hold more), the
        identifiers replaced, and ``extra`` on top."""
        client = self.client(service)
        model = client.meta.service_model.operation_model(
            "".join(p.capitalize() for p in operation.split("_")))
        members = set(model.input_shape.members)
        args = {k: v for k, v in self.subst(params).items() if k in members}
        args.update(extra)
        return getattr(client, operation)(**args)

    def write_declared(self, folder) -> list[Path]:
        """The registered files as they were registered (the server's identifiers in them), under
        ``folder`` with their paths below fixtures/example: what --compare reads."""
        out = []
        for f in self.files:
            target = Path(folder) / f.relative_to(EXAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = self.subst(load(f))
            if f.name.startswith("service.") or f.name.endswith(".service.json"):
                family = data["taskDefinition"].split(":")[0].rsplit("/", 1)[-1]
                data["taskDefinition"] = self.arns.get("task:" + family, data["taskDefinition"])
            target.write_text(json.dumps(data, indent=2) if f.suffix == ".json" else yaml.safe_dump(data, sort_keys=False),
                              encoding="utf-8")
            out.append(target)
        return out

    def subst(self, value):
        if isinstance(value, str):
            for old in sorted(self.ids, key=len, reverse=True):
                if old in value:
                    value = value.replace(old, self.ids[old])
            # a target group the files name with another ID than their neighbours: by its name
            return _TG.sub(lambda m: _suffix(self.arns.get(m.group(1), m.group(0))) if m.group(1) in self.arns
                           else m.group(0), value)
        if isinstance(value, list):
            return [self.subst(v) for v in value]
        if isinstance(value, dict):
            return {k: self.subst(v) for k, v in value.items()}
        return value


_TG = re.compile(r"targetgroup/([A-Za-z0-9-]+)/[0-9a-f]{16}")


def _suffix(arn: str) -> str:
    """targetgroup/NAME/ID of a target group ARN, app/NAME/ID of a load balancer's."""
    if not arn.startswith("arn:"):
        return arn
    res = arn.split(":", 5)[-1]
    return res[len("loadbalancer/"):] if res.startswith("loadbalancer/") else res


def register_example(endpoint: str) -> World:
    w = World(endpoint)
    ex = EXAMPLE
    service_dirs = sorted(p for p in (ex / "services").iterdir() if p.is_dir())
    task_files = [next(d.glob("task-definition.*")) for d in service_dirs] + [ex / "bad/user-service.task-definition.json"]
    service_files = [next(d.glob("service.*")) for d in service_dirs] + [ex / "bad/user-service.service.json"]
    tg_files = [d / "target-group.json" for d in service_dirs] + [ex / "bad/user-service.target-group.json"]

    # network: a VPC, subnets, the tasks' security group, a load balancer and its listener
    ec2 = w.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = []
    named = sorted({s for f in (ex / "services").glob("*/service.*") for s in
                    load(f)["networkConfiguration"]["awsvpcConfiguration"]["subnets"]}
                   | set(load(ex / "bad/user-service.service.json")["networkConfiguration"]["awsvpcConfiguration"]["subnets"]))
    for i, old in enumerate(named):  # one subnet of the server's for each the files name
        subnets.append(ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24",
                                         AvailabilityZone=f"{REGION}{'ac'[i % 2]}")["Subnet"]["SubnetId"])
        w.ids[old] = subnets[-1]
    tasks_sg = ec2.create_security_group(GroupName="doa-market-tasks", Description="ECS tasks", VpcId=vpc)["GroupId"]
    alb_sg = ec2.create_security_group(GroupName="doa-market-alb", Description="ALB", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_ingress(GroupId=tasks_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3000, "ToPort": 3010, "UserIdGroupPairs": [{"GroupId": alb_sg}]}])
    w.ids.update({"sg-0c1d2e3f4a5b6c7d8": tasks_sg, "vpc-0abc123": vpc})
    elbv2 = w.client("elbv2")
    lb = elbv2.create_load_balancer(Name="doa-market-alb", Subnets=subnets[:2], SecurityGroups=[alb_sg],
                                    Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    w.ids["app/doa-market-alb/50dc6c495c0c9188"] = _suffix(lb["LoadBalancerArn"])
    listener = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}])["Listeners"][0]
    w.ids["arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/doa-market-alb/abc123/def456"] = \
        listener["ListenerArn"]

    # target groups (the files name them by ARN elsewhere: replace by name)
    old_tg = {}
    for f in [*service_files]:
        for lbi in load(f).get("loadBalancers") or []:
            old_tg[lbi["targetGroupArn"].split("/")[-2]] = lbi["targetGroupArn"]
    for f in tg_files:
        data = load(f)
        tg = w.call("elbv2", "create_target_group", data, VpcId=vpc)["TargetGroups"][0]
        if data.get("Attributes"):
            elbv2.modify_target_group_attributes(TargetGroupArn=tg["TargetGroupArn"], Attributes=data["Attributes"])
        old = old_tg.get(data["Name"])
        if old:
            w.ids[old] = tg["TargetGroupArn"]
            w.ids[_suffix(old)] = _suffix(tg["TargetGroupArn"])
        w.arns[data["Name"]] = tg["TargetGroupArn"]
        w.files.append(f)
    rules = load(ex / "alb/listener-rules.json")["Rules"]
    for r in rules:
        w.call("elbv2", "create_rule", r, ListenerArn=listener["ListenerArn"])
    w.files.append(ex / "alb/listener-rules.json")

    # Cloud Map: a namespace, a service per folder (the service file names it by registry ARN)
    sd = w.client("servicediscovery")
    sd.create_private_dns_namespace(Name="doa-market.local", Vpc=vpc)
    ns = sd.list_namespaces()["Namespaces"][0]["Id"]
    w.ids["ns-abc123"] = ns
    for d in service_dirs:
        f = d / "cloud-map-service.json"
        if not f.exists():
            continue
        created = w.call("servicediscovery", "create_service", load(f), NamespaceId=ns)["Service"]
        for reg in load(next(d.glob("service.*"))).get("serviceRegistries") or []:
            w.ids[reg["registryArn"]] = created["Arn"]
        w.files.append(f)

    # IAM: the roles the task definitions name, their policies (file names say whose)
    iam = w.client("iam")
    roles = {}
    for f in task_files:
        td = load(f)
        for key in ("taskRoleArn", "executionRoleArn"):
            name = td[key].rsplit("/", 1)[-1]
            if name not in roles:
                roles[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(ECS_TRUST))["Role"]["Arn"]
    policies = [(ex / "iam/execution-role-policy.json", "ecsTaskExecutionRole", "execution-role-policy"),
                (ex / "bad/execution-role-policy.json", "ecsTaskExecutionRole", "execution-role-policy-bad")]
    for d in service_dirs:
        role = load(next(d.glob("task-definition.*")))["taskRoleArn"].rsplit("/", 1)[-1]
        policies.append((d / "task-role-policy.json", role, f"{d.name}-task-role-policy"))
    for f, role, name in policies:
        iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(load(f)))
        w.files.append(f)

    # ECS: the cluster, task definitions, services
    ecs = w.client("ecs")
    ecs.create_cluster(clusterName=CLUSTER, settings=[{"name": "containerInsights", "value": "enabled"}])
    families = {}
    for f in task_files:
        td = w.call("ecs", "register_task_definition", load(f))["taskDefinition"]
        families[td["family"]] = td["taskDefinitionArn"]
        w.arns["task:" + td["family"]] = td["taskDefinitionArn"]
        w.files.append(f)
    for f in service_files:
        data = load(f)
        family = data["taskDefinition"].split(":")[0].rsplit("/", 1)[-1]
        w.call("ecs", "create_service", data, cluster=CLUSTER, taskDefinition=families[family])
        w.files.append(f)

    # scaling, alarms
    for d in service_dirs:
        for f in sorted(d.glob("scalable-target.json")):
            w.call("application-autoscaling", "register_scalable_target", load(f))
            w.files.append(f)
        for f in sorted(d.glob("scaling-policy-*.json")):
            w.call("application-autoscaling", "put_scaling_policy", load(f))
            w.files.append(f)
        for f in sorted(d.glob("alarm-*.json")):
            w.call("cloudwatch", "put_metric_alarm", load(f))
            w.files.append(f)
    for f in (ex / "bad/user-service.scaling-policy-cpu.json",):
        w.call("application-autoscaling", "put_scaling_policy", load(f))
        w.files.append(f)
    w.call("cloudwatch", "put_metric_alarm", load(ex / "bad/user-service.alarm-high-cpu.json"))
    w.files.append(ex / "bad/user-service.alarm-high-cpu.json")

    # CodeDeploy: the application and its deployment groups
    cd = w.client("codedeploy")
    cd.create_application(applicationName="doa-market", computePlatform="ECS")
    for f in [ex / "services/payment-service/deployment-group.json", ex / "bad/user-service.deployment-group.json"]:
        w.call("codedeploy", "create_deployment_group", load(f))
        w.files.append(f)
    return w
