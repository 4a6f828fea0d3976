"""Placeholders in templated files are unknown values (DOA003), never judged; the literal part of a
partly templated value is judged where it decides (fixtures/placeholders/expect.yaml)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES

HERE = FIXTURES / "placeholders"
EXPECT = yaml.safe_load((HERE / "expect.yaml").read_text())


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_placeholder_fixture_exact_findings(linter, name):
    report = linter.lint_paths([str(HERE / name)])
    assert not report.internal_errors
    got = sorted(f"{f.rule}@{f.line}:{f.col}" for f in report.findings)
    assert got == sorted(EXPECT[name])


def _messages(linter, name):
    return {f.rule: f.message for f in linter.lint_paths([str(HERE / name)]).findings}


def test_messages_name_the_placeholder_as_written(linter):
    report = linter.lint_paths([str(HERE / "codepipeline-taskdef.json")])
    messages = sorted(f.message for f in report.findings)
    assert messages == [
        "containerDefinitions[0].image holds the placeholder <IMAGE1_NAME>; rules that read it were skipped",
        "cpu holds the placeholder <CPU>; rules that read it were skipped",
        "taskRoleArn holds the placeholder <TASK_ROLE_ARN>; rules that read it were skipped",
    ]


def test_literal_tag_after_a_placeholder_is_judged(linter):
    msg = _messages(linter, "envsubst-latest-tag.json")["DOA117"]
    assert msg.startswith("image '${ECR_REPOSITORY_URL}:latest' uses the mutable tag 'latest'")
    tf = _messages(linter, "terraform-latest")["DOA117"]
    assert "'${var.repository_url}:latest' uses the mutable tag 'latest'" in tf


def test_credential_in_a_templated_url_does_not_echo_a_value(linter):
    msg = _messages(linter, "envsubst-credential-url.json")["DOA109"]
    assert "DATABASE_URL" in msg and "once its placeholders are filled in" in msg
    assert "postgresql" not in msg


def test_same_templated_role_twice(linter):
    msg = _messages(linter, "envsubst-same-role.json")["DOA105"]
    assert "arn:aws:iam::${AWS_ACCOUNT_ID}:role/productServiceRole" in msg


@pytest.mark.parametrize("value,key,holes", [
    ("<IMAGE1_NAME>", "image", ["<IMAGE1_NAME>"]),
    ("${REPO}:latest", "image", ["${REPO}"]),
    ("REPO_URI:latest", "image", ["REPO_URI"]),
    ("123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app:V1_2", "image", None),
    ("arn:aws:iam::ACCOUNT_ID:role/x", "executionRoleArn", ["ACCOUNT_ID"]),
    ("arn:aws:iam::123456789012:role/MY_ROLE", "executionRoleArn", None),
    ("arn:aws:ssm:<AWS_REGION>:<AWS_ACCOUNT_ID>:parameter/x", "valueFrom", ["<AWS_REGION>", "<AWS_ACCOUNT_ID>"]),
    ("AWS_REGION", "awslogs-region", ["AWS_REGION"]),
    ("DEPLOYMENT_FAILURE", "events", None),
    ("subnet-YOUR_SUBNET_1", "subnets", ["YOUR_SUBNET_1"]),
    ("subnet-0abc123", "subnets", None),
    ("{{ must_env `X` }}", "taskRoleArn", ["{{ must_env `X` }}"]),
    ("{{ssm `/app/port`}}", "value", ["{{ssm `/app/port`}}"]),
    ("%{ if x }a%{ endif }", "value", ["%{ if x }", "%{ endif }"]),
    ("$APP_ENV", "value", ["$APP_ENV"]),
    ("prefix-$TAG", "value", ["$TAG"]),
    ("price is $5", "value", None),
    ("a < b > c", "value", None),
    ("<html><head><title>Demo</title></head></html>", "value", None),
])
def test_split(value, key, holes):
    from doalint.placeholders import split

    t = split(value, key)
    assert (None if t is None else [str(h) for h in t.holes]) == holes
    if t is not None:
        assert "".join(t.parts) == value


def test_shell_values_keep_their_variables():
    from doalint.placeholders import split

    assert split("echo $HOME", "command", shell=True) is None
    assert [str(h) for h in split("echo ${TAG} $HOME", "command", shell=True).holes] == ["${TAG}"]
    assert split("echo '<h1>Hello</h1>' > /usr/share/nginx/html/index.html", "command", shell=True) is None
    assert split("sort < <INPUT>", None, shell=True) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "image", "executionRoleArn", "awslogs-region", "value"]))
def test_split_never_raises_and_keeps_the_text(value, key):
    from doalint.placeholders import split

    t = split(value, key)
    if t is not None:
        assert "".join(t.parts) == value
        assert t.holes
