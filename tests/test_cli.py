"""The command line as users run it: output, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_cli

SEED_TASK = str(FIXTURES / "seed" / "product-service.task-definition.json")
BASE_TASK = str(FIXTURES / "rules" / "_base" / "task-definition.json")


def test_example_project_reports_the_bad_folder_and_exits_1():
    code, out, err = run_cli("check", str(FIXTURES / "example"), "--color", "never")
    assert code == 1, err
    lines = [line for line in out.splitlines() if ": DOA" in line]
    assert lines
    assert all("/example/bad/" in line for line in lines), "only the bad folder may have findings"
    first = lines[0]
    path, line, col = first.split(":")[:3]
    assert path.endswith(".json") or path.endswith(".yaml")
    assert line.isdigit() and col.isdigit()
    assert out.splitlines()[-1].startswith("Found ")


def test_clean_file_exits_0():
    code, out, _ = run_cli("check", BASE_TASK)
    assert code == 0
    assert out.startswith("All checks passed")


@pytest.mark.parametrize(
    "args",
    [
        ("check", "does/not/exist.json"),
        ("check", BASE_TASK, "--select", "DOA999"),
        ("check", BASE_TASK, "--ignore", "no-such-rule"),
        ("check", BASE_TASK, "--format", "xml"),
        ("check", BASE_TASK, "--no-such-flag"),
        ("explain", "NOPE"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2_with_one_line(args):
    code, out, err = run_cli(*args)
    assert code == 2
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("doalint: error: ")


def test_select_and_ignore_by_id_name_and_prefix():
    bad = str(FIXTURES / "rules" / "DOA101" / "bad.json")
    assert run_cli("check", bad, "--select", "DOA101")[0] == 1
    assert run_cli("check", bad, "--select", "network-mode-not-awsvpc")[0] == 1
    assert run_cli("check", bad, "--select", "DOA1")[0] == 1
    assert run_cli("check", bad, "--ignore", "DOA101")[0] == 0
    assert run_cli("check", bad, "--select", "DOA2,DOA0")[0] == 0


def test_fail_level():
    # only a warning (DOA117, image tag latest) in the seed task definition
    code, out, _ = run_cli("check", SEED_TASK, "--fail-level", "error")
    assert code == 0 and "DOA117 [warning]" in out
    assert run_cli("check", SEED_TASK, "--fail-level", "warning")[0] == 1


def test_json_output():
    code, out, _ = run_cli("check", str(FIXTURES / "example" / "bad"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["version"] == 1
    f = data["findings"][0]
    assert {"rule", "name", "severity", "file", "line", "column", "message", "path"} <= set(f)
    assert data["summary"]["findings"] == len(data["findings"])


def test_statistics_and_verbose():
    code, out, _ = run_cli("check", str(FIXTURES / "example"), "--statistics", "--verbose", "--color", "never")
    assert code == 1
    assert "package.json: skipped: a package manifest" in out
    # one line per rule that found something: its count, id, severity and name, the most frequent first
    stats = [line.split() for line in out.splitlines() if line.startswith("    ") and "  DOA" in line
             and line.strip()[0].isdigit()]
    assert stats[:3] == [["4", "DOA905", "[error]", "execution-role-grants-mismatch"],
                         ["3", "DOA205", "[error]", "awsvpc-configuration-exposed"],
                         ["2", "DOA904", "[error]", "deployment-alarm-missing"]]
    assert ["1", "DOA117", "[warning]", "image-tag-not-pinned"] in stats
    assert sum(int(row[0]) for row in stats) == 26 and len(stats) == 20
    assert ("Found 26 findings (25 errors, 1 warning) in 10 files; checked 65 documents in 64 files "
            "(10 fixable with --fix, 2 more with --unsafe-fixes).") in out


def test_color(monkeypatch):
    bad = str(FIXTURES / "rules" / "DOA101" / "bad.json")
    runs = {"always": run_cli("check", bad, "--color", "always"), "never": run_cli("check", bad, "--color", "never"),
            "NO_COLOR": run_cli("check", bad, env={"NO_COLOR": "1"}),
            "FORCE_COLOR": run_cli("check", bad, env={"FORCE_COLOR": "1"})}
    assert {k: code for k, (code, _, _) in runs.items()} == dict.fromkeys(runs, 1)
    assert "\x1b[" in runs["always"][1] and "\x1b[" in runs["FORCE_COLOR"][1]
    assert "\x1b[" not in runs["never"][1] and "\x1b[" not in runs["NO_COLOR"][1]
    plain = runs["never"][1]
    assert "DOA101" in plain and runs["NO_COLOR"][1] == plain
    assert __import__("re").sub(r"\x1b\[[0-9;]*m", "", runs["always"][1]) == plain  # the same text, coloured


def test_explain_by_id_and_by_name_are_identical():
    code1, by_id, _ = run_cli("explain", "DOA202")
    code2, by_name, _ = run_cli("explain", "deployment-circuit-breaker")
    assert code1 == code2 == 0
    assert by_id == by_name
    for heading in ("What it checks", "Why it matters", "Example", "Use instead", "Options", "References"):
        assert heading in by_id
    assert "service.circuit_breaker.rollback = true" in by_id


def test_explain_formats():
    code, md, _ = run_cli("explain", "DOA101", "--format", "markdown")
    assert code == 0 and md.startswith("# DOA101 network-mode-not-awsvpc")
    code, js, _ = run_cli("explain", "DOA101", "--format", "json")
    assert json.loads(js)["options"]["values"] == {"task.network_mode": "awsvpc"}


def test_rules_listing():
    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids)
    assert {"DOA001", "DOA002", "DOA010", "DOA101", "DOA118", "DOA201", "DOA210"} <= set(ids)
    code, out, _ = run_cli("rules", "--tag", "task-definition")
    assert code == 0 and "DOA101" in out and "DOA201" not in out


def _profile_copy(tmp_path, edit):
    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    edit(data)
    p = tmp_path / "profile.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(p)


def test_profile_change_changes_the_verdict(tmp_path):
    assert run_cli("check", BASE_TASK)[0] == 0

    def bigger(d):
        d["services"]["product-service"]["memory"] = 2048

    code, out, _ = run_cli("check", BASE_TASK, "--profile", _profile_copy(tmp_path, bigger))
    assert code == 1
    assert "DOA103" in out and "2048" in out


def test_malformed_profile_exits_2_naming_key_and_line(tmp_path):
    def broken(d):
        d["services"]["product-service"]["memory"] = "lots"

    code, out, err = run_cli("check", BASE_TASK, "--profile", _profile_copy(tmp_path, broken))
    assert code == 2
    assert "services.product-service.memory" in err and "Traceback" not in err
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text("services: [\n")
    code, _, err = run_cli("check", BASE_TASK, "--profile", str(bad_yaml))
    assert code == 2 and "broken.yaml:" in err
    code, _, err = run_cli("check", BASE_TASK, "--profile", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err


def test_unknown_profile_key_is_named(tmp_path):
    def extra(d):
        d["task"]["stop_timeot"] = 30

    code, _, err = run_cli("check", BASE_TASK, "--profile", _profile_copy(tmp_path, extra))
    assert code == 2 and "stop_timeot" in err


def test_installed_console_script_runs():
    exe = shutil.which("doalint", path=str(ROOT / ".venv" / "bin")) or shutil.which("doalint")
    if exe is None:
        pytest.skip("console script not on PATH")
    proc = subprocess.run([exe, "check", BASE_TASK], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_python_dash_m():
    proc = subprocess.run([sys.executable, "-m", "doalint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "doalint" in proc.stdout


def test_bundled_profile_matches_its_schema():
    import jsonschema

    schema = json.loads((ROOT / "rules" / "profile.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_edited_bundled_profile_is_still_validated(tmp_path, monkeypatch):
    """The bundled profile skips jsonschema for speed and validates each section when a rule
    first reads it: a broken section still stops the run with exit 2, naming key and line."""
    import doalint.profile as prof

    data = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    data["task"]["stop_timeout"] = "thirty"
    p = tmp_path / "standard.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setattr(prof, "default_profile_path", lambda: p)
    code, out, err = run_cli("check", BASE_TASK)
    assert code == 2, out
    assert "task.stop_timeout" in err and "standard.yaml:" in err and "Traceback" not in err


def test_readme_rule_table_is_current():
    """README's rule table is `doalint rules --format markdown`; regenerate it when rules change."""
    code, table, _ = run_cli("rules", "--format", "markdown")
    assert code == 0 and table.count("| DOA") >= 50
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rules-table:start -->\n") + len("<!-- rules-table:start -->\n")
    end = readme.index("<!-- rules-table:end -->")
    assert readme[start:end] == table, "README rule table is stale: paste `doalint rules --format markdown`"


