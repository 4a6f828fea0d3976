"""Suppressions exactly as a user meets them.

Inline comments (``# doalint: ignore[...] reason`` in YAML, in JSON read as YAML, ``#`` and ``//`` in
Terraform): which key a comment covers, what lies between it and that key, the DOA013 and DOA012
findings about the comments themselves and their exact texts. Waivers in .doalint.yaml: how a
waiver's ``document`` is matched, a waiver naming an unknown rule, expired waivers, the
justification and source a waived finding carries. The baseline: pruning a version-1 baseline
keeps its version and its still-found entries.
"""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml

from conftest import FIXTURES, run_cli

BASE = FIXTURES / "rules" / "_base"


# --- helpers -----------------------------------------------------------------------------------

def _base(name: str) -> dict:
    return json.loads((BASE / name).read_text())


def _task_yaml(**changes) -> str:
    """The clean base task definition as block YAML (one key a line), with ``changes`` at the top."""
    doc = _base("task-definition.json")
    doc.update(changes)
    return yaml.safe_dump(doc, sort_keys=False)


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), start=1) if needle in ln)


def _above(text: str, needle: str, *inserted: str) -> str:
    """``text`` with the lines ``inserted`` just above the first line holding ``needle``."""
    lines = text.splitlines(keepends=True)
    at = _line(text, needle) - 1
    return "".join(lines[:at] + [ln + "\n" for ln in inserted] + lines[at:])


def _lint(linter, text: str, name: str = "task.yaml"):
    report = linter.lint_buffer(text.encode(), name)
    assert not report.internal_errors, report.internal_errors
    return report


def _shown(report) -> list[tuple]:
    """Each finding as (rule, line, col, suppression justification or None)."""
    return [(f.rule, f.line, f.col, f.suppression.justification if f.suppression else None)
            for f in report.findings]


# --- inline comments: the key a comment covers ----------------------------------------------

def test_a_waived_finding_carries_its_comment_as_an_in_source_suppression(linter):
    """The suppression is SARIF's ``inSource`` kind, with the reason and the comment's file:line."""
    from doalint.engine.findings import Suppression

    text = _above(_task_yaml(networkMode="bridge"), "networkMode:",
                  "# doalint: ignore[DOA101] batch job stays on EC2 until the migration")
    report = _lint(linter, text)
    [f] = report.findings
    assert (f.rule, f.line) == ("DOA101", 3)
    assert f.suppression == Suppression("inSource", "batch job stays on EC2 until the migration", "task.yaml:2")


def test_a_comment_above_a_flow_mapping_covers_the_whole_mapping(linter):
    """On a line holding a key and its flow mapping, the comment covers the outer key (the shortest
    path of the line), so a finding about a key missing from the mapping is covered."""
    doc = _base("service.json")
    del doc["deploymentConfiguration"]["deploymentCircuitBreaker"]
    text = yaml.safe_dump(doc, sort_keys=False).replace(
        "deploymentConfiguration:\n  maximumPercent: 200\n  minimumHealthyPercent: 100\n",
        "# doalint: ignore[DOA202] rolled back by CodeDeploy\n"
        "deploymentConfiguration: {maximumPercent: 200, minimumHealthyPercent: 100}\n")
    line = _line(text, "deploymentConfiguration:")
    report = _lint(linter, text, "service.yaml")
    assert _shown(report) == [("DOA202", line, 1, "rolled back by CodeDeploy")]
    assert report.findings[0].path == ("deploymentConfiguration", "deploymentCircuitBreaker")


def test_a_comment_over_a_line_of_several_keys_covers_the_first_of_them(linter):
    """JSON read as YAML may hold several keys on a line: the comment covers the first one written
    (and what is under it), not the last."""
    td = json.dumps(dict(_base("task-definition.json"), networkMode="bridge"), indent=2)
    first = td.replace('"family": "product-service",\n  "networkMode": "bridge",',
                       '# doalint: ignore[DOA101] batch job on EC2\n'
                       '  "networkMode": "bridge", "family": "product-service",')
    assert first != td
    assert _shown(_lint(linter, first)) == [("DOA101", 3, 3, "batch job on EC2")]
    second = first.replace('"networkMode": "bridge", "family": "product-service",',
                           '"family": "product-service", "networkMode": "bridge",')
    report = _lint(linter, second)
    assert _shown(report) == [("DOA012", 2, 3, None), ("DOA101", 3, 32, None)]
    assert report.findings[0].message == "suppression of DOA101 matches no finding at family; remove it"


