"""The rules across documents DOA901, DOA902, DOA903, DOA904, DOA907 and DOA950: one small project
per branch that the rule folders' fixtures do not reach.

Each test writes a few short files into a folder, lints the folder as one project with only the
rule under test selected, and compares every finding exactly: file, line, column, message and each
related location (file, line, column, path, message). No rule may fail with an internal error.
"""

from __future__ import annotations

import os
import textwrap

import pytest
import yaml

from doalint.engine.runner import Linter
from doalint.profile import default_profile_path, load_profile


def lint(root, files: dict, rule: str, profile, complete: bool = False) -> list[tuple]:
    """Write ``files`` (name -> text) under ``root``, lint the folder as one project with ``rule``
    alone, and return the findings as sorted (file, line, col, message, related) tuples, related
    being (file, line, col, path, message) tuples; files are relative to ``root``."""
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"))
    report = Linter(profile, select={rule}, complete_project=complete).lint_paths([str(root)])
    assert report.internal_errors == []

    def rel(file):
        return os.path.relpath(os.path.abspath(file), root)

    return sorted((rel(f.file), f.line, f.col, f.message,
                   tuple((rel(r.file), r.line, r.col, tuple(r.path), r.message) for r in f.related))
                  for f in report.findings)


IMAGE = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com"
TG_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup"


# --- DOA901: the load balancer's container and port ---------------------------------------------

# billing-worker, revision 7: an application container on two ports and a log router on none
BILLING_TASK = f"""
    family: billing-worker
    revision: 7
    containerDefinitions:
      - name: billing-worker
        image: {IMAGE}/billing-worker:2.0.1
        portMappings:
          - {{containerPort: 8080}}
          - {{containerPort: 8081}}
      - name: log-router
        image: {IMAGE}/fluent-bit:2.32.0
"""


def billing_service(*balancers: str, name: str = "billing-worker", task: str = "billing-worker:7") -> str:
    """A service running ``task`` with one load balancer entry a line from line 5 on (each a flow
    mapping: the target group's ARN is added in front)."""
    head = f"serviceName: {name}\n" if name else ""
    lbs = "".join(f"\n  - {{targetGroupArn: '{TG_ARN}/{name or 'billing'}/0a1b2c3d', {b}}}" for b in balancers)
    return f"{head}cluster: doa-market-cluster\ntaskDefinition: '{task}'\ndesiredCount: 2\nloadBalancers:{lbs}\n"


def test_DOA901_a_container_the_task_lacks_is_reported_with_the_task_s_containers(tmp_path, profile):
    """The task definition is named with its revision, its containers listed in order of name, and
    the related location is its containerDefinitions."""
    files = {"task.yaml": BILLING_TASK, "service.yaml": billing_service("containerName: billing, containerPort: 8080")}
    assert lint(tmp_path, files, "DOA901", profile) == [
        ("service.yaml", 6, 118, "service billing-worker sends load balancer traffic to container 'billing'; task "
                                "definition billing-worker:7 has no such container (its containers: billing-worker, "
                                "log-router)",
         (("task.yaml", 3, 1, ("containerDefinitions",), "the task definition's containers"),)),
    ]


def test_DOA901_a_task_definition_of_unnamed_containers_has_none_to_list(tmp_path, profile):
    """Without a revision the task definition is named by its family alone."""
    task = f"""
        family: billing-worker
        containerDefinitions:
          - image: {IMAGE}/billing-worker:2.0.1
    """
    files = {"task.yaml": task, "service.yaml": billing_service("containerName: billing-worker",
                                                                task="billing-worker")}
    assert lint(tmp_path, files, "DOA901", profile) == [
        ("service.yaml", 6, 118, "service billing-worker sends load balancer traffic to container 'billing-worker'; "
                                 "task definition billing-worker has no such container (its containers: none)",
         (("task.yaml", 2, 1, ("containerDefinitions",), "the task definition's containers"),)),
    ]


