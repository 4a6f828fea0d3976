"""Hostile and broken input: every limit gives a clear finding or message, never a hang or a crash."""

from __future__ import annotations

import json
import os

import pytest

from conftest import FIXTURES, run_cli

BASE = FIXTURES / "rules" / "_base" / "task-definition.json"


def test_a_file_above_the_size_limit_is_reported_not_parsed(tmp_path):
    p = tmp_path / "big.json"
    p.write_text(BASE.read_text())
    code, out, _ = run_cli("check", str(p), "--max-file-size", "100")
    assert code == 1 and ":1:1: DOA001" in out and "above the 100-byte limit" in out
    (tmp_path / ".doalint.yaml").write_text("max-file-size: 50\n")
    code, out, _ = run_cli("check", str(p), "--config", str(tmp_path / ".doalint.yaml"))
    assert code == 1 and ":1:1: DOA001" in out and "above the 50-byte limit" in out
    assert run_cli("check", str(p), "--isolated")[0] == 0  # the default limit (5 MiB) is far above


def test_fifos_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, out, _ = run_cli("check", str(tmp_path))  # skipped in a directory
    assert code == 0 and "0 documents" in out and "DOA" not in out
    code, out, _ = run_cli("check", str(fifo))  # reported when named
    assert code == 1 and f"{fifo}:1:1: DOA001" in out and "not a regular file" in out


def test_symlinks_loops_and_links_out_of_the_tree_are_not_followed(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"family": "x", "containerDefinitions": [], "networkMode": "bridge"}))
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "out.json").symlink_to(outside)
    (tree / "ok.json").write_text(BASE.read_text())
    code, out, _ = run_cli("check", str(tree), "-v")
    assert code == 0 and "All checks passed: 1 document in 1 file" in out
    assert "out.json: skipped: a symbolic link out of the checked directory" in out
    assert "loop: skipped: a symbolic link to a directory" in out


def test_terraform_modules_do_not_read_links_out_of_the_tree(tmp_path):
    tree = tmp_path / "tf"
    tree.mkdir()
    secret = tmp_path / "secret.tf"
    secret.write_text('resource "aws_ecs_cluster" "x" {\n  name = "leak"\n}\n'
                      'locals {\n  insights = "s3cr3t-from-outside"\n}\n')
    (tree / "leak.tf").symlink_to(secret)
    (tree / "main.tf").write_text('resource "aws_ecs_cluster" "y" {\n  name = "doa-market-cluster"\n  setting {\n'
                                  '    name  = "containerInsights"\n    value = local.insights\n  }\n}\n')
    code, out, err = run_cli("check", "--isolated", "--color", "never", "-v", str(tree))
    # the run succeeded and checked main.tf alone: local.insights is not defined in the module (the
    # linked file would have defined it, and its value would be in a DOA801)
    assert code == 1, (out, err)
    assert out.splitlines() == [
        f"{tree}/leak.tf: skipped: a symbolic link out of the checked directory: not followed",
        f"{tree}/main.tf:5:5: DOA003 [warning] aws_ecs_cluster.y: settings[0].value is `local.insights`, which "
        "doalint cannot resolve statically; rules that read it were skipped",
        "Found 1 finding (1 warning) in 1 file; checked 1 document in 1 file.",
        "Passed over 1 file: other kinds, empty files, links not followed.",
    ]


def test_empty_files_and_top_level_lists_and_scalars(tmp_path):
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "scalar.json").write_text("42")
    code, out, _ = run_cli("check", str(tmp_path), "-v", "--color", "never")
    assert code == 1 and [line for line in out.splitlines() if ": DOA" in line] == [
        f"{tmp_path}/empty.json:1:1: DOA001 [error] empty document: expected a JSON value"]
    assert "empty.yaml: skipped: empty" in out
    assert "list.json: skipped: not a document kind doalint checks (top level is list)" in out
    assert "scalar.json: skipped: not a document kind doalint checks (top level is int)" in out


