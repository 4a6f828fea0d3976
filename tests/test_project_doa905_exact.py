"""DOA905, the execution role's grants against what its task definitions need, pinned finding by
finding on small projects (a few files linted together), one project per branch of the rule: a
policy found by its file name or its PolicyName rather than its role, the log groups (their region,
account and creation), secrets of every shape, resource names compared with case, grants on log
streams and on ARNs cut short, and the parts of a policy or task definition doalint cannot read."""

from __future__ import annotations

import json
import os

import yaml

ACCOUNT = "123456789012"
REGISTRY = f"{ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com"
IMAGE = f"{REGISTRY}/orders:1.0"
ROLE = "ordersExecutionRole"
REPOSITORY = f"arn:aws:ecr:ap-northeast-2:{ACCOUNT}:repository/orders"
PARAMETER = f"arn:aws:ssm:ap-northeast-2:{ACCOUNT}:parameter/orders/db-host"
SECRET = f"arn:aws:secretsmanager:ap-northeast-2:{ACCOUNT}:secret:orders/db-AbCdEf"
STREAMS = f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/orders:log-stream:*"
PULL = f"to pull {IMAGE}"
USES = ("task-definition.json", 9, 3, f"task definition orders uses {ROLE}")


def container(name="orders", image=IMAGE, secrets=None, log_options=None, driver="awslogs"):
    out = {"name": name, "image": image, "essential": True}
    if secrets is not None:
        out["secrets"] = secrets
    if log_options is not None:
        out["logConfiguration"] = {"logDriver": driver, "options": log_options}
    return out


def task_definition(*containers):
    return {"family": "orders", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "cpu": "256", "memory": "512", "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/{ROLE}",
            "containerDefinitions": list(containers)}


def policy(*statements, **wrapper):
    """A policy document; with RoleName/PolicyName, the get-role-policy wrapper around it."""
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    return {**wrapper, "PolicyDocument": doc} if wrapper else doc


def allow(actions, resources, **more):
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **more}