def test_DOA901_every_load_balancer_entry_is_judged_past_one_without_a_container_or_a_wrong_one(tmp_path, profile):
    """An entry naming no container (a classic load balancer's) is passed over, one naming a
    container the task lacks is reported; the entries after each are still read: a port the
    container does not expose is named with the ports it does (two of them), and a container with
    no port mapping at all is related at the container itself."""
    files = {"task.yaml": BILLING_TASK, "service.yaml": billing_service(
        "containerPort: 8080",
        "containerName: billing, containerPort: 8080",
        "containerName: billing-worker, containerPort: 9090",
        "containerName: log-router, containerPort: 2020",
    )}
    assert lint(tmp_path, files, "DOA901", profile) == [
        ("service.yaml", 7, 118, "service billing-worker sends load balancer traffic to container 'billing'; task "
                                 "definition billing-worker:7 has no such container (its containers: billing-worker, "
                                 "log-router)",
         (("task.yaml", 3, 1, ("containerDefinitions",), "the task definition's containers"),)),
        ("service.yaml", 8, 149, "service billing-worker targets container port 9090, task definition "
                                 "billing-worker:7 exposes 8080, 8081 on 'billing-worker'",
         (("task.yaml", 7, 10, ("containerDefinitions", 0, "portMappings", 0, "containerPort"),
           "the container's port mappings"),)),
        ("service.yaml", 9, 145, "service billing-worker targets container port 2020, task definition "
                                 "billing-worker:7 exposes no port on 'log-router'",
         (("task.yaml", 9, 5, ("containerDefinitions", 1), "the container's port mappings"),)),
    ]


def test_DOA901_a_service_without_a_name_is_the_service(tmp_path, profile):
    """A service definition whose name a deployment tool supplies is "the service" in the message
    (its file already heads the finding)."""
    files = {"task.yaml": BILLING_TASK, "service.yaml": billing_service("containerName: billing", name="")}
    assert lint(tmp_path, files, "DOA901", profile) == [
        ("service.yaml", 5, 111, "the service sends load balancer traffic to container 'billing'; task definition "
                                 "billing-worker:7 has no such container (its containers: billing-worker, log-router)",
         (("task.yaml", 3, 1, ("containerDefinitions",), "the task definition's containers"),)),
    ]


def test_DOA901_a_service_whose_task_definition_is_elsewhere_does_not_end_the_check(tmp_path, profile):
    """accounts-worker runs a task definition this run does not hold: nothing to compare; the
    service after it is still judged."""
    files = {"task.yaml": BILLING_TASK,
             "accounts.yaml": billing_service("containerName: ghost", name="accounts-worker", task="accounts-worker:3"),
             "service.yaml": billing_service("containerName: billing-worker, containerPort: 9090")}
    assert lint(tmp_path, files, "DOA901", profile) == [
        ("service.yaml", 6, 149, "service billing-worker targets container port 9090, task definition "
                                 "billing-worker:7 exposes 8080, 8081 on 'billing-worker'",
         (("task.yaml", 7, 10, ("containerDefinitions", 0, "portMappings", 0, "containerPort"),
           "the container's port mappings"),)),
    ]


# --- DOA902: the target group's and the container's health checks --------------------------------

def health_task(*command: str, ports=(8080,), sidecar_ports=(), more: str = "") -> str:
    """billing-worker whose application container (line 3) checks its health with ``command``
    (CMD-SHELL and one string unless told), beside a sidecar on ``sidecar_ports`` and the
    containers of ``more`` (YAML list items, indented as the others)."""
    args = command if command and command[0] in ("CMD", "CMD-SHELL") else ("CMD-SHELL",) + command
    mappings = ", ".join(f"{{containerPort: {p}}}" for p in ports)
    sidecar = ", ".join(f"{{containerPort: {p}}}" for p in sidecar_ports)
    others = textwrap.indent(textwrap.dedent(more).strip("\n"), "  ")
    return f"""
family: billing-worker
containerDefinitions:
  - name: billing-worker
    image: {IMAGE}/billing-worker:2.0.1
    portMappings: [{mappings}]
    healthCheck:
      command: {list(args)!r}
  - name: admin-proxy
    image: {IMAGE}/envoy:1.29.1
    portMappings: [{sidecar}]
{others}
"""