def test_a_dangling_link_named_on_the_command_line(tmp_path):
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "nowhere.json")
    code, out, err = run_cli("check", str(link))
    assert code == 1 and "DOA001" in out and "cannot read" in out and "Traceback" not in out + err


_NOT_A_DOCUMENT = "binary file (contains NUL bytes), not JSON or YAML text"
_DEEP = "nesting deeper than 100 levels"


@pytest.mark.parametrize("payload,expected", [
    # binary: the same DOA001 whatever the file's name says it is
    (b"\xff\xfe\x00\x00garbage", {"x.json": (1, 1, _NOT_A_DOCUMENT), "x.yaml": (1, 1, _NOT_A_DOCUMENT),
                                    "x.tf": (1, 1, _NOT_A_DOCUMENT)}),
    # deep nesting, unterminated: JSON stops at the first bad key, YAML at its nesting bound
    (b"{" * 50_000, {"x.json": (1, 2, "expected a double-quoted key, found '{'"), "x.yaml": (1, None, "nesting"),
                     "x.tf": (1, 1, "expected an attribute or a block, found '{'")}),
    (b"[" * 50_000, {"x.json": (1, 101, _DEEP), "x.yaml": (1, None, "nesting"),
                     "x.tf": (1, 1, "expected an attribute or a block, found '['")}),
    # deep nesting, well formed: doalint's own bound
    (b"[" * 500 + b"]" * 500 + b"\n", {"x.json": (1, 101, _DEEP), "x.yaml": (1, None, _DEEP),
                                      "x.tf": (1, 1, "expected an attribute or a block, found '['")}),
    (b"x = " + b"[" * 50_000 + b"\n", {"x.tf": (1, None, _DEEP)}),
    (b'resource "aws_ecs_cluster" "a" {\n  name = ' + b"[" * 500 + b"]" * 500 + b"\n}\n", {"x.tf": (2, None, _DEEP)}),
    # a recursive alias
    (b"a: &a [" + b"*a," * 10 + b"]", {"x.json": (1, 1, "expected a JSON value"), "x.yaml": (1, 4, "recursive YAML alias"),
                                     "x.tf": (1, 2, "expected '{' to open the block")}),
])
def test_hostile_bytes_are_one_doa001_at_a_known_place(tmp_path, payload, expected):
    for name, (line, col, fragment) in expected.items():
        p = tmp_path / name
        p.write_bytes(payload)
        code, out, err = run_cli("check", "--isolated", "--format", "json", str(p))
        assert code == 1 and err == "", (name, err)
        [f] = json.loads(out)["findings"]
        assert (f["rule"], f["line"]) == ("DOA001", line) and fragment in f["message"], (name, f)
        if col is not None:
            assert f["column"] == col, (name, f)
        p.unlink()


def test_a_bom_and_crlf_line_ends_are_read_as_plain_json_and_yaml(tmp_path):
    payload = b"\xef\xbb\xbf{\"family\": \"x\",\r\n \"containerDefinitions\": []}\r\n"
    for name in ("x.json", "x.yaml"):
        p = tmp_path / name
        p.write_bytes(payload)
        code, out, err = run_cli("check", "--isolated", "--format", "json", str(p))
        assert code == 1 and err == "", err
        got = sorted((f["rule"], f["line"], f["column"]) for f in json.loads(out)["findings"])
        # a task definition missing most of its keys; the family's key at column 2 (the BOM takes none)
        assert got == [("DOA010", 1, 2), ("DOA101", 1, 1), ("DOA102", 1, 1), ("DOA104", 1, 1), ("DOA104", 1, 1),
                       ("DOA105", 1, 1), ("DOA105", 1, 1), ("DOA115", 1, 1)], (name, got)
    (tmp_path / "x.tf").write_bytes(payload)
    code, out, _ = run_cli("check", "--isolated", "--format", "json", str(tmp_path / "x.tf"))
    [f] = json.loads(out)["findings"]
    assert code == 1 and (f["rule"], f["line"], f["column"]) == ("DOA001", 1, 1)


