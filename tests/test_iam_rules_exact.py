"""The IAM rules (DOA601-DOA607) where a fixture of one rule's folder cannot show the behaviour:
policies on which two rules report (a bad fixture triggers exactly its own rule), profiles other
than the bundled one (an account id, a non-ARN SSM template), and the ARN and wildcard helpers of
doalint.checks.iam._iamfacts that the rules share.

Each policy is linted as a JSON document, one statement a line, so a finding's line tells which
entry it is about.
"""

from __future__ import annotations

import json

import pytest

from doalint.checks.iam import _iamfacts as iam
from doalint.engine.runner import Linter

ACCOUNT = "123456789012"


def _policy(*statements: dict, version: str = "2012-10-17") -> bytes:
    """A policy document with each statement on its own line (line 3, 4, ...)."""
    body = ",\n".join(json.dumps(st) for st in statements)
    return f'{{"Version": "{version}",\n"Statement": [\n{body}\n]}}\n'.encode()


def _allow(actions, resources) -> dict:
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def _findings(linter, raw: bytes) -> list[tuple[str, int, str]]:
    report = linter.lint_buffer(raw, "policy.json")
    assert not report.internal_errors
    return sorted((f.rule, f.line, f.message) for f in report.findings)


@pytest.fixture(scope="module")
def account_linter(profile):
    """The bundled profile with an account id: ARNs must name that account (or a wildcard)."""
    return Linter(profile.model_copy(update={"account_id": ACCOUNT}))


# --- DOA601 ------------------------------------------------------------------------------------

def test_doa601_a_version_that_is_neither_standard_nor_implied_gets_the_short_message(linter):
    """A Version that is not 2008-10-17 is not the original language: DOA601 just names both values
    (DOA002 reports that IAM does not know the value at all)."""
    got = _findings(linter, _policy(_allow("xray:PutTraceSegments", "*"), version="2012-17-10"))
    assert [(r, m) for r, _, m in got if r == "DOA601"] == [
        ("DOA601", "Version is '2012-17-10'; the standard requires '2012-10-17'")]
    assert sorted(r for r, _, _ in got) == ["DOA002", "DOA601"]


# --- DOA602 ------------------------------------------------------------------------------------

def test_doa602_an_unknown_service_wildcard_does_not_hide_the_next_action(linter):
    """'zqxjv:*' is DOA607's (no such service); the s3:* after it in the same list is still DOA602's."""
    got = _findings(linter, _policy(_allow(["zqxjv:*", "s3:*"], "arn:aws:s3:::doa-market-product-images/*")))
    assert [(r, line) for r, line, _ in got] == [("DOA602", 3), ("DOA607", 3)]
    assert next(m for r, _, m in got if r == "DOA602").startswith("Action 's3:*' in an Allow grants all ")


# --- DOA603 ------------------------------------------------------------------------------------

def test_doa603_leaves_service_wildcards_to_doa602_and_goes_on_with_the_other_actions(linter):
    """s3:* on "*" is DOA602's: DOA603 does not list the s3 actions, but still lists the
    ecr:BatchGetImage written after it."""
    got = _findings(linter, _policy(_allow(["s3:*", "ecr:BatchGetImage"], "*")))
    assert [(r, line) for r, line, _ in got] == [("DOA602", 3), ("DOA603", 3)]
    assert next(m for r, _, m in got if r == "DOA603") == (
        'Resource "*" grants these actions on every resource although they support resource-level permissions: '
        "ecr:BatchGetImage accepts arn:aws:ecr:${Region}:${Account}:repository/${RepositoryName}; name the "
        'resources the role needs and keep "*" only for actions that have no resource-level permissions')


# --- DOA604 ------------------------------------------------------------------------------------

def test_doa604_an_every_action_entry_does_not_hide_the_parameter_reads_after_it(linter):
    """"*" is DOA602's; the ssm:GetParameters written after it is still checked by DOA604."""
    got = _findings(linter, _policy(_allow(["*", "ssm:GetParameters"], "arn:aws:ssm:*:*:parameter/*")))
    assert [(r, line) for r, line, _ in got] == [("DOA602", 3), ("DOA604", 3)]
    assert next(m for r, _, m in got if r == "DOA604").startswith(
        "ssm:GetParameters is allowed on 'arn:aws:ssm:*:*:parameter/*': 'parameter/*' is not within ")