# --- issue 14, item 6: small defects -------------------------------------------------------------


def test_rules_with_an_unknown_tag_exits_2_naming_the_known_tags():
    code, out, err = run_cli("rules", "--tag", "no-such-tag")
    assert code == 2 and not out
    assert err.startswith("doalint: error: ") and "no-such-tag" in err
    assert "task-definition" in err and "security" in err  # the tags there are
    assert run_cli("rules", "--tag", "security")[0] == 0


def test_deployment_alarm_missing_relates_no_unrelated_alarm(tmp_path):
    src = FIXTURES / "rules" / "DOA904" / "bad-missing-alarm"
    for f in src.iterdir():
        shutil.copy(f, tmp_path / f.name)
    code, out, _ = run_cli("check", "--isolated", "--select", "DOA904", "--format", "json", str(tmp_path))
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert "product-service-high-latency" in finding["message"]
    # the only alarm of the run is product-service-5xx-errors: another alarm, not the missing one
    assert finding["related"] == []
    # an alarm whose name is a near miss is the likely intended one: related as such
    alarm = json.loads((src / "alarm-5xx-errors.json").read_text())
    alarm["AlarmName"] = "product-service-high-latancy"
    (tmp_path / "alarm-latency.json").write_text(json.dumps(alarm, indent=2))
    code, out, _ = run_cli("check", "--isolated", "--select", "DOA904", "--format", "json", str(tmp_path))
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    (related,) = finding["related"]
    assert related["file"].endswith("alarm-latency.json")
    assert "product-service-high-latancy" in related["message"]


