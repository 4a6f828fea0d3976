"""Boundaries of the DOA3xx-DOA9xx rules that a fixture with the bundled profile cannot show.

The boundary fixtures themselves are in fixtures/rules/DOA3*/ to DOA9*/ (``*-boundary-*``): each value
a rule compares with the profile, the catalog or an AWS fact, at the limit (good) and one past it
(bad). What is here needs another profile (a count that the bundled one keeps at 1, a catalog with
one service name inside another) or looks at a finding's related location, which expect.yaml does
not record.
"""

from __future__ import annotations

import difflib
import json

import pytest
import yaml

from conftest import FIXTURES, ROOT, rule_lines


def _profile(tmp_path, change):
    """The bundled profile with ``change(dict)`` applied, loaded as a user's profile would be."""
    from doalint.profile import load_profile

    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    change(data)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_profile(path)


def _lint(profile, tmp_path, files: dict, **kw):
    from doalint.engine.runner import Linter

    for name, text in files.items():
        (tmp_path / name).write_text(text)
    report = Linter(profile, **kw).lint_paths([str(tmp_path / n) for n in files])
    assert not report.internal_errors
    return report


# --- DOA404: two allowed routings of one type --------------------------------------------------

def _linear_config(percentage: int, interval: int) -> str:
    """A custom linear deployment configuration: the block on line 6, its interval on line 8."""
    return (
        "{\n"
        '  "deploymentConfigName": "doa-market-linear",\n'
        '  "computePlatform": "ECS",\n'
        '  "trafficRoutingConfig": {\n'
        '    "type": "TimeBasedLinear",\n'
        '    "timeBasedLinear": {\n'
        f'      "linearPercentage": {percentage},\n'
        f'      "linearInterval": {interval}\n'
        "    }\n"
        "  }\n"
        "}\n"
    )


@pytest.fixture
def two_linear(tmp_path):
    def change(p):
        p["codedeploy"]["traffic_routing"].append(
            {"name": "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", "type": "TimeBasedLinear",
             "percentage": 10, "interval": 3})
    return _profile(tmp_path, change)


@pytest.mark.parametrize("interval", [1, 3])
def test_doa404_either_allowed_linear_routing_passes(two_linear, tmp_path, interval):
    report = _lint(two_linear, tmp_path, {"config.json": _linear_config(10, interval)})
    assert rule_lines(report) == []


def test_doa404_with_two_allowed_linear_routings_names_the_block(two_linear, tmp_path):
    """More than one allowed routing of the type: no single one to compare key by key, so the finding
    is on the block and lists both (with one, it is on the key that differs: fixtures/rules/DOA404)."""
    report = _lint(two_linear, tmp_path, {"config.json": _linear_config(10, 2)})
    assert rule_lines(report) == ["DOA404@6"]
    message = report.findings[0].message
    assert "Every1Minutes" in message and "Every3Minutes" in message


def test_doa404_with_one_allowed_linear_routing_names_the_key(profile, tmp_path):
    report = _lint(profile, tmp_path, {"config.json": _linear_config(10, 2)})
    assert rule_lines(report) == ["DOA404@8"]


# --- DOA405: a profile that asks for more than one validation hook -----------------------------

def _appspec(hooks: list[str]) -> str:
    """The base appspec with ``hooks``; "Hooks" is on line 30."""
    data = json.loads((ROOT / "fixtures" / "rules" / "_base" / "codedeploy-appspec.json").read_text())
    data["Hooks"] = [{h: f"Validate{h}"} for h in hooks]
    text = json.dumps(data, indent=2)
    assert text.splitlines()[29].strip().startswith('"Hooks"')
    return text


@pytest.fixture
def two_hooks(tmp_path):
    def change(p):
        p["codedeploy"]["appspec"]["min_hooks"] = 2
    return _profile(tmp_path, change)


def test_doa405_min_hooks_is_inclusive(two_hooks, tmp_path):
    report = _lint(two_hooks, tmp_path, {"appspec.json": _appspec(["BeforeInstall", "AfterAllowTraffic"])})
    assert rule_lines(report) == []