def test_jobs_give_byte_identical_output(tmp_path, monkeypatch):
    """--jobs 1 and --jobs 2 over a tree large enough to be split among workers, with findings
    across documents (located in the parent from files the workers read) and Terraform."""
    import shutil
    import sys

    from doalint.engine import runner

    sys.path.insert(0, str(FIXTURES.parent / "benchmarks"))
    from synth import generate

    generate(tmp_path / "repo", 40, json_files=True, terraform=True)
    shutil.copytree(FIXTURES / "example", tmp_path / "repo" / "example")
    monkeypatch.setattr(runner, "PARALLEL_FROM", 48)  # the real threshold needs a bigger tree
    assert len(list((tmp_path / "repo").rglob("*.json"))) >= runner.PARALLEL_FROM
    parallel = []
    real = runner.Linter._lint_parallel
    monkeypatch.setattr(runner.Linter, "_lint_parallel", lambda self, *a: parallel.append(1) or real(self, *a))
    outs = []
    for jobs in ("1", "2"):
        for fmt in ("text", "sarif", "json"):
            outs.append((jobs, fmt, run_cli("check", str(tmp_path / "repo"), "--jobs", jobs, "--format", fmt,
                                            "--color", "never")))
    by_fmt = {}
    for jobs, fmt, result in outs:
        by_fmt.setdefault(fmt, []).append(result)
    for fmt, (one, two) in by_fmt.items():
        assert one == two, fmt
        assert one[0] == 1  # the example's bad folder
    assert len(parallel) == 3  # --jobs 2 took the parallel path, once per format
    assert "DOA90" in by_fmt["text"][0][1]  # a finding across documents, located in a worker's file


def test_jobs_over_files_of_two_configurations(tmp_path, monkeypatch):
    """Files under two configurations, enough to be split among workers: each configuration's linter
    is sent to the workers with what says which files are its own (once a lambda, which cannot be
    pickled: an internal error, exit 2); the report is the serial run's."""
    import shutil

    from doalint.engine import runner

    for name in ("a", "b"):
        shutil.copytree(FIXTURES / "example", tmp_path / name)
        (tmp_path / name / ".doalint.yaml").write_text("fail-level: error\n")
    monkeypatch.setattr(runner, "PARALLEL_FROM", 4)
    one = run_cli("check", "--jobs", "1", "--format", "json", str(tmp_path / "a"), str(tmp_path / "b"))
    two = run_cli("check", "--jobs", "2", "--format", "json", str(tmp_path / "a"), str(tmp_path / "b"))
    assert one[0] == 1 and "DOA905" in one[1]
    assert two == one


# --- issue 15: every file doalint reads (tfvars, file()) is a regular file within the size limit, in the tree ---

def _doalint(*args, cwd=None, timeout=60):
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "doalint", *args], cwd=cwd, capture_output=True, text=True,
                       timeout=timeout, errors="replace")
    return p.returncode, p.stdout, p.stderr


_MAIN_TF = '''\
variable "insights" {
  default = "enabled"
}

resource "aws_ecs_cluster" "main" {
  name = "doa-market-cluster"
  setting {
    name  = "containerInsights"
    value = var.insights
  }
}
'''


@pytest.mark.parametrize("name", ["terraform.tfvars", "prod.tfvars", "terraform.tfvars.json", "x.auto.tfvars",
                                  "zero.tf"])