def test_blank_lines_and_other_comments_between_a_comment_and_its_key_are_passed_over(linter):
    """The key covered is the next line holding something else than a blank or a comment, an indented
    comment included."""
    text = _above(_task_yaml(networkMode="bridge"), "networkMode:",
                  "# doalint: ignore[DOA101] batch job stays on EC2",
                  "",
                  "    # (the migration is JIRA-12)",
                  "# and a plain comment",
                  "")
    assert _shown(_lint(linter, text)) == [("DOA101", 7, 1, "batch job stays on EC2")]


def test_a_line_mentioning_doalint_that_is_no_suppression_does_not_stop_the_scan(linter):
    """A comment that says ``doalint:`` but is no ``ignore[...]`` is passed over; the comments after it
    are still read."""
    text = "# doalint: this file is checked in CI\n" + _above(
        _task_yaml(networkMode="bridge"), "networkMode:", "# doalint: ignore[DOA101] batch job stays on EC2")
    assert _shown(_lint(linter, text)) == [("DOA101", 4, 1, "batch job stays on EC2")]


def test_a_comment_may_name_the_rule_by_its_name_among_several(linter):
    """``ignore[A, b]``: a comma-separated list, each an ID or a rule name (as the catalog writes it)."""
    text = _task_yaml(networkMode="bridge").replace(
        "networkMode: bridge", "networkMode: bridge  # doalint: ignore[DOA202,network-mode-not-awsvpc] on EC2")
    assert _shown(_lint(linter, text)) == [("DOA101", 2, 1, "on EC2")]


def test_a_comment_on_the_last_line_covers_nothing_and_says_so(linter):
    """Nothing (or only comments) below a comment: no key to cover, DOA012 says "the line below it"."""
    for tail in (["# doalint: ignore[DOA101] batch job stays on EC2"],
                 ["# doalint: ignore[DOA101] batch job stays on EC2", "# the end", ""]):
        text = _task_yaml() + "\n".join(tail)
        line = _line(text, "ignore[DOA101]")
        report = _lint(linter, text)
        assert [(f.rule, f.line, f.col, f.message) for f in report.findings] == [
            ("DOA012", line, 1, "suppression of DOA101 matches no finding at the line below it; remove it")]


def test_an_unused_comment_names_its_rules_and_the_key_it_covers(linter):
    """DOA012 lists every rule of the comment (as written, comma-separated) and the key's path."""
    text = _above(_task_yaml(), "networkMode:", "# doalint: ignore[DOA202,DOA101] batch job stays on EC2")
    report = _lint(linter, text)
    assert [(f.rule, f.line, f.col, f.message) for f in report.findings] == [
        ("DOA012", 2, 1, "suppression of DOA202, DOA101 matches no finding at networkMode; remove it")]
    # an end-of-line comment: the column is the comment's
    text = _task_yaml().replace("stopTimeout: 30", "stopTimeout: 30 # doalint: ignore[DOA114] slow drain")
    line = _line(text, "stopTimeout")
    assert [(f.rule, f.line, f.col, f.message) for f in _lint(linter, text).findings] == [
        ("DOA012", line, 19,
         "suppression of DOA114 matches no finding at containerDefinitions[0].stopTimeout; remove it")]


# --- inline comments in Terraform ---------------------------------------------------------------

_TF = """\
resource "aws_ecs_task_definition" "product" {
  family                   = "product-service"
%s
  network_mode             = "bridge"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
  task_role_arn            = "arn:aws:iam::123456789012:role/productServiceTaskRole"
  tags = { Environment = "production", Service = "product", ManagedBy = "terraform" }

  container_definitions = jsonencode([
    {
      name         = "product-service"
      image        = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2"
      essential    = true
      portMappings = [{ containerPort = 3003, protocol = "tcp" }]
      environment = [
        { name = "NODE_ENV", value = "production" },
        { name = "PORT", value = "3003" },
        { name = "SERVICE_NAME", value = "product-service" },
        { name = "AWS_REGION", value = "ap-northeast-2" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:db-abc123" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = "/ecs/product-service"
          "awslogs-region"        = "ap-northeast-2"
          "awslogs-stream-prefix" = "ecs"
        }
      }
      healthCheck = {
        command     = ["CMD-SHELL", "curl -f http://localhost:3003/health || exit 1"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      ulimits     = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
      stopTimeout = 30
    }
  ])
}
"""


