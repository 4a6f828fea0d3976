"""Property tests of `doalint check --fix` (issue 17): on generated ECS services, task definitions,
ALB target groups and scaling policies, written as JSON or YAML in random layouts (indentation, key
order, one-line or multi-line containers, flow or block style, quoting, comments, line ends, keys
no rule reads) with random deviations from the profile's values for the keys doalint fixes (a wrong
value, or the key left out), `--fix`:

- leaves a file that parses, holding exactly the data expected: each deviation back at the
  standard's value (a key left out inserted where leaving it out is a finding, left out where AWS's
  default is the standard's value), everything else as generated;
- leaves no finding whose fix the report offered before;
- adds no finding that was not there before (any rule);
- is idempotent: a second `--fix` does not touch the file.

The standard's values come from the bundled profile (doalint.profile.load_profile) and AWS's
defaults from doalint.facts, so a change of either moves the expectations with it. Each test is
bounded (max_examples 40, no deadline) and the module runs in well under 20 seconds.
"""

from __future__ import annotations

import copy
import json
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from doalint.facts import aws_facts
from doalint.profile import load_profile

PROFILE = load_profile()
FACTS = aws_facts()
SERVICE = "product-service"
CATALOG = PROFILE.services[SERVICE]
ABSENT = object()  # a key expected to stay left out

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- documents: a standard base and the points a deviation may touch --------------------------------


class Point:
    """A fixable key at ``path``: its standard value ``std``; ``wrongs``, values the rules flag and
    fix; ``on_delete``, what --fix makes of the key left out (the value inserted, ABSENT when AWS's
    default is the standard's and nothing is flagged, None when the case is not generated);
    ``unsafe``, fixed only with --unsafe-fixes."""

    def __init__(self, path, std, wrongs, on_delete, unsafe=False):
        self.path, self.std, self.wrongs, self.on_delete, self.unsafe = tuple(path), std, list(wrongs), on_delete, unsafe


def _inserted_unless_default(std, default):
    return ABSENT if default == std else std


def service_doc(rnd: random.Random):
    st_ = PROFILE.service
    d = FACTS.defaults.ecs_service
    cb = {"enable": st_.circuit_breaker.enable, "rollback": st_.circuit_breaker.rollback}
    data = {
        "serviceName": SERVICE,
        "cluster": PROFILE.cluster,
        "taskDefinition": f"{SERVICE}:{rnd.randint(1, 40)}",
        "desiredCount": CATALOG.min,
        "launchType": st_.launch_type,
        "platformVersion": "LATEST",
        "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
            "securityGroups": ["sg-0c1d2e3f4a5b6c7d8"],
            "assignPublicIp": st_.assign_public_ip}},
        "deploymentConfiguration": {"deploymentCircuitBreaker": dict(cb),
                                    "maximumPercent": st_.maximum_percent,
                                    "minimumHealthyPercent": st_.minimum_healthy_percent},
        "propagateTags": st_.propagate_tags,
        "enableECSManagedTags": st_.enable_ecs_managed_tags,
    }
    extras = {"enableExecuteCommand": False, "healthCheckGracePeriodSeconds": 60, "schedulingStrategy": "REPLICA",
              "tags": [{"key": "Service", "value": "product"}, {"key": "ManagedBy", "value": "ecs-deploy"}],
              "deploymentController": {"type": "ECS"}}
    _extras(rnd, data, extras)
    dc = ("deploymentConfiguration",)
    cbp = dc + ("deploymentCircuitBreaker",)
    points = [
        Point(("platformVersion",), "LATEST", ["1.3.0", "1.2.0", "1.0.0"], ABSENT),
        Point(cbp + ("enable",), cb["enable"], [not cb["enable"]], cb["enable"]),
        Point(cbp + ("rollback",), cb["rollback"], [not cb["rollback"]], cb["rollback"]),
        Point(cbp, cb, [{}], cb),
        Point(dc, data["deploymentConfiguration"], [], _inserted_dc(cb)),
        Point(dc + ("minimumHealthyPercent",), st_.minimum_healthy_percent, [0, 50, 75, 150],
              _inserted_unless_default(st_.minimum_healthy_percent, d.minimumHealthyPercent)),
        Point(dc + ("maximumPercent",), st_.maximum_percent, [100, 150, 250],
              _inserted_unless_default(st_.maximum_percent, d.maximumPercent)),
        Point(("networkConfiguration", "awsvpcConfiguration", "assignPublicIp"), st_.assign_public_ip, ["ENABLED"],
              _inserted_unless_default(st_.assign_public_ip, d.assignPublicIp)),
        Point(("propagateTags",), st_.propagate_tags, ["TASK_DEFINITION", "NONE"],
              _inserted_unless_default(st_.propagate_tags, d.propagateTags)),
        Point(("enableECSManagedTags",), st_.enable_ecs_managed_tags, [not st_.enable_ecs_managed_tags],
              _inserted_unless_default(st_.enable_ecs_managed_tags, d.enableECSManagedTags)),
        Point(("launchType",), st_.launch_type, ["EC2", "EXTERNAL"], st_.launch_type, unsafe=True),
    ]
    return data, points