def test_fifos_and_devices_named_as_terraform_files_are_not_read(tmp_path, name):
    tree = tmp_path / "tf"
    tree.mkdir()
    (tree / "main.tf").write_text(_MAIN_TF)
    os.mkfifo(tree / name)  # a read would block for ever
    code, out, err = _doalint("check", "--isolated", "-v", str(tree), timeout=30)
    assert (code, out, err) == (0, "All checks passed: 1 document in 1 file.\n", "")  # main.tf, not the FIFO
    code, out, err = _doalint("check", "--isolated", "--show-source", str(tree / name), timeout=30)
    assert code == 1 and "DOA001" in out and "not a regular file" in out, (out, err)
    os.unlink(tree / name)
    (tree / name).symlink_to("/dev/zero")  # a read would never end
    code, out, err = _doalint("check", "--isolated", str(tree), timeout=30)
    assert (code, out, err) == (0, "All checks passed: 1 document in 1 file.\n", "")
    code, out, err = _doalint("check", "--isolated", str(tree / name), timeout=30)
    assert code == 1 and "DOA001" in out and "not a regular file" in out, (out, err)


def test_the_size_limit_applies_to_terraform_variables_files(tmp_path):
    tree = tmp_path / "tf"
    tree.mkdir()
    (tree / "main.tf").write_text(_MAIN_TF)
    (tree / "terraform.tfvars").write_text('insights = "big-value"\n' + "# padding\n" * 50)
    code, out, _ = run_cli("check", "--isolated", "--max-file-size", "300", "--color", "never", str(tree))
    assert code == 1 and [line.split(": DOA")[1][:3] for line in out.splitlines() if ": DOA" in line] == ["001"]
    assert "terraform.tfvars:1:1: DOA001 [error] file is" in out and "above the 300-byte limit" in out
    assert "big-value" not in out  # the module does not take its values either


def test_a_variables_file_linked_out_of_the_tree_is_not_read(tmp_path):
    tree = tmp_path / "tf"
    tree.mkdir()
    (tree / "main.tf").write_text(_MAIN_TF)
    secret = tmp_path / "secret.tfvars"
    secret.write_text('insights = "s3cr3t-from-outside"\n')
    (tree / "terraform.tfvars").symlink_to(secret)
    code, out, err = run_cli("check", "--isolated", "-v", "--color", "never", str(tree))
    # the default ("enabled") decides: the linked value would have been a DOA801
    assert code == 0 and "All checks passed: 1 document in 1 file." in out, (out, err)
    assert "s3cr3t" not in out
    assert "terraform.tfvars: skipped: a symbolic link out of the checked directory: not followed" in out


# --- issue 15: configuration and profile: no exponential glob, no catastrophic regex, no echoed secret ---

def test_exclude_globs_with_many_double_stars_match_in_linear_time():
    import time

    from doalint.config import glob_match

    start = time.monotonic()
    assert not glob_match("**/" * 40 + "x.json", "a/" * 60 + "y.json")
    assert not glob_match("a*" * 30 + "b", "a" * 200)
    assert glob_match("**/" * 40 + "x.json", "a/" * 60 + "x.json")
    assert time.monotonic() - start < 2
    cases = [("*.json", "a/b/c.json", True), ("legacy/**", "legacy/x/y.yaml", True), ("legacy", "legacy/x.json", True),
             ("legacy/", "legacy/x.json", True), ("./a/*.json", "a/b.json", True), ("a/*.json", "a/b/c.json", False),
             ("a/**/c.json", "a/c.json", True), ("a/**/c.json", "a/b/d/c.json", True), ("a/**c.json", "a/b/xc.json", True),
             ("a?.json", "ab.json", True), ("a?.json", "a/.json", False), ("services/batch-*/**", "services/batch-1/t.json", True),
             ("services/batch-*/**", "services/other/t.json", False), ("[ab].json", "[ab].json", True),
             ("[ab].json", "a.json", False), ("**", "x/y", True), ("x/**/", "x/y/z", True)]
    for glob, rel, expected in cases:
        assert glob_match(glob, rel) is expected, (glob, rel)


def test_an_exclude_with_many_double_stars_does_not_hang_a_run(tmp_path):
    deep = tmp_path / "/".join("d" * (i % 3 + 1) for i in range(30))
    deep.mkdir(parents=True)
    (deep / "task-definition.json").write_text(BASE.read_text())
    (tmp_path / ".doalint.yaml").write_text('exclude: ["' + "**/" * 40 + 'nothing.json"]\n')
    code, out, err = _doalint("check", ".", cwd=tmp_path, timeout=60)
    assert code == 0 and "All checks passed" in out, err