def test_execution_role_grants_beyond_need_name_each_resource(tmp_path):
    src = FIXTURES / "rules" / "DOA905" / "good-exact-grants"
    shutil.copy(src / "task-definition.json", tmp_path / "task-definition.json")
    policy = json.loads((src / "execution-role-policy.json").read_text())
    keys = ["arn:aws:kms:ap-northeast-2:123456789012:key/one", "arn:aws:kms:ap-northeast-2:123456789012:key/two"]
    policy["PolicyDocument"]["Statement"].append(
        {"Sid": "Keys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": keys})
    (tmp_path / "execution-role-policy.json").write_text(json.dumps(policy, indent=2))
    code, out, _ = run_cli("check", "--isolated", "--select", "DOA905", "--format", "json", str(tmp_path))
    assert code == 1
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert len(messages) == 2 and len(set(messages)) == 2, messages
    assert keys[0] in messages[0] + messages[1] and keys[1] in messages[0] + messages[1]


# --- issue 14: files that are never deployment files; a tfvars file alone -----------------------

WELL_KNOWN = {
    "package-lock.json": "a lockfile",
    "web/yarn.lock": "a lockfile",
    "web/pnpm-lock.yaml": "a lockfile",
    "composer.lock": "a lockfile",
    "deps.lock.json": "a lockfile",
    "package.json": "a package manifest",
    "web/tsconfig.base.json": "a TypeScript or JavaScript project file",
    "web/jsconfig.json": "a TypeScript or JavaScript project file",
    "composer.json": "a package manifest",
    "web/.eslintrc.json": "an editor or formatter setting",
    "web/.prettierrc.yaml": "an editor or formatter setting",
    ".vscode/settings.json": "an editor or formatter setting",
    ".idea/misc.json": "an editor or formatter setting",
    "static/app.min.json": "minified JSON",
    ".pre-commit-config.yaml": "a CI or tool configuration",
    ".github/workflows/ci.yml": "a CI or tool configuration",
    "docker-compose.override.yml": "a Docker Compose file",
    "compose.yaml": "a Docker Compose file",
}


