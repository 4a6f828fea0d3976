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
    code, out, _ = run_cli("check", str(FIXTURES / "example"), "--statistics", "--verbose")
    assert "skipped: not a document kind doalint checks" in out
    assert "package.json" in out
    assert any(line.strip().startswith("1  DOA") or "  DOA" in line for line in out.splitlines())


def test_color(monkeypatch):
    bad = str(FIXTURES / "rules" / "DOA101" / "bad.json")
    assert "\x1b[" in run_cli("check", bad, "--color", "always")[1]
    assert "\x1b[" not in run_cli("check", bad, "--color", "never")[1]
    assert "\x1b[" not in run_cli("check", bad, env={"NO_COLOR": "1"})[1]
    assert "\x1b[" in run_cli("check", bad, env={"FORCE_COLOR": "1"})[1]


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
    rows = json.loads(out)
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids)
    assert {"DOA001", "DOA002", "DOA010", "DOA101", "DOA118", "DOA201", "DOA210"} <= set(ids)
    code, out, _ = run_cli("rules", "--tag", "task-definition")
    assert "DOA101" in out and "DOA201" not in out


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
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rules-table:start -->\n") + len("<!-- rules-table:start -->\n")
    end = readme.index("<!-- rules-table:end -->")
    assert readme[start:end] == table, "README rule table is stale: paste `doalint rules --format markdown`"