def test_doa604_a_secret_read_on_star_is_every_secret(linter):
    """GetSecretValue on "*": DOA604 says it is every secret (and DOA603 that it could be scoped)."""
    got = _findings(linter, _policy(_allow("secretsmanager:GetSecretValue", "*")))
    assert [(r, line) for r, line, _ in got] == [("DOA603", 3), ("DOA604", 3)]
    assert next(m for r, _, m in got if r == "DOA604") == (
        "secretsmanager:GetSecretValue is allowed on '*': that is every resource, every secret included; the "
        "standard scopes secret reads to the named secrets the service uses or their prefix, e.g. "
        "arn:aws:secretsmanager:ap-northeast-2:*:secret:<secret-name>-*")


def test_doa604_names_the_profiles_account_in_its_example_and_checks_it(account_linter):
    """With an account id in the profile, a secret ARN of another account is reported, the
    profile's account is fine, and the example ARN of the message names the account."""
    got = _findings(account_linter, _policy(
        _allow("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:ap-northeast-2:{ACCOUNT}:secret:db-*"),
        _allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:db-*")))
    assert got == [("DOA604", 4,
                    "secretsmanager:GetSecretValue is allowed on "
                    "'arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:db-*': its account is "
                    f"'111111111111', not the profile's account '{ACCOUNT}'; the standard scopes secret reads to "
                    "the named secrets the service uses or their prefix, e.g. "
                    f"arn:aws:secretsmanager:ap-northeast-2:{ACCOUNT}:secret:<secret-name>-*")]


def test_doa604_with_a_non_arn_ssm_template_checks_secrets_only(profile):
    """A profile whose iam.ssm_resource is not an ARN turns the parameter check off; secret reads
    are still checked."""
    iam_settings = profile.iam.model_copy(update={"ssm_resource": "any parameter"})
    linter = Linter(profile.model_copy(update={"iam": iam_settings}))
    got = _findings(linter, _policy(
        _allow("ssm:GetParameters", "arn:aws:ssm:*:*:parameter/*"),
        _allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*")))
    assert [(r, line) for r, line, _ in got] == [("DOA604", 4)]


def test_doa604_survives_a_profile_secret_action_without_a_service_prefix(profile):
    """The profile does not check that its secret read actions are written service:Action; one
    that is not must not crash the rule (the policy's prefix-less action is DOA607's)."""
    iam_settings = profile.iam.model_copy(update={"secret_read_actions": ["GetSecretValue"]})
    linter = Linter(profile.model_copy(update={"iam": iam_settings}))
    report = linter.lint_buffer(_policy(_allow("GetSecret*", "*")), "policy.json")
    assert not report.internal_errors
    assert "DOA607" in {f.rule for f in report.findings}


def test_doa604_arn_services_are_case_sensitive(linter):
    """arn:aws:SSM:... names no SSM parameter (ARNs are case-sensitive): nothing to scope."""
    got = _findings(linter, _policy(_allow("ssm:GetParameters", "arn:aws:SSM:ap-northeast-2:*:parameter/other/*")))
    assert [r for r, _, _ in got if r == "DOA604"] == []


# --- DOA605 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("resource", [
    "arn:aws:IAM::123456789012:role/*",   # not the iam service (ARNs are case-sensitive)
    "arn:aws:iam::123456789012:role/X*",  # roles whose name starts with X, not every role
])
def test_doa605_pass_role_on_resources_that_are_not_every_role(linter, resource):
    assert [r for r, _, _ in _findings(linter, _policy(_allow("iam:PassRole", resource)))] == []


def test_doa605_pass_role_on_every_role_is_reported(linter):
    """The counterpart of the cases above: role/* (any account) is every role."""
    got = _findings(linter, _policy(_allow("iam:PassRole", "arn:aws:iam::*:role/*")))
    assert [(r, line) for r, line, _ in got] == [("DOA605", 3)]


# --- DOA606 ------------------------------------------------------------------------------------

def test_doa606_an_every_action_entry_does_not_hide_the_log_actions_after_it(linter):
    """"*" is DOA602's; the logs:PutLogEvents written after it is still checked by DOA606."""
    got = _findings(linter, _policy(_allow(["*", "logs:PutLogEvents"], "arn:aws:logs:*:*:log-group:/aws/*")))
    assert [(r, line) for r, line, _ in got] == [("DOA602", 3), ("DOA606", 3)]
    assert next(m for r, _, m in got if r == "DOA606").startswith(
        "logs:PutLogEvents is allowed on 'arn:aws:logs:*:*:log-group:/aws/*': 'log-group:/aws/*' is not within")


def test_doa606_a_wildcard_over_several_services_counts_when_it_reaches_logs(linter):
    """'*s:Get*' expands to Get actions of many services, logs' among them (after others)."""
    got = _findings(linter, _policy(_allow(["*s:Get*"], "arn:aws:logs:*:*:log-group:/aws/*")))
    assert [(r, line) for r, line, _ in got] == [("DOA606", 3)]
    assert got[0][2].startswith("*s:Get* is allowed on ")


def test_doa606_log_actions_on_star_are_every_resource(linter):
    got = _findings(linter, _policy(_allow(["logs:PutLogEvents"], "*")))
    assert [(r, line) for r, line, _ in got] == [("DOA603", 3), ("DOA606", 3)]
    assert next(m for r, _, m in got if r == "DOA606") == (
        "logs:PutLogEvents is allowed on '*': that is every resource; the standard scopes CloudWatch Logs "
        "permissions to the services' log groups, arn:aws:logs:ap-northeast-2:*:log-group:/ecs/* "
        "(region and account may be *)")


def test_doa606_region_and_account_against_a_profile_with_an_account(account_linter):
    """The profile's account and region pass; another account, or the region in capitals (ARNs are
    case-sensitive), is reported with what is wrong."""
    got = _findings(account_linter, _policy(
        _allow("logs:PutLogEvents", f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/*"),
        _allow("logs:PutLogEvents", "arn:aws:logs:ap-northeast-2:*:log-group:/ecs/*"),
        _allow("logs:PutLogEvents", "arn:aws:logs:ap-northeast-2:111111111111:log-group:/ecs/*"),
        _allow("logs:PutLogEvents", "arn:aws:logs:AP-NORTHEAST-2:*:log-group:/ecs/*")))
    tail = ("; the standard scopes CloudWatch Logs permissions to the services' log groups, "
            f"arn:aws:logs:ap-northeast-2:{ACCOUNT}:log-group:/ecs/* (region and account may be *)")
    assert got == [
        ("DOA606", 5, "logs:PutLogEvents is allowed on 'arn:aws:logs:ap-northeast-2:111111111111:log-group:/ecs/*': "
                      f"its account is '111111111111', not the profile's account '{ACCOUNT}'" + tail),
        ("DOA606", 6, "logs:PutLogEvents is allowed on 'arn:aws:logs:AP-NORTHEAST-2:*:log-group:/ecs/*': "
                      "its region is 'AP-NORTHEAST-2', not the standard's region 'ap-northeast-2'" + tail),
    ]


# --- DOA607 ------------------------------------------------------------------------------------

def test_doa607_an_every_action_entry_does_not_hide_the_typo_after_it(linter):
    got = _findings(linter, _policy(_allow(["*", "ecs:DescribeTaks"], "*")))
    assert [(r, line) for r, line, _ in got] == [("DOA602", 3), ("DOA607", 3)]
    assert next(m for r, _, m in got if r == "DOA607") == (
        "'ecs:DescribeTaks' is not an action of ecs (Amazon Elastic Container Service); "
        "did you mean ecs:DescribeTasks?")


# --- the shared ARN and wildcard helpers -------------------------------------------------------

@pytest.mark.parametrize("action", ["*:GetObject", "**:Get*", "*"])
def test_expand_gives_up_on_patterns_over_every_service(action):
    """Too broad to list (and not a typo): None, not a list of every service's actions."""
    assert iam.expand(action) is None


@pytest.mark.parametrize("inner,outer,inside", [
    ("log-group:/ecs/a", "log-group:/ecs/?", True),     # ? covers one character
    ("log-group:/ecs/ab", "log-group:/ecs/?", False),
    ("log-group:/ecs/*", "log-group:/ecs/?", False),    # a * of inner is only covered by a *
    ("log-group:/ecs/?", "log-group:/ecs/?", True),
    ("log-group:/ecs/a\nb", "log-group:/ecs/*", True),  # * covers any run, a line break included
])
def test_within_reads_the_outer_pattern_as_iam_wildcards(inner, outer, inside):
    assert iam.within(inner, outer) is inside


@pytest.mark.parametrize("part,prefix", [
    ("parameter/doa-market/*", "parameter/"),
    ("log-group:/ecs/*", "log-group:"),
    ("parameter*", "parameter"),   # no separator before the wildcard: the literal part
    ("*", ""),
])
def test_type_prefix(part, prefix):
    assert iam.type_prefix(part) == prefix
