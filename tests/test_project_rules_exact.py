"""The rules across documents DOA903, DOA906 and DOA950, each branch on a project of its own.

Every test writes a handful of small files into a folder, lints the folder as one project with
only the rule under test selected, and compares the exact findings: file, line, column, message
and related locations. No rule may fail with an internal error on any of these projects.
"""

from __future__ import annotations

import os
import textwrap

import pytest
import yaml

from doalint.engine.runner import Linter
from doalint.profile import default_profile_path, load_profile


def lint(root, files: dict, rule: str, profile, complete: bool = False) -> list[tuple]:
    """Write ``files`` (name -> text) under ``root``, lint it as one project with ``rule`` alone,
    and return its findings as (file, line, col, message, related) with paths relative to root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    report = Linter(profile, select={rule}, complete_project=complete).lint_paths([str(root)])
    assert report.internal_errors == []

    def rel(file):
        return os.path.relpath(os.path.abspath(file), root)

    return sorted((rel(f.file), f.line, f.col, f.message, tuple((rel(r.file), r.line, r.col, r.message)
                                                                 for r in f.related))
                  for f in report.findings)


# --- DOA906: the tasks' security group's range -----------------------------------------------

ALB_SG = "sg-0a1b2c3d4e5f60718"
TASKS_SG = "sg-0c1d2e3f4a5b6c7d8"

# a worker the catalog does not know, listening on 8080 (outside the usual 3000-3999)
WORKER = """
    family: billing-worker
    containerDefinitions:
      - name: billing-worker
        image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/billing-worker:2.0.1
        portMappings:
          - {containerPort: 8080, protocol: tcp}
"""


def tasks_group(*permissions: str, head: str = f"GroupId: {TASKS_SG}\n    GroupName: shop-ecs-tasks-sg") -> str:
    """A describe-security-groups output holding the ECS tasks' group with ``permissions`` (one
    flow mapping each, from line 6 on; from line 5 with a ``head`` of one line)."""
    perms = "".join(f"\n      - {p}" for p in permissions)
    return f"""
SecurityGroups:
  - {head}
    Description: ECS tasks
    IpPermissions:{perms}
"""


FROM_ALB = f"UserIdGroupPairs: [{{GroupId: {ALB_SG}}}]"
FROM_SELF = f"UserIdGroupPairs: [{{GroupId: {TASKS_SG}}}]"


def not_admitted(port: int, admits: str, related: tuple, file: str = "worker.yaml", line: int = 6,
                 name: str = "task definition billing-worker") -> tuple:
    """The finding at the containerPort (column 10 of ``- {containerPort: ...}``) of ``file``."""
    return (file, line, 10,
            f"{name} listens on {port}, which the tasks' security group does not admit (it admits {admits}): "
            "the load balancer cannot reach it", related)


def test_DOA906_a_rule_for_every_protocol_admits_every_port(tmp_path, profile):
    """IpProtocol -1 from the load balancer's group lets 8080 in: nothing to say."""
    sg = tasks_group(f'{{IpProtocol: "-1", {FROM_ALB}}}')
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == []


@pytest.mark.parametrize("perm", [
    pytest.param(f"{{IpProtocol: tcp, {FROM_ALB}}}", id="tcp-without-ports"),
    pytest.param(f"{{IpProtocol: tcp, FromPort: 3000, {FROM_ALB}}}", id="tcp-without-ToPort"),
    pytest.param(f"{{IpProtocol: tcp, ToPort: 3999, {FROM_ALB}}}", id="tcp-without-FromPort"),
    pytest.param(f"{{FromPort: 3000, ToPort: 3999, {FROM_ALB}}}", id="no-protocol"),
])
def test_DOA906_a_rule_whose_protocol_or_ports_are_unknown_leaves_the_port_unjudged(tmp_path, profile, perm):
    """Nobody can tell whether such a rule admits 8080, so the rule says nothing (and does not
    stumble on the half-known range)."""
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": tasks_group(perm)}, "DOA906", profile) == []


