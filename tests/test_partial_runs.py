"""Partial runs (a pre-commit hook sees only the staged files, --select runs some rules): waivers,
suppressions and the baseline are judged only against what the run read and the rules it ran."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import FIXTURES, run_cli, write

BAD101 = FIXTURES / "rules" / "DOA101" / "bad.json"
GOOD = FIXTURES / "rules" / "_base" / "task-definition.json"
A = "services/a/task-definition.json"
B = "services/b/task-definition.json"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A git root with two task definitions: a/ breaks DOA101, b/ breaks DOA114 (stopTimeout)."""
    (tmp_path / ".git").mkdir()
    for name in ("a", "b"):
        (tmp_path / "services" / name).mkdir(parents=True)
    shutil.copy(BAD101, tmp_path / A)
    data = json.loads(GOOD.read_text())
    data["containerDefinitions"][0]["stopTimeout"] = 90
    (tmp_path / B).write_text(json.dumps(data, indent=2))
    monkeypatch.chdir(tmp_path)
    from doalint.fingerprint import project_root

    project_root.cache_clear()
    yield tmp_path
    project_root.cache_clear()




def entries(path) -> list[tuple[str, str]]:
    return sorted((e["rule"], e["file"]) for e in json.loads(path.read_text())["findings"])


# --- waivers and suppressions (defect 1) ---------------------------------------------------------

def test_a_waiver_of_a_file_outside_the_run_is_neither_unused_nor_expired(project):
    write(project / ".doalint.yaml", f"""\
        waivers:
          - rule: DOA101
            path: {A}
            reason: batch job on EC2
          - rule: DOA101
            path: services/a/*.json
            reason: migrating
            expires: 2020-01-01
        """)
    code, out, _ = run_cli("check", B, "--ignore", "DOA114")
    assert code == 0 and "DOA012" not in out and "DOA011" not in out, out
    # once the file is in the run, both are judged again
    code, out, _ = run_cli("check", "services", "--ignore", "DOA114")
    assert code == 1 and ".doalint.yaml:5:5: DOA011" in out, out


def test_an_unused_waiver_of_a_file_in_the_run_is_still_reported(project):
    write(project / ".doalint.yaml", """\
        waivers:
          - rule: DOA202
            path: services/*/*.json
            reason: old exception
        """)
    code, out, _ = run_cli("check", B, "--ignore", "DOA114")
    assert code == 1 and ".doalint.yaml:2:5: DOA012" in out, out


def test_a_waiver_of_a_rule_that_did_not_run_is_not_unused(project):
    write(project / ".doalint.yaml", f"""\
        waivers:
          - rule: DOA114
            path: {B}
            reason: long drain on shutdown
        per-file-ignores:
          "services/a/*.json": [DOA101]
        """)
    code, out, _ = run_cli("check", "services", "--select", "DOA101,DOA012")
    assert code == 0 and "DOA012" not in out, out
    code, out, _ = run_cli("check", "services", "--select", "DOA114,DOA012")
    assert code == 0 and "1 waived" in out and "DOA012" not in out, out
    # a waiver of a rule its file's per-file-ignores turn off: the rule did not run there
    write(project / ".doalint.yaml", f"""\
        waivers:
          - rule: DOA101
            path: {A}
            reason: batch job on EC2
        per-file-ignores:
          "services/a/*.json": [DOA101]
        """)
    code, out, _ = run_cli("check", "services", "--ignore", "DOA114")
    assert code == 0 and "DOA012" not in out, out


def test_an_inline_suppression_of_a_rule_that_did_not_run_is_not_unused(project):
    y = write(project / "services" / "svc.yaml", """\
        family: product-service
        # doalint: ignore[DOA202] not a service: nothing to suppress here
        networkMode: bridge
        containerDefinitions: []
        """)
    code, out, _ = run_cli("check", str(y), "--select", "DOA101,DOA012")
    assert "DOA012" not in out and "DOA101" in out, out
    code, out, _ = run_cli("check", str(y), "--select", "DOA101,DOA202,DOA012")
    assert "svc.yaml:2:1: DOA012" in out, out


# --- the baseline (defect 3) ---------------------------------------------------------------------

@pytest.fixture
def base(project):
    code, out, _ = run_cli("baseline", "write", "services")
    assert code == 0 and "Wrote 2 finding" in out, out
    path = project / ".doalint-baseline.json"
    assert entries(path) == [("DOA101", A), ("DOA114", B)]
    return path


def test_check_of_some_files_counts_only_their_entries_as_fixed(project, base):
    code, out, _ = run_cli("check", B, "--baseline", str(base))
    assert code == 0 and "0 new, 1 baselined, 0 fixed" in out, out
    shutil.copy(GOOD, project / B)
    code, out, _ = run_cli("check", B, "--baseline", str(base))
    assert code == 0 and "0 new, 0 baselined, 1 fixed" in out, out


def test_prune_of_some_files_keeps_the_entries_of_the_others(project, base):
    shutil.copy(GOOD, project / B)
    code, out, _ = run_cli("baseline", "prune", B)
    assert code == 0 and "Kept 1 entry, removed 1 fixed" in out, out
    assert entries(base) == [("DOA101", A)]


