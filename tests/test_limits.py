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
    assert "above the 50-byte limit" in out
    assert run_cli("check", str(p), "--isolated")[0] == 0  # the default limit (5 MiB) is far above


def test_fifos_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, out, _ = run_cli("check", str(tmp_path))  # skipped in a directory
    assert code == 0
    code, out, _ = run_cli("check", str(fifo))  # reported when named
    assert code == 1 and "not a regular file" in out


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
    secret.write_text('resource "aws_ecs_cluster" "x" {\n  name = "leak"\n}\n')
    (tree / "leak.tf").symlink_to(secret)
    (tree / "main.tf").write_text('resource "aws_ecs_cluster" "y" {\n  name = "doa-market-cluster"\n}\n')
    code, out, _ = run_cli("check", str(tree), "--color", "never")
    assert "leak" not in out


def test_empty_files_and_top_level_lists_and_scalars(tmp_path):
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "scalar.json").write_text("42")
    code, out, _ = run_cli("check", str(tmp_path), "-v", "--color", "never")
    assert "empty.json:1:1: DOA001 [error] empty document" in out
    assert "empty.yaml: skipped: empty" in out
    assert "list.json: skipped: not a document kind doalint checks (top level is list)" in out
    assert "scalar.json: skipped: not a document kind doalint checks (top level is int)" in out


def test_a_dangling_link_named_on_the_command_line(tmp_path):
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "nowhere.json")
    code, out, err = run_cli("check", str(link))
    assert code == 1 and "DOA001" in out and "cannot read" in out and "Traceback" not in out + err


@pytest.mark.parametrize("payload", [
    b"\xff\xfe\x00\x00garbage",  # binary
    b"\xef\xbb\xbf{\"family\": \"x\",\r\n \"containerDefinitions\": []}\r\n",  # BOM and CRLF
    b"{" * 50_000,  # deep nesting, unterminated
    b"a: &a [" + b"*a," * 10 + b"]",  # recursive alias
])
def test_hostile_bytes_never_crash(tmp_path, payload):
    for name in ("x.json", "x.yaml", "x.tf"):
        p = tmp_path / name
        p.write_bytes(payload)
        code, out, err = run_cli("check", str(p))
        assert code in (0, 1) and "Traceback" not in out + err and "internal error" not in out + err


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