ALB_RANGE = f"{{IpProtocol: tcp, FromPort: 3000, ToPort: 3999, {FROM_ALB}}}"


def test_DOA906_a_null_permission_is_passed_over_and_the_next_one_read(tmp_path, profile):
    sg = tasks_group("null", ALB_RANGE)
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3999",
                     (("sg.yaml", 7, 9, "shop-ecs-tasks-sg admits tcp ports 3000-3999"),)),
    ]


def test_DOA906_a_self_only_rule_is_passed_over_and_the_next_one_read(tmp_path, profile):
    """Tasks talking to each other (every protocol, from the group itself) say nothing about the
    load balancer: the rule after it decides, and only it is named."""
    sg = tasks_group(f'{{IpProtocol: "-1", {FROM_SELF}}}', ALB_RANGE)
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3999",
                     (("sg.yaml", 7, 9, "shop-ecs-tasks-sg admits tcp ports 3000-3999"),)),
    ]


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "0.0.0.0/0"])
def test_DOA906_a_self_rule_that_also_admits_addresses_counts(tmp_path, profile, cidr):
    """The group itself plus a CIDR (a private range or the whole internet) is not self-only."""
    sg = tasks_group(f"{{IpProtocol: tcp, FromPort: 3000, ToPort: 3999, IpRanges: [{{CidrIp: {cidr}}}], "
                     f"{FROM_SELF}}}")
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3999",
                     (("sg.yaml", 6, 9, "shop-ecs-tasks-sg admits tcp ports 3000-3999"),)),
    ]


@pytest.mark.parametrize("head, called", [
    pytest.param(f"GroupId: {TASKS_SG}\n    GroupName: shop-ecs-tasks-sg", "shop-ecs-tasks-sg", id="name"),
    pytest.param(f"GroupId: {TASKS_SG}", TASKS_SG, id="id-only"),
    pytest.param("GroupId: null", "the tasks' security group", id="neither"),
])
def test_DOA906_names_the_group_by_its_name_else_its_id_else_in_words(tmp_path, profile, head, called):
    sg = tasks_group(ALB_RANGE, head=head)
    line = 6 if "GroupName" in head else 5
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3999", (("sg.yaml", line, 9, f"{called} admits tcp ports 3000-3999"),)),
    ]


def test_DOA906_a_catalog_service_port_is_its_named_container_s(tmp_path, profile):
    """The family is not the service's name, but a container is: that container is the
    application's (the profile's app_container), not "no container can be told" as for a task
    the catalog does not know with two essential containers."""
    task = """
        family: doa-market-products
        containerDefinitions:
          - name: product-service
            image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2
            essential: true
            portMappings:
              - {containerPort: 8080, protocol: tcp}
          - name: xray-daemon
            image: public.ecr.aws/xray/aws-xray-daemon:3.3.7
            essential: true
            portMappings:
              - {containerPort: 2000, protocol: udp}
    """
    assert lint(tmp_path, {"products.yaml": task, "sg.yaml": tasks_group(ALB_RANGE)}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3999",
                     (("sg.yaml", 6, 9, "shop-ecs-tasks-sg admits tcp ports 3000-3999"),),
                     file="products.yaml", line=7, name="task definition doa-market-products"),
    ]


def test_DOA906_the_port_is_the_first_mapping_that_states_one(tmp_path, profile):
    task = """
        family: billing-worker
        containerDefinitions:
          - name: billing-worker
            image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/billing-worker:2.0.1
            portMappings:
              - {hostPort: 80, protocol: tcp}
              - {containerPort: 8080, protocol: tcp}
    """
    assert lint(tmp_path, {"worker.yaml": task, "sg.yaml": tasks_group(ALB_RANGE)}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3999",
                     (("sg.yaml", 6, 9, "shop-ecs-tasks-sg admits tcp ports 3000-3999"),), line=7),
    ]


def _ranges(*spans) -> str:
    return ", ".join(f"{{IpProtocol: tcp, FromPort: {lo}, ToPort: {hi}, {FROM_ALB}}}" for lo, hi in spans)