def _inserted_dc(cb: dict) -> dict:
    """What --fix inserts for a service without deploymentConfiguration: the circuit breaker, and the
    percentages whose AWS defaults are not the standard's."""
    st_, d = PROFILE.service, FACTS.defaults.ecs_service
    out = {"deploymentCircuitBreaker": dict(cb)}
    for key, want in (("minimumHealthyPercent", st_.minimum_healthy_percent), ("maximumPercent", st_.maximum_percent)):
        if getattr(d, key) != want:
            out[key] = want
    return out


def task_doc(rnd: random.Random):
    t = PROFILE.task
    hc = t.health_check
    dflt = FACTS.defaults.container_health_check
    port = CATALOG.port
    nofile = {"name": "nofile", "softLimit": t.ulimit_nofile, "hardLimit": t.ulimit_nofile}
    ulimits = [dict(nofile)]
    if rnd.random() < 0.4:
        ulimits.insert(rnd.randint(0, 1), {"name": "core", "softLimit": 0, "hardLimit": 0})
    j = next(i for i, u in enumerate(ulimits) if u["name"] == "nofile")
    app = {
        "name": SERVICE,
        "image": f"123456789012.dkr.ecr.{PROFILE.region}.amazonaws.com/{SERVICE}:1.4.{rnd.randint(0, 9)}",
        "essential": True,
        "portMappings": [{"containerPort": port, "protocol": "tcp"}],
        "healthCheck": {"command": [hc.type, f"curl -f http://localhost:{port}/health || exit 1"],
                        "interval": hc.interval, "timeout": hc.timeout, "retries": hc.retries,
                        "startPeriod": hc.start_period},
        "ulimits": ulimits,
        "stopTimeout": t.stop_timeout,
    }
    _extras(rnd, app, {"environment": [{"name": "NODE_ENV", "value": "production"}], "cpu": 0,
                       "readonlyRootFilesystem": False, "dockerLabels": {"team": "catalog"}})
    containers = [app]
    if rnd.random() < 0.5:
        containers.insert(rnd.randint(0, 1), {"name": "log-router", "essential": True,
                                              "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                                              "firelensConfiguration": {"type": "fluentbit"}})
    i = containers.index(app)
    data = {"family": SERVICE, "networkMode": t.network_mode, "requiresCompatibilities": [t.compatibility],
            "cpu": str(CATALOG.cpu), "memory": str(CATALOG.memory), "containerDefinitions": containers}
    _extras(rnd, data, {"taskRoleArn": "arn:aws:iam::123456789012:role/productServiceTaskRole",
                        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                        "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
                        "tags": [{"key": "Service", "value": "product"}]})
    c = ("containerDefinitions", i)
    h = c + ("healthCheck",)
    u = c + ("ulimits", j)
    points = [
        Point(("networkMode",), t.network_mode, ["bridge", "host"], t.network_mode, unsafe=True),
        Point(h + ("interval",), hc.interval, [10, 60, 400], _inserted_unless_default(hc.interval, dflt["interval"])),
        Point(h + ("timeout",), hc.timeout, [2, 10, 90], _inserted_unless_default(hc.timeout, dflt["timeout"])),
        Point(h + ("retries",), hc.retries, [1, 5, 20], _inserted_unless_default(hc.retries, dflt["retries"])),
        Point(h + ("startPeriod",), hc.start_period, [0, 30, 500],
              _inserted_unless_default(hc.start_period, dflt["startPeriod"])),
        Point(u + ("softLimit",), t.ulimit_nofile, [1024, 4096], t.ulimit_nofile),
        Point(u + ("hardLimit",), t.ulimit_nofile, [4096, 8192], t.ulimit_nofile),
        Point(c + ("ulimits",), ulimits, [], [nofile]),
        Point(c + ("stopTimeout",), t.stop_timeout, [2, 60, 120, FACTS.fargate.max_stop_timeout + 80], t.stop_timeout),
    ]
    return data, points


def target_group_doc(rnd: random.Random):
    lb = PROFILE.load_balancing
    hc = lb.health_check
    dflt = FACTS.defaults.target_group.health_check["alb"]
    attrs = [{"Key": "stickiness.enabled", "Value": "false"},
             {"Key": "load_balancing.algorithm.type", "Value": "least_outstanding_requests"}]
    k = rnd.randint(0, len(attrs))
    attrs.insert(k, {"Key": "deregistration_delay.timeout_seconds", "Value": str(lb.deregistration_delay)})
    data = {"Name": SERVICE, "Protocol": "HTTP", "Port": CATALOG.port, "VpcId": "vpc-0abc1234def567890",
            "TargetType": lb.target_type,
            "HealthCheckProtocol": hc.protocol, "HealthCheckPath": hc.path,
            "HealthCheckIntervalSeconds": hc.interval, "HealthCheckTimeoutSeconds": hc.timeout,
            "HealthyThresholdCount": hc.healthy_threshold, "UnhealthyThresholdCount": hc.unhealthy_threshold,
            "Matcher": {"HttpCode": hc.matcher}, "Attributes": attrs}
    _extras(rnd, data, {"HealthCheckEnabled": True, "HealthCheckPort": "traffic-port", "IpAddressType": "ipv4",
                        "ProtocolVersion": "HTTP1", "Tags": [{"Key": "Service", "Value": "product"}]})
    points = [
        Point(("HealthCheckProtocol",), hc.protocol, ["HTTPS"], _inserted_unless_default(hc.protocol, dflt["HealthCheckProtocol"])),
        Point(("HealthCheckPath",), hc.path, ["/", "/healthz", "/api/v1/health"],
              _inserted_unless_default(hc.path, dflt["HealthCheckPath"])),
        Point(("HealthCheckIntervalSeconds",), hc.interval, [10, 15, 60],
              _inserted_unless_default(hc.interval, dflt["HealthCheckIntervalSeconds"])),
        Point(("HealthCheckTimeoutSeconds",), hc.timeout, [2, 10],
              _inserted_unless_default(hc.timeout, dflt["HealthCheckTimeoutSeconds"])),
        Point(("HealthyThresholdCount",), hc.healthy_threshold, [3, 5, 10],
              _inserted_unless_default(hc.healthy_threshold, dflt["HealthyThresholdCount"])),
        Point(("UnhealthyThresholdCount",), hc.unhealthy_threshold, [2, 5],
              _inserted_unless_default(hc.unhealthy_threshold, dflt["UnhealthyThresholdCount"])),
        Point(("Matcher", "HttpCode"), hc.matcher, ["200-299", "200,204"], None),
        Point(("Matcher",), {"HttpCode": hc.matcher}, [], _inserted_unless_default(hc.matcher, dflt["Matcher.HttpCode"])),
        Point(("Attributes", k, "Value"), str(lb.deregistration_delay), ["0", "120", "300"], None),
    ]
    return data, points


TT = "TargetTrackingScalingPolicyConfiguration"


def scaling_doc(rnd: random.Random):
    a = PROFILE.autoscaling
    which = rnd.choice(["cpu", "memory", "requests"])
    spec = {"PredefinedMetricType": getattr(a, which).metric}
    if which == "requests":
        spec["ResourceLabel"] = f"app/doa-market-alb/50dc6c495c0c9188/targetgroup/{SERVICE}/6d0ecf831eec9f09"
        target, wrongs = CATALOG.target_rps, [500, CATALOG.target_rps * 2]
    else:
        target = getattr(a, which).target
        wrongs = [target - 20, target + 5.5]
    cfg = {"TargetValue": target, "PredefinedMetricSpecification": spec,
           "ScaleInCooldown": a.scale_in_cooldown, "ScaleOutCooldown": a.scale_out_cooldown}
    _extras(rnd, cfg, {"DisableScaleIn": False})
    data = {"PolicyName": f"{SERVICE}-{which}", "ServiceNamespace": a.service_namespace,
            "ResourceId": PROFILE.fill(a.resource_id, CATALOG), "ScalableDimension": a.scalable_dimension,
            "PolicyType": "TargetTrackingScaling", TT: cfg}
    default = FACTS.defaults.scaling_cooldown.get(a.service_namespace)
    points = [
        Point((TT, "TargetValue"), target, wrongs, target),
        Point((TT, "ScaleInCooldown"), a.scale_in_cooldown, [0, 60, 600],
              _inserted_unless_default(a.scale_in_cooldown, default)),
        Point((TT, "ScaleOutCooldown"), a.scale_out_cooldown, [0, 120, 300],
              _inserted_unless_default(a.scale_out_cooldown, default)),
    ]
    return data, points


def _extras(rnd: random.Random, target: dict, extras: dict) -> None:
    """Some of ``extras`` (keys the fixes do not touch) added to ``target``."""
    for key, value in extras.items():
        if rnd.random() < 0.5:
            target[key] = copy.deepcopy(value)


def _get(data, path):
    for k in path[:-1]:
        data = data[k]
    return data, path[-1]


def deviate(data, points, choices, unsafe: bool):
    """(the document with the chosen deviations, the document --fix should leave)."""
    doc, want = copy.deepcopy(data), copy.deepcopy(data)
    chosen: list = []
    for point, choice in zip(points, choices):
        if choice is None:
            continue
        if any(p[:len(point.path)] == point.path or point.path[:len(p)] == p for p in chosen):
            continue  # (a key inside or around one already changed)
        fixed = unsafe or not point.unsafe
        parent, key = _get(doc, point.path)
        wparent, wkey = _get(want, point.path)
        if choice == "delete":
            if point.on_delete is None:
                continue
            del parent[key]
            if point.on_delete is ABSENT or not fixed:
                del wparent[wkey]
            else:
                wparent[wkey] = copy.deepcopy(point.on_delete)
        else:
            if not point.wrongs:
                continue
            parent[key] = copy.deepcopy(point.wrongs[choice % len(point.wrongs)])
            if not fixed:
                wparent[wkey] = copy.deepcopy(parent[key])
        chosen.append(point.path)
    return doc, want


# --- layouts -----------------------------------------------------------------------------------------


def shuffled(value, rnd: random.Random):
    """``value`` with every mapping's keys in a random order (lists keep theirs)."""
    if isinstance(value, dict):
        keys = list(value)
        rnd.shuffle(keys)
        return {k: shuffled(value[k], rnd) for k in keys}
    if isinstance(value, list):
        return [shuffled(v, rnd) for v in value]
    return value


def to_json(value, rnd: random.Random) -> str:
    indent = rnd.choice([None, "  ", "    ", "\t", "   "])
    colon = rnd.choice([": ", ":", " : "])
    comma = rnd.choice([", ", ","])
    inner = rnd.choice(["", "", " "])  # "{ ... }" inside one-line containers
    nl = rnd.choice(["\n", "\n", "\r\n"])

    def dump(v, level: int, inline: bool) -> str:
        if not isinstance(v, (dict, list)) or not v:
            return json.dumps(v)
        opener, closer = ("{", "}") if isinstance(v, dict) else ("[", "]")
        items = [json.dumps(k) + colon + dump(x, level + 1, True) for k, x in v.items()] if isinstance(v, dict) \
            else [dump(x, level + 1, True) for x in v]
        if inline or indent is None or (level > 0 and rnd.random() < 0.3):
            return opener + inner + comma.join(items) + inner + closer
        items = [json.dumps(k) + colon + dump(x, level + 1, False) for k, x in v.items()] if isinstance(v, dict) \
            else [dump(x, level + 1, False) for x in v]
        pad = indent * (level + 1)
        return opener + nl + ("," + nl).join(pad + item for item in items) + nl + indent * level + closer

    text = dump(value, 0, False)
    return text + (nl if rnd.random() < 0.85 else "")


def _loads(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return object()


def _plain(s: str, flow: bool) -> bool:
    if not s or s != s.strip() or "#" in s or "\n" in s:
        return False
    return _loads(f"{{k: {s}}}" if flow else f"k: {s}") == {"k": s}


class _Yaml:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.unit = rnd.choice([2, 4])
        self.dash = rnd.choice([0, self.unit])  # a block sequence's dashes: at its key's column or deeper
        self.item = rnd.choice([2, self.unit])  # "- " or "-   " before an item's first key
        self.flow_bias = rnd.choice([0.0, 0.2, 0.5])
        self.gap = rnd.choice([" ", " ", "  "])  # after a key's colon

    def string(self, s: str, flow: bool) -> str:
        options = [json.dumps(s), "'" + s.replace("'", "''") + "'"]
        if _plain(s, flow):
            options += [s, s]
        return self.rnd.choice(options)

    def scalar(self, v, flow: bool) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        return self.string(v, flow)

    def key(self, k: str) -> str:
        return json.dumps(k) if self.rnd.random() < 0.1 else k

    def flow(self, v) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{self.key(k)}: {self.flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return self.scalar(v, True)

    def comment(self) -> str:
        return self.rnd.choice(["# reviewed by the platform team", "# see RULES.md", "#"])

    def block(self, v, col: int) -> list[str]:
        """The lines of a non-empty mapping or list in block style, its entries at column ``col``."""
        pad = " " * col
        lines: list[str] = []
        if isinstance(v, dict):
            for k, x in v.items():
                if self.rnd.random() < 0.1:
                    lines.append(pad + self.comment())
                if self.rnd.random() < 0.05:
                    lines.append("")
                head = f"{pad}{self.key(k)}:"
                if isinstance(x, (dict, list)) and x and self.rnd.random() >= self.flow_bias:
                    lines.append(head + (f"  {self.comment()}" if self.rnd.random() < 0.1 else ""))
                    lines += self.block(x, col + (self.unit if isinstance(x, dict) else self.dash))
                elif isinstance(x, (dict, list)):
                    lines.append(f"{head}{self.gap}{self.flow(x)}")
                else:
                    tail = f"   {self.comment()}" if self.rnd.random() < 0.15 else ""
                    lines.append(f"{head}{self.gap}{self.scalar(x, False)}{tail}")
            return lines
        lead = "-" + " " * (self.item - 1)
        for x in v:
            if isinstance(x, dict) and x and self.rnd.random() >= self.flow_bias:
                sub = self.block(x, col + self.item)
                lines.append(pad + lead + sub[0][col + self.item:])
                lines += sub[1:]
            elif isinstance(x, (dict, list)):
                lines.append(pad + lead + self.flow(x))
            else:
                lines.append(pad + lead + self.scalar(x, False))
        return lines


def to_yaml(value, rnd: random.Random) -> str:
    y = _Yaml(rnd)
    lines = []
    if rnd.random() < 0.5:
        lines.append("# generated by tests/test_fix_properties.py")
    if rnd.random() < 0.3:
        lines.append("---")
    lines += y.block(value, 0)
    nl = rnd.choice(["\n", "\n", "\r\n"])
    return nl.join(lines) + (nl if rnd.random() < 0.85 else "")


# --- running doalint -----------------------------------------------------------------------------------


def _cli(folder: Path, *args: str):
    from doalint import fingerprint

    fingerprint.project_root.cache_clear()
    try:
        return run_cli("check", "--isolated", *args, cwd=folder)
    finally:
        fingerprint.project_root.cache_clear()


def _keys(report) -> Counter:
    return Counter((f["rule"], f["document"], f["pointer"]) for f in report["findings"])


def check_fix(kind_doc, name: str, data, unsafe: bool) -> None:
    rnd = random.Random(data.draw(st.integers(0, 2 ** 32 - 1), label="seed"))
    base, points = kind_doc(rnd)
    choices = [data.draw(st.sampled_from([None, None, "delete", "delete", 0, 1, 2]), label=".".join(map(str, p.path)))
               for p in points]
    doc, want = deviate(base, points, choices, unsafe)
    doc = shuffled(doc, rnd)
    text = to_json(doc, rnd) if name.endswith(".json") else to_yaml(doc, rnd)
    parse = json.loads if name.endswith(".json") else yaml.safe_load
    assert parse(text) == doc  # (the generator writes what it means)
    flags = ("--unsafe-fixes",) if unsafe else ()
    with tempfile.TemporaryDirectory(prefix="doalint-fixprop-") as tmp:
        folder = Path(tmp)
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        code, out, err = _cli(folder, "--format", "json", name)
        assert code in (0, 1), err
        before = json.loads(out)
        offered = {(f["rule"], f["document"], f["pointer"]) for f in before["findings"]
                   if f.get("fix") and (unsafe or f["fix"]["applicability"] == "safe")}

        code, out, err = _cli(folder, "--fix", "--format", "json", *flags, name)
        assert code in (0, 1), err
        after = json.loads(out)
        fixed = path.read_bytes().decode("utf-8")
        assert parse(fixed) == want, f"--fix of\n{text}\nwrote\n{fixed}"
        assert not set(_keys(after)) & offered, fixed
        assert not _keys(after) - _keys(before), fixed

        stamp = path.stat().st_mtime_ns
        code, out, err = _cli(folder, "--fix", *flags, name)
        assert code in (0, 1), err
        assert path.read_bytes().decode("utf-8") == fixed and path.stat().st_mtime_ns == stamp
        assert not re.search(r"^[1-9][0-9]* fixed \(", out, re.MULTILINE), out


FORMATS = st.sampled_from(["json", "yaml"])


@SETTINGS
@given(data=st.data(), fmt=FORMATS, unsafe=st.booleans())
def test_fixing_services(data, fmt, unsafe):
    """Platform version, circuit breaker (a key, the block, the whole deploymentConfiguration left
    out), rolling percentages, public IP, tag propagation; launchType with --unsafe-fixes."""
    check_fix(service_doc, f"service.{fmt}", data, unsafe)


@SETTINGS
@given(data=st.data(), fmt=FORMATS, unsafe=st.booleans())
def test_fixing_task_definitions(data, fmt, unsafe):
    """The application container's health check timings (within and beyond AWS's ranges), nofile
    ulimit (a limit, the whole list left out), stopTimeout, beside a sidecar; networkMode with
    --unsafe-fixes."""
    check_fix(task_doc, f"taskdef.{fmt}", data, unsafe)


@SETTINGS
@given(data=st.data(), fmt=FORMATS)
def test_fixing_target_groups(data, fmt):
    """The health check's protocol, path, timings, thresholds and matcher; the deregistration delay
    attribute among others."""
    check_fix(target_group_doc, f"target-group.{fmt}", data, False)


@SETTINGS
@given(data=st.data(), fmt=FORMATS)
def test_fixing_scaling_policies(data, fmt):
    """Target tracking on CPU, memory or ALB requests (the catalog's RPS): target value and
    cooldowns."""
    check_fix(scaling_doc, f"scaling-policy.{fmt}", data, False)