def _well_known_tree(tmp_path):
    big = "{" + ",".join(f'"k{i}": {i}' for i in range(400)) + "}"
    for rel in WELL_KNOWN:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(big)
    shutil.copy(BASE_TASK, tmp_path / "task-definition.json")


def test_well_known_non_deployment_files_are_skipped_in_a_scan_and_when_named(tmp_path):
    _well_known_tree(tmp_path)
    code, out, _ = run_cli("check", ".", "-v", "--max-file-size", "3000", "--isolated", cwd=tmp_path)
    assert code == 0, out
    assert "1 document in 1 file" in out
    for rel, why in WELL_KNOWN.items():
        if rel.endswith(".lock"):  # not a JSON, YAML or Terraform name: a scan passes over it quietly
            assert rel not in out
        else:
            assert f"{rel}: skipped: {why}" in out, rel
    named = [str(tmp_path / rel) for rel in WELL_KNOWN]  # as pre-commit passes them
    code, out, _ = run_cli("check", *named, "-v", "--max-file-size", "3000", "--isolated")
    assert code == 0 and "DOA001" not in out, out
    assert "package-lock.json: skipped: a lockfile" in out


def test_files_with_names_like_well_known_ones_are_still_read(tmp_path):
    for rel in ("package-task-definition.json", "compose/task-definition.json", "workflows/task-definition.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", tmp_path / rel)
    code, out, _ = run_cli("check", ".", "--isolated", cwd=tmp_path)
    assert code == 1 and out.count("DOA101") == 3, out


def test_the_size_limit_finding_suggests_exclude(tmp_path):
    p = tmp_path / "huge-data.json"
    p.write_text(json.dumps({"k": "x" * 200}))
    code, out, _ = run_cli("check", str(p), "--max-file-size", "100", "--isolated")
    assert code == 1 and "DOA001" in out and "exclude" in out and ".doalint.yaml" in out, out


TF_TASK = '''
resource "aws_ecs_task_definition" "product" {
  family                   = "product-service"
  network_mode             = var.network_mode
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  container_definitions    = jsonencode([{ name = "product-service", image = "x/product-service:1.0.0", essential = true }])
}
variable "network_mode" { default = "awsvpc" }
'''


@pytest.mark.parametrize("tfvars", ["terraform.tfvars", "prod.auto.tfvars", "terraform.tfvars.json"])
def test_a_tfvars_file_alone_brings_in_its_module(tmp_path, tfvars):
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "main.tf").write_text(TF_TASK)
    body = '{"network_mode": "bridge"}' if tfvars.endswith(".json") else 'network_mode = "bridge"\n'
    (infra / tfvars).write_text(body)
    code, out, _ = run_cli("check", f"infra/{tfvars}", "--isolated", "--select", "DOA101", cwd=tmp_path)
    assert code == 1, out
    assert "infra/main.tf:4:" in out and "DOA101" in out and "bridge" in out
    assert "in 2 files" in out  # the tfvars file and the module's main.tf
    # a staged .tf with it: the module once
    code, out2, _ = run_cli("check", f"infra/{tfvars}", "infra/main.tf", "--isolated", "--select", "DOA101",
                            cwd=tmp_path)
    assert code == 1 and out2 == out


def test_a_var_file_terraform_does_not_load_itself_is_checked_alone(tmp_path):
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "main.tf").write_text(TF_TASK.replace('"awsvpc"', '"bridge"'))
    (infra / "prod.tfvars").write_text('network_mode = "awsvpc"\n')  # read only with -var-file
    code, out, _ = run_cli("check", "infra/prod.tfvars", "--isolated", cwd=tmp_path)
    assert code == 0 and "0 documents in 1 file" in out, out


# --- issue 14: --context (documents read for relations across documents, not reported on) ---------