def test_doa405_one_hook_below_min_hooks(two_hooks, tmp_path):
    report = _lint(two_hooks, tmp_path, {"appspec.json": _appspec(["BeforeInstall"])})
    assert rule_lines(report) == ["DOA405@30"]
    assert "1 validation hook (" in report.findings[0].message
    assert "at least 2 validation hooks" in report.findings[0].message


def test_doa405_a_hook_outside_the_standard_does_not_count(two_hooks, tmp_path):
    # two hooks, one of them not a lifecycle event the standard names: still one of the standard's
    hooks = ["BeforeInstall", "AfterAllowTraffic"]
    text = _appspec(hooks).replace('"AfterAllowTraffic"', '"BeforeBlockTraffic"')
    report = _lint(two_hooks, tmp_path, {"appspec.json": text})
    assert "DOA405@30" in rule_lines(report)


# --- DOA904: the close name it points at (difflib ratio >= 0.9) -------------------------------

def _group_waiting_on(name: str) -> str:
    data = json.loads((ROOT / "fixtures" / "rules" / "_base" / "codedeploy-deployment-group.json").read_text())
    data["alarmConfiguration"]["alarms"] = [{"name": name}]
    return json.dumps(data, indent=2)


def _alarm(name: str) -> str:
    data = json.loads((ROOT / "fixtures" / "rules" / "_base" / "cloudwatch-alarm.json").read_text())
    data.update(AlarmName=name, MetricName="HTTPCode_Target_5XX_Count", Namespace="AWS/ApplicationELB")
    return json.dumps(data, indent=2)


@pytest.mark.parametrize("defined,related", [
    ("api-5xx-02", True),    # ratio 0.9 exactly: a close name
    ("api-5xx-0x2", False),  # ratio 0.857: another alarm
])
def test_doa904_close_name_cutoff(profile, tmp_path, defined, related):
    wanted = "api-5xx-01"
    ratio = difflib.SequenceMatcher(None, defined, wanted).ratio()
    assert (ratio >= 0.9) is related and abs(ratio - 0.9) < 0.05  # the case is where it means to be
    report = _lint(profile, tmp_path, {"group.json": _group_waiting_on(wanted), "alarm.json": _alarm(defined)},
                   select={"DOA904"})
    assert [(f.rule, f.file.rsplit("/", 1)[-1]) for f in report.findings] == [("DOA904", "group.json")]
    shown = [r for r in report.findings[0].related if defined in r.message]
    assert bool(shown) is related
    if related:
        assert shown[0].file.endswith("alarm.json")


# --- DOA303 and DOA503: one catalog name inside another (the longest wins) ---------------------

@pytest.fixture
def nested_names(tmp_path):
    def change(p):
        p["services"]["order-service-history"] = {
            "port": 3017, "cpu": 256, "memory": 512, "min": 2, "max": 4, "target_rps": 300,
            "path": "/api/v1/orders/history/*"}
    return _profile(tmp_path, change)


def _request_policy(service: str, target_group: str, rps: int) -> str:
    data = json.loads((ROOT / "fixtures" / "rules" / "_base" / "autoscaling-scaling-policy-requests.json").read_text())
    data["PolicyName"] = f"{service}-request-count-scaling"
    data["ResourceId"] = f"service/doa-market-cluster/{service}"
    tt = data["TargetTrackingScalingPolicyConfiguration"]
    tt["TargetValue"] = rps
    tt["PredefinedMetricSpecification"]["ResourceLabel"] = f"app/doa-market-alb/abc123/targetgroup/{target_group}/xyz789"
    return json.dumps(data, indent=2)


def test_doa303_target_group_belongs_to_the_longest_service_name(nested_names, tmp_path):
    # "order-service-history-blue" starts with both "order-service-" and "order-service-history-"
    ok = _lint(nested_names, tmp_path, {"p.json": _request_policy("order-service-history", "order-service-history-blue", 300)})
    assert rule_lines(ok) == []