def target_group(path: str = "/health", port=None, name: str = "billing-worker") -> str:
    """A target group whose HealthCheckPath is on line 4 (HealthCheckPort on line 5)."""
    return f"Name: {name}\nProtocol: HTTP\nPort: 8080\nHealthCheckPath: {path}\n" + (
        f"HealthCheckPort: '{port}'\n" if port is not None else "")


HEALTH_SERVICE = "serviceName: billing-worker\ncluster: doa-market-cluster\ntaskDefinition: billing-worker\n"


def health_service(*balancers: tuple) -> str:
    """billing-worker's service with one load balancer entry per (target group name, container)."""
    lbs = "".join(f"\n  - {{targetGroupArn: '{TG_ARN}/{tg}/0a1b2c3d', containerName: {c}, containerPort: 8080}}"
                  for tg, c in balancers)
    return HEALTH_SERVICE + f"loadBalancers:{lbs}\n"


def path_finding(tg_path: str, c_path: str) -> tuple:
    """The finding at the target group's HealthCheckPath, related to the container's command."""
    return ("tg.yaml", 4, 1, f"target group billing-worker checks {tg_path}; container 'billing-worker' of task "
                                f"definition billing-worker checks {c_path}: a task can pass one check and fail the other",
            (("task.yaml", 7, 7, ("containerDefinitions", 0, "healthCheck", "command"),
              "the container's health check"),))


@pytest.mark.parametrize("url, c_path", [
    pytest.param("http://localhost:8080/health/", "/health", id="trailing-slash"),
    pytest.param("http://localhost:8080/", "/", id="root"),
    pytest.param("http://localhost:8080", "/", id="no-path"),
])
def test_DOA902_the_container_s_path_is_named_without_a_trailing_slash(tmp_path, profile, url, c_path):
    files = {"task.yaml": health_task(f"curl -f {url} || exit 1"), "tg.yaml": target_group("/status"),
             "service.yaml": health_service(("billing-worker", "billing-worker"))}
    assert lint(tmp_path, files, "DOA902", profile) == [path_finding("/status", c_path)]


@pytest.mark.parametrize("command, tg_path", [
    pytest.param(("curl -f http://localhost:8080 || exit 1",), "/", id="root-both"),
    pytest.param(("curl -f http://localhost:8080/health || exit 1",), "/health/", id="trailing-slash-on-the-group"),
    pytest.param(("curl -f http://localhost:8080/status/INDEX || exit 1",), "/status/INDEX", id="path-ending-in-X"),
    pytest.param(("CMD", "wget", "-q", "http://localhost:8080/health", "-O", "/dev/null"), "/health",
                 id="exec-form-url-between-arguments"),
])
def test_DOA902_paths_that_agree_but_for_a_trailing_slash_say_nothing(tmp_path, profile, command, tg_path):
    """Both sides are compared without trailing slashes (and nothing else is stripped); an exec-form
    command's arguments are read as one line, the URL ending at the space before the next one."""
    files = {"task.yaml": health_task(*command), "tg.yaml": target_group(tg_path),
             "service.yaml": health_service(("billing-worker", "billing-worker"))}
    assert lint(tmp_path, files, "DOA902", profile) == []


def test_DOA902_a_health_check_port_only_another_container_serves_is_reported(tmp_path, profile):
    """The target group and the container's check agree on 9000, but only the sidecar maps 9000:
    the application container does not serve it."""
    files = {"task.yaml": health_task("curl -f http://localhost:9000/health || exit 1", sidecar_ports=(9000,)),
             "tg.yaml": target_group("/health", port=9000),
             "service.yaml": health_service(("billing-worker", "billing-worker"))}
    assert lint(tmp_path, files, "DOA902", profile) == [
        ("tg.yaml", 5, 1, "target group billing-worker health-checks port 9000; container 'billing-worker' serves "
                          "its health check on 9000",
         (("task.yaml", 7, 7, ("containerDefinitions", 0, "healthCheck", "command"), "the container's health check"),)),
    ]