def _context_repo(root, port=3004):
    """A repository: a service (the file given), its task definition exposing ``port`` and with a
    finding of its own (networkMode bridge), a file that does not parse, and a YAML file with a
    suppression comment without a reason (DOA013): the last three are context."""
    (root / ".git").mkdir()
    svc = root / "services" / "product"
    svc.mkdir(parents=True)
    shutil.copy(FIXTURES / "rules" / "_base" / "service.json", svc / "service.json")
    task = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
    task["containerDefinitions"][0]["portMappings"][0]["containerPort"] = port
    task["networkMode"] = "bridge"
    (svc / "task-definition.json").write_text(json.dumps(task, indent=2) + "\n")
    (root / "broken.json").write_text("{\n")
    (root / "alarm.yaml").write_text(
        "# doalint: ignore[DOA802]\nAlarmName: product-service-cpu-high\nMetricName: CPUUtilization\n")
    return "services/product/service.json"


def test_context_relates_the_files_given_to_the_rest_and_reports_only_the_files_given(tmp_path):
    given = _context_repo(tmp_path)
    code, out, err = run_cli("check", "--isolated", "--format", "json", given, cwd=tmp_path)
    assert code == 0 and json.loads(out)["findings"] == [], out  # alone, the service relates to nothing
    code, out, err = run_cli("check", "--isolated", "--format", "json", "--context", ".", given, cwd=tmp_path)
    assert code == 1, err
    report = json.loads(out)
    (finding,) = report["findings"]
    assert finding["rule"] == "DOA901" and finding["file"] == given
    assert [r["file"] for r in finding["related"]] == ["services/product/task-definition.json"]
    assert "3004" in finding["message"]
    # the context's own findings (DOA101, DOA001, DOA013) are neither shown nor counted
    code, out, _ = run_cli("check", "--isolated", "--color", "never", "--context", ".", given, cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 finding (1 error) in 1 file; checked 1 document in 1 file."
    assert "task-definition.json:" not in out.replace("    services/product/task-definition.json:", "")


def test_context_findings_between_context_files_are_not_reported(tmp_path):
    """A service given with the seed project as context: the execution role's policy and the task
    definition (both context) disagree (DOA905), and the deployment group waits on alarms the seed does
    not define (DOA904); neither finding stands in the file given, so neither is reported."""
    shutil.copytree(FIXTURES / "seed", tmp_path / "seed")
    code, out, err = run_cli("check", "--isolated", "--color", "never", "seed", cwd=tmp_path)
    assert "DOA905" in out and "DOA904" in out  # (the whole project has them)
    code, out, err = run_cli("check", "--isolated", "--color", "never", "--context", "seed",
                             "seed/product-service.service.json", cwd=tmp_path)
    assert (code, out) == (0, "All checks passed: 1 document in 1 file.\n"), out + err


def test_context_is_repeatable_and_a_file_given_is_reported_even_when_also_in_the_context(tmp_path):
    _context_repo(tmp_path)
    alone = run_cli("check", "--isolated", "--format", "json", ".", cwd=tmp_path)
    both = run_cli("check", "--isolated", "--format", "json", "--context", ".", "--context", "services", ".",
                   cwd=tmp_path)
    assert alone == both and both[0] == 1
    rules = sorted(f["rule"] for f in json.loads(both[1])["findings"])
    assert "DOA901" in rules and "DOA101" in rules and "DOA001" in rules and "DOA013" in rules


def test_context_documents_relate_only_inside_their_project(tmp_path):
    """Context files go through the same project scoping: a task definition of another project
    (a folder with its own .doalint.yaml) is not the service's."""
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "rules" / "_base" / "service.json", tmp_path / "service.json")
    other = tmp_path / "other"
    other.mkdir()
    (other / ".doalint.yaml").write_text("fail-level: error\n")
    task = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
    task["containerDefinitions"][0]["portMappings"][0]["containerPort"] = 3004
    (other / "task-definition.json").write_text(json.dumps(task, indent=2))
    code, out, err = run_cli("check", "--isolated", "--format", "json", "--context", ".", "service.json",
                             cwd=tmp_path)
    assert code == 0 and json.loads(out)["findings"] == [], out + err