@pytest.mark.parametrize("comments", [
    ["  // doalint: ignore[DOA101] batch job stays on EC2", "  // (the migration is JIRA-12)"],
    ["  # doalint: ignore[DOA101] batch job stays on EC2", "", "  # (the migration is JIRA-12)"],
])
def test_terraform_comments_of_either_kind_between_a_comment_and_its_argument(linter, in_tmp, comments):
    """In Terraform ``//`` and ``#`` comment lines between a suppression and its argument are passed over."""
    text = _TF % "\n".join(comments)
    (in_tmp / "main.tf").write_text(text)
    report = linter.lint_paths(["main.tf"])
    assert not report.internal_errors, report.internal_errors
    line = _line(text, "network_mode")
    assert _shown(report) == [("DOA101", line, 3, "batch job stays on EC2")]
    assert report.findings[0].suppression.source == "main.tf:3"


def test_a_terraform_buffer_names_the_comment_by_the_buffers_name(linter):
    """``--stdin-filename main.tf``: the suppression's source is main.tf:<line>, as for the file read."""
    text = _TF % "  # doalint: ignore[DOA101] batch job stays on EC2"
    [f] = _lint(linter, text, "main.tf").findings
    assert f.suppression.source == "main.tf:3"


# --- DOA013: a comment without a reason or a rule -----------------------------------------------

def test_a_comment_without_a_reason_is_doa013_and_suppresses_nothing(linter):
    text = _task_yaml(networkMode="bridge").replace(
        "networkMode: bridge", "networkMode: bridge  # doalint: ignore[DOA101, DOA202]")
    report = _lint(linter, text)
    assert [(f.rule, f.file, f.line, f.col, f.message, f.suppression) for f in report.findings] == [
        ("DOA101", "task.yaml", 2, 1, "networkMode is 'bridge'; the standard requires 'awsvpc'", None),
        ("DOA013", "task.yaml", 2, 22,
         "suppression of DOA101, DOA202 has no reason; write why after the brackets "
         "(e.g. '# doalint: ignore[DOA202] rolled back by CodeDeploy')", None),
    ]


def test_a_comment_with_neither_rule_nor_reason_suppresses_nothing(linter):
    text = _task_yaml().replace("stopTimeout: 30", "stopTimeout: 30  # doalint: ignore[]")
    line = _line(text, "stopTimeout")
    report = _lint(linter, text)
    assert [(f.rule, f.file, f.line, f.col, f.message) for f in report.findings] == [
        ("DOA013", "task.yaml", line, 20,
         "suppression of nothing has no reason; write why after the brackets "
         "(e.g. '# doalint: ignore[DOA202] rolled back by CodeDeploy')")]


def test_a_comment_with_a_reason_but_no_rule_is_doa013(linter):
    text = _above(_task_yaml(networkMode="bridge"), "networkMode:", "# doalint: ignore[ , ] batch job on EC2")
    report = _lint(linter, text)
    assert [(f.rule, f.file, f.line, f.col, f.message, f.suppression) for f in report.findings] == [
        ("DOA013", "task.yaml", 2, 1, "suppression names no rule: ignore[DOA202] or ignore[rule-name]", None),
        ("DOA101", "task.yaml", 3, 1, "networkMode is 'bridge'; the standard requires 'awsvpc'", None),
    ]