def test_select_keeps_and_does_not_count_the_entries_of_the_other_rules(project, base):
    code, out, _ = run_cli("check", "services", "--select", "DOA114", "--baseline", str(base))
    assert code == 0 and "0 new, 1 baselined, 0 fixed" in out, out
    code, out, _ = run_cli("baseline", "prune", "services", "--select", "DOA114")
    assert code == 0 and "removed 0 fixed" in out, out
    assert entries(base) == [("DOA101", A), ("DOA114", B)]
    # the rules that ran still prune
    shutil.copy(GOOD, project / B)
    code, out, _ = run_cli("baseline", "prune", "services", "--select", "DOA114")
    assert entries(base) == [("DOA101", A)]


def test_a_file_that_does_not_parse_keeps_its_entries(project, base):
    (project / A).write_text('{"family": "batch", "networkMode": "bridge",\n')
    code, out, _ = run_cli("check", "services", "--baseline", str(base))
    assert code == 1 and "DOA001" in out and "1 new, 1 baselined, 0 fixed" in out, out
    for extra in ([], ["--select", "DOA101"]):  # (DOA001 not run: the file is still known unread)
        code, out, _ = run_cli("baseline", "prune", "services", *extra)
        assert code == 0 and "removed 0 fixed" in out, out
        assert entries(base) == [("DOA101", A), ("DOA114", B)]


def test_a_deleted_file_inside_the_paths_given_is_fixed(project, base):
    (project / A).unlink()
    code, out, _ = run_cli("check", B, "--baseline", str(base))
    assert "0 fixed" in out, out  # not among the paths given: not judged
    code, out, _ = run_cli("check", "services", "--baseline", str(base))
    assert "0 new, 1 baselined, 1 fixed" in out, out
    code, out, _ = run_cli("baseline", "prune", "services")
    assert "removed 1 fixed" in out and entries(base) == [("DOA114", B)]


def test_an_entry_across_documents_counts_only_when_its_other_file_was_read(project):
    shutil.copytree(FIXTURES / "rules" / "DOA901" / "bad-sidecar-port", project / "web")
    code, out, _ = run_cli("baseline", "write", "web", "--select", "DOA901")
    assert code == 0 and "Wrote 1 finding" in out, out
    base = project / ".doalint-baseline.json"
    [entry] = json.loads(base.read_text())["findings"]
    assert entry["file"] == "web/service.tf" and entry["related"] == ["web/task-definition.json"]
    # the service alone: DOA901 cannot be judged without its task definition, so it is not "fixed"
    code, out, _ = run_cli("check", "web/service.tf", "--select", "DOA901", "--baseline", str(base))
    assert "0 fixed" in out, out
    run_cli("baseline", "prune", "web/service.tf", "--select", "DOA901")
    assert len(json.loads(base.read_text())["findings"]) == 1


def test_baseline_write_of_some_files_keeps_the_entries_of_the_others(project, base):
    shutil.copy(GOOD, project / B)
    code, out, _ = run_cli("baseline", "write", B)
    assert code == 0, out
    assert entries(base) == [("DOA101", A)]


def test_a_failed_write_leaves_the_old_baseline(project, base, monkeypatch):
    os.chmod(base, 0o640)
    before = base.read_bytes()
    shutil.copy(GOOD, project / B)

    def fail(*_args, **_kw):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", fail)
        code, _, err = run_cli("baseline", "prune", "services")
    assert code == 2 and "cannot write it (No space left on device)" in err, err
    assert base.read_bytes() == before  # and no temporary file left behind
    assert sorted(p.name for p in project.iterdir()) == [".doalint-baseline.json", ".git", "services"]
    code, out, _ = run_cli("baseline", "prune", "services")
    assert code == 0 and "removed 1 fixed" in out
    assert os.stat(base).st_mode & 0o777 == 0o640


def test_a_cloudformation_metadata_suppression_of_a_rule_that_did_not_run_is_not_unused(project):
    from test_cloudformation import BASE

    t = project / "stack.yaml"
    t.write_text(BASE + "Metadata:\n  doalint:\n    ignore:\n      - {rule: DOA202, reason: nothing to waive}\n")
    code, out, _ = run_cli("check", "stack.yaml", "--select", "DOA101,DOA012")
    assert "DOA012" not in out, out
    code, out, _ = run_cli("check", "stack.yaml", "--select", "DOA202,DOA012")
    assert "DOA012" in out, out


# --- a Terraform module given without its variables.tf ------------------------------------------
_STEP_POLICY = """\
resource "aws_appautoscaling_policy" "steps" {
  for_each           = try(var.scaling.policy_type, null) == "StepScaling" ? var.scaling["behaviors"] : {}
  name               = "steps"
  policy_type        = "StepScaling"
  resource_id        = "service/doa-market-cluster/nope"
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
}
"""


def test_a_variable_declared_in_a_file_not_given_is_unknown_not_an_error(tmp_path, monkeypatch):
    """try(var.x.y, null) over a variable declared in another file of the module (a hook sees only
    main.tf) is unknown: the resource is judged as written, not skipped as if its for_each were {}."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / "main.tf", _STEP_POLICY)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("check", "--format", "json", "main.tf")
    report = json.loads(out)
    assert report["summary"]["documents"] == 1, report
    assert not report.get("skipped"), report["skipped"]
    assert [f["rule"] for f in report["findings"]] == ["DOA010"], report["findings"]
    # with the variable declared (no default), the value is as unknown: the same report
    write(tmp_path / "variables.tf", 'variable "scaling" {}\n')
    assert json.loads(run_cli("check", "--format", "json", "main.tf", "variables.tf")[1])["findings"] == report["findings"]