def test_context_from_the_configuration(tmp_path):
    """config ``context:``: paths and globs relative to the configuration file; --context replaces it."""
    _context_repo(tmp_path)
    (tmp_path / ".doalint.yaml").write_text('context: ["services/*/task-definition.json"]\n')
    code, out, err = run_cli("check", "--format", "json", "product/service.json", cwd=tmp_path / "services")
    assert code == 1, err
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "DOA901" and finding["file"] == "product/service.json"
    assert [r["file"] for r in finding["related"]] == ["product/task-definition.json"]
    code, out, err = run_cli("check", "--format", "json", "--context", "../broken.json", "product/service.json",
                             cwd=tmp_path / "services")
    assert code == 0 and json.loads(out)["findings"] == [], out + err


def test_context_files_waivers_are_not_judged_unused(tmp_path):
    """A waiver about a context file judges nothing (no finding of it is reported): not DOA012."""
    _context_repo(tmp_path)
    (tmp_path / ".doalint.yaml").write_text(
        "waivers:\n  - rule: DOA101\n    path: services/product/task-definition.json\n"
        "    reason: the legacy task runs on EC2 until the migration\n")
    code, out, err = run_cli("check", "--format", "json", "--context", ".", "services/product/service.json",
                             cwd=tmp_path)
    assert code == 1 and [f["rule"] for f in json.loads(out)["findings"]] == ["DOA901"], out + err


def test_context_path_that_does_not_exist_is_a_usage_error(tmp_path):
    given = _context_repo(tmp_path)
    code, out, err = run_cli("check", "--isolated", "--context", "nowhere", given, cwd=tmp_path)
    assert code == 2 and err.startswith("doalint: error: ") and "nowhere" in err
    (tmp_path / ".doalint.yaml").write_text("context: [nowhere]\n")
    code, out, err = run_cli("check", given, cwd=tmp_path)
    assert code == 2 and "context" in err and "nowhere" in err, err


def test_context_terraform_module_files_relate_to_a_given_file_of_the_module(tmp_path):
    """A staged service.tf whose task definition sits in another, unstaged file of the module (and
    a JSON task definition in the context): DOA901 reported in service.tf, once."""
    (tmp_path / ".git").mkdir()
    src = FIXTURES / "rules" / "DOA901" / "bad-sidecar-port"
    for f in src.iterdir():
        shutil.copy(f, tmp_path / f.name)
    code, out, err = run_cli("check", "--isolated", "--format", "json", "--context", ".", "service.tf",
                             cwd=tmp_path)
    assert code == 1, err
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [("DOA901", "service.tf", 31)]


# --- issue 14: --exit-zero, --show-source, --show-files, standard input -----------------------------

BAD_TASK = FIXTURES / "rules" / "DOA101" / "bad.json"


def _stdin(monkeypatch, data: bytes):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_exit_zero_reports_and_exits_0():
    code, out, _ = run_cli("check", "--isolated", "--color", "never", str(BAD_TASK))
    assert code == 1
    code, out2, _ = run_cli("check", "--isolated", "--color", "never", "--exit-zero", str(BAD_TASK))
    assert code == 0 and out2 == out and "DOA101" in out
    assert run_cli("check", "--exit-zero", "--select", "DOA999", str(BAD_TASK))[0] == 2  # usage errors still 2


def _caret_under(out: str, rule: str) -> tuple[str, str]:
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if f" {rule} [" in line)
    source, marks = lines[i + 2], lines[i + 3]
    return source.split(" | ", 1)[1], marks.split(" | ", 1)[1]


def test_show_source_marks_the_column_in_json_yaml_terraform_and_cloudformation(tmp_path):
    folder = FIXTURES / "example" / "bad"
    code, out, _ = run_cli("check", "--isolated", "--color", "never", "--show-source", str(folder))
    assert code == 1
    for line in out.splitlines():
        if ": DOA" in line and not line.startswith(" "):
            path, number, col = line.split(":")[:3]
            text = (ROOT / path).read_text(encoding="utf-8").split("\n")[int(number) - 1]
            after = out.split(line + "\n", 1)[1].splitlines()  # a bar, the line, the marks
            assert after[0].strip() == "|"
            assert after[1].split(" | ", 1)[1] == text.rstrip("\r")
            marks = after[2].split(" | ", 1)[1]
            assert marks.index("^") == int(col) - 1, line
    kinds = {line.split(":")[0].rsplit(".", 1)[-1] for line in out.splitlines() if ": DOA" in line}
    assert {"json", "yaml", "tf"} <= kinds
    assert "coupon-service.template.yaml" in out  # CloudFormation
    # the underline covers the value's key on its line (JSON)
    code, out, _ = run_cli("check", "--isolated", "--show-source", str(BAD_TASK))
    assert code == 1
    source, marks = _caret_under(out, "DOA101")
    assert source.strip().startswith('"networkMode"') and marks.strip().startswith("^^^")