def _profile_with(tmp_path, old: str, new: str):
    from conftest import ROOT

    text = (ROOT / "rules" / "standard.yaml").read_text()
    assert old in text
    p = tmp_path / "profile.yaml"
    p.write_text(text.replace(old, new, 1))
    return p


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w*)*x", r"(?:[a-z]+\d*)+@", r"((ab)*)+c"])
def test_a_profile_regex_that_backtracks_catastrophically_is_refused(tmp_path, pattern):
    p = _profile_with(tmp_path, "- '\\b(AKIA|ASIA)[0-9A-Z]{16}\\b'", "- '" + pattern + "'")
    (tmp_path / "td.json").write_text(BASE.read_text())
    code, _, err = _doalint("check", "--isolated", "--profile", str(p), str(tmp_path / "td.json"), timeout=60)
    assert code == 2 and "task.secret_value_patterns.1" in err and "nested repetition" in err, err
    p = _profile_with(tmp_path, '"(^|[^a-z])(ecs|tasks?|services?|app)([^a-z]|$)"', "'" + pattern + "'")
    code, _, err = _doalint("check", "--isolated", "--profile", str(p), str(tmp_path / "td.json"), timeout=60)
    assert code == 2 and "security_groups.tasks.name_pattern" in err and "nested repetition" in err, err


def test_the_bundled_profile_regexes_are_accepted(tmp_path):
    p = _profile_with(tmp_path, "ssm_prefix: /doa-market/", "ssm_prefix: /doa-market/")
    code, _, err = run_cli("check", "--isolated", "--profile", str(p), str(BASE))
    assert code == 0, err


def test_errors_about_a_file_that_is_not_a_profile_or_a_config_do_not_quote_it(tmp_path):
    secret = "ghp_0123456789abcdefSECRET"
    (tmp_path / "token").write_text(secret + "\n")
    (tmp_path / "creds.yaml").write_text(f"password: {secret}\nservices: {secret}\n")
    (tmp_path / "td.json").write_text(BASE.read_text())
    for args in (["--isolated", "--profile", "token"], ["--config", "token"], ["--isolated", "--profile", "creds.yaml"],
                 ["--config", "creds.yaml"]):
        code, out, err = run_cli("check", *args, "td.json", cwd=tmp_path)
        assert code == 2 and secret not in err + out and "hunter" not in err, (args, err)
        assert "not a doalint" in err or "unknown key 'password'" in err, (args, err)
    (tmp_path / ".doalint.yaml").write_text("profile: token\n")
    code, out, err = run_cli("check", "td.json", cwd=tmp_path)
    assert code == 2 and secret not in err and "not a doalint profile" in err, err


def test_duplicate_keys_in_a_config_or_a_profile_are_an_error(tmp_path):
    (tmp_path / "td.json").write_text(BASE.read_text())
    (tmp_path / ".doalint.yaml").write_text("fail-level: error\nselect: [DOA1]\nfail-level: note\n")
    code, _, err = run_cli("check", "td.json", cwd=tmp_path)
    assert code == 2 and ".doalint.yaml:3:1: fail-level: duplicate key (first at line 1)" in err, err
    (tmp_path / ".doalint.yaml").write_text("severity:\n  DOA101: error\n  DOA101: note\n")
    code, _, err = run_cli("check", "td.json", cwd=tmp_path)
    assert code == 2 and ".doalint.yaml:3:3: severity.DOA101: duplicate key (first at line 2)" in err, err
    p = _profile_with(tmp_path, "  stop_timeout: 30 ", "  stop_timeout: 30\n  stop_timeout: 120 ")
    code, _, err = run_cli("check", "--isolated", "--profile", str(p), "td.json", cwd=tmp_path)
    assert code == 2 and "task.stop_timeout: duplicate key" in err, err
