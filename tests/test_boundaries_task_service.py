"""Boundaries of the task-definition and service rules that fixtures cannot show well.

DOA104 is checked against the whole Fargate size table (the smallest and largest memory of each
CPU size are accepted, one step outside them and off the step are refused), on a family the
catalog does not know so that DOA103's tier comparison stays out of the way. The others are
counts that decide a message's wording or where a templated image's registry ends.
The boundary fixtures themselves are in fixtures/rules/DOA1*/ and DOA2*/ (``*-boundary-*``).
"""

from __future__ import annotations

import json

import pytest

from conftest import rule_lines


@pytest.fixture(scope="module")
def quiet_linter(profile):
    """The bundled profile, without DOA010 (the note that a family is not in the catalog)."""
    from doalint.engine.runner import Linter

    return Linter(profile, ignore={"DOA010"})


def _task(cpu: str, memory: str, family: str = "batch-worker", **container) -> bytes:
    """An otherwise clean task definition: cpu is on line 5, memory on line 6."""
    head = (
        "{\n"
        f'  "family": "{family}",\n'
        '  "networkMode": "awsvpc",\n'
        '  "requiresCompatibilities": ["FARGATE"],\n'
        f'  "cpu": "{cpu}",\n'
        f'  "memory": "{memory}",\n'
    )
    app = {
        "name": family,
        "image": f"123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/{family}:3.1.0",
        "essential": True,
        "portMappings": [{"containerPort": 3100, "protocol": "tcp"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": f"/workers/{family}", "awslogs-region": "ap-northeast-2", "awslogs-stream-prefix": "ecs"}},
        "healthCheck": {"command": ["CMD-SHELL", "wget -qO- http://127.0.0.1:3100/ping || exit 1"],
                        "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 60},
        "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}],
        "stopTimeout": 30,
    }
    app.update(container)
    rest = {
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "taskRoleArn": "arn:aws:iam::123456789012:role/batchWorkerTaskRole",
        "containerDefinitions": [app],
        "tags": [{"key": "Environment", "value": "production"}, {"key": "Service", "value": "batch"},
                 {"key": "ManagedBy", "value": "terraform"}],
    }
    return (head + json.dumps(rest, indent=2)[2:]).encode()


# Fargate task sizes from the ECS developer guide ("Task size"), written out here rather than read
# from rules/aws-facts.yaml so that a wrong table or a wrong reading of it both fail.
# cpu -> (smallest memory, largest memory, step); 256 CPU units offer a list instead.
_RANGES = {
    512: (1024, 4096, 1024),
    1024: (2048, 8192, 1024),
    2048: (4096, 16384, 1024),
    4096: (8192, 30720, 1024),
    8192: (16384, 61440, 4096),
    16384: (32768, 122880, 8192),
}
_ACCEPTED = [(256, 512), (256, 1024), (256, 2048)] + [
    (cpu, m) for cpu, (lo, hi, _) in _RANGES.items() for m in (lo, hi)]
_REFUSED = [(256, 256), (256, 1536), (256, 3072)] + [
    (cpu, m) for cpu, (lo, hi, step) in _RANGES.items() for m in (lo - step, hi + step, lo + step // 2)]


def test_doa104_the_table_is_the_one_written_here(linter):
    sizes = {s.cpu: s for s in linter.facts.fargate.sizes}
    assert sizes[256].memories() == [512, 1024, 2048]
    for cpu, (lo, hi, step) in _RANGES.items():
        assert sizes[cpu].memories() == list(range(lo, hi + 1, step))
    assert sorted(sizes) == [256, *_RANGES]


@pytest.mark.parametrize("cpu,memory", _ACCEPTED, ids=lambda v: str(v))
def test_doa104_accepts_each_sizes_smallest_and_largest_memory(quiet_linter, cpu, memory):
    report = quiet_linter.lint_buffer(_task(str(cpu), str(memory)), "batch-worker.json")
    assert not report.internal_errors
    assert rule_lines(report) == []


@pytest.mark.parametrize("cpu,memory", _REFUSED, ids=lambda v: str(v))
def test_doa104_refuses_one_step_outside_and_off_the_step(quiet_linter, cpu, memory):
    report = quiet_linter.lint_buffer(_task(str(cpu), str(memory)), "batch-worker.json")
    assert rule_lines(report) == ["DOA104@6"]
    assert f"memory is {memory} MiB, which Fargate does not offer with {cpu} CPU units" in report.findings[0].message


@pytest.mark.parametrize("cpu", ["128", "32768", "0.125 vCPU", "32 vCPU"])
def test_doa104_cpu_below_and_above_the_table(quiet_linter, cpu):
    report = quiet_linter.lint_buffer(_task(cpu, "2048"), "batch-worker.json")
    assert rule_lines(report) == ["DOA104@5"]
    assert "which is not a Fargate task size" in report.findings[0].message


@pytest.mark.parametrize("cpu,memory", [("0.25 vCPU", "0.5 GB"), ("16 vCPU", "120 GB"), ("4 vCPU", "30GB")])
def test_doa104_units_reach_the_table_ends(quiet_linter, cpu, memory):
    report = quiet_linter.lint_buffer(_task(cpu, memory), "batch-worker.json")
    assert rule_lines(report) == []


def test_doa104_memory_one_step_up_at_the_catalog_tier_is_doa103s_and_not_doa104s(linter):
    # product-service's tier is 512/1024; 512/2048 is a Fargate size, so DOA103 alone reports it
    report = linter.lint_buffer(_task("512", "2048", family="product-service", portMappings=[
        {"containerPort": 3003, "protocol": "tcp"}]), "product-service.json")
    assert [f"{f.rule}@{f.line}" for f in report.findings if f.rule in ("DOA103", "DOA104")] == ["DOA103@6"]


# --- DOA106: the wording depends on whether the application is the only container ----------------

def _product(containers: list[dict]) -> bytes:
    doc = json.loads(_task("512", "1024", family="product-service"))
    doc["containerDefinitions"] = containers
    return json.dumps(doc, indent=2).encode()


def test_doa106_wording_one_container_versus_two(linter):
    app = {"name": "product-service", "essential": False}
    one = linter.lint_buffer(_product([app]), "product-service.json")
    two = linter.lint_buffer(_product([app, {"name": "log-router", "essential": True}]), "product-service.json")
    (f1,) = [f for f in one.findings if f.rule == "DOA106"]
    (f2,) = [f for f in two.findings if f.rule == "DOA106"]
    assert "it is the only container" in f1.message
    assert "keeps the task running on its other containers" in f2.message


# --- DOA115: 'tag' for one missing key, 'tags' for more ----------------------------------------

@pytest.mark.parametrize("keep,wording", [
    (["Environment", "Service"], "lacks the required tag ManagedBy"),
    (["Environment"], "lacks the required tags Service, ManagedBy"),
], ids=["one-missing", "two-missing"])
def test_doa115_one_missing_tag_versus_two(quiet_linter, keep, wording):
    doc = json.loads(_task("256", "512"))
    doc["tags"] = [{"key": k, "value": "x"} for k in keep]
    report = quiet_linter.lint_buffer(json.dumps(doc).encode(), "batch-worker.json")
    assert [f.rule for f in report.findings] == ["DOA115"]
    assert wording in report.findings[0].message


# --- DOA205: counts in the message (1 subnet, 2 subnets) -------------------------------------------

def _doa205_message(linter, name: str) -> str:
    from conftest import FIXTURES

    report = linter.lint_paths([str(FIXTURES / "rules/DOA205" / name)])
    (f,) = report.findings
    return f.message


def test_doa205_counts_one_distinct_subnet(linter):
    message = _doa205_message(linter, "bad-same-subnet-twice.json")
    assert "subnets lists 1 distinct subnet; the standard requires at least 2" in message


def test_doa205_counts_the_standards_minimums(linter):
    message = _doa205_message(linter, "bad-no-network-configuration.yaml")
    assert "need at least 2 subnets, 1 security group and assignPublicIp 'DISABLED'" in message


# --- DOA116: a templated image whose only placeholder is the account, before a literal region ---

_CFN = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  RegistryAccount:
    Type: String
  RegistryRegion:
    Type: String
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: batch-worker
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: "256"
      Memory: "512"
      ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      TaskRoleArn: arn:aws:iam::123456789012:role/batchWorkerTaskRole
      ContainerDefinitions:
        - Name: batch-worker
          Image: !Sub "IMAGE"
"""


@pytest.mark.parametrize("image,found", [
    # one placeholder, first in the host, and a literal region: the registry is known to be another
    ("${RegistryAccount}.dkr.ecr.us-east-1.amazonaws.com/batch-worker:3.1.0", ["DOA116@20"]),
    # the same with the standard's region: not another registry
    ("${RegistryAccount}.dkr.ecr.ap-northeast-2.amazonaws.com/batch-worker:3.1.0", []),
    # two placeholders in the host: where it points is not known
    ("${RegistryAccount}.dkr.ecr.${RegistryRegion}.amazonaws.com/batch-worker:3.1.0", []),
    # one placeholder that is not the whole account part: not judged
    ("1234${RegistryAccount}.dkr.ecr.us-east-1.amazonaws.com/batch-worker:3.1.0", []),
], ids=["account-placeholder-other-region", "account-placeholder-own-region", "two-placeholders",
        "placeholder-inside-account"])
def test_doa116_templated_registry_host(quiet_linter, image, found):
    report = quiet_linter.lint_buffer(_CFN.replace("IMAGE", image).encode(), "template.yaml")
    assert not report.internal_errors
    got = sorted(f"{f.rule}@{f.line}" for f in report.findings if f.rule == "DOA116")
    assert got == found
    # the placeholder itself is DOA003's (an unresolved value), on the same line
    assert "DOA003@20" in rule_lines(report)