def test_apply_inline_marks_reports_bad_comments_and_unused_ones(linter):
    """doalint.suppress.apply_inline, the three steps in one: DOA013 for a comment without a reason,
    the covered finding marked, DOA012 for the valid comment that covered nothing."""
    from doalint.engine.findings import Suppression
    from doalint.loaders import parse_text
    from doalint.suppress import apply_inline, scan_inline

    text = _task_yaml(networkMode="bridge").replace(
        "networkMode: bridge", "networkMode: bridge  # doalint: ignore[DOA101] batch job on EC2").replace(
        "family: product-service", "family: product-service  # doalint: ignore[DOA101]").replace(
        "stopTimeout: 30", "stopTimeout: 30  # doalint: ignore[DOA114] slow drain")
    findings = linter.lint_buffer(_task_yaml(networkMode="bridge").encode(), "task.yaml").findings
    assert [f.rule for f in findings] == ["DOA101"]
    inlines = scan_inline(text, [u.smap for u in parse_text(text, "task.yaml")])
    emitted = []
    out = apply_inline(findings, inlines, "task.yaml", lambda *a: emitted.append(a))
    assert [(f.rule, f.suppression) for f in out] == [
        ("DOA101", Suppression("inSource", "batch job on EC2", "task.yaml:2"))]
    stop = _line(text, "stopTimeout")
    assert emitted == [
        ("DOA013", "task.yaml", 1, 26, "suppression of DOA101 has no reason; write why after the brackets "
                                       "(e.g. '# doalint: ignore[DOA202] rolled back by CodeDeploy')"),
        ("DOA012", "task.yaml", stop, 20,
         "suppression of DOA114 matches no finding at containerDefinitions[0].stopTimeout; remove it"),
    ]


# --- waivers ---------------------------------------------------------------------------------------

def _waived_task(tmp_path):
    """task.json with DOA101 (networkMode), DOA109 (environment[4].name), DOA112 (healthCheck.interval)."""
    td = _base("task-definition.json")
    td["networkMode"] = "bridge"
    td["containerDefinitions"][0]["healthCheck"]["interval"] = 10
    td["containerDefinitions"][0]["environment"].append({"name": "REDIS_PASSWORD", "value": "hunter2"})
    (tmp_path / "task.json").write_text(json.dumps(td, indent=2))


def _run(tmp_path, profile, config_text: str):
    """Lint task.json of ``tmp_path`` (the working directory) with ``config_text`` as .doalint.yaml."""
    from doalint.config import load
    from doalint.engine.runner import Linter

    (tmp_path / ".doalint.yaml").write_text(config_text)
    report = Linter(profile, config=load(tmp_path / ".doalint.yaml")).lint_paths(["task.json"])
    assert not report.internal_errors, report.internal_errors
    return report


def _by_rule(report) -> dict:
    return {f.rule: f for f in report.findings}


def test_the_findings_the_waiver_tests_start_from(in_tmp, profile):
    _waived_task(in_tmp)
    report = _run(in_tmp, profile, "fail-level: error\n")
    assert [(f.rule, f.path) for f in report.findings] == [
        ("DOA101", ("networkMode",)),
        ("DOA109", ("containerDefinitions", 0, "environment", 4, "name")),
        ("DOA112", ("containerDefinitions", 0, "healthCheck", "interval")),
    ]


@pytest.mark.parametrize("rule,document,waived", [
    ("DOA112", "containerDefinitions[0].healthCheck.interval", True),  # the finding's own path
    ("DOA112", "containerDefinitions[0].healthCheck", True),  # a key above it, dotted
    ("DOA112", "containerDefinitions/0/healthCheck", True),  # the same, slashed
    ("DOA112", "/containerDefinitions/0/healthCheck", True),  # a JSON pointer: its leading / dropped
    ("DOA112", "  containerDefinitions/0/healthCheck/interval  ", True),  # blanks around it dropped
    ("DOA109", "containerDefinitions[0].environment", True),  # a list above it: the next is [4]
    ("DOA112", "ECS task definition product-service", True),  # the document's own name
    ("DOA112", "containerDefinitions[0].health", False),  # a prefix that stops inside a key
    ("DOA112", "containerDefinitions/0/health", False),
    ("DOA109", "containerDefinitions[0].env", False),
    ("DOA112", "XcontainerDefinitions[0].healthCheck", False),  # only slashes are dropped in front
    ("DOA112", "containerDefinitions[0].healthCheck.interval.x", False),  # below the finding
    ("DOA112", "ECS task definition product", False),
])
def test_a_waivers_document_matches_a_path_or_document_at_a_boundary(in_tmp, profile, rule, document, waived):
    """``document``: the finding's path (dotted or slashed, a leading / allowed), a key or list above
    it, or the document's name; a match ends at a key or an index, never inside a key."""
    _waived_task(in_tmp)
    report = _run(in_tmp, profile, f"waivers:\n  - rule: {rule}\n    path: task.json\n"
                                   f"    document: {json.dumps(document)}\n    reason: tracked in JIRA-12\n")
    found = _by_rule(report)
    others = {r for r in ("DOA101", "DOA109", "DOA112") if r != rule}
    assert all(found[r].suppression is None for r in others)
    if waived:
        assert found[rule].suppression.justification == "tracked in JIRA-12"
        assert "DOA012" not in found
    else:
        assert found[rule].suppression is None
        assert (found["DOA012"].file, found["DOA012"].line, found["DOA012"].message) == (
            ".doalint.yaml", 2, f"waiver of {rule} for 'task.json' matches no finding; remove it")


