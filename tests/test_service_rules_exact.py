"""Exact findings of the ECS service rules (DOA201-DOA210) where a fixture folder cannot show them.

Two kinds of case live here:

* a profile other than the bundled one (a higher platform version floor, a circuit breaker without
  rollback, a rolling update below 100%, two security groups, an account id, ECS managed tags off):
  the profile is the bundled rules/standard.yaml with one value changed, loaded as a user's profile;
* a service that also breaks the CreateService shape, so DOA002 reports it beside the service rule
  (a strategy entry without its provider, a circuit breaker without rollback, a lower-case
  assignPublicIp) or that has no serviceName (DOA010 notes it).

Each test pins the rule, the line and the whole message, so a changed branch, path or text fails it.
"""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT


def _service(**changes) -> dict:
    """A product-service definition that every DOA2xx rule accepts with the bundled profile, with
    ``changes`` applied (a value of None removes the key)."""
    svc = {
        "serviceName": "product-service",
        "cluster": "doa-market-cluster",
        "taskDefinition": "product-service:12",
        "desiredCount": 3,
        "launchType": "FARGATE",
        "platformVersion": "1.4.0",
        "networkConfiguration": {
            "awsvpcConfiguration": {
                "subnets": ["subnet-0abc123", "subnet-0def456"],
                "securityGroups": ["sg-0xyz789"],
                "assignPublicIp": "DISABLED",
            }
        },
        "loadBalancers": [{
            "targetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:"
                              "targetgroup/product-service/abc123",
            "containerName": "product-service",
            "containerPort": 3003,
        }],
        "serviceRegistries": [{
            "registryArn": "arn:aws:servicediscovery:ap-northeast-2:123456789012:service/srv-abc123",
            "containerName": "product-service",
            "containerPort": 3003,
        }],
        "deploymentConfiguration": {
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
            "maximumPercent": 200,
            "minimumHealthyPercent": 100,
        },
        "deploymentController": {"type": "ECS"},
        "enableECSManagedTags": True,
        "propagateTags": "SERVICE",
        "tags": [
            {"key": "Environment", "value": "production"},
            {"key": "Service", "value": "product"},
            {"key": "ManagedBy", "value": "terraform"},
        ],
    }
    for key, value in changes.items():
        if value is None:
            svc.pop(key, None)
        else:
            svc[key] = value
    return svc


def _text(svc: dict) -> str:
    """The service as JSON, one key per line (so that line numbers below are stable)."""
    return json.dumps(svc, indent=2) + "\n"