def test_DOA902_entries_with_nothing_to_compare_are_passed_over(tmp_path, profile):
    """A service whose task definition is elsewhere; entries naming a container the task lacks, a
    target group the run lacks, a container with no health check and one whose check calls no URL:
    none is judged nor ends the check, and the last entry's disagreement is reported."""
    files = {
        "task.yaml": health_task("curl -f http://localhost:8080/health || exit 1", more=f"""
              - name: log-router
                image: {IMAGE}/fluent-bit:2.32.0
              - name: cron
                image: {IMAGE}/cron:1.0.0
                healthCheck:
                  command: [CMD-SHELL, pgrep crond]
        """),
        "tg.yaml": target_group("/status"),
        "accounts.yaml": "serviceName: accounts-worker\ncluster: doa-market-cluster\ntaskDefinition: accounts-worker\n"
                         f"loadBalancers:\n  - {{targetGroupArn: '{TG_ARN}/billing-worker/0a1b2c3d', "
                         "containerName: accounts-worker, containerPort: 8080}\n",
        "service.yaml": health_service(("billing-worker", "ghost"), ("billing-old", "billing-worker"),
                                       ("billing-worker", "log-router"), ("billing-worker", "cron"),
                                       ("billing-worker", "billing-worker")),
    }
    assert lint(tmp_path, files, "DOA902", profile) == [path_finding("/status", "/health")]


def test_DOA902_an_entry_without_a_target_group_is_related_to_none(tmp_path, profile):
    """A classic load balancer entry (loadBalancerName, no targetGroupArn) is compared with no
    target group of the run, whatever its name (here the odd XXXX)."""
    files = {"task.yaml": health_task("curl -f http://localhost:8080/health || exit 1"),
             "tg.yaml": target_group("/status", name="XXXX"),
             "service.yaml": HEALTH_SERVICE + "loadBalancers:\n  - {loadBalancerName: billing-clb, containerName: billing-worker, "
                             "containerPort: 8080}\n"}
    assert lint(tmp_path, files, "DOA902", profile) == []


# --- DOA904: the alarms a deployment group waits on ----------------------------------------------

def deployment_group(name: str, alarms: str = "") -> str:
    """A deployment group of ``name``; ``alarms``, a YAML flow list, from line 5 on."""
    config = f"alarmConfiguration:\n  enabled: true\n  alarms: {alarms}\n" if alarms else ""
    return (f"applicationName: doa-market\ndeploymentGroupName: {name}\n"
            f"ecsServices: [{{serviceName: {name}, clusterName: doa-market-cluster}}]\n" + config)


CPU_ALARM = """
    AlarmName: billing-worker-high-cpu
    Namespace: AWS/ECS
    MetricName: CPUUtilization
    Statistic: Average
    Period: 60
    EvaluationPeriods: 3
    Threshold: 80
    ComparisonOperator: GreaterThanThreshold
"""


def test_DOA904_groups_and_entries_that_name_no_alarm_are_passed_over(tmp_path, profile):
    """A deployment group without an alarm configuration, an alarm entry that is null and one
    without a name wait on nothing; the missing alarm after them is still reported (no alarm of
    the run has a close name: nothing related)."""
    files = {
        "alarm.yaml": CPU_ALARM,
        "a-accounts-group.yaml": deployment_group("accounts-worker"),
        "billing-group.yaml": deployment_group(
            "billing-worker", "[null, {}, {name: billing-worker-high-cpu}, {name: billing-worker-5xx}]"),
    }
    assert lint(tmp_path, files, "DOA904", profile) == [
        ("billing-group.yaml", 6, 56, "the deployment group waits on alarm 'billing-worker-5xx', which no alarm of this "
                                      "run defines; CodeDeploy cannot stop a bad deployment on an alarm that does not "
                                      "exist", ()),
    ]


# --- DOA907: one priority per listener across documents ------------------------------------------

LISTENER = ("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/doa-market-alb/"
            "50dc6c495c0c9188/f2f7dc8efc522ab2")


def rule(priority, listener: str = "", path: str = "/api/v1/billing/*") -> str:
    """One listener rule as a YAML flow mapping (its own ListenerArn when ``listener`` is given)."""
    own = f"ListenerArn: '{listener}', " if listener else ""
    return (f"{{{own}Priority: {priority!r}, Conditions: [{{Field: path-pattern, Values: ['{path}']}}], "
            f"Actions: [{{Type: forward, TargetGroupArn: '{TG_ARN}/billing-worker/0a1b2c3d'}}]}}")