def test_DOA906_names_three_admitted_ranges_and_counts_the_rest_one_related_per_group(tmp_path, profile):
    """Five ranges over two tasks' groups: three named, "and 2 more"; each group related once, at
    its first rule."""
    sg = f"""
        SecurityGroups:
          - GroupId: {TASKS_SG}
            GroupName: shop-ecs-tasks-sg
            IpPermissions: [{_ranges((3000, 3099), (3100, 3199), (3200, 3299), (3300, 3399))}]
          - GroupId: sg-0e1e2e3e4e5e6e7e8
            GroupName: shop-app-tasks-sg
            IpPermissions: [{_ranges((3900, 3999))}]
    """
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3099, tcp ports 3100-3199, tcp ports 3200-3299 and 2 more", (
            ("sg.yaml", 7, 21, "shop-app-tasks-sg admits tcp ports 3900-3999"),
            ("sg.yaml", 4, 21, "shop-ecs-tasks-sg admits tcp ports 3000-3099"),
        )),
    ]


def test_DOA906_three_admitted_ranges_are_all_named(tmp_path, profile):
    sg = f"""
        SecurityGroups:
          - GroupId: {TASKS_SG}
            GroupName: shop-ecs-tasks-sg
            IpPermissions: [{_ranges((3000, 3099), (3100, 3199), (3200, 3299))}]
    """
    assert lint(tmp_path, {"worker.yaml": WORKER, "sg.yaml": sg}, "DOA906", profile) == [
        not_admitted(8080, "tcp ports 3000-3099, tcp ports 3100-3199, tcp ports 3200-3299",
                     (("sg.yaml", 4, 21, "shop-ecs-tasks-sg admits tcp ports 3000-3099"),)),
    ]


def test_DOA906_task_definitions_without_a_port_or_a_family_do_not_end_the_search(tmp_path, profile):
    """A fragment of containers (no family: no owner) and a batch task with no port sort before
    the two that share 3500; both are passed over and the shared port is still found."""
    files = {
        "containers.json": """
            [{"name": "cron-runner", "image": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/cron:1.0.0",
              "essential": true, "portMappings": [{"containerPort": 3500, "protocol": "tcp"}]}]
        """,
        "a-batch.yaml": """
            family: a-batch
            containerDefinitions:
              - {name: a-batch, image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/a-batch:1.0.0}
        """,
        "billing.yaml": WORKER.replace("8080", "3500"),
        "ledger.yaml": WORKER.replace("8080", "3500").replace("billing-worker", "ledger-sync"),
    }
    assert lint(tmp_path, files, "DOA906", profile) == [
        ("ledger.yaml", 6, 10, "task definition ledger-sync listens on 3500, the port of task definition "
                               "billing-worker too; each service has a port of its own",
         (("billing.yaml", 6, 10, "task definition billing-worker on 3500"),)),
    ]


# --- DOA903: scaling ResourceIds ---------------------------------------------------------------

def test_DOA903_only_a_service_resource_id_of_three_parts_names_a_service(tmp_path, profile):
    """A ResourceId without the service/ prefix, or of another resource type, is DOA305's; only
    the well-formed one naming a service nobody defines is DOA903's."""
    files = {
        "service.json": """
            {"serviceName": "product-service", "cluster": "doa-market-cluster",
             "taskDefinition": "product-service:3", "desiredCount": 3}
        """,
        "target.json": """
            {"ServiceNamespace": "ecs", "ResourceId": "product-service",
             "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 3, "MaxCapacity": 15}
        """,
        "policy-cluster.json": """
            {"PolicyName": "orders-cpu", "ServiceNamespace": "ecs",
             "ResourceId": "cluster/doa-market-cluster/order-service",
             "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling"}
        """,
        "policy-service.json": """
            {"PolicyName": "orders-cpu", "ServiceNamespace": "ecs",
             "ResourceId": "service/doa-market-cluster/order-service",
             "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling"}
        """,
    }
    assert lint(tmp_path, files, "DOA903", profile) == [
        ("policy-service.json", 2, 2, "ResourceId names service 'order-service', which no service of this run "
                                      "defines (services: product-service); the policy would scale nothing",
         (("service.json", 1, 2, "a service of this run"),)),
    ]