def _line(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` holding ``needle``."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def _profile(tmp_path, **service_changes):
    """The bundled profile with ``service:`` values (or, for ``account_id``, the top-level value)
    changed, loaded from a file as a user's profile is (so it is checked against the schema)."""
    from doalint.profile import load_profile

    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    for key, value in service_changes.items():
        if key == "account_id":
            data["account_id"] = value
        else:
            assert key in data["service"], key
            data["service"][key] = value
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_profile(path)


def _findings(linter_or_profile, text: str, rules=None) -> list[tuple[str, int, str, tuple]]:
    """(rule, line, message, path) of each finding of ``text`` linted as service.json, optionally
    only of ``rules``."""
    from doalint.engine.runner import Linter

    linter = linter_or_profile if isinstance(linter_or_profile, Linter) else Linter(linter_or_profile)
    report = linter.lint_buffer(text.encode(), "service.json")
    assert not report.internal_errors
    return sorted((f.rule, f.line, f.message, tuple(f.path)) for f in report.findings
                  if rules is None or f.rule in rules)


# --- DOA201: platform version floor and capacity provider entries --------------------------------

def test_platform_version_missing_parts_count_as_zero(tmp_path):
    """With a floor of 1.4.1, "1.4" is 1.4.0: older than the floor (a missing part is 0, not 1);
    "1.4.1" itself is accepted."""
    profile = _profile(tmp_path, min_platform_version="1.4.1")
    text = _text(_service(platformVersion="1.4"))
    assert _findings(profile, text) == [
        ("DOA201", _line(text, '"platformVersion"'),
         "platformVersion is '1.4', older than 1.4.1; use 'LATEST' or 1.4.1 or later", ("platformVersion",)),
    ]
    assert _findings(profile, _text(_service(platformVersion="1.4.1"))) == []


def test_strategy_entry_without_provider_is_named_by_index(linter):
    """A capacityProviderStrategy entry without capacityProvider: DOA002 reports the missing key, and
    DOA201 says which entry names no provider and which providers the standard allows."""
    svc = _service(launchType=None, capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1},
                                                             {"weight": 1}])
    text = _text(svc)
    entry = _line(text, '"capacityProvider": "FARGATE"') + 3  # the second entry's opening brace
    got = _findings(linter, text)
    assert [(r, ln) for r, ln, _, _ in got] == [("DOA002", entry), ("DOA201", entry)]
    rule, line, message, path = got[1]
    assert message == ("capacityProviderStrategy[1] names no capacityProvider; "
                       "the standard allows only FARGATE, FARGATE_SPOT")
    assert path == ("capacityProviderStrategy", 1, "capacityProvider")


# --- DOA202: a partial breaker, and a profile that does not want both settings --------------------

def test_breaker_without_rollback_names_the_required_value(linter):
    """deploymentCircuitBreaker without rollback: DOA002 reports the required key, DOA202 says the
    standard requires true."""
    svc = _service()
    svc["deploymentConfiguration"]["deploymentCircuitBreaker"] = {"enable": True}
    text = _text(svc)
    line = _line(text, '"deploymentCircuitBreaker"')
    assert _findings(linter, text) == [
        ("DOA002", line, "deploymentConfiguration.deploymentCircuitBreaker.rollback: required key is missing",
         ("deploymentConfiguration", "deploymentCircuitBreaker")),
        ("DOA202", line,
         "deploymentConfiguration.deploymentCircuitBreaker.rollback is not set; the standard requires true",
         ("deploymentConfiguration", "deploymentCircuitBreaker", "rollback")),
    ]


def test_profile_without_rollback(tmp_path):
    """A profile wanting enable: true and rollback: false. A missing breaker is reported (enable alone
    is wanted), with both wanted values; a breaker with rollback on is reported at its rollback key."""
    profile = _profile(tmp_path, circuit_breaker={"enable": True, "rollback": False})

    svc = _service()
    del svc["deploymentConfiguration"]["deploymentCircuitBreaker"]
    text = _text(svc)
    assert _findings(profile, text) == [
        ("DOA202", _line(text, '"deploymentConfiguration"'),
         "deploymentConfiguration.deploymentCircuitBreaker is not set, so the circuit breaker is off: a "
         "deployment whose tasks keep failing to start is retried indefinitely instead of failing and rolling "
         "back; set enable: true and rollback: false",
         ("deploymentConfiguration", "deploymentCircuitBreaker")),
    ]

    svc = _service()
    svc["deploymentConfiguration"]["deploymentCircuitBreaker"] = {"enable": True, "rollback": True}
    text = _text(svc)
    assert _findings(profile, text) == [
        ("DOA202", _line(text, '"rollback"'),
         "deploymentConfiguration.deploymentCircuitBreaker.rollback is true; the standard requires false",
         ("deploymentConfiguration", "deploymentCircuitBreaker", "rollback")),
    ]


def test_profile_without_breaker_accepts_a_missing_one(tmp_path):
    """A profile wanting neither enable nor rollback: a service without a breaker is accepted."""
    profile = _profile(tmp_path, circuit_breaker={"enable": False, "rollback": False})
    svc = _service()
    del svc["deploymentConfiguration"]["deploymentCircuitBreaker"]
    assert _findings(profile, _text(svc)) == []


# --- DOA203: an omitted percentage whose ECS default is not the standard's -----------------------

def test_omitted_minimum_healthy_percent_reports_the_ecs_default(tmp_path):
    """With a standard of 50% minimum healthy, an omitted minimumHealthyPercent runs at ECS's default
    100: reported at deploymentConfiguration with the default and the standard's value."""
    profile = _profile(tmp_path, minimum_healthy_percent=50)
    svc = _service()
    del svc["deploymentConfiguration"]["minimumHealthyPercent"]
    text = _text(svc)
    assert _findings(profile, text) == [
        ("DOA203", _line(text, '"deploymentConfiguration"'),
         "deploymentConfiguration.minimumHealthyPercent is not set, so ECS uses 100 (100% of the desired tasks "
         "stay in service during a deployment); the standard's rolling update uses 50",
         ("deploymentConfiguration", "minimumHealthyPercent")),
    ]


# --- DOA205: security group count, and an assignPublicIp that is neither value --------------------

def test_fewer_security_groups_than_the_profile_wants(tmp_path):
    """A profile wanting two security groups: one group is reported with its count."""
    profile = _profile(tmp_path, min_security_groups=2)
    text = _text(_service())
    assert _findings(profile, text) == [
        ("DOA205", _line(text, '"securityGroups"'),
         "awsvpcConfiguration.securityGroups lists 1 group; the standard requires at least 2 security groups "
         "of the service's own",
         ("networkConfiguration", "awsvpcConfiguration", "securityGroups")),
    ]


def test_lower_case_assign_public_ip(linter):
    """assignPublicIp "disabled" is not the API's value: DOA002 reports the spelling, DOA205 quotes the
    value and the standard's."""
    svc = _service()
    svc["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] = "disabled"
    text = _text(svc)
    line = _line(text, '"assignPublicIp"')
    assert _findings(linter, text, {"DOA205"}) == [
        ("DOA205", line, "assignPublicIp is 'disabled'; the standard requires 'DISABLED'",
         ("networkConfiguration", "awsvpcConfiguration", "assignPublicIp")),
    ]
    assert [r for r, *_ in _findings(linter, text)] == ["DOA002", "DOA205"]


# --- DOA207: a service without its name ---------------------------------------------------------------

def test_unnamed_service_without_registries(linter):
    """A service fragment without serviceName or serviceRegistries: DOA207 calls it "the service"."""
    text = _text(_service(serviceName=None, serviceRegistries=None))
    assert _findings(linter, text, {"DOA207"}) == [
        ("DOA207", 1,
         "serviceRegistries is not set, so the service's tasks are not registered in Cloud Map and other "
         "services cannot resolve them by name; add the registry ARN of its Cloud Map service",
         ("serviceRegistries",)),
    ]


# --- DOA208: the profile's account ------------------------------------------------------------------

_ARN = "arn:aws:ecs:ap-northeast-2:{}:cluster/doa-market-cluster"


@pytest.mark.parametrize("key", ["cluster", "clusterArn"])
def test_cluster_arn_of_another_account(tmp_path, key):
    """With account_id set, a cluster ARN of the right name and region in another account is
    reported with both accounts; one in the profile's account is accepted."""
    profile = _profile(tmp_path, account_id="123456789012")

    def service(account):
        svc = _service(cluster=None)
        svc[key] = _ARN.format(account)
        return _text(svc)

    text = service("210987654321")
    assert _findings(profile, text) == [
        ("DOA208", _line(text, f'"{key}"'),
         f"{key} 'arn:aws:ecs:ap-northeast-2:210987654321:cluster/doa-market-cluster' is a cluster of account "
         "210987654321; the standard's 'doa-market-cluster' is in account 123456789012",
         (key,)),
    ]
    assert _findings(profile, service("123456789012")) == []


# --- DOA209: a fragment a deployment tool completes ---------------------------------------------------

def test_unnamed_fragment_needs_no_task_definition(linter):
    """A service without serviceName and taskDefinition (ecspresso fills both in) is not told to pin a
    task definition."""
    text = _text(_service(serviceName=None, taskDefinition=None))
    assert _findings(linter, text, {"DOA209"}) == []


# --- DOA210: a profile with ECS managed tags off ---------------------------------------------------

def test_profile_with_managed_tags_off(tmp_path):
    """A profile wanting enableECSManagedTags false: true is reported with both values; an omitted
    value is ECS's default false, which is accepted."""
    profile = _profile(tmp_path, enable_ecs_managed_tags=False)
    text = _text(_service())
    assert _findings(profile, text) == [
        ("DOA210", _line(text, '"enableECSManagedTags"'),
         "enableECSManagedTags is true; the standard requires false", ("enableECSManagedTags",)),
    ]
    assert _findings(profile, _text(_service(enableECSManagedTags=None))) == []
