"""Exact findings of the task-definition rules (DOA101-DOA118) where a fixture folder cannot show them.

The cases here either make another rule report beside the one under test (a templated value that
DOA003 notes, a value outside the API's shape that DOA002 notes, a container without a name that
DOA106 notes), need a profile other than the bundled one (an account id, another SSM prefix, other
mutable tags or value patterns, a registry or log stream prefix naming the service), or are a table
of many small variations of one value (role ARNs compared by DOA105, image references read by DOA116
and DOA117) that would need a fixture file each.

Each test pins the rule, the line and the whole message (or the absence of a finding), so that a
changed branch, path or text fails it.
"""

from __future__ import annotations

import copy
import json

import pytest

from conftest import FIXTURES

_BASE = json.loads((FIXTURES / "rules" / "DOA106" / "good.json").read_text())
_ACCOUNT = "123456789012"
_EXEC = f"arn:aws:iam::{_ACCOUNT}:role/ecsTaskExecutionRole"
_TASK = f"arn:aws:iam::{_ACCOUNT}:role/productServiceTaskRole"


def _task(**changes) -> dict:
    """The product-service task definition that every DOA1xx rule accepts with the bundled profile,
    with ``changes`` applied to its top level (a value of None removes the key)."""
    task = copy.deepcopy(_BASE)
    for key, value in changes.items():
        if value is None:
            task.pop(key, None)
        else:
            task[key] = value
    return task


def _app(task: dict) -> dict:
    """The application container of ``task`` (its first container)."""
    return task["containerDefinitions"][0]


def _text(task: dict) -> str:
    return json.dumps(task, indent=2) + "\n"