def test_show_source_leaves_findings_located_by_arn_alone():
    from doalint.engine.findings import Finding, Report
    from doalint.reporters import RenderOptions, text

    arn = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/user-service:1"
    report = Report(findings=[Finding("DOA117", "image-tag-not-pinned", "warning", arn, 0, 0, 0, 0, "tag latest",
                                      path=("containerDefinitions", 0, "image"))], files=1, live=True)
    never_read = RenderOptions(source=lambda f: (_ for _ in ()).throw(AssertionError("read " + f)))
    out = text.REPORTER.render(report, never_read)
    assert out.splitlines()[0].startswith(arn + " at containerDefinitions[0].image:")
    assert " | " not in out


def test_show_files_lists_what_would_be_checked_and_exits_0(tmp_path):
    (tmp_path / "services").mkdir()
    shutil.copy(BAD_TASK, tmp_path / "services" / "task-definition.json")
    (tmp_path / "legacy").mkdir()
    shutil.copy(BAD_TASK, tmp_path / "legacy" / "old.json")
    (tmp_path / "main.tf").write_text('resource "aws_ecs_cluster" "c" {\n  name = "c"\n}\n')
    (tmp_path / "README.md").write_text("not checked\n")
    (tmp_path / ".doalint.yaml").write_text('exclude: ["legacy/**"]\n')
    code, out, err = run_cli("check", "--show-files", cwd=tmp_path)
    assert code == 0, err
    assert out.splitlines() == ["main.tf", "services/task-definition.json"]
    code, out, _ = run_cli("check", "--show-files", "--isolated", ".", cwd=tmp_path)
    assert code == 0 and out.splitlines() == ["legacy/old.json", "main.tf", "services/task-definition.json"]


def test_stdin_with_a_filename_reads_the_buffer_under_that_name(tmp_path, monkeypatch):
    _stdin(monkeypatch, BAD_TASK.read_bytes())
    code, out, err = run_cli("check", "-", "--stdin-filename", "services/x/task-definition.json", "--isolated",
                             "--color", "never", "--show-source")
    assert code == 1, err
    first = out.splitlines()[0]
    assert first.startswith("services/x/task-definition.json:") and "DOA101" in first
    assert '"networkMode"' in out  # --show-source reads the buffer, not a file
    # (the fix of networkMode is unsafe: port mappings may need a change too)
    assert out.splitlines()[-1].endswith("checked 1 document in 1 file (1 fixable with --fix --unsafe-fixes).")


def test_stdin_name_decides_config_matching(tmp_path, monkeypatch):
    (tmp_path / ".doalint.yaml").write_text(
        'exclude: ["legacy/**"]\nper-file-ignores:\n  "services/batch/**": [DOA101]\n')
    _stdin(monkeypatch, BAD_TASK.read_bytes())
    code, out, err = run_cli("check", "-", "--stdin-filename", "services/batch/task-definition.json",
                             "--format", "json", cwd=tmp_path)
    assert code == 0, err  # DOA101 is the fixture's only finding, and it is ignored there
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "DOA101" not in rules and json.loads(out)["summary"]["files"] == 1
    _stdin(monkeypatch, BAD_TASK.read_bytes())
    code, out, err = run_cli("check", "-", "--stdin-filename", "legacy/task-definition.json", cwd=tmp_path)
    assert code == 0 and "excluded" in err and "0 files" in out