def test_a_waived_finding_names_the_waivers_reason_owner_and_place(in_tmp, profile):
    """The suppression is ``external``; its justification the reason and the owner, if any; its source
    .doalint.yaml:<line of the waiver>."""
    from doalint.engine.findings import Suppression

    _waived_task(in_tmp)
    report = _run(in_tmp, profile, (
        "waivers:\n"
        "  - rule: DOA101\n"
        "    path: task.json\n"
        "    reason: batch job stays on EC2\n"
        "    owner: platform-team\n"
        "  - rule: Health-Check-Not-Standard\n"
        "    path: '*.json'\n"
        "    reason: slow to start\n"))
    found = _by_rule(report)
    assert found["DOA101"].suppression == Suppression(
        "external", "batch job stays on EC2 (owner platform-team)", ".doalint.yaml:2")
    assert found["DOA112"].suppression == Suppression("external", "slow to start", ".doalint.yaml:6")
    assert found["DOA109"].suppression is None and "DOA012" not in found


def test_a_waiver_of_an_unknown_rule_is_reported_and_the_next_waivers_still_apply(in_tmp, profile):
    _waived_task(in_tmp)
    report = _run(in_tmp, profile, (
        "waivers:\n"
        "  - rule: DOA999\n"
        "    path: task.json\n"
        "    reason: a typo\n"
        "  - {rule: DOA101, path: task.json, reason: batch job stays on EC2}\n"))
    found = _by_rule(report)
    assert [(f.rule, f.file, f.line, f.col, f.message) for f in report.findings if f.file == ".doalint.yaml"] == [
        ("DOA012", ".doalint.yaml", 2, 5, "waiver names the unknown rule 'DOA999'")]
    assert found["DOA101"].suppression.justification == "batch job stays on EC2"


def test_an_expired_waiver_is_doa011_with_its_owner_and_the_next_waivers_still_apply(in_tmp, profile):
    _waived_task(in_tmp)
    report = _run(in_tmp, profile, (
        "waivers:\n"
        "  - {rule: DOA101, path: task.json, reason: on EC2, owner: platform-team, expires: 2001-01-01}\n"
        "  - {rule: DOA112, path: task.json, reason: slow to start, expires: 2001-02-03}\n"
        "  - {rule: DOA109, path: task.json, reason: rotated weekly, expires: 2999-12-31}\n"))
    assert [(f.rule, f.line, f.col, f.message) for f in report.findings if f.file == ".doalint.yaml"] == [
        ("DOA011", 2, 5, "waiver of DOA101 for 'task.json' expired on 2001-01-01 (owner platform-team); "
                         "renew it with a new date or fix the findings"),
        ("DOA011", 3, 5, "waiver of DOA112 for 'task.json' expired on 2001-02-03; "
                         "renew it with a new date or fix the findings"),
    ]
    found = _by_rule(report)
    assert found["DOA101"].suppression is None and found["DOA112"].suppression is None
    assert found["DOA109"].suppression.justification == "rotated weekly"


def test_an_expired_waiver_of_files_not_read_is_not_judged_and_the_next_still_apply(in_tmp, profile):
    """A waiver whose files this run did not read is neither expired nor unused here; it does not stop
    the waivers after it."""
    _waived_task(in_tmp)
    report = _run(in_tmp, profile, (
        "waivers:\n"
        "  - {rule: DOA101, path: other.json, reason: on EC2, expires: 2001-01-01}\n"
        "  - {rule: DOA101, path: task.json, reason: batch job stays on EC2}\n"))
    assert [f.rule for f in report.findings if f.file == ".doalint.yaml"] == []
    assert _by_rule(report)["DOA101"].suppression.justification == "batch job stays on EC2"