def rules_file(*rules: str, listener: str = "") -> str:
    """A rules document (the document's ListenerArn on line 1 when given), one rule a line."""
    head = f"ListenerArn: '{listener}'\n" if listener else ""
    return head + "Rules:\n" + "".join(f"  - {r}\n" for r in rules)


def taken(priority, file: str, line: int, col: int, other: tuple, on: str = "doa-market-alb") -> tuple:
    return (file, line, col, f"priority {priority} is taken on listener {on} by {other[0]} too; ELB refuses the "
                             "second rule, so its path is never routed",
            ((other[1], other[2], other[3], other[4], "the other rule with this priority"),))


def test_DOA907_a_rule_s_listener_is_its_own_else_its_document_s(tmp_path, profile):
    """billing's rules list states the listener once for all its rules; orders' rules each state
    theirs: the two meet on one listener. Rules without a number priority (the default rule's
    "default") are passed over and do not end the document's rules; a rule named after them is
    still compared."""
    files = {"a-billing.yaml": rules_file(rule("default"), rule("10"), listener=LISTENER),
             "b-orders.yaml": rules_file(rule("default", LISTENER), rule(10, LISTENER, "/api/v1/orders/*"))}
    assert lint(tmp_path, files, "DOA907", profile) == [
        taken(10, "b-orders.yaml", 3, 141, ("ALB listener rules", "a-billing.yaml", 4, 6, ("Rules", 1, "Priority"))),
    ]


def test_DOA907_a_priority_shared_inside_one_document_is_left_to_DOA503(tmp_path, profile):
    files = {"rules.yaml": rules_file(rule(20, LISTENER), rule(20, LISTENER, "/api/v1/orders/*")),
             "other.yaml": rules_file(rule(30, LISTENER, "/api/v1/users/*"))}
    assert lint(tmp_path, files, "DOA907", profile) == []


@pytest.mark.parametrize("listener", [
    pytest.param("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/doa-market-alb", id="one-slash"),
    pytest.param("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/doa-market-alb",
                 id="two-slashes"),
    # a load balancer's ARN given for the listener (three slashes): once named "app", its type
    pytest.param("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/doa-market-alb/"
                 "50dc6c495c0c9188", id="load-balancer-arn"),
])
def test_DOA907_a_listener_arn_cut_short_is_named_whole(tmp_path, profile, listener):
    """An ARN without the load balancer's id and the listener's cannot be cut to the load
    balancer's name: the message names the listener by the whole ARN."""
    files = {"a-billing.yaml": rules_file(rule(10, listener)),
             "b-orders.yaml": rules_file(rule(10, listener, "/api/v1/orders/*"))}
    line = rules_file(rule(10, listener, "/api/v1/orders/*")).splitlines()[1]
    col = line.index("Priority") + 1
    assert lint(tmp_path, files, "DOA907", profile) == [
        taken(10, "b-orders.yaml", 2, col, ("ALB listener rules", "a-billing.yaml", 2, col, ("Rules", 0, "Priority")),
              on=listener),
    ]


# --- DOA903: scaling targets and their services --------------------------------------------------

def scaling_service(name: str, desired=None) -> str:
    count = f"desiredCount: {desired}\n" if desired is not None else ""
    return f"serviceName: {name}\ncluster: doa-market-cluster\ntaskDefinition: '{name}:4'\n{count}"


def scalable_target(name: str, low=None, high=None) -> str:
    """A scalable target for ``name`` (MinCapacity on line 4 when given, MaxCapacity after it)."""
    out = (f"ServiceNamespace: ecs\nResourceId: service/doa-market-cluster/{name}\n"
           "ScalableDimension: ecs:service:DesiredCount\n")
    out += f"MinCapacity: {low}\n" if low is not None else ""
    return out + (f"MaxCapacity: {high}\n" if high is not None else "")