def _line(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` holding ``needle``."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def _report(linter, text: str, name: str = "task.json"):
    report = linter.lint_buffer(text.encode(), name)
    assert not report.internal_errors
    return report


def _findings(linter, text: str, rules=None, name: str = "task.json") -> list[tuple[str, int, str, tuple]]:
    """(rule, line, message, path) of each finding of ``text``, optionally only of ``rules``."""
    report = _report(linter, text, name)
    return sorted((f.rule, f.line, f.message, tuple(f.path)) for f in report.findings
                  if rules is None or f.rule in rules)


def test_base_task_is_clean(linter):
    """The base task definition of this file draws no finding at all (so each test below sees only
    the finding its change causes)."""
    assert _findings(linter, _text(_task())) == []


# --- DOA102: requiresCompatibilities ---------------------------------------------------------------

def test_fargate_in_the_wrong_case_is_left_to_the_shape_check(linter):
    """'fargate' is FARGATE misspelt: DOA002 names the value outside the API's enum and DOA102 stays
    silent (it does not also claim FARGATE is missing)."""
    text = _text(_task(requiresCompatibilities=["fargate"]))
    got = _findings(linter, text)
    assert [r for r, *_ in got] == ["DOA002"]
    assert "'fargate' is not one of" in got[0][2]


def test_only_null_compatibilities_count_as_empty(linter):
    """[null] holds no compatibility: DOA102 says the list is empty, at requiresCompatibilities."""
    text = _text(_task(requiresCompatibilities=[None]))
    assert _findings(linter, text, {"DOA102"}) == [
        ("DOA102", _line(text, '"requiresCompatibilities"'),
         "requiresCompatibilities is empty; it must contain 'FARGATE'", ("requiresCompatibilities",)),
    ]


# --- DOA105: separate execution and task roles -------------------------------------------------------

_SAME = ("taskRoleArn is the execution role {!r} too; the application would hold the permissions to read "
         "every secret and pull every image the execution role can")
_NO_EXEC = ("executionRoleArn is not set; on Fargate the ECS agent then has no role to pull the image from "
            "ECR, send awslogs to CloudWatch or resolve `secrets`")
_NO_TASK = ("taskRoleArn is not set; the application gets no AWS credentials of its own and needs a task "
            "role separate from the execution role")


@pytest.mark.parametrize("execution, task_role, same", [
    # a bare role name is the role of that name in whatever account the other ARN names
    ("ecsTaskExecutionRole", _EXEC, "ecsTaskExecutionRole"),
    (_EXEC, "ecsTaskExecutionRole", "ecsTaskExecutionRole"),
    # a bare name with a path: the name is the part after the last slash
    ("role/ecsTaskExecutionRole", _EXEC, "ecsTaskExecutionRole"),
    ("role/service-role/ecsTaskExecutionRole", _EXEC, "ecsTaskExecutionRole"),
    # the IAM path does not make another role: role names are unique in an account
    (f"arn:aws:iam::{_ACCOUNT}:role/service-role/ecsTaskExecutionRole", _EXEC, "ecsTaskExecutionRole"),
    # surrounding blanks are not part of the role
    (f"  {_EXEC} ", _EXEC, "ecsTaskExecutionRole"),
    # an ARN without an account is a role of no known account: the name decides
    ("arn:aws:iam:::role/ecsTaskExecutionRole", _EXEC, "ecsTaskExecutionRole"),
    # a colon inside the resource is part of the role name
    (f"arn:aws:iam::{_ACCOUNT}:role/app:blue", "app:blue", "app:blue"),
    # the same name in two accounts is two roles
    (_EXEC, "arn:aws:iam::210987654321:role/ecsTaskExecutionRole", None),
    ("arn:aws:iam::210987654321:role/ecsTaskExecutionRole", _EXEC, None),
    # different names are different roles, whatever the rest
    (_EXEC, _TASK, None),
    ("ecsTaskExecutionRole", "productServiceTaskRole", None),
    (f"arn:aws:iam::{_ACCOUNT}:role/app:blue", "blue", None),
    (f"arn:aws:iam::{_ACCOUNT}:role/a/b", "a", None),
])
def test_roles_are_compared_by_account_and_name(linter, execution, task_role, same):
    """DOA105 reports the task role when it names the execution role: the same role name in the same
    account, or with no account on one side; never when the accounts or the names differ."""
    text = _text(_task(executionRoleArn=execution, taskRoleArn=task_role))
    got = _findings(linter, text, {"DOA105"})
    if same is None:
        assert got == []
    else:
        assert got == [("DOA105", _line(text, '"taskRoleArn"'), _SAME.format(same), ("taskRoleArn",))]


@pytest.mark.parametrize("execution, task_role, same", [
    # ARNs cut short: never a crash; they are compared by what they hold
    ("arn:aws:iam", "arn:aws:iam", ""),
    ("arn:aws:iam:x", "arn:aws:iam:y", ""),
    (f"arn:aws:iam::{_ACCOUNT}", "arn:aws:iam::210987654321", None),
    (f"arn:aws:iam::{_ACCOUNT}", f"arn:aws:iam::{_ACCOUNT}", ""),
    (f"arn:aws:iam::{_ACCOUNT}", "XXXX", None),
    (f"arn:aws:iam::{_ACCOUNT}:ecsTaskExecutionRole", "ecsTaskExecutionRole", "ecsTaskExecutionRole"),
])
def test_malformed_role_arns_do_not_break_the_comparison(linter, execution, task_role, same):
    """A role ARN with fewer than six parts (DOA002's to report) still goes through DOA105 without an
    internal error: a missing account is no account, a missing resource is an empty name."""
    text = _text(_task(executionRoleArn=execution, taskRoleArn=task_role))
    got = _findings(linter, text, {"DOA105"})
    if same is None:
        assert got == []
    else:
        assert got == [("DOA105", _line(text, '"taskRoleArn"'), _SAME.format(same), ("taskRoleArn",))]


def test_same_role_names_the_execution_role_as_related(linter):
    """The same-role finding points at executionRoleArn as "the execution role"."""
    text = _text(_task(taskRoleArn=_EXEC))
    report = _report(linter, text)
    [f] = [f for f in report.findings if f.rule == "DOA105"]
    assert [(r.line, r.message, tuple(r.path)) for r in f.related] == [
        (_line(text, '"executionRoleArn"'), "the execution role", ("executionRoleArn",))]


def test_both_roles_missing_are_two_findings(linter):
    """Without either role, DOA105 reports each missing key at the key's own path, and nothing else."""
    text = _text(_task(executionRoleArn=None, taskRoleArn=None))
    assert _findings(linter, text, {"DOA105"}) == [
        ("DOA105", 1, _NO_EXEC, ("executionRoleArn",)),
        ("DOA105", 1, _NO_TASK, ("taskRoleArn",)),
    ]


def test_one_role_missing_is_not_compared_with_the_other(linter):
    """An execution role whose ARN has an empty name is not compared with a missing task role: one
    finding only, the missing task role."""
    text = _text(_task(executionRoleArn=f"arn:aws:iam::{_ACCOUNT}:role/", taskRoleArn=None))
    assert _findings(linter, text, {"DOA105"}) == [("DOA105", 1, _NO_TASK, ("taskRoleArn",))]
    text = _text(_task(executionRoleArn=None, taskRoleArn=f"arn:aws:iam::{_ACCOUNT}:role/"))
    assert _findings(linter, text, {"DOA105"}) == [("DOA105", 1, _NO_EXEC, ("executionRoleArn",))]


_TEMPLATED_EXEC = "arn:aws:iam::${AWS_ACCOUNT_ID}:role/ecsTaskExecutionRole"
_TEMPLATED_TASK = "arn:aws:iam::${AWS_ACCOUNT_ID}:role/productServiceTaskRole"


@pytest.mark.parametrize("missing, present, value, message", [
    ("taskRoleArn", "executionRoleArn", _TEMPLATED_EXEC, _NO_TASK),
    ("executionRoleArn", "taskRoleArn", _TEMPLATED_TASK, _NO_EXEC),
])
def test_templated_role_beside_a_missing_one(linter, missing, present, value, message):
    """A templated role (its account a placeholder) does not hide that the other role is missing:
    DOA105 reports the missing key at its own path; DOA003 notes the placeholder."""
    text = _text(_task(**{missing: None, present: value}))
    assert _findings(linter, text, {"DOA105"}) == [("DOA105", 1, message, (missing,))]
    assert [r for r, *_ in _findings(linter, text)] == ["DOA003", "DOA105"]


def test_templated_roles_naming_one_role(linter):
    """Two templated roles with the same text are one role: DOA105 quotes the template as written and
    points at the execution role."""
    text = _text(_task(executionRoleArn=_TEMPLATED_EXEC, taskRoleArn=_TEMPLATED_EXEC))
    report = _report(linter, text)
    [f] = [f for f in report.findings if f.rule == "DOA105"]
    assert (f.line, f.message, tuple(f.path)) == (
        _line(text, '"taskRoleArn"'),
        f"taskRoleArn is '{_TEMPLATED_EXEC}', the execution role too; the application would hold the "
        "permissions to read every secret and pull every image the execution role can",
        ("taskRoleArn",))
    assert [(r.line, r.message, tuple(r.path)) for r in f.related] == [
        (_line(text, '"executionRoleArn"'), "the execution role", ("executionRoleArn",))]


def test_templated_roles_naming_two_roles(linter):
    """Two templated roles with different names: no DOA105 finding (DOA003 notes the placeholders)."""
    text = _text(_task(executionRoleArn=_TEMPLATED_EXEC, taskRoleArn=_TEMPLATED_TASK))
    assert _findings(linter, text, {"DOA105"}) == []


# --- DOA108: the application container's environment -------------------------------------------------

def test_null_environment_and_secret_entries_are_skipped(linter):
    """A null entry in `environment` or `secrets` (DOA002's to report) is skipped by DOA108: the
    missing PORT is still reported, with the `secrets` hint for NODE_ENV given in `secrets`."""
    task = _task()
    app = _app(task)
    app["environment"] = [e for e in app["environment"] if e["name"] not in ("PORT", "NODE_ENV")] + [None]
    app["secrets"] = [None] + app["secrets"] + [
        {"name": "NODE_ENV", "valueFrom": f"arn:aws:ssm:ap-northeast-2:{_ACCOUNT}:parameter/doa-market/node-env"}]
    text = _text(task)
    env = _line(text, '"environment"')
    assert _findings(linter, text, {"DOA108"}) == [
        ("DOA108", env, "container 'product-service' has no environment variable NODE_ENV (it is given in "
                        "`secrets`, which is for secret values); the standard requires NODE_ENV=production",
         ("containerDefinitions", 0, "environment")),
        ("DOA108", env, "container 'product-service' has no environment variable PORT; the standard "
                        "requires PORT=3003", ("containerDefinitions", 0, "environment")),
    ]


# --- DOA115: required tags --------------------------------------------------------------------------

def test_null_tag_entry_is_skipped(linter):
    """A null entry in `tags` (DOA002's to report) is skipped: DOA115 names the tags still missing."""
    task = _task()
    task["tags"] = [None] + [t for t in task["tags"] if t["key"] != "ManagedBy"]
    text = _text(task)
    assert _findings(linter, text, {"DOA115"}) == [
        ("DOA115", _line(text, '"tags"'), "the task definition lacks the required tag ManagedBy", ("tags",)),
    ]


# --- DOA117: image tags ------------------------------------------------------------------------------

_MOVES = "pin a release tag or a digest (@sha256:...)"


@pytest.mark.parametrize("image, message", [
    # the literal end of a templated reference decides its tag
    ("${REPO}:latest", f"image '${{REPO}}:latest' uses the mutable tag 'latest'; {_MOVES}"),
    ("${REGISTRY}/product-service",
     f"image '${{REGISTRY}}/product-service' has no tag, so ECS pulls 'latest', which moves; {_MOVES}"),
    ("${ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/product-service",
     "image '${ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/product-service' has no tag, so ECS pulls "
     f"'latest', which moves; {_MOVES}"),
    # a registry port after the placeholder is not a tag, and neither is a ':' before the last '/'
    ("${REGISTRY_HOST}:5000/product-service",
     f"image '${{REGISTRY_HOST}}:5000/product-service' has no tag, so ECS pulls 'latest', which moves; {_MOVES}"),
    ("${REGISTRY}/tools:2/product-service",
     f"image '${{REGISTRY}}/tools:2/product-service' has no tag, so ECS pulls 'latest', which moves; {_MOVES}"),
    # the tag follows the last ':' of the last path component
    ("${REPO}:build:latest", f"image '${{REPO}}:build:latest' uses the mutable tag 'latest'; {_MOVES}"),
    # ... or leaves it open: the tag, the whole reference or what follows ':' is a placeholder
    ("${REPO}:${TAG}", None),
    ("${REPO}:build:", None),
    ("${REPO}", None),
    ("${REPO}:", None),
    ("${REGISTRY}/app:", None),
    # a release tag or a digest after the placeholder pins the image
    ("${REGISTRY}/product-service:1.4.2", None),
    ("${REPO}@sha256:0123abcd", None),
    ("${REGISTRY}/app@sha256:0123abcd:latest", None),
])
def test_templated_image_tags(linter, image, message):
    """DOA117 reads a partly templated image from its literal end; DOA003 notes the placeholder."""
    task = _task()
    _app(task)["image"] = image
    text = _text(task)
    line = _line(text, '"image"')
    got = _findings(linter, text, {"DOA117"})
    assert got == ([] if message is None else [("DOA117", line, message, ("containerDefinitions", 0, "image"))])
    assert ("DOA003", line) in [(r, ln) for r, ln, *_ in _findings(linter, text)]


@pytest.mark.parametrize("image, message", [
    # a registry port is not a tag
    ("localhost:5000/product-service",
     f"image 'localhost:5000/product-service' has no tag, so ECS pulls 'latest', which moves; {_MOVES}"),
    ("localhost:5000/product-service:1.4.2", None),
    ("localhost:5000/product-service:latest",
     f"image 'localhost:5000/product-service:latest' uses the mutable tag 'latest'; {_MOVES}"),
    # a ':' before the last '/' is not a tag either
    ("registry.example.com/tools:2/product-service",
     f"image 'registry.example.com/tools:2/product-service' has no tag, so ECS pulls 'latest', which moves; {_MOVES}"),
    # whatever follows '@' is a digest, which pins the image (its form is not DOA117's business)
    ("registry.example.com/product-service@0123abcd", None),
    # blanks around the reference are not part of it; a blank reference is not an image to pin
    ("  localhost:5000/product-service:latest ",
     f"image 'localhost:5000/product-service:latest' uses the mutable tag 'latest'; {_MOVES}"),
    ("   ", None),
])
def test_image_tags_outside_the_registry(linter, image, message):
    """DOA117 judges the tag whatever the registry (DOA116 reports the registry itself)."""
    task = _task()
    _app(task)["image"] = image
    text = _text(task)
    got = _findings(linter, text, {"DOA117"})
    line = _line(text, '"image"')
    assert got == ([] if message is None else [("DOA117", line, message, ("containerDefinitions", 0, "image"))])


def _task_profile(tmp_path, account_id=None, **task_changes):
    """The bundled profile with ``task:`` values (and the top-level ``account_id``) changed, loaded
    from a file as a user's profile is (so it is checked against the schema)."""
    import yaml

    from conftest import ROOT
    from doalint.profile import load_profile

    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    if account_id is not None:
        data["account_id"] = account_id
    for key, value in task_changes.items():
        assert key in data["task"], key
        data["task"][key] = value
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_profile(path)


def test_untagged_image_is_accepted_when_latest_is_not_mutable(tmp_path):
    """With a profile whose mutable tags leave out 'latest', an untagged image (which ECS pulls as
    'latest') is not reported, while a tag the profile lists is."""
    from doalint.engine.runner import Linter

    linter = Linter(_task_profile(tmp_path, mutable_image_tags=["stable"]))
    repo = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service"
    for image, message in ((repo, None), (f"{repo}:latest", None),
                           (f"{repo}:stable", f"image '{repo}:stable' uses the mutable tag 'stable'; {_MOVES}")):
        task = _task()
        _app(task)["image"] = image
        text = _text(task)
        got = _findings(linter, text, {"DOA117"})
        assert got == ([] if message is None else
                       [("DOA117", _line(text, '"image"'), message, ("containerDefinitions", 0, "image"))]), image


# --- a container without a name (DOA106 reports it; the others name it by its index) ----------------

def test_nameless_application_container_is_named_by_its_index(linter):
    """The only container, without a name, is still the application container: each rule names it
    containerDefinitions[0] (or "the container"), and null or nameless `environment` and `secrets`
    entries (DOA002's to report) neither stop nor break the rules reading the entries after them."""
    task = _task()
    app = _app(task)
    app.pop("name")
    app["environment"] = [e for e in app["environment"] if e["name"] != "PORT"] + [
        None, {"name": "REDIS_PASSWORD", "value": "hunter2"}]
    app["secrets"] = [None, {"name": "DB_HOST"}, {"valueFrom": "doa-market/products-db/user"}] + app["secrets"]
    app["privileged"] = True
    app.pop("logConfiguration")
    app["portMappings"][0]["hostPort"] = 80
    text = _text(task)
    c = ("containerDefinitions", 0)
    assert _findings(linter, text, {"DOA106", "DOA108", "DOA109", "DOA110", "DOA111", "DOA118"}) == [
        ("DOA106", _line(text, '"containerDefinitions"'),
         "no container is named 'product-service' (no container has a name); the application container "
         "must be named after the service 'product-service'", ("containerDefinitions",)),
        ("DOA108", _line(text, '"environment"'),
         "containerDefinitions[0] has no environment variable PORT; the standard requires PORT=3003",
         c + ("environment",)),
        ("DOA109", _line(text, '"REDIS_PASSWORD"'),
         "containerDefinitions[0] sets REDIS_PASSWORD in plain environment, and its name marks a secret "
         "(PASSWORD); plain environment is visible to anyone who can describe the task definition, so it "
         "belongs in `secrets` (valueFrom a Secrets Manager secret or SSM SecureString)",
         c + ("environment", 4, "name")),
        ("DOA110", _line(text, '"doa-market/products-db/user"'),
         "secrets[2]: valueFrom 'doa-market/products-db/user' is not a full ARN (ECS would read it as an SSM "
         "parameter name of the task's region); use the parameter's or secret's full ARN",
         c + ("secrets", 2, "valueFrom")),
        ("DOA111", _line(text, '"image"') - 1,
         "the container has no logConfiguration, so its output is not shipped anywhere; use the 'awslogs' "
         "log driver", c + ("logConfiguration",)),
        ("DOA118", _line(text, '"hostPort"'),
         "containerDefinitions[0]: hostPort is 80 but containerPort is 3003; with awsvpc on Fargate the host "
         "port must be omitted or equal the container port", c + ("portMappings", 0, "hostPort")),
        ("DOA118", _line(text, '"privileged"'),
         "containerDefinitions[0]: privileged is true; Fargate does not support privileged", c + ("privileged",)),
    ]


# --- DOA110 and DOA111 with another profile ------------------------------------------------------------

def test_secret_arn_account_must_be_the_profiles(tmp_path):
    """With an account in the profile, a secret ARN of another account is reported at its valueFrom;
    one of the profile's account is not."""
    from doalint.engine.runner import Linter

    linter = Linter(_task_profile(tmp_path, account_id=_ACCOUNT))
    other = "arn:aws:ssm:ap-northeast-2:210987654321:parameter/doa-market/products-db/host"
    task = _task()
    _app(task)["secrets"][0]["valueFrom"] = other
    text = _text(task)
    assert _findings(linter, text, {"DOA110"}) == [
        ("DOA110", _line(text, other),
         f"secret 'DB_HOST': the ARN's account is '210987654321'; the profile's account is '{_ACCOUNT}'",
         ("containerDefinitions", 0, "secrets", 0, "valueFrom")),
    ]
    assert _findings(linter, _text(_task()), {"DOA110"}) == []


def test_ssm_prefix_and_markers_are_the_profiles(tmp_path):
    """The SSM prefix is compared as the profile writes it (an "X" after its slash is part of it), and a secret
    without a name matches no name marker, however short the marker."""
    from doalint.engine.runner import Linter

    linter = Linter(_task_profile(tmp_path, ssm_prefix="/Xteam/", secret_name_markers=["PASSWORD", "XX"]))
    task = _task()
    app = _app(task)
    app["secrets"] = [
        {"name": "DB_HOST", "valueFrom": f"arn:aws:ssm:ap-northeast-2:{_ACCOUNT}:parameter/Xteam/db/host"},
        {"valueFrom": "Xteam/db/user"},
    ]
    text = _text(task)
    assert _findings(linter, text, {"DOA110"}) == [
        ("DOA110", _line(text, '"Xteam/db/user"'),
         "secrets[1]: valueFrom 'Xteam/db/user' is not a full ARN (ECS would read it as an SSM parameter name "
         "of the task's region); use the parameter's or secret's full ARN",
         ("containerDefinitions", 0, "secrets", 1, "valueFrom")),
    ]


def test_log_stream_prefix_naming_the_service(tmp_path):
    """A profile whose stream prefix names the service ('{service}') requires the service's name there."""
    from doalint.engine.runner import Linter

    import yaml

    from conftest import ROOT
    from doalint.profile import load_profile

    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    data["task"]["log"]["stream_prefix"] = "{service}"
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    linter = Linter(load_profile(path))
    text = _text(_task())
    assert _findings(linter, text, {"DOA111"}) == [
        ("DOA111", _line(text, '"awslogs-stream-prefix"'),
         "awslogs-stream-prefix is 'ecs'; the standard requires 'product-service'",
         ("containerDefinitions", 0, "logConfiguration", "options", "awslogs-stream-prefix")),
    ]


def test_nameless_application_container_listening_elsewhere(linter):
    """DOA107 names a nameless application container by its index and lists every port it maps."""
    task = _task()
    app = _app(task)
    app.pop("name")
    app["portMappings"] = [{"containerPort": 8080}, {"containerPort": 9090}]
    text = _text(task)
    assert _findings(linter, text, {"DOA107"}) == [
        ("DOA107", _line(text, '"portMappings"'),
         "containerDefinitions[0] listens on 8080, 9090; product-service's port is 3003",
         ("containerDefinitions", 0, "portMappings")),
    ]


# --- DOA116: image registry -------------------------------------------------------------------------

_REGISTRY_SHOWN = "{account}.dkr.ecr.ap-northeast-2.amazonaws.com/"


@pytest.mark.parametrize("image, reported", [
    # an ECR host whose account is a placeholder but whose region is written out: the region decides,
    # whatever the repository path after the host
    ("${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/doa-market/product-service:1.4.2", True),
    ("${ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/doa-market/product-service:1.4.2", False),
    # a written-out host that is not the standard's registry
    ("public.ecr.aws/doa-market/${NAME}:1.4.2", True),
    ("123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/doa-market/${NAME}:1.4.2", False),
    # a host with a placeholder that is not the account's: not decided
    ("registry.example.com:${PORT}/product-service:1.4.2", False),
    ("${REGISTRY}/product-service:1.4.2", False),
    ("${IMAGE}", False),
])
def test_templated_image_registry(linter, image, reported):
    """DOA116 reports a templated image only when the registry it names is written out and is not the
    standard's; the placeholder itself is DOA003's."""
    task = _task()
    _app(task)["image"] = image
    text = _text(task)
    want = [("DOA116", _line(text, '"image"'),
             f"image '{image}' is not pulled from the standard's ECR registry '{_REGISTRY_SHOWN}'",
             ("containerDefinitions", 0, "image"))] if reported else []
    assert _findings(linter, text, {"DOA116"}) == want


def test_registry_of_every_container_is_read(linter):
    """Containers whose image is missing (DOA002's to report), templated with its registry left open, or
    from the standard's registry are passed over, and the containers after them are still read."""
    task = _task()
    app = _app(task)
    hub = "amazon/aws-xray-daemon:3.3.7"
    sidecars = [dict(app, name=f"sidecar-{n}", image=image, essential=False)
                for n, image in enumerate([None, "${SIDECAR_IMAGE}", app["image"], hub])]
    del sidecars[0]["image"]
    task["containerDefinitions"] += sidecars
    text = _text(task)
    assert _findings(linter, text, {"DOA116"}) == [
        ("DOA116", _line(text, hub),
         f"image '{hub}' is not pulled from the standard's ECR registry '{_REGISTRY_SHOWN}'",
         ("containerDefinitions", 4, "image")),
    ]


def test_registry_naming_the_service_is_shown_filled_in(tmp_path):
    """A profile registry that names the service ('{service}') is shown with the service's name."""
    from doalint.engine.runner import Linter

    linter = Linter(_task_profile(tmp_path, account_id=_ACCOUNT,
                                  image_registry=r"{account}\.dkr\.ecr\.{region}\.amazonaws\.com/{service}:"))
    image = f"{_ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/orders-service:1.4.2"
    task = _task()
    _app(task)["image"] = image
    text = _text(task)
    assert _findings(linter, text, {"DOA116"}) == [
        ("DOA116", _line(text, '"image"'),
         f"image '{image}' is not pulled from the standard's ECR registry "
         f"'{_ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:'",
         ("containerDefinitions", 0, "image")),
    ]
    assert _findings(linter, _text(_task()), {"DOA116"}) == []


# --- DOA109: values -----------------------------------------------------------------------------------

def test_variable_without_value_matches_no_value_pattern(tmp_path):
    """An environment variable without a value has no text for the profile's value patterns: even a
    pattern for any upper-case 'X' does not report it, while it reports a value holding one."""
    from doalint.engine.runner import Linter

    linter = Linter(_task_profile(tmp_path, secret_value_patterns=["X"]))
    task = _task()
    _app(task)["environment"].append({"name": "FEATURE_FLAGS"})
    assert _findings(linter, _text(task), {"DOA109"}) == []
    _app(task)["environment"][-1]["value"] = "X-RAY"
    text = _text(task)
    assert _findings(linter, text, {"DOA109"}) == [
        ("DOA109", _line(text, '"X-RAY"'),
         "container 'product-service' sets FEATURE_FLAGS in plain environment to a value that embeds a "
         "credential; it belongs in `secrets` (valueFrom a Secrets Manager secret or SSM SecureString)",
         ("containerDefinitions", 0, "environment", 4, "value")),
    ]


@pytest.mark.parametrize("value", [
    "postgres://app:${DB_PASS}@db:5432/products",
    "-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}",
])
def test_templated_value_embedding_a_credential(linter, value):
    """A templated value whose literal parts already embed a credential is reported "once its
    placeholders are filled in", quoted as written; DOA003 notes the placeholder."""
    task = _task()
    _app(task)["environment"].append({"name": "UPSTREAM", "value": value})
    text = _text(task)
    line = _line(text, '"UPSTREAM"') + 1
    assert _findings(linter, text, {"DOA109"}) == [
        ("DOA109", line,
         "container 'product-service' sets UPSTREAM in plain environment to a value that embeds a credential "
         "once its placeholders are filled in; it belongs in `secrets` (valueFrom a Secrets Manager secret "
         "or SSM SecureString)", ("containerDefinitions", 0, "environment", 4, "value")),
    ]
    assert [r for r, *_ in _findings(linter, text)] == ["DOA003", "DOA109"]


def test_a_placeholder_is_not_counted_as_access_key_characters(linter):
    """An access key id (AKIA and 16 upper-case letters or digits) is a credential only when its
    characters are written out: a placeholder stands for text of unknown length, so AKIA, a placeholder
    and 15 characters embed no key, while AKIA and 16 written characters after a placeholder do."""
    task = _task()
    _app(task)["environment"] += [{"name": "UPSTREAM_KEY", "value": "AKIA${KEY_REST}ABCDEFGHIJKLMNO"},
                                  {"name": "OTHER_KEY", "value": "${KEY_PREFIX} AKIAABCDEFGHIJKLMNOP"}]
    text = _text(task)
    assert _findings(linter, text, {"DOA109"}) == [
        ("DOA109", _line(text, "AKIAABCDEFGHIJKLMNOP"),
         "container 'product-service' sets OTHER_KEY in plain environment to a value that embeds a credential "
         "once its placeholders are filled in; it belongs in `secrets` (valueFrom a Secrets Manager secret "
         "or SSM SecureString)", ("containerDefinitions", 0, "environment", 5, "value")),
    ]


# --- DOA111: log driver -------------------------------------------------------------------------------

def test_log_configuration_without_driver(linter):
    """A logConfiguration without logDriver (DOA002 notes the missing key) is "not set" for DOA111."""
    task = _task()
    _app(task)["logConfiguration"].pop("logDriver")
    text = _text(task)
    assert _findings(linter, text, {"DOA111"}) == [
        ("DOA111", _line(text, '"logConfiguration"'), "logDriver is not set; the standard requires 'awslogs'",
         ("containerDefinitions", 0, "logConfiguration", "logDriver")),
    ]


# --- DOA117 and DOA118: every container, past entries that are skipped -------------------------------

def test_image_tags_of_every_container_are_read(linter):
    """Containers whose image is pinned, blank, missing (DOA002's to report), wholly templated or of an
    undecided tag are skipped, and the containers after them are still read."""
    task = _task()
    app = _app(task)
    repo = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service"
    sidecars = [dict(app, name=f"sidecar-{n}", image=image, essential=False)
                for n, image in enumerate([f"{repo}@sha256:0123abcd", "  ", "${IMAGE}", "${REPO}:${TAG}", None])]
    del sidecars[-1]["image"]
    task["containerDefinitions"] = sidecars + [dict(app, image=f"{repo}:latest")]
    text = _text(task)
    assert _findings(linter, text, {"DOA117"}) == [
        ("DOA117", _line(text, f"{repo}:latest"),
         f"image '{repo}:latest' uses the mutable tag 'latest'; {_MOVES}", ("containerDefinitions", 5, "image")),
    ]


def test_null_and_nameless_entries_do_not_stop_doa118(linter):
    """Null volumes, capabilities, resource requirements and port mappings (DOA002's to report) are
    skipped; a volume without a name is named by its index; the entries after them are still read."""
    task = _task()
    app = _app(task)
    task["volumes"] = [None, {"host": {"sourcePath": "/mnt/cache"}}]
    app["linuxParameters"] = {"capabilities": {"add": [None, "NET_ADMIN"]}}
    app["resourceRequirements"] = [None, {"type": "GPU", "value": "1"}]
    app["portMappings"] = [None] + app["portMappings"] + [{"containerPort": 9100, "hostPort": 9101}]
    text = _text(task)
    c = ("containerDefinitions", 0)
    assert _findings(linter, text, {"DOA118"}) == sorted([
        ("DOA118", _line(text, '"sourcePath"'),
         "volumes[1]: host.sourcePath is '/mnt/cache'; Fargate has no host paths: a bind mount's data lives in "
         "the task's ephemeral storage, so leave sourcePath out", ("volumes", 1, "host", "sourcePath")),
        ("DOA118", _line(text, '"NET_ADMIN"'),
         "container 'product-service': adds capability 'NET_ADMIN'; Fargate only allows adding SYS_PTRACE",
         c + ("linuxParameters", "capabilities", "add", 1)),
        ("DOA118", _line(text, '"GPU"'),
         "container 'product-service': requests a GPU resource; Fargate tasks cannot have one",
         c + ("resourceRequirements", 1, "type")),
        ("DOA118", _line(text, '"hostPort"'),
         "container 'product-service': hostPort is 9101 but containerPort is 9100; with awsvpc on Fargate the "
         "host port must be omitted or equal the container port", c + ("portMappings", 2, "hostPort")),
    ])


def test_placeholder_text_is_not_read_as_the_value(linter):
    """A placeholder stands for some text, not for its own spelling: the ':' of a shell default in
    "${DB_USER:-app}" is no user:password separator, so the URL embeds no credential."""
    task = _task()
    _app(task)["environment"].append({"name": "UPSTREAM", "value": "postgres://${DB_USER:-app}@db:5432/products"})
    text = _text(task)
    assert _findings(linter, text, {"DOA109"}) == []
    assert [r for r, *_ in _findings(linter, text)] == ["DOA003"]


def test_a_private_key_header_with_a_templated_key_type_is_a_credential(linter):
    """-----BEGIN ${KEY_TYPE} PRIVATE KEY----- is a private key whatever the type filled in."""
    task = _task()
    _app(task)["environment"] = [{"name": "TLS_MATERIAL", "value": "-----BEGIN ${KEY_TYPE} PRIVATE KEY-----\nMIIE"}]
    text = _text(task)
    got = _findings(linter, text, ("DOA109",))
    assert [(r, line) for r, line, _, _ in got] == [("DOA109", _line(text, "PRIVATE KEY"))], got  # (at the value)
