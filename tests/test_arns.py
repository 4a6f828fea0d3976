"""doalint.arns: reading and writing ARNs, and the IAM wildcard patterns over them.

Each place that reads ARNs accepts what AWS reads there, and the helpers keep those differences:
a wildcard or a placeholder is a field like any other, a partition must be one of AWS's for the
ECS and Secrets Manager readers, ``one_line`` reads a value as a regular expression's ``(.*)$``
did (one final line break is not part of it, any other makes the text no ARN), and
:func:`service_of` reads a hand-written action cut short (``arn:aws:sns:...``). The last tests run
the rules through the linter on the cases where those differences show.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doalint import arns
from doalint.arns import Arn

ACCOUNT = "123456789012"
REGION = "ap-northeast-2"


# --- parse and str ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    (f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:3",
     Arn("aws", "ecs", REGION, ACCOUNT, "task-definition/web:3")),
    # the resource keeps its colons
    (f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/web:log-stream:*",
     Arn("aws", "logs", REGION, ACCOUNT, "log-group:/ecs/web:log-stream:*")),
    # IAM's empty region, S3's empty region and account, an empty resource
    (f"arn:aws:iam::{ACCOUNT}:role/exec", Arn("aws", "iam", "", ACCOUNT, "role/exec")),
    ("arn:aws:s3:::", Arn("aws", "s3", "", "", "")),
    ("arn:::::", Arn("", "", "", "", "")),
    # other partitions, wildcards and placeholders are fields as written
    ("arn:aws-cn:ssm:*:*:parameter/app/*", Arn("aws-cn", "ssm", "*", "*", "parameter/app/*")),
    ("arn:aws:logs:${var.region}:${var.account}:log-group:/ecs/*",
     Arn("aws", "logs", "${var.region}", "${var.account}", "log-group:/ecs/*")),
    ("arn:aws:iam::ACCOUNT_ID:role/x", Arn("aws", "iam", "", "ACCOUNT_ID", "role/x")),
    # a placeholder holding colons is cut at them, as every ARN reader of AWS would
    ("arn:${AWS::Partition}:iam::1:role/x", Arn("${AWS", "", "Partition}", "iam", ":1:role/x")),
    # line breaks: part of the fields unless one_line
    ("arn:aws:ecs:r\n:a:cluster/x\n", Arn("aws", "ecs", "r\n", "a", "cluster/x\n")),
])
def test_parse_reads_six_fields_and_str_writes_them_back(text, want):
    assert arns.parse(text) == want
    assert str(want) == text


@pytest.mark.parametrize("value", [
    "", "arn", "arn:", "arn:aws:sns:...", "arn:aws:s3::", "ARN:aws:s3:::b", " arn:aws:s3:::b", "aws:s3:::b",
    "service/cluster/name", None, 5, ["arn:aws:s3:::b"], b"arn:aws:s3:::b",
])
def test_parse_returns_none_for_anything_else(value):
    assert arns.parse(value) is None
    assert arns.parse(value, one_line=True) is None


def test_one_line_reads_as_a_line_anchored_regular_expression():
    """One line break at the very end is not part of the resource; one anywhere else in the resource
    makes the text no ARN. Breaks in the other fields do not matter."""
    assert arns.parse("arn:aws:ecs:r:a:cluster/x\n", one_line=True) == Arn("aws", "ecs", "r", "a", "cluster/x")
    assert arns.parse("arn:aws:ecs:r:a:cluster/x\n\n", one_line=True) is None
    assert arns.parse("arn:aws:ecs:r:a:cluster/x\ny", one_line=True) is None
    assert arns.parse("arn:aws:ecs:r:a:\n", one_line=True) == Arn("aws", "ecs", "r", "a", "")
    assert arns.parse("arn:aws:ecs:r\n:a\n:x", one_line=True) == Arn("aws", "ecs", "r\n", "a\n", "x")
    assert arns.parse("arn:aws:ecs:r:a:cluster/x\ny") == Arn("aws", "ecs", "r", "a", "cluster/x\ny")


@pytest.mark.parametrize("partition, aws", [
    ("aws", True), ("aws-cn", True), ("aws-us-gov", True), ("aws-iso-b", True),
    ("", False), ("AWS", False), ("aws*", False), ("aws1", False), ("xaws", False), ("${AWS::Partition}", False),
])
def test_is_aws_names_the_partitions_as_aws_writes_them(partition, aws):
    assert Arn(partition, "ecs", "", "", "").is_aws is aws


@pytest.mark.parametrize("service, exact", [
    ("ecs", True), ("application-autoscaling", True), ("s3", True),
    ("", False), ("*", False), ("ec?", False), ("ECS", False), ("ecs ", False),
])
def test_exact_service_is_a_service_namespace_without_wildcards(service, exact):
    assert Arn("aws", service, "", "", "").exact_service is exact


def test_build_writes_the_parts_only_aws_knows_as_stars():
    assert arns.build("sns", "alerts") == "arn:aws:sns:*:*:alerts"
    assert arns.build("sns", "alerts", REGION) == f"arn:aws:sns:{REGION}:*:alerts"
    assert arns.build("ecr", "repository/web", REGION, ACCOUNT, "aws-cn") == \
        f"arn:aws-cn:ecr:{REGION}:{ACCOUNT}:repository/web"
    assert arns.target_group("web") == "arn:aws:elasticloadbalancing:*:*:targetgroup/web/*"
    assert arns.target_group("web", REGION) == f"arn:aws:elasticloadbalancing:{REGION}:*:targetgroup/web/*"
    assert arns.role("exec") == "arn:aws:iam::*:role/exec"


# --- resource types, ids and names --------------------------------------------------------------

@pytest.mark.parametrize("service, resource, rtype, rid, name", [
    ("ecs", "task-definition/web:3", "task-definition", "web:3", "web"),
    ("ecs", "cluster/main", "cluster", "main", "main"),
    ("ecs", "service/main/web", "service", "main/web", "web"),
    ("ecs", "service/web", "service", "web", "web"),
    ("ecs", "task/main/0123abc", "task", "main/0123abc", "main/0123abc"),
    ("ecs", "cluster:main", "", "cluster:main", "cluster:main"),  # not how AWS writes a cluster
    ("secretsmanager", "secret:db/password-AbCdEf", "secret", "db/password-AbCdEf", "db/password"),
    ("secretsmanager", "secret:db-AbCdEf:password:AWSCURRENT:", "secret", "db-AbCdEf:password:AWSCURRENT:", "db"),
    ("secretsmanager", "secret:db", "secret", "db", "db"),  # a partial ARN: no random suffix
    ("secretsmanager", "secret:db-*", "secret", "db-*", "db-*"),
    ("secretsmanager", "secret:db-AbCdE", "secret", "db-AbCdE", "db-AbCdE"),
    ("secretsmanager", "secret/db", "", "secret/db", "secret/db"),
    ("ssm", "parameter/app/db", "parameter", "app/db", "/app/db"),
    ("ssm", "parameter/flat", "parameter", "flat", "flat"),
    ("elasticloadbalancing", "targetgroup/web/0123abc", "targetgroup", "web/0123abc", "web"),
    ("elasticloadbalancing", "loadbalancer/app/front/0123abc", "loadbalancer", "app/front/0123abc", "front"),
    ("elasticloadbalancing", "listener/app/front/0123abc/def", "listener", "app/front/0123abc/def", "front"),
    ("elasticloadbalancing", "listener-rule/app/front/1/2/3", "listener-rule", "app/front/1/2/3", "front"),
    ("elasticloadbalancing", "loadbalancer/front", "loadbalancer", "front", "front"),
    ("iam", "role/service-role/exec", "role", "service-role/exec", "exec"),
    ("iam", "policy/read", "policy", "read", "read"),
    ("iam", "root", "", "root", "root"),
    ("logs", "log-group:/ecs/web:log-stream:*", "log-group", "/ecs/web:log-stream:*", "/ecs/web"),
    ("servicediscovery", "service/srv-0123", "service", "srv-0123", "srv-0123"),
    ("ecr", "repository/team/web", "repository", "team/web", "team/web"),
    ("kms", "key/1234-abcd", "key", "1234-abcd", "1234-abcd"),
    ("codedeploy", "deploymentgroup:app/blue-green", "deploymentgroup", "app/blue-green", "blue-green"),
    ("codedeploy", "application:app", "application", "app", "app"),
    ("cloudwatch", "alarm:web-high-cpu", "alarm", "web-high-cpu", "web-high-cpu"),
    ("sns", "alerts", "", "alerts", "alerts"),
    ("s3", "bucket/key/x", "", "bucket/key/x", "bucket/key/x"),
    ("autoscaling", "scalingPolicy:1:resource/ecs/service/c/s:policyName/p", "scalingPolicy",
     "1:resource/ecs/service/c/s:policyName/p", "1:resource/ecs/service/c/s:policyName/p"),
    # another service: the type is what comes before the first "/" or ":"
    ("lambda", "function:handler:live", "function", "handler:live", "handler:live"),
    ("ec2", "security-group/sg-1", "security-group", "sg-1", "sg-1"),
    ("ec2", "*", "", "*", "*"),
    # wildcards
    ("ssm", "parameter/*", "parameter", "*", "*"),
    ("ssm", "*", "", "*", "*"),
])
def test_resource_type_id_and_name(service, resource, rtype, rid, name):
    arn = Arn("aws", service, REGION, ACCOUNT, resource)
    assert (arn.resource_type, arn.resource_id, arn.name) == (rtype, rid, name)
    assert arn.id_of(service, rtype) == rid
    assert arn.id_of(service, rtype + "x") is None
    assert arn.id_of(service + "x", rtype) is None


def test_id_of_an_empty_id_is_the_empty_text_not_none():
    """``targetgroup/`` is a target group ARN with nothing after the type (DOA303 calls it one)."""
    arn = Arn("aws", "elasticloadbalancing", "", "", "targetgroup/")
    assert arn.id_of("elasticloadbalancing", "targetgroup") == ""
    assert arn.id_of("elasticloadbalancing", "loadbalancer") is None


# --- the readers of the callers -----------------------------------------------------------------

@pytest.mark.parametrize("value, want", [
    ("arn", None), ("x:y", None), (None, None), (7, None),
    ("arn:", ["arn", ""]),
    ("arn:aws:iam::ACCOUNT_ID", ["arn", "aws", "iam", "", "ACCOUNT_ID"]),
    ("arn:a:b:c:d:e:f:g", ["arn", "a", "b", "c", "d", "e:f:g"]),
])
def test_fields_splits_at_most_six_and_keeps_a_short_text(value, want):
    assert arns.fields(value) == want


@pytest.mark.parametrize("value, want", [
    ("arn:aws:sns:us-east-1:1:alerts", "sns"),
    ("arn:aws:sns:...", "sns"),  # a hand-written action cut short
    ("arn:aws:sns:", "sns"),
    ("arn:aws-cn:autoscaling:r:a:scalingPolicy:x", "autoscaling"),
    ("arn:aws:sns", None),  # no ":" after the service
    ("arn::sns:r:a:t", None),  # no partition
    ("arn:aws::r:a:t", None),  # no service
    ("sns", None), ("", None), (None, None),
])
def test_service_of_reads_no_further_than_the_service(value, want):
    assert arns.service_of(value) == want


@pytest.mark.parametrize("value, want", [
    (f"arn:aws:iam::{ACCOUNT}:role/service-role/exec", "exec"),
    (f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws:iam::{ACCOUNT}:root"),
    ("arn:aws:iam::1:role/", ""),
    ("exec", "exec"),
    ("path/exec", "path/exec"),  # not an ARN: as written
])
def test_name_of_is_the_last_part_of_an_arn(value, want):
    assert arns.name_of(value) == want


@pytest.mark.parametrize("value, want", [
    (f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/web/0123abc", "web"),
    ("arn:aws:elasticloadbalancing:...:targetgroup/auth-service", "auth-service"),  # elided by hand
    ("targetgroup/web/*", "web"),
    ("app/front/1/targetgroup/web/2", None),  # a ResourceLabel: "targetgroup/" after a "/"
    ("mytargetgroup/web", None),
    ("x:targetgroup/a b", "a"),  # up to a blank
    ("targetgroup/", None),
    ("web", None), (None, None), (3, None),
])
def test_target_group_name_reads_shortened_forms_too(value, want):
    assert arns.target_group_name(value) == want


@pytest.mark.parametrize("value, one_line, want", [
    (f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:3", False, "web:3"),
    ("arn:aws-us-gov:ecs:r:a:task-definition/web", False, "web"),
    ("arn:aws:ecs:r:a:task-definition/", False, ""),
    ("arn:aws:ecs:r:a:task-definition/web:3\nx", False, "web:3\nx"),
    ("arn:aws:ecs:r:a:task-definition/web:3\nx", True, None),
    ("arn:aws:ecs:r:a:task-definition/web:3\n", True, "web:3"),
    ("arn:AWS:ecs:r:a:task-definition/web:3", False, None),
    ("arn:aws:ecs:r:a:cluster/web", False, None),
    ("arn:aws:ec2:r:a:task-definition/web", False, None),
    ("web:3", False, None),
])
def test_task_definition_id(value, one_line, want):
    assert arns.task_definition_id(value, one_line) == want


@pytest.mark.parametrize("value, want", [
    ("web", ("web", None)), ("web:3", ("web", "3")), ("web:", ("web", "")), ("web:latest", ("web", "latest")),
    ("We_b-1:0", ("We_b-1", "0")),
    ("web:3:4", None), ("web:3/x", None), ("we b", None), ("web.1", None), ("", None), (":3", None),
])
def test_family_and_revision(value, want):
    assert arns.family_and_revision(value) == want


@pytest.mark.parametrize("value, want", [
    (f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-AbCdEf:password:AWSCURRENT:",
     f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-AbCdEf"),
    ("arn:aws-cn:secretsmanager:r:a:secret:db", "arn:aws-cn:secretsmanager:r:a:secret:db"),
    ("arn:aws:secretsmanager:r:a:secret:", None),
    ("arn:aws:secretsmanager:r:a:secret::key", None),
    ("arn:aws:secretsmanager:r:a:secret/db", None),
    ("arn:other:secretsmanager:r:a:secret:db", None),
    ("arn:aws:ssm:r:a:secret:db", None),
    ("db", None),
])
def test_secret_is_the_arn_up_to_the_secret_name(value, want):
    assert arns.secret(value) == want


# --- IAM wildcard patterns ----------------------------------------------------------------------

def test_glob_ignores_case_for_actions_and_keeps_it_for_arns():
    assert arns.glob("ssm:Get*").fullmatch("SSM:getparameters")
    assert arns.glob("ssm:Get?arameter").fullmatch("ssm:GetParameter")
    assert arns.glob("ssm:Get*").fullmatch("ssm:Put") is None
    assert arns.glob("ssm:Get*").fullmatch("ssm:GetX\ny")  # across a line break too
    assert arns.glob("parameter/*", True).fullmatch("parameter/app")
    assert arns.glob("parameter/*", True).fullmatch("Parameter/app") is None
    assert arns.glob("parameter/*", True).fullmatch("parameter/a\nb") is None
    assert arns.glob("a.b", True).fullmatch("axb") is None  # only * and ? are wildcards


def test_literal_prefix_and_has_wildcard():
    assert arns.literal_prefix("secret:db-*") == "secret:db-"
    assert arns.literal_prefix("secret:d?") == "secret:d"
    assert arns.literal_prefix("secret:db") == "secret:db"
    assert arns.has_wildcard("a?") and arns.has_wildcard("*") and not arns.has_wildcard("a.b")


@pytest.mark.parametrize("part, prefix, overlap", [
    ("parameter/app/*", "parameter/", True),
    ("*", "parameter/", True),
    ("param*", "parameter/", True),
    ("secret:*", "parameter/", False),
    ("parameter", "parameter/", False),
])
def test_overlaps(part, prefix, overlap):
    assert arns.overlaps(part, prefix) is overlap


# --- properties ---------------------------------------------------------------------------------

_FIELD = st.text(st.characters(blacklist_characters=":"), max_size=12)


@given(st.one_of(st.text(max_size=60), st.text(alphabet="arn:aws/*?\n-", max_size=40).map(lambda t: "arn:" + t)))
def test_readers_never_raise_on_any_text(text):
    arn = arns.parse(text)
    assert arn is None or str(arn) == text
    one = arns.parse(text, one_line=True)
    assert one is None or "\n" not in one.resource
    if arn is not None:
        arn.resource_type, arn.resource_id, arn.name, arn.is_aws, arn.exact_service  # noqa: B018
    arns.service_of(text), arns.secret(text), arns.task_definition_id(text), arns.target_group_name(text)
    arns.family_and_revision(text)
    assert arns.name_of(text) == (text.rsplit("/", 1)[-1] if text.startswith("arn:") else text)


@given(_FIELD, _FIELD, _FIELD, _FIELD, st.text(max_size=40))
def test_parse_reads_back_what_str_writes(partition, service, region, account, resource):
    arn = Arn(partition, service, region, account, resource)
    assert arns.parse(str(arn)) == arn
    if "\n" not in resource:
        assert arns.parse(str(arn), one_line=True) == arn
    rtype, rid = arn.resource_type, arn.resource_id
    assert rid == resource or resource in (f"{rtype}/{rid}", f"{rtype}:{rid}")


# --- the rules keep each reader's tolerance ---------------------------------------------------------

def _findings(linter, doc: dict, rule: str, name: str = "doc.json") -> list[tuple[str, str]]:
    report = linter.lint_buffer(json.dumps(doc, indent=2).encode(), name)
    assert not report.internal_errors
    return [(f.rule, f.message) for f in report.findings if f.rule == rule]


def _service(**changes) -> dict:
    return {"serviceName": "product-service", "cluster": "doa-market-cluster", "taskDefinition": "product-service:12",
            **changes}


CLUSTER_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/doa-market-cluster"


@pytest.mark.parametrize("cluster, message", [
    (CLUSTER_ARN + "\n", None),  # one final line break: still the cluster's ARN
    (CLUSTER_ARN + "\n\n", "is not an ECS cluster ARN"),
    (CLUSTER_ARN.replace("market-", "market\n-"), "is not an ECS cluster ARN"),
    (f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/", "is not an ECS cluster ARN"),
    (f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster:doa-market-cluster", "is not an ECS cluster ARN"),
    (f"arn:aws-cn:ecs:cn-north-1:{ACCOUNT}:cluster/doa-market-cluster", "is a cluster in 'cn-north-1'"),
])
def test_doa208_reads_a_cluster_arn_of_any_aws_partition(linter, cluster, message):
    found = _findings(linter, _service(cluster=cluster), "DOA208")
    if message is None:
        assert found == []
    else:
        [(_, got)] = found
        assert got.startswith(f"cluster {cluster!r} {message}"), got


@pytest.mark.parametrize("task_definition, message", [
    (f"arn:aws-us-gov:ecs:{REGION}:{ACCOUNT}:task-definition/product-service:12", None),
    (f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/product-service:1\n2",
     "is neither family:revision nor a task definition ARN"),  # a line break inside an ARN
    ("product-service:1\n2", "has revision '1\\n2'"),  # ... and in family:revision
    ("arn:x", "is neither family:revision nor a task definition ARN"),
    (f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/", "is neither family:revision nor a task definition ARN"),
])
def test_doa209_reads_a_task_definition_arn_on_one_line(linter, task_definition, message):
    found = _findings(linter, _service(taskDefinition=task_definition), "DOA209")
    if message is None:
        assert found == []
    else:
        [(_, got)] = found
        assert got.startswith(f"taskDefinition {task_definition!r} {message}"), got


def test_doa802_reads_the_service_of_an_action_cut_short(linter):
    from conftest import FIXTURES

    alarm = json.loads((FIXTURES / "rules" / "DOA802" / "good.json").read_text())
    assert _findings(linter, {**alarm, "AlarmActions": ["arn:aws:sns:..."]}, "DOA802") == []
    # every action a scaling policy's, of any partition: a scaling alarm, not DOA802's
    assert _findings(linter, {**alarm, "AlarmActions": ["arn:aws-cn:autoscaling:r:a:scalingPolicy:x"],
                              "Threshold": 90}, "DOA802") == []
    for action in ("arn::sns:ap-northeast-2:1:alerts", "arn:aws:sns"):
        assert _findings(linter, {**alarm, "AlarmActions": [action]}, "DOA802") == [
            ("DOA802", f"AlarmActions has no SNS topic ARN ({action!r}); the standard's CPU alarm notifies "
                       "through SNS (an arn:aws:sns:... action)")]


@pytest.mark.parametrize("label, is_arn", [
    ("arn:aws-cn:elasticloadbalancing:r:a:targetgroup/", True),
    ("arn:x:elasticloadbalancing:r:a:targetgroup/web/1", True),
    ("arn::elasticloadbalancing:r:a:targetgroup/web/1", False),
    ("arn:aws:elasticloadbalancing:r:a:targetgroup:web", False),
    ("arn:aws:elasticloadbalancing:r:targetgroup/web/1", False),
])
def test_doa303_calls_a_target_group_arn_one_in_any_partition(linter, label, is_arn):
    from conftest import FIXTURES

    policy = json.loads((FIXTURES / "rules" / "DOA303" / "bad-target-group-arn.json").read_text())
    policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]["ResourceLabel"] = label
    [(_, message)] = _findings(linter, policy, "DOA303")
    said = "is a target group ARN;" if is_arn else "does not name a target group;"
    assert message.startswith(f"ResourceLabel {label!r} {said}"), message


@pytest.mark.parametrize("value, message", [
    (f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/doa-market/a\nb",
     f"valueFrom 'arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/doa-market/a\\nb' is not a well-formed ARN "
     "(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"),
    (f"arn:aws:ssm:{REGION}:{ACCOUNT}",
     f"valueFrom 'arn:aws:ssm:{REGION}:{ACCOUNT}' is not a well-formed ARN "
     "(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"),
    (f"arn:aws:ssm:{REGION}\n:{ACCOUNT}:parameter/doa-market/a",
     f"the ARN's region is '{REGION}\\n'; the standard's region is '{REGION}'"),
])
def test_doa110_reads_the_resource_on_one_line(linter, value, message):
    from conftest import FIXTURES

    task = json.loads((FIXTURES / "rules" / "DOA110" / "good.json").read_text())
    task["containerDefinitions"][0]["secrets"][0]["valueFrom"] = value
    assert _findings(linter, task, "DOA110") == [("DOA110", f"secret 'DB_HOST': {message}")]


SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:products-db-password-abc123"


def _doa905(linter, tmp_path, grant: str, value_from: str) -> list[tuple[str, int, str]]:
    import shutil

    from conftest import FIXTURES

    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "rules" / "DOA905" / "good-exact-grants", folder)
    policy = json.loads((folder / "execution-role-policy.json").read_text())
    policy["PolicyDocument"]["Statement"][3]["Resource"][1] = grant
    (folder / "execution-role-policy.json").write_text(json.dumps(policy, indent=2))
    task = json.loads((folder / "task-definition.json").read_text())
    task["containerDefinitions"][0]["secrets"][1]["valueFrom"] = value_from
    (folder / "task-definition.json").write_text(json.dumps(task, indent=2))
    report = linter.lint_paths([str(folder)])
    return [(f.file.rsplit("/", 1)[-1], f.line, f.message) for f in report.findings if f.rule == "DOA905"]


def test_doa905_needs_the_secret_not_its_json_key(linter, tmp_path):
    """A valueFrom naming a JSON key of a secret needs GetSecretValue on the secret itself; only a
    secret of an AWS partition is cut there (the partition is otherwise kept as written)."""
    assert _doa905(linter, tmp_path / "a", SECRET, SECRET + ":password:AWSCURRENT:") == []
    other = SECRET.replace("arn:aws:", "arn:aws-cn:")
    assert _doa905(linter, tmp_path / "b", SECRET, other + ":password::") == [
        ("execution-role-policy.json", 33,
         f"execution role ecsTaskExecutionRole grants secretsmanager:GetSecretValue on {SECRET}, which none of "
         "its task definitions uses"),
        ("task-definition.json", 48,
         f"task definition product-service needs secretsmanager:GetSecretValue on {other} (to read secret "
         "DB_PASSWORD); execution role ecsTaskExecutionRole does not grant it"),
    ]