# --- DOA950: the complete project ----------------------------------------------------------------

@pytest.fixture(scope="module")
def five_services(tmp_path_factory):
    """The bundled profile with a catalog of five of its services."""
    value = yaml.safe_load(default_profile_path().read_text())
    value["services"] = {n: value["services"][n] for n in
                         ("auth-service", "user-service", "order-service", "payment-service", "search-service")}
    path = tmp_path_factory.mktemp("profile") / "profile.yaml"
    path.write_text(yaml.safe_dump(value))
    return load_profile(path)


def _missing(name: str, has: str) -> str:
    parts = ["task definition", "service", "CPU scaling policy", "memory scaling policy",
             "request count scaling policy", "target group", "listener rule", "CPU alarm"]
    gone = [p for p in parts if p not in has.split(", ")]
    tail = f" (it has: {has})" if has else " (none of its documents is here)"
    return f"the project is declared complete, but {name} has no {', no '.join(gone)}{tail}"


def test_DOA950_missing_parts_message_is_in_the_standard_s_order():
    """The helper above builds messages as the rule words them (pinned literally once here)."""
    assert _missing("auth-service", "service") == (
        "the project is declared complete, but auth-service has no task definition, no CPU scaling policy, "
        "no memory scaling policy, no request count scaling policy, no target group, no listener rule, "
        "no CPU alarm (it has: service)")


def _bare(*names) -> list[tuple]:
    """Services with no document at all: reported at the first listener rules document, which
    every DOA950 project below holds (a-static-rules.json, for a path no service has)."""
    return [("a-static-rules.json", 1, 1, _missing(n, ""), ()) for n in names]


def _service(name):
    return f"""
        {{"serviceName": "{name}", "cluster": "doa-market-cluster", "taskDefinition": "{name}:3",
         "desiredCount": 2}}
    """


def _policy(name, metric="ECSServiceAverageCPUUtilization", rid=None):
    config = (f', "TargetTrackingScalingPolicyConfiguration": {{"TargetValue": 70.0, '
              f'"PredefinedMetricSpecification": {{"PredefinedMetricType": "{metric}"}}}}' if metric else "")
    return f"""
        {{"PolicyName": "{name}-scaling", "ServiceNamespace": "ecs",
         "ResourceId": "{rid or 'service/doa-market-cluster/' + name}",
         "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling"{config}}}
    """


def _target_group(name):
    return f'{{"Name": "{name}", "Protocol": "HTTP", "Port": 3001, "VpcId": "vpc-0abc123", "TargetType": "ip"}}'


def _rules(path, key="Values"):
    condition = (f'"Values": ["{path}"]' if key == "Values" else f'"PathPatternConfig": {{"Values": ["{path}"]}}')
    return f"""
        {{"Rules": [{{"Priority": 1, "Conditions": [{{"Field": "path-pattern", {condition}}}],
          "Actions": [{{"Type": "forward", "TargetGroupArn":
            "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/web/73e2d6bc24d8a067"}}]}}]}}
    """


def _alarm(name, dims):
    dimensions = ", ".join(f'{{"Name": "{k}", "Value": "{v}"}}' for k, v in dims)
    return f"""
        {{"AlarmName": "{name}", "MetricName": "CPUUtilization", "Namespace": "AWS/ECS",
         "Statistic": "Average", "Period": 300, "EvaluationPeriods": 2, "Threshold": 80,
         "ComparisonOperator": "GreaterThanThreshold", "Dimensions": [{dimensions}]}}
    """


