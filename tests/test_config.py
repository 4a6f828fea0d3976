"""Configuration, waivers, inline suppressions and the baseline, as CI and pre-commit use them."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, run_cli, write

BAD101 = FIXTURES / "rules" / "DOA101" / "bad.json"
GOOD = FIXTURES / "rules" / "_base" / "task-definition.json"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project folder (a git root) with two task definitions, as the working directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "services").mkdir()
    shutil.copy(BAD101, tmp_path / "services" / "bridge.json")
    shutil.copy(GOOD, tmp_path / "services" / "good.json")
    monkeypatch.chdir(tmp_path)
    from doalint.fingerprint import project_root

    project_root.cache_clear()
    yield tmp_path
    project_root.cache_clear()




def test_config_is_found_from_a_subfolder_and_applied(project, monkeypatch):
    write(project / ".doalint.yaml", """\
        ignore: [network-mode-not-awsvpc]
        """)
    monkeypatch.chdir(project / "services")
    code, out, _ = run_cli("check", ".")
    assert code == 0 and "All checks passed" in out
    assert run_cli("check", ".", "--isolated")[0] == 1


def test_pyproject_config(project):
    write(project / "pyproject.toml", """\
        [project]
        name = "deploy"

        [tool.doalint]
        fail-level = "error"
        severity = { DOA101 = "warning" }
        """)
    code, out, _ = run_cli("check", "services")
    assert code == 0 and "DOA101 [warning]" in out


@pytest.mark.parametrize(
    "text,needle",
    [
        ("selcet: [DOA1]\n", "1:1: selcet: unknown key 'selcet'"),
        ("fail-level: error\nwaivers:\n  - rule: DOA101\n    path: x.json\n", "waivers.0: 'reason' is a required property"),
        ("severity:\n  DOA101: fatal\n", "2:3: severity.DOA101"),
        ("select: [DOA999]\n", "unknown rule 'DOA999'"),
    ],
)
def test_bad_config_exits_2_naming_key_and_line(project, text, needle):
    write(project / ".doalint.yaml", text)
    code, out, err = run_cli("check", "services")
    assert code == 2, out
    assert needle in err, err
    assert ".doalint.yaml" in err and "Traceback" not in err


def test_bad_pyproject_key_names_its_line(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.doalint]\nfail-levle = "error"\n')
    code, _, err = run_cli("check", "services")
    assert code == 2 and "pyproject.toml:5:1: fail-levle: unknown key 'fail-levle'" in err


def test_exclude_and_per_file_ignores(project):
    write(project / ".doalint.yaml", """\
        exclude: ["services/bridge.json"]
        """)
    assert run_cli("check", "services")[0] == 0
    write(project / ".doalint.yaml", """\
        per-file-ignores:
          "services/*.json": [DOA101]
        """)
    assert run_cli("check", "services")[0] == 0
    write(project / ".doalint.yaml", """\
        per-file-ignores:
          "other/*.json": [DOA101]
        """)
    assert run_cli("check", "services")[0] == 1


def test_waiver_with_reason_suppresses_and_shows_in_sarif(project):
    write(project / ".doalint.yaml", """\
        waivers:
          - rule: network-mode-not-awsvpc
            path: services/bridge.json
            document: networkMode
            reason: batch job stays on EC2 until the Q3 migration
            owner: "@platform"
            expires: 2999-01-01
        """)
    code, out, _ = run_cli("check", "services")
    assert code == 0 and "1 waived" in out
    code, out, _ = run_cli("check", "services", "--format", "sarif")
    [res] = json.loads(out)["runs"][0]["results"]
    [sup] = res["suppressions"]
    assert sup["kind"] == "external" and "Q3 migration" in sup["justification"]


def test_waiver_for_another_document_path_does_not_apply(project):
    write(project / ".doalint.yaml", """\
        waivers:
          - rule: DOA101
            path: services/bridge.json
            document: containerDefinitions[0]
            reason: not this one
        """)
    code, out, _ = run_cli("check", "services")
    assert code == 1 and "DOA101" in out and "DOA012" in out


def test_expired_waiver_is_doa011_and_not_applied(project):
    write(project / ".doalint.yaml", """\
        waivers:
          - rule: DOA101
            path: services/*.json
            reason: migrating
            expires: 2020-01-01
        """)
    code, out, _ = run_cli("check", "services")
    assert code == 1
    assert ".doalint.yaml:2:5: DOA011 [error] waiver of DOA101" in out and "expired on 2020-01-01" in out
    assert "services/bridge.json:3:3: DOA101" in out


def test_unused_waiver_is_doa012(project):
    write(project / ".doalint.yaml", """\
        waivers:
          - rule: DOA202
            path: services/*.json
            reason: old exception
        """)
    code, out, _ = run_cli("check", "services", "--select", "DOA2,DOA012")
    assert code == 1 and "DOA012 [warning] waiver of DOA202 for 'services/*.json' matches no finding" in out


def test_inline_yaml_suppression(project):
    y = project / "services" / "svc.yaml"
    write(y, """\
        family: product-service
        # doalint: ignore[DOA101] batch job on EC2 until the Q3 migration
        networkMode: bridge
        containerDefinitions: []
        """)
    code, out, _ = run_cli("check", str(y), "--select", "DOA101,DOA012,DOA013")
    assert code == 0 and "1 waived" in out
    write(y, """\
        family: product-service
        networkMode: bridge  # doalint: ignore[network-mode-not-awsvpc]
        containerDefinitions: []
        """)
    code, out, _ = run_cli("check", str(y), "--select", "DOA101,DOA012,DOA013")
    assert code == 1 and "svc.yaml:2:22: DOA013" in out and "svc.yaml:2:1: DOA101" in out
    write(y, """\
        family: product-service
        # doalint: ignore[DOA202] nothing to suppress here
        networkMode: bridge
        containerDefinitions: []
        """)
    code, out, _ = run_cli("check", str(y), "--select", "DOA101,DOA202,DOA012,DOA013")
    assert "svc.yaml:2:1: DOA012" in out and "DOA101" in out


def test_inline_suppression_above_a_list_item_covers_the_item(project):
    y = project / "services" / "svc.yaml"
    write(y, """\
        family: product-service
        networkMode: awsvpc
        containerDefinitions:
          # doalint: ignore[DOA117] pinned by the deploy pipeline at release time
          - name: product-service
            image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:latest
        """)
    code, out, _ = run_cli("check", str(y), "--select", "DOA117,DOA012,DOA013")
    assert code == 0, out


def test_baseline_round_trip(project):
    code, out, _ = run_cli("baseline", "write", "services")
    assert code == 0 and "Wrote 1 finding" in out
    base = project / ".doalint-baseline.json"
    assert json.loads(base.read_text())["findings"][0]["rule"] == "DOA101"
    # nothing new: passes, and says so
    code, out, _ = run_cli("check", "services", "--baseline", str(base))
    assert code == 0 and "0 new, 1 baselined, 0 fixed" in out
    # a new violation fails, alone
    data = json.loads(GOOD.read_text())
    data["containerDefinitions"][0]["stopTimeout"] = 90
    (project / "services" / "good.json").write_text(json.dumps(data, indent=2))
    code, out, _ = run_cli("check", "services", "--baseline", str(base))
    assert code == 1 and "DOA114" in out and "DOA101" not in out and "1 new, 1 baselined, 0 fixed" in out
    # fix the old one: counted fixed; prune drops it
    shutil.copy(GOOD, project / "services" / "bridge.json")
    code, out, _ = run_cli("check", "services", "--baseline", str(base))
    assert "1 new, 0 baselined, 1 fixed" in out
    code, out, _ = run_cli("baseline", "prune", "services")
    assert code == 0 and "removed 1 fixed" in out
    assert json.loads(base.read_text())["findings"] == []


def test_baseline_from_config_and_sarif_baseline_state(project):
    run_cli("baseline", "write", "services", "--output", "base.json")
    write(project / ".doalint.yaml", "baseline: base.json\n")
    code, out, _ = run_cli("check", "services", "--format", "sarif")
    assert code == 0
    [res] = json.loads(out)["runs"][0]["results"]
    assert res["baselineState"] == "unchanged"


def test_missing_baseline_is_a_usage_error(project):
    code, _, err = run_cli("check", "services", "--baseline", "nope.json")
    assert code == 2 and "doalint baseline write" in err


# --- issue 14: the nearest configuration of each file ------------------------------------------

def test_config_is_found_from_the_file_not_the_working_directory(project):
    write(project / ".doalint.yaml", "ignore: [DOA101]\n")
    outside = project.parent
    rel = f"{project.name}/services/bridge.json"
    code, out, err = run_cli("check", rel, cwd=outside)
    assert code == 0 and "All checks passed" in out, out + err
    assert run_cli("check", rel, "--isolated", cwd=outside)[0] == 1


def test_each_file_gets_its_own_nearest_config(project):
    for name in ("a", "b"):
        (project / name).mkdir()
        shutil.copy(BAD101, project / name / "bridge.json")
    write(project / "a" / ".doalint.yaml", "ignore: [DOA101]\n")
    write(project / "b" / ".doalint.yaml", "severity: {DOA101: warning}\nper-file-ignores: {'other/**': [DOA1]}\n")
    code, out, _ = run_cli("check", "a", "b", "--color", "never")
    assert code == 1
    assert "b/bridge.json:3:3: DOA101 [warning]" in out
    assert "a/bridge.json" not in out
    assert "in 1 file; checked 2 documents in 2 files" in out
    # --config forces one configuration for every file; --isolated none
    code, out, _ = run_cli("check", "a", "b", "--config", "b/.doalint.yaml")
    assert "a/bridge.json:3:3: DOA101 [warning]" in out and "b/bridge.json:3:3: DOA101 [warning]" in out
    code, out, _ = run_cli("check", "a", "b", "--isolated")
    assert "a/bridge.json:3:3: DOA101 [error]" in out and "b/bridge.json:3:3: DOA101 [error]" in out


def test_excludes_and_waivers_of_each_config_apply_to_their_files_only(project):
    for name in ("a", "b"):
        (project / name).mkdir()
        shutil.copy(BAD101, project / name / "bridge.json")
    write(project / "a" / ".doalint.yaml", "exclude: [bridge.json]\n")
    write(project / "b" / ".doalint.yaml", """\
        waivers:
          - rule: DOA101
            path: bridge.json
            reason: batch job on EC2
        """)
    code, out, _ = run_cli("check", "a", "b")
    assert code == 0 and "1 waived" in out and "DOA012" not in out, out


def test_the_search_for_a_config_stops_at_a_repository_root(project):
    write(project / ".doalint.yaml", "ignore: [DOA101]\n")
    inner = project / "vendor" / "other-repo"
    inner.mkdir(parents=True)
    (inner / ".git").mkdir()
    shutil.copy(BAD101, inner / "bridge.json")
    code, out, _ = run_cli("check", "vendor/other-repo/bridge.json")
    assert code == 1 and "DOA101" in out


def test_config_findings_are_shown_relative_to_where_you_stand(project):
    write(project / ".doalint.yaml", """\
        waivers:
          - rule: DOA101
            path: services/good.json
            reason: old exception
        """)
    code, out, _ = run_cli("check", ".", "--select", "DOA101,DOA012", cwd=project / "services")
    assert code == 1 and "../.doalint.yaml:2:5: DOA012" in out, out


def test_a_broken_config_found_for_a_file_is_named_relative_to_where_you_stand(project):
    write(project / ".doalint.yaml", "fail-level: fatal\n")
    code, _, err = run_cli("check", ".", cwd=project / "services")
    assert code == 2 and "config ../.doalint.yaml:1:1: fail-level" in err, err


@pytest.mark.parametrize("text", ["", "\n", "# settings come later\n"])
def test_an_empty_config_is_no_settings(project, text):
    (project / ".doalint.yaml").write_text(text)
    code, out, err = run_cli("check", "services")
    assert code == 1 and "DOA101" in out and err == "", err


@pytest.mark.parametrize(
    "text,needle",
    [
        ("selcet: [DOA1]\n", "1:1: selcet: unknown key 'selcet'; did you mean 'select'?"),
        ("per_file_ignores: {}\n", "unknown key 'per_file_ignores'; did you mean 'per-file-ignores'?"),
        ("waivers:\n  - rule: DOA101\n    path: x.json\n    reason: r\n    expire: 2030-01-01\n",
         "5:5: waivers.0.expire: unknown key 'expire'; did you mean 'expires'?"),
    ],
)
def test_a_misspelt_config_key_gets_a_suggestion(project, text, needle):
    write(project / ".doalint.yaml", text)
    code, _, err = run_cli("check", "services")
    assert code == 2 and needle in err, err


def test_an_unknown_key_far_from_any_gets_no_suggestion(project):
    write(project / ".doalint.yaml", "colour: blue\n")
    code, _, err = run_cli("check", "services")
    assert code == 2 and "unknown key 'colour'" in err and "did you mean" not in err, err