# --- the baseline: a version-1 baseline pruned --------------------------------------------------

def _v1(rule: str, pointer: str) -> str:
    """A fingerprint as doalint's version 1 wrote it: rule, file, document, JSON pointer, ordinal."""
    base = "\x1f".join((rule, "task.json", "0", pointer))
    return hashlib.sha256(f"{base}\x1f0".encode()).hexdigest()[:32]


def test_prune_of_a_version_1_baseline_keeps_its_version_and_what_is_still_found(project):
    """Prune matches a version-1 baseline by its own fingerprints, drops only the fixed entry, and
    rewrites the file as version 1 (its fingerprints are of that version)."""
    _waived_task(project)
    entries = [
        {"fingerprint": _v1("DOA101", "/networkMode"), "rule": "DOA101", "file": "task.json", "path": "networkMode",
         "message": ""},
        {"fingerprint": _v1("DOA112", "/containerDefinitions/0/healthCheck/interval"), "rule": "DOA112",
         "file": "task.json", "path": "containerDefinitions[0].healthCheck.interval", "message": ""},
        {"fingerprint": _v1("DOA114", "/containerDefinitions/0/stopTimeout"), "rule": "DOA114",
         "file": "task.json", "path": "containerDefinitions[0].stopTimeout", "message": ""},  # fixed
    ]
    (project / "b.json").write_text(json.dumps({"version": 1, "tool": "doalint", "findings": entries}))
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", "task.json", cwd=project)
    assert (code, out) == (0, "Kept 2 entries, removed 1 fixed.\n"), err
    data = json.loads((project / "b.json").read_text())
    assert data["version"] == 1
    assert [e["fingerprint"] for e in data["findings"]] == [entries[0]["fingerprint"], entries[1]["fingerprint"]]


# --- CloudFormation Metadata entries: matched on the finding's resource, not its message ----------

def _finding(rule: str, document: str, message: str, file: str = "t.yaml"):
    from doalint.engine.findings import Finding

    return Finding(rule, "x", "error", file, 3, 5, 3, 9, message, document=document)


def test_a_metadata_entry_on_a_resource_covers_that_resources_findings_only():
    from doalint.frontend import MetadataIgnore
    from doalint.source import Span
    from doalint.suppress import mark_metadata

    entry = MetadataIgnore("Resources/Api", "DOA202", "rolled back by CodeDeploy", Span(12, 9, 12, 9))
    mine = _finding("DOA202", "Resources/Api", "Resources/Api: circuit breaker")
    # another resource whose name starts the same, and a message that merely starts with the scope
    other = _finding("DOA202", "Resources/ApiV2", "Resources/Api: a message that starts with the scope")
    elsewhere = _finding("DOA202", "Resources/Api", "Resources/Api: circuit breaker", file="other.yaml")
    got = mark_metadata([mine, other, elsewhere], [entry], "t.yaml")
    assert [f.suppression and (f.suppression.kind, f.suppression.justification, f.suppression.source)
            for f in got] == [("inSource", "rolled back by CodeDeploy", "t.yaml:12"), None, None]
    assert entry.used


def test_a_metadata_entry_on_the_template_covers_every_finding_of_the_file_by_rule_id_or_name():
    from doalint.frontend import MetadataIgnore
    from doalint.source import Span
    from doalint.suppress import mark_metadata, report_unused_metadata

    by_name = MetadataIgnore(None, "x", "why", Span(4, 3, 4, 3))
    unused = MetadataIgnore("Resources/Db", "DOA101", "why", Span(20, 9, 20, 9))
    got = mark_metadata([_finding("DOA203", "", "a format error")], [unused, by_name], "t.yaml")
    assert got[0].suppression.source == "t.yaml:4" and by_name.used and not unused.used
    said = []
    report_unused_metadata([unused, by_name], "t.yaml", lambda *a: said.append(a))
    assert said == [("DOA012", "t.yaml", 20, 9, "suppression of DOA101 matches no finding of Resources/Db; remove it")]