def test_DOA950_each_service_is_reported_at_its_first_document(tmp_path, five_services):
    """Each of five services has one part (a service, a scaling policy, a target group, a listener
    rule, a CPU alarm): it is reported there, not at the first listener rules document
    (a-static-rules.json, the fallback for a service with no document at all)."""
    files = {
        "auth.json": _service("auth-service"),
        "order-cpu.json": _policy("order-service"),
        "payment-tg.json": _target_group("payment-service"),
        "users-rules.json": _rules("/api/v1/users/*"),
        "search-alarm.json": _alarm("search-service-high-cpu", [("ServiceName", "search-service")]),
        "a-static-rules.json": _rules("/static/*"),
    }
    assert lint(tmp_path, files, "DOA950", five_services, complete=True) == [
        ("auth.json", 1, 1, _missing("auth-service", "service"), ()),
        ("order-cpu.json", 1, 1, _missing("order-service", "CPU scaling policy"), ()),
        ("payment-tg.json", 1, 1, _missing("payment-service", "target group"), ()),
        ("search-alarm.json", 1, 1, _missing("search-service", "CPU alarm"), ()),
        ("users-rules.json", 1, 1, _missing("user-service", "listener rule"), ()),
    ]


def test_DOA950_a_cpu_alarm_belongs_to_its_service_name_dimension_else_its_name_prefix(tmp_path, five_services):
    """order-service's alarm is named for something else but its ServiceName dimension says
    whose it is; payment-service's has no ServiceName dimension and is known by its name
    (``{service}-high-cpu``, the service's name holding hyphens itself)."""
    files = {
        "a-static-rules.json": _rules("/static/*"),
        "checkout-alarm.json": _alarm("checkout-cpu-over-80", [("ServiceName", "order-service"),
                                                                ("ClusterName", "doa-market-cluster")]),
        "payment-alarm.json": _alarm("payment-service-high-cpu", [("ClusterName", "doa-market-cluster")]),
    }
    assert lint(tmp_path, files, "DOA950", five_services, complete=True) == sorted(
        _bare("auth-service", "search-service", "user-service") + [
            ("checkout-alarm.json", 1, 1, _missing("order-service", "CPU alarm"), ()),
            ("payment-alarm.json", 1, 1, _missing("payment-service", "CPU alarm"), ()),
        ])


def test_DOA950_a_policy_without_a_predefined_metric_or_a_service_resource_id_is_nobody_s(tmp_path, five_services):
    """A policy with no target tracking metric, and one whose ResourceId is not of three parts,
    count for no service; the memory policy beside them does."""
    files = {
        "a-static-rules.json": _rules("/static/*"),
        "order-step.json": _policy("order-service", metric=None),
        "order-short.json": _policy("order-service", rid="order-service"),
        "order-memory.json": _policy("order-service", metric="ECSServiceAverageMemoryUtilization"),
    }
    assert lint(tmp_path, files, "DOA950", five_services, complete=True) == sorted(
        _bare("auth-service", "payment-service", "search-service", "user-service") + [
            ("order-memory.json", 1, 1, _missing("order-service", "memory scaling policy"), ()),
        ])


def test_DOA950_a_target_group_named_with_the_service_as_prefix_is_the_service_s(tmp_path, five_services):
    files = {"a-static-rules.json": _rules("/static/*"), "order-blue.json": _target_group("order-service-blue")}
    assert lint(tmp_path, files, "DOA950", five_services, complete=True) == sorted(
        _bare("auth-service", "payment-service", "search-service", "user-service") + [
            ("order-blue.json", 1, 1, _missing("order-service", "target group"), ()),
        ])


def test_DOA950_a_listener_rule_s_path_pattern_config_values_count(tmp_path, five_services):
    """The PathPatternConfig form of a path-pattern condition (no plain Values) matches too."""
    files = {"a-static-rules.json": _rules("/static/*"), "orders-rules.json": _rules("/api/v1/orders/*", key="ppc")}
    assert lint(tmp_path, files, "DOA950", five_services, complete=True) == sorted(
        _bare("auth-service", "payment-service", "search-service", "user-service") + [
            ("orders-rules.json", 1, 1, _missing("order-service", "listener rule"), ()),
        ])