def test_stdin_without_a_name_is_sniffed_as_json_or_yaml(monkeypatch):
    import yaml as pyyaml

    _stdin(monkeypatch, BAD_TASK.read_bytes())
    code, out, _ = run_cli("check", "-", "--isolated", "--color", "never")
    assert code == 1 and out.startswith("<stdin>:") and "DOA101" in out
    _stdin(monkeypatch, pyyaml.safe_dump(json.loads(BAD_TASK.read_text()), sort_keys=False).encode())
    code, out, _ = run_cli("check", "-", "--isolated", "--color", "never", "--format", "json")
    assert code == 1 and "DOA101" in {f["rule"] for f in json.loads(out)["findings"]}
    _stdin(monkeypatch, b'{"family": "x",')  # broken: a finding with a position, not a traceback
    code, out, err = run_cli("check", "-", "--isolated", "--color", "never")
    assert code == 1 and out.startswith("<stdin>:1:") and "DOA001" in out and "Traceback" not in err


def test_stdin_terraform_is_a_one_file_module(monkeypatch):
    tf = (FIXTURES / "example" / "bad" / "terraform" / "network.tf").read_bytes()
    _stdin(monkeypatch, tf)
    code, out, err = run_cli("check", "-", "--stdin-filename", "infra/network.tf", "--isolated",
                             "--color", "never", "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert data["findings"] and {f["file"] for f in data["findings"]} == {"infra/network.tf"}
    assert "DOA801" in {f["rule"] for f in data["findings"]}
    assert "doalint-stdin" not in out


@pytest.mark.parametrize("args", [("check", "-", str(BAD_TASK)), ("check", str(BAD_TASK), "--stdin-filename", "x.json")])
def test_stdin_usage_errors(args):
    code, _, err = run_cli(*args)
    assert code == 2 and err.startswith("doalint: error: ")


# --- issue 14: doalint init ---------------------------------------------------------------------------


def _repo(tmp_path):
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "services").mkdir()
    shutil.copy(BAD_TASK, tmp_path / "services" / "task-definition.json")
    return tmp_path


def test_init_writes_a_commented_config_that_loads_cleanly(tmp_path):
    from doalint import config as cfgmod

    repo = _repo(tmp_path)
    (repo / "services" / "deep").mkdir()
    code, out, err = run_cli("init", cwd=repo / "services" / "deep")  # at the repository's root
    assert code == 0, err
    written = repo / ".doalint.yaml"
    text = written.read_text()
    for key in ("exclude", "per-file-ignores", "waivers", "profile", "fail-level", "baseline", "reason:"):
        assert key in text
    cfg = cfgmod.load(written)
    assert cfg.exclude == [] and not cfg.waivers and cfg.baseline is None
    assert not (repo / ".doalint-baseline.json").exists()
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []
    code, out, err = run_cli("check", "--color", "never", cwd=repo)
    assert code == 1 and "DOA101" in out and "DOA0" not in out, out + err  # the config itself is no finding


def test_init_with_a_baseline_records_todays_findings(tmp_path):
    repo = _repo(tmp_path)
    code, out, err = run_cli("init", "--baseline", cwd=repo)
    assert code == 0, err
    data = json.loads((repo / ".doalint-baseline.json").read_text())
    assert {e["rule"] for e in data["findings"]} >= {"DOA101"}
    assert yaml.safe_load((repo / ".doalint.yaml").read_text())["baseline"] == ".doalint-baseline.json"
    code, out, err = run_cli("check", "--color", "never", cwd=repo)
    assert code == 0 and "0 new" in out, out + err
    code, out, err = run_cli("init", "--baseline", "ci/base.json", cwd=_repo(tmp_path / "other"))
    assert code == 2 and err.startswith("doalint: error: ci/base.json: cannot write it")  # no such folder
    assert not (tmp_path / "other" / ".doalint.yaml").exists()


def test_init_never_overwrites(tmp_path):
    repo = _repo(tmp_path)
    (repo / ".doalint.yaml").write_text("fail-level: error\n")
    code, out, err = run_cli("init", cwd=repo)
    assert code == 2 and "already exists" in err and ".doalint.yaml" in err
    assert (repo / ".doalint.yaml").read_text() == "fail-level: error\n"
    (repo / ".doalint.yaml").unlink()
    (repo / "mine.json").write_text("{}\n")
    code, out, err = run_cli("init", "--baseline", "mine.json", cwd=repo)
    assert code == 2 and "mine.json already exists" in err
    assert (repo / "mine.json").read_text() == "{}\n" and not (repo / ".doalint.yaml").exists()