def test_DOA903_a_service_no_one_defines_is_named_with_all_the_run_s_services(tmp_path, profile):
    """The related location is the first of them by name."""
    files = {"billing.yaml": scaling_service("billing-worker", 2), "ledger.yaml": scaling_service("ledger-sync", 2),
             "target.yaml": scalable_target("billing", 1, 4)}
    assert lint(tmp_path, files, "DOA903", profile) == [
        ("target.yaml", 2, 1, "ResourceId names service 'billing', which no service of this run defines (services: "
                              "billing-worker, ledger-sync); the policy would scale nothing",
         (("billing.yaml", 1, 1, ("serviceName",), "a service of this run"),)),
    ]


def test_DOA903_a_range_or_a_desired_count_left_out_is_not_compared(tmp_path, profile):
    """billing-worker's target has no MinCapacity, ledger-sync states no desiredCount: neither is
    judged, and neither ends the check: search-indexer's 9 tasks outside 1-4 are reported."""
    files = {"billing.yaml": scaling_service("billing-worker", 2),
             "billing-target.yaml": scalable_target("billing-worker", high=4),
             "ledger.yaml": scaling_service("ledger-sync"),
             "ledger-target.yaml": scalable_target("ledger-sync", 1, 4),
             "search.yaml": scaling_service("search-indexer", 9),
             "search-target.yaml": scalable_target("search-indexer", 1, 4)}
    assert lint(tmp_path, files, "DOA903", profile) == [
        ("search.yaml", 4, 1, "service search-indexer starts 9 tasks; its scalable target keeps it between 1 and 4, "
                              "so auto scaling moves it at once",
         (("search-target.yaml", 4, 1, ("MinCapacity",), "the scalable target's range"),)),
    ]


# --- DOA950: where a service with no document of its own is reported ------------------------------

@pytest.fixture(scope="module")
def one_service(tmp_path_factory):
    """The bundled profile with a catalog of order-service alone."""
    value = yaml.safe_load(default_profile_path().read_text())
    value["services"] = {"order-service": value["services"]["order-service"]}
    path = tmp_path_factory.mktemp("profile") / "profile.yaml"
    path.write_text(yaml.safe_dump(value))
    return load_profile(path)


NOTHING = ("the project is declared complete, but order-service has no task definition, no service, no CPU scaling "
           "policy, no memory scaling policy, no request count scaling policy, no target group, no listener rule, "
           "no CPU alarm (none of its documents is here)")


def cpu_alarm(name: str) -> str:
    """A CPU alarm of a service outside the catalog, as a flow mapping on one line."""
    return (f"{{AlarmName: {name}-high-cpu, Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, "
            "Period: 60, EvaluationPeriods: 3, Threshold: 80, ComparisonOperator: GreaterThanThreshold}")


def test_DOA950_without_listener_rules_a_bare_service_is_reported_at_the_first_service(tmp_path, one_service):
    """No listener rules document: order-service, which has nothing, is reported at the run's
    (only) service, not at the alarm that sorts before it."""
    files = {"alarm.yaml": cpu_alarm("legacy-app"),
             "legacy.yaml": "serviceName: legacy-app\ncluster: doa-market-cluster\ntaskDefinition: 'legacy-app:2'\n"}
    assert lint(tmp_path, files, "DOA950", one_service, complete=True) == [("legacy.yaml", 1, 1, NOTHING, ())]


def test_DOA950_without_listener_rules_or_services_the_first_document_by_kind_then_place(tmp_path, one_service):
    """Neither a listener rules document nor a service: the first document by kind (an alarm before
    a task definition, though its file sorts after), then file, then the path of its value in its
    YAML document as text (which YAML document does not count): the alarm inside the second YAML
    document's describe-alarms list, at ('MetricAlarms', 0), before the bare one at ()."""
    task = f"family: legacy-app\ncontainerDefinitions:\n  - {{name: legacy-app, image: {IMAGE}/legacy:1.0.0}}\n"
    files = {"a-task.yaml": task,
             "b-alarms.yaml": f"{cpu_alarm('legacy-worker')}\n---\nMetricAlarms:\n  - {cpu_alarm('legacy-app')}\n"}
    assert lint(tmp_path, files, "DOA950", one_service, complete=True) == [("b-alarms.yaml", 4, 5, NOTHING, ())]