ECR_PULL = [allow("ecr:GetAuthorizationToken", "*"),
            allow(["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], REPOSITORY)]
WRITE_LOGS = allow(["logs:CreateLogStream", "logs:PutLogEvents"], STREAMS)
TASK_ROLE_POLICY = policy(allow("s3:GetObject", "arn:aws:s3:::orders-assets/*"))  # no RoleName
LOG_OPTIONS = {"awslogs-group": "/ecs/orders", "awslogs-region": "ap-northeast-2", "awslogs-stream-prefix": "ecs"}


def lint(linter, folder, files: dict) -> list[tuple]:
    """Write ``files`` (JSON for dicts and lists, text as given) into ``folder``, lint it as one
    project and return its DOA905 findings as (file, line, column, message, related), where
    related is ((file, line, column, message), ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in files.items():
        text = value if isinstance(value, str) else json.dumps(value, indent=2) + "\n"
        (folder / name).write_text(text)
    report = linter.lint_paths([str(folder)])
    assert report.internal_errors == []

    def rel(path):
        return os.path.relpath(path, folder)

    return sorted((rel(f.file), f.line, f.col, f.message,
                   tuple((rel(r.file), r.line, r.col, r.message) for r in f.related))
                  for f in report.findings if f.rule == "DOA905")


def missing(line, action, resource, why, policy_file="policy.json"):
    """A missing-grant finding at the task definition (column 11: a container's secret or log group),
    related to the statements of the role's first policy (a get-role-policy wrapper)."""
    return ("task-definition.json", line, 11,
            f"task definition orders needs {action} on {resource} ({why}); execution role {ROLE} does not grant it",
            ((policy_file, 5, 5, f"a policy of {ROLE}"),))


def unused(file, line, action, resource):
    """A grant whose action some task definition needs, on a resource none of them names."""
    return (file, line, 7,
            f"execution role {ROLE} grants {action} on {resource}, which none of its task definitions uses", (USES,))


# --- which policies are the execution role's ----------------------------------------------------

def test_a_policy_file_named_after_the_execution_role_is_its_policy(linter, tmp_path):
    """Without a RoleName, a policy whose file name says execution role (in any of its spellings and
    cases) is the policy of the run's only execution role: what it lacks is reported."""
    for stem in ("ecs_execution_role", "OrdersExecutionRole", "execution-role"):
        found = lint(linter, tmp_path / stem, {"task-definition.json": task_definition(container()),
                                                f"{stem}.json": policy(*ECR_PULL[1:])})
        assert found == [("task-definition.json", 13, 7,
                          f"task definition orders needs ecr:GetAuthorizationToken on * ({PULL}); "
                          f"execution role {ROLE} does not grant it",
                          ((f"{stem}.json", 3, 3, f"a policy of {ROLE}"),))], stem


def test_a_policy_named_after_the_execution_role_is_its_policy(linter, tmp_path):
    """A put-role-policy input without RoleName whose PolicyName says execution role is the role's
    policy too, whatever its file is called."""
    found = lint(linter, tmp_path, {"task-definition.json": task_definition(container()),
                                    "inline.json": policy(*ECR_PULL[1:], PolicyName="Orders-Execution-Role")})
    assert found == [("task-definition.json", 13, 7,
                      f"task definition orders needs ecr:GetAuthorizationToken on * ({PULL}); "
                      f"execution role {ROLE} does not grant it",
                      (("inline.json", 5, 5, f"a policy of {ROLE}"),))]


def test_the_name_of_a_folder_does_not_make_its_policies_the_execution_roles(linter, tmp_path):
    """Only the file's own name counts: in a folder named after the execution role, a task role's
    policy (no RoleName, a name of its own) is not the execution role's, so nothing is judged."""
    assert lint(linter, tmp_path / "orders-execution-role" / "deploy",
                {"task-definition.json": task_definition(container()), "task-policy.json": TASK_ROLE_POLICY}) == []
    assert lint(linter, tmp_path / "ecs_execution_role.d",
                {"task-definition.json": task_definition(container()), "task-policy.json": TASK_ROLE_POLICY}) == []


def test_a_file_given_without_a_folder_is_named_by_itself(linter):
    """Standard input named ``execution-role.yaml`` (no folder in the name): its policy document is
    the execution role's policy, judged against the task definition beside it."""
    text = yaml.safe_dump_all([task_definition(container()), policy(ECR_PULL[0])], sort_keys=False)
    report = linter.lint_buffer(text.encode(), "execution-role.yaml")
    assert report.internal_errors == []
    assert sorted((f.file, f.line, f.col, f.message) for f in report.findings if f.rule == "DOA905") == [
        ("execution-role.yaml", 10, 3, f"task definition orders needs {action} on {REPOSITORY} ({PULL}); "
                                       f"execution role {ROLE} does not grant it")
        for action in ("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")]


def test_a_windows_path_is_split_at_its_backslashes(linter):
    """Standard input named by a Windows path: the file's name is what follows the last backslash,
    so a task role's policy in a folder named after the execution role is not the execution role's."""
    text = yaml.safe_dump_all([task_definition(container()), TASK_ROLE_POLICY], sort_keys=False)
    report = linter.lint_buffer(text.encode(), "C:\\deploy\\orders-execution-role\\task-policy.yaml")
    assert report.internal_errors == [] and report.findings != []  # the file was linted
    assert [f for f in report.findings if f.rule == "DOA905"] == []


def test_a_trust_policy_grants_the_role_nothing_even_without_a_principal(linter, tmp_path):
    """A Terraform role's assume_role_policy is its trust policy, never a grant, even in a file named
    after the execution role and even when its statement forgot the Principal: with no policy of
    the role in the run, DOA905 has nothing to compare."""
    role = ('resource "aws_iam_role" "execution" {\n'
            f'  name = "{ROLE}"\n'
            '  assume_role_policy = jsonencode({\n'
            '    Version = "2012-10-17"\n'
            '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole" }]\n'
            '  })\n'
            '}\n')
    assert lint(linter, tmp_path, {"task-definition.json": task_definition(container()),
                                   "execution-role.tf": role}) == []


# --- what a task definition needs -----------------------------------------------------------------

def test_log_groups_are_named_in_their_region_and_the_images_account(linter, tmp_path):
    """The log streams a container writes are in its awslogs-region (the profile's when it has none)
    and the account of its ECR image ("*" for another registry); creating the group is needed only
    with awslogs-create-group; each finding points at the awslogs-group. A log driver other than
    awslogs needs nothing, whatever options it keeps."""
    abroad = container(log_options={"awslogs-group": "/ecs/orders", "awslogs-region": "eu-west-1",
                                    "awslogs-create-group": "True", "awslogs-stream-prefix": "ecs"})
    proxy = container("proxy", "public.ecr.aws/nginx/nginx:1.25",
                      log_options={"awslogs-group": "/ecs/orders-proxy", "awslogs-stream-prefix": "ecs"})
    router = container("router", "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", driver="awsfirelens",
                       log_options={"Name": "cloudwatch", "awslogs-group": "/ecs/orders-router"})
    found = lint(linter, tmp_path, {
        "task-definition.json": task_definition(abroad, proxy, router),
        "policy.json": policy(*ECR_PULL, allow(["logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup"],
                                                f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/orders:*"),
                              RoleName=ROLE)})
    granted = f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/orders:*"
    eu = f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/ecs/orders"
    proxy_streams = "arn:aws:logs:ap-northeast-2:*:log-group:/ecs/orders-proxy:log-stream:*"
    assert found == [
        unused("policy.json", 20, "logs:CreateLogGroup", granted),  # the group is in eu-west-1
        unused("policy.json", 20, "logs:CreateLogStream", granted),
        unused("policy.json", 20, "logs:PutLogEvents", granted),
        missing(18, "logs:CreateLogGroup", eu, "to create log group /ecs/orders"),
        missing(18, "logs:CreateLogStream", f"{eu}:log-stream:*", "to write logs to /ecs/orders"),
        missing(18, "logs:PutLogEvents", f"{eu}:log-stream:*", "to write logs to /ecs/orders"),
        missing(32, "logs:CreateLogStream", proxy_streams, "to write logs to /ecs/orders-proxy"),
        missing(32, "logs:PutLogEvents", proxy_streams, "to write logs to /ecs/orders-proxy"),
    ]


def test_secrets_of_every_shape(linter, tmp_path):
    """An SSM parameter (named or not), a Secrets Manager secret read by JSON key (the grant is on
    the secret), a null entry and a value that is neither (an S3 object, which is not a secret
    source) each ask what they should of the execution role, and nothing more."""
    secrets = [{"valueFrom": PARAMETER},
               None,
               {"name": "DB_PASSWORD", "valueFrom": f"{SECRET}:password::"},
               {"name": "APP_CONFIG", "valueFrom": "arn:aws:s3:::orders-config/app.env"}]
    found = lint(linter, tmp_path, {"task-definition.json": task_definition(container(secrets=secrets)),
                                    "policy.json": policy(*ECR_PULL, RoleName=ROLE)})
    assert found == [
        missing(17, "ssm:GetParameters", PARAMETER, "to read the secret secrets[0]"),
        missing(22, "secretsmanager:GetSecretValue", SECRET, "to read secret DB_PASSWORD"),
    ]


# --- how grants are matched -----------------------------------------------------------------------

def test_resource_names_are_compared_with_their_case(linter, tmp_path):
    """SSM parameter names are case-sensitive: a grant on /Orders/* covers nothing under /orders/."""
    upper = f"arn:aws:ssm:ap-northeast-2:{ACCOUNT}:parameter/Orders/*"
    found = lint(linter, tmp_path, {
        "task-definition.json": task_definition(container(secrets=[{"name": "DB_HOST", "valueFrom": PARAMETER}])),
        "policy.json": policy(*ECR_PULL, allow("ssm:GetParameters", upper), RoleName=ROLE)})
    assert found == [
        unused("policy.json", 20, "ssm:GetParameters", upper),
        missing(18, "ssm:GetParameters", PARAMETER, "to read secret DB_HOST"),
    ]


def test_a_grant_on_the_log_streams_of_the_group_is_enough(linter, tmp_path):
    """Writing logs needs the group's streams: a grant on log-group:G:log-stream:* gives exactly that."""
    assert lint(linter, tmp_path, {"task-definition.json": task_definition(container(log_options=LOG_OPTIONS)),
                                   "policy.json": policy(*ECR_PULL, WRITE_LOGS, RoleName=ROLE)}) == []


def test_a_grant_on_one_character_after_the_group_does_not_cover_its_streams(linter, tmp_path):
    """``log-group:/ecs/orders:?`` matches no log stream ARN (``...:log-stream:NAME``): the task
    definition's log group is not granted (it once was, by rewriting the needed ARN to ``:*``)."""
    one = f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/orders:?"
    found = lint(linter, tmp_path, {"task-definition.json": task_definition(container(log_options=LOG_OPTIONS)),
                                    "policy.json": policy(*ECR_PULL, allow(["logs:CreateLogStream", "logs:PutLogEvents"],
                                                                           one), RoleName=ROLE)})
    needs = [(f[0], f[3].split(" (")[0]) for f in found if f[0] == "task-definition.json"]
    assert needs == [("task-definition.json", f"task definition orders needs logs:CreateLogStream on {STREAMS}"),
                     ("task-definition.json", f"task definition orders needs logs:PutLogEvents on {STREAMS}")]
    assert {f[3].split(",")[0] for f in found if f[0] == "policy.json"} == {
        f"execution role {ROLE} grants logs:CreateLogStream on {one}", f"execution role {ROLE} grants logs:PutLogEvents on {one}"}


def test_arns_cut_short(linter, tmp_path):
    """A resource cut short to ``arn:aws`` names no service, so it is judged as a grant the task
    definitions do not use; ``arn:aws:ssm`` names a service other than the action's, so it grants
    nothing and is left to the rules of the policy language."""
    found = lint(linter, tmp_path, {
        "task-definition.json": task_definition(container(log_options=LOG_OPTIONS)),
        "policy.json": policy(ECR_PULL[0], allow(ECR_PULL[1]["Action"], [REPOSITORY, "arn:aws:ssm"]),
                              allow(WRITE_LOGS["Action"], [STREAMS, "arn:aws"]), RoleName=ROLE)})
    assert found == [unused("policy.json", 23, "logs:CreateLogStream", "arn:aws"),
                     unused("policy.json", 23, "logs:PutLogEvents", "arn:aws")]


TASK_YAML = f"""\
family: orders
requiresCompatibilities: [FARGATE]
executionRoleArn: arn:aws:iam::{ACCOUNT}:role/{ROLE}
containerDefinitions:
  - name: orders
    image: {IMAGE}
    secrets:
      - name: DB_HOST
        valueFrom: |
          {PARAMETER}
"""
POLICY_YAML = f"""\
RoleName: {ROLE}
PolicyDocument:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Action: ecr:GetAuthorizationToken
      Resource: "*"
    - Effect: Allow
      Action: [ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer, ecr:BatchGetImage]
      Resource: {REPOSITORY}
    - Effect: Allow
      Action: ssm:GetParameters
      Resource: |
        arn:aws:ssm:*:*:parameter/*
"""


def test_a_resource_ending_in_a_line_break_is_still_every_resource_of_its_kind(linter, tmp_path):
    """YAML literal blocks end in a line break: ``parameter/*`` written as one still names every
    parameter (the line break ends the value; the task definition's valueFrom ends in one too)."""
    found = lint(linter, tmp_path, {"task-definition.yaml": TASK_YAML, "policy.yaml": POLICY_YAML})
    assert found == [
        ("policy.yaml", 11, 7, f"execution role {ROLE} grants ssm:GetParameters on arn:aws:ssm:*:*:parameter/*\n, "
                               f"every resource of its kind; its task definitions need only {PARAMETER}\n",
         (("task-definition.yaml", 3, 1, f"task definition orders uses {ROLE}"),))]


# --- what doalint cannot read -----------------------------------------------------------------------

BILLING = f"arn:aws:ssm:ap-northeast-2:{ACCOUNT}:parameter/billing/*"
BILLING_SECRETS = f"arn:aws:secretsmanager:ap-northeast-2:{ACCOUNT}:secret:billing/*"
TWO_SECRETS = [{"name": "DB_HOST", "valueFrom": PARAMETER},
               {"name": "DB_PASSWORD", "valueFrom": f"{SECRET}:password::"}]
MISSING_PARAMETER = missing(18, "ssm:GetParameters", PARAMETER, "to read secret DB_HOST", "a-pull.json")
MISSING_SECRET = missing(22, "secretsmanager:GetSecretValue", SECRET, "to read secret DB_PASSWORD", "a-pull.json")
UNUSED_BILLING = unused("b-secrets.json", 6, "ssm:GetParameters", BILLING)
# The statements of a second policy of the role, some part of which is a placeholder (DOA003), and
# the DOA905 findings left: what a statement with an unknown part may grant is not reported missing.
UNREAD_POLICIES = {
    # an unknown resource: the statement's actions may be granted (its neighbour's are not)
    "resource": ([allow("ssm:GetParameters", BILLING), allow("secretsmanager:GetSecretValue", "${DB_SECRET_ARN}")],
                 [UNUSED_BILLING, MISSING_PARAMETER]),
    # an unknown action: the statement may grant anything
    "action": ([allow(["ssm:GetParameters", "${EXTRA_ACTION}"], BILLING)], []),
    "not-action": ([{"Effect": "Allow", "NotAction": "${EXCLUDED_ACTIONS}", "Resource": BILLING}], []),
    # an unknown whole statement may grant anything
    "statement": ([allow("ssm:GetParameters", BILLING), "${EXTRA_STATEMENT}"], [UNUSED_BILLING]),
    # a statement without Effect is read as a possible Allow
    "no-effect": ([{"Action": "ssm:GetParameters", "Resource": "${PARAMETER_ARN}"}], [MISSING_SECRET]),
    # an unknown condition only narrows what the statement grants; a Deny grants nothing
    "condition": ([allow("secretsmanager:GetSecretValue", BILLING_SECRETS,
                         Condition={"StringEquals": {"secretsmanager:ResourceTag/app": "${APP_NAME}"}})],
                  [MISSING_PARAMETER, MISSING_SECRET]),
    "deny": ([{"Effect": "Deny", "Action": "ssm:GetParameters", "Resource": "${BLOCKED_PARAMETERS}"}],
             [MISSING_PARAMETER, MISSING_SECRET]),
}


def test_unknown_parts_of_a_policy_keep_quiet_only_about_what_they_may_grant(linter, tmp_path):
    """The role's first policy (a-pull.json, which the findings relate) is fully known; its second
    has one unknown part, whose statement's own findings DOA003 stands for."""
    for case, (statements, expected) in UNREAD_POLICIES.items():
        found = lint(linter, tmp_path / case, {
            "task-definition.json": task_definition(container(secrets=TWO_SECRETS)),
            "a-pull.json": policy(*ECR_PULL, RoleName=ROLE),
            "b-secrets.json": policy(*statements, RoleName=ROLE)})
        assert found == expected, case


def test_an_unknown_part_outside_the_statements_hides_nothing(linter, tmp_path):
    """A placeholder in the policy's Id says nothing about what it grants."""
    second = policy(allow("ssm:GetParameters", BILLING), RoleName=ROLE)
    second["PolicyDocument"] = {"Id": "${POLICY_ID}", **second["PolicyDocument"]}
    found = lint(linter, tmp_path, {"task-definition.json": task_definition(container(secrets=TWO_SECRETS)),
                                    "a-pull.json": policy(*ECR_PULL, RoleName=ROLE), "b-secrets.json": second})
    assert found == [unused("b-secrets.json", 7, "ssm:GetParameters", BILLING), MISSING_PARAMETER, MISSING_SECRET]


KMS_KEY = f"arn:aws:kms:ap-northeast-2:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
# grants no known need uses, one per service an execution role is for
SPARE = {"ssm": allow("ssm:GetParameters", BILLING),
         "secretsmanager": allow("secretsmanager:GetSecretValue", BILLING_SECRETS),
         "kms": allow("kms:Decrypt", KMS_KEY),
         "logs": allow(["logs:CreateLogStream", "logs:PutLogEvents"],
                       f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/billing:*")}


def needless(line, action, resource):
    """A grant of an action no task definition of the role needs at all."""
    return ("policy.json", line, 7, f"execution role {ROLE} grants {action} on {resource}, which none of its task "
                                    "definitions (orders) needs", (USES,))


def test_an_unknown_secret_or_log_group_keeps_quiet_only_about_its_services(linter, tmp_path):
    """A task definition whose secret is a placeholder may need any SSM parameter, Secrets Manager
    secret or KMS key; one whose log group is a placeholder, any log group. Grants of the other
    services that nothing needs are still reported."""
    grants = policy(*ECR_PULL, *SPARE.values(), RoleName=ROLE)
    secret_unknown = container(secrets=[{"name": "DB_PASSWORD", "valueFrom": "${DB_SECRET_ARN}"}])
    assert lint(linter, tmp_path / "secret", {"task-definition.json": task_definition(secret_unknown),
                                              "policy.json": grants}) == [
        needless(35, "logs:CreateLogStream", SPARE["logs"]["Resource"]),
        needless(35, "logs:PutLogEvents", SPARE["logs"]["Resource"])]
    group_unknown = container(log_options={**LOG_OPTIONS, "awslogs-group": "${LOG_GROUP}"})
    assert lint(linter, tmp_path / "group", {"task-definition.json": task_definition(group_unknown),
                                             "policy.json": grants}) == [
        needless(20, "ssm:GetParameters", BILLING),
        needless(25, "secretsmanager:GetSecretValue", BILLING_SECRETS),
        needless(30, "kms:Decrypt", KMS_KEY)]