def test_doa303_shorter_service_name_is_another_service(nested_names, tmp_path):
    bad = _lint(nested_names, tmp_path, {"p.json": _request_policy("order-service", "order-service-history-blue", 1200)})
    assert rule_lines(bad) == ["DOA303@11"]
    assert "order-service-history's" in bad.findings[0].message


def _rules(pattern: str, target_group: str) -> str:
    arn = f"arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/{target_group}/73e2d6bc24d8a067"
    return json.dumps({"Rules": [{
        "Priority": 1,
        "Conditions": [{"Field": "path-pattern", "Values": [pattern]}],
        "Actions": [{"Type": "forward", "TargetGroupArn": arn}],
    }]}, indent=2)


@pytest.mark.parametrize("pattern,target_group,found", [
    ("/api/v1/orders/history/*", "order-service-history", []),
    ("/api/v1/orders/*", "order-service", []),
    ("/api/v1/orders/history/*", "order-service", ["DOA503@16"]),  # line of TargetGroupArn
])
def test_doa503_path_belongs_to_the_longest_prefix(nested_names, tmp_path, pattern, target_group, found):
    report = _lint(nested_names, tmp_path, {"rules.json": _rules(pattern, target_group)})
    assert rule_lines(report) == found


# --- DOA905: a whole container that cannot be read (path one below containerDefinitions) -------

def _execution_role_set(extra_container=None):
    src = ROOT / "fixtures" / "rules" / "DOA905" / "good-exact-grants"
    policy = json.loads((src / "execution-role-policy.json").read_text())
    policy["PolicyDocument"]["Statement"].append({
        "Sid": "Sidecar", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
        "Resource": "arn:aws:secretsmanager:*:*:secret:sidecar-token-*"})  # line 45: no known container reads it
    task = json.loads((src / "task-definition.json").read_text())
    if extra_container is not None:
        task["containerDefinitions"].append(extra_container)
    return {"execution-role-policy.json": json.dumps(policy, indent=2), "task-definition.json": json.dumps(task, indent=2)}


def test_doa905_grant_no_known_container_needs(profile, tmp_path):
    report = _lint(profile, tmp_path, _execution_role_set(), select={"DOA905"})
    assert [(f.file.rsplit("/", 1)[-1], f.line) for f in report.findings] == [("execution-role-policy.json", 45)]


def test_doa905_unreadable_container_may_need_anything(profile, tmp_path):
    # containerDefinitions[1] is a placeholder: its path is one longer than containerDefinitions', the
    # case where every need is unknown (not a member of a container, such as an image or its secrets)
    report = _lint(profile, tmp_path, _execution_role_set("${SIDECAR_CONTAINER}"), select={"DOA905"})
    assert report.findings == []


def test_doa905_an_unknown_image_silences_only_the_grants_it_could_need(linter, tmp_path):
    """A grant nothing needs is reported even when a container's image is a placeholder: the unknown
    image can only need ECR grants (the finding once related the whole containerDefinitions, and a
    finding whose related value is unresolved is dropped)."""
    import json
    import shutil

    src = FIXTURES / "rules" / "DOA905" / "good-exact-grants"
    for templated in (False, True):
        target = tmp_path / f"set-{templated}"
        shutil.copytree(src, target)
        policy_file = target / "execution-role-policy.json"
        policy = json.loads(policy_file.read_text())
        doc = policy.get("PolicyDocument", policy)
        doc["Statement"].append({"Sid": "Sidecar", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                 "Resource": "arn:aws:secretsmanager:*:*:secret:sidecar-token-*"})
        policy_file.write_text(json.dumps(policy, indent=2))
        if templated:
            task_file = target / "task-definition.json"
            task = json.loads(task_file.read_text())
            task["containerDefinitions"][0]["image"] = "${APP_IMAGE}"
            task_file.write_text(json.dumps(task, indent=2))
        report = linter.lint_paths([str(target)])
        assert not report.internal_errors
        found = [(f.rule, f.file.endswith("execution-role-policy.json")) for f in report.findings if f.rule == "DOA905"]
        assert found == [("DOA905", True)], (templated, [(f.rule, f.message) for f in report.findings])
