"""The baseline file, exactly: what an entry holds, the order and form the file is written in, which
entries a run judges (files gone, paths given, ARNs, entries across documents read as context), a
version-1 baseline rewritten by 'baseline write', and how a baseline is read."""

from __future__ import annotations

import json
import locale
import shutil

import pytest

from conftest import FIXTURES, run_cli
from doalint.fingerprint import project_root

BAD101 = FIXTURES / "rules" / "DOA101" / "bad.json"
GOOD = FIXTURES / "rules" / "_base" / "task-definition.json"


def _baseline(path, findings, version=2):
    path.write_text(json.dumps({"version": version, "tool": "doalint", "findings": findings}, ensure_ascii=False),
                    encoding="utf-8")


def _summary(project, *args):
    code, out, err = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", *args, cwd=project)
    s = json.loads(out)["summary"]
    return code, (s["findings"], s["baselined"], s["fixed"]), err


# --- what an entry holds ---------------------------------------------------------------------------

def test_an_entry_holds_the_findings_fingerprint_rule_file_path_and_message(project):
    """Each entry is the finding as 'check --format json' shows it: fingerprint, rule, file, path (""
    for a finding about the whole file, such as a parse error) and message, nothing else."""
    shutil.copy(BAD101, project / "task.json")
    (project / "broken.json").write_text('{"family": "x",\n')
    code, out, err = run_cli("baseline", "write", "--isolated", "broken.json", "task.json", "--output", "b.json",
                             cwd=project)
    assert (code, out) == (0, "Wrote 2 finding(s) to b.json.\n"), err
    code, out, _ = run_cli("check", "--isolated", "--format", "json", "broken.json", "task.json", cwd=project)
    shown = json.loads(out)["findings"]
    assert [(f["rule"], f["path"]) for f in shown] == [("DOA001", ""), ("DOA101", "networkMode")]
    data = json.loads((project / "b.json").read_text(encoding="utf-8"))
    assert data["findings"] == [{k: f[k] for k in ("fingerprint", "rule", "file", "path", "message")}
                                for f in shown]
    assert data["findings"][0]["message"] == "unexpected end of file: expected a key"
    assert data["findings"][1]["message"] == "networkMode is 'bridge'; the standard requires 'awsvpc'"


# --- the file's order and form ---------------------------------------------------------------------

def test_entries_are_written_by_file_rule_path_and_fingerprint_with_missing_keys_first(project):
    """'baseline write' keeps the entries of files the run did not read, even odd ones a person wrote
    without a file, a rule or a path, and writes every entry sorted by file, rule, path, fingerprint,
    a missing key sorting as the empty string (first); the file is indented JSON in UTF-8, non-ASCII
    text written as it is."""
    shutil.copy(BAD101, project / "task.json")
    kept = [
        {"fingerprint": "f1", "rule": "DOA101", "file": "Api.json", "path": "networkMode", "message": "m1"},
        {"fingerprint": "f9", "rule": "DOA101", "file": "Api.json", "path": "cpu", "message": "m9"},
        {"fingerprint": "f3", "rule": "DOA101", "file": "Api.json", "path": "Resources.Task", "message": "m3"},
        {"fingerprint": "f5", "rule": "DOA101", "file": "Api.json", "message": "no path"},
        {"fingerprint": "f2", "file": "Api.json", "path": "a", "message": "no rule"},
        {"fingerprint": "f0", "rule": "DOA101", "path": "x", "message": "café ✓"},
    ]
    _baseline(project / "b.json", kept)
    code, out, err = run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)
    assert (code, out, err) == (0, "Wrote 7 finding(s) to b.json.\n", "")
    raw = (project / "b.json").read_bytes()
    data = json.loads(raw.decode("utf-8"))
    assert [e["fingerprint"] for e in data["findings"]] == ["f0", "f2", "f5", "f3", "f9", "f1",
                                                            data["findings"][-1]["fingerprint"]]
    assert data["findings"][-1]["file"] == "task.json" and data["findings"][-1]["rule"] == "DOA101"
    assert data["findings"][:6] == [kept[5], kept[4], kept[3], kept[2], kept[1], kept[0]]
    assert raw.decode("utf-8") == json.dumps({"version": 2, "tool": "doalint", "findings": data["findings"]},
                                             indent=2, ensure_ascii=False) + "\n"
    assert raw.startswith(b'{\n  "version": 2,\n  "tool": "doalint",\n  "findings": [\n    {\n'
                          b'      "fingerprint": "f0",\n      "rule": "DOA101",\n')
    assert '"message": "café ✓"'.encode("utf-8") in raw


def test_prune_writes_the_kept_entries_in_the_same_order_and_form(project):
    """Prune rewrites the file in the same sorted, indented form as 'baseline write'."""
    shutil.copy(BAD101, project / "task.json")
    assert run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)[0] == 0
    [real] = json.loads((project / "b.json").read_text())["findings"]
    others = [{"fingerprint": "b", "rule": "DOA114", "file": "z.json", "path": "", "message": "é"},
              {"fingerprint": "a", "rule": "DOA101", "file": "z.json", "path": "", "message": ""}]
    _baseline(project / "b.json", [real] + others)
    shutil.copy(GOOD, project / "task.json")  # the DOA101 of task.json fixed
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", "task.json", cwd=project)
    assert (code, out) == (0, "Kept 2 entries, removed 1 fixed.\n"), err
    assert (project / "b.json").read_text(encoding="utf-8") == (
        '{\n  "version": 2,\n  "tool": "doalint",\n  "findings": [\n'
        '    {\n      "fingerprint": "a",\n      "rule": "DOA101",\n      "file": "z.json",\n'
        '      "path": "",\n      "message": ""\n    },\n'
        '    {\n      "fingerprint": "b",\n      "rule": "DOA114",\n      "file": "z.json",\n'
        '      "path": "",\n      "message": "é"\n    }\n  ]\n}\n')


# --- which entries a run judges --------------------------------------------------------------------

def test_an_entry_without_a_file_is_never_judged(project):
    """An entry that names no file is neither found nor fixed by a check of the whole project: it
    stays in the baseline (the project's root exists, so it is not a file gone)."""
    shutil.copy(BAD101, project / "task.json")
    assert run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)[0] == 0
    data = json.loads((project / "b.json").read_text())
    data["findings"].append({"fingerprint": "nofile", "rule": "DOA101", "path": "", "message": ""})
    (project / "b.json").write_text(json.dumps(data))
    code, counts, err = _summary(project, ".")
    assert (code, counts) == (0, (0, 1, 0)), err
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 2 entries, removed 0 fixed.\n"), err


def test_an_entry_of_a_deployed_resource_is_not_a_file_gone(project):
    """An entry of a resource of 'scan-aws' (its file is an ARN) is not fixed by a check of files,
    though no file of that name exists under the paths checked."""
    shutil.copy(BAD101, project / "task.json")
    assert run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)[0] == 0
    data = json.loads((project / "b.json").read_text())
    data["findings"].append({"fingerprint": "live", "rule": "DOA101", "path": "networkMode", "message": "",
                             "file": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"})
    (project / "b.json").write_text(json.dumps(data))
    code, counts, err = _summary(project, ".")
    assert (code, counts) == (0, (0, 1, 0)), err
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 2 entries, removed 0 fixed.\n"), err


def test_a_file_gone_is_fixed_only_inside_a_path_given_by_its_exact_name(project):
    """A deleted file is fixed when it was under one of the paths given. A folder named 'appX' or
    'svc ' (a trailing space) holds 'appX/...' and 'svc /...', not 'app/...' nor 'svc/...'."""
    for folder in ("appX", "svc "):
        (project / folder).mkdir()
        shutil.copy(GOOD, project / folder / "task.json")
    entries = [{"fingerprint": f"g{i}", "rule": "DOA101", "file": f, "path": "networkMode", "message": ""}
               for i, f in enumerate(["app/gone.json", "appX/gone.json", "svc/gone.json", "svc /gone.json"])]
    _baseline(project / "b.json", entries)
    code, counts, err = _summary(project, "appX", "svc ")
    assert (code, counts) == (0, (0, 0, 2)), err
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", "appX", "svc ",
                             cwd=project)
    assert (code, out) == (0, "Kept 2 entries, removed 2 fixed.\n"), err
    assert [e["file"] for e in json.loads((project / "b.json").read_text())["findings"]] == \
        ["app/gone.json", "svc/gone.json"]


def test_an_entry_across_documents_is_judged_when_its_other_file_is_read_as_context(project):
    """A DOA901 entry of a service relates its task definition: a check of the service with the task
    definition read as --context judges it, so once fixed it counts fixed; so does a run of both files."""
    shutil.copytree(FIXTURES / "rules" / "DOA901" / "bad-sidecar-port", project / "web")
    code, out, err = run_cli("baseline", "write", "--isolated", "web", "--select", "DOA901", "--output", "b.json",
                             cwd=project)
    assert (code, out) == (0, "Wrote 1 finding(s) to b.json.\n"), err
    [entry] = json.loads((project / "b.json").read_text())["findings"]
    assert (entry["file"], entry["related"]) == ("web/service.tf", ["web/task-definition.json"])
    args = ("--select", "DOA901", "--context", "web/task-definition.json", "web/service.tf")
    code, counts, err = _summary(project, *args)
    assert (code, counts) == (0, (0, 1, 0)), err
    tf = project / "web" / "service.tf"
    tf.write_text(tf.read_text().replace("container_port   = 15000", "container_port   = 9901"))
    code, counts, err = _summary(project, *args)
    assert (code, counts) == (0, (0, 0, 1)), err
    # both files checked: judged too, and prune drops it
    shutil.copytree(FIXTURES / "rules" / "DOA901" / "bad-sidecar-port", project / "api")
    assert run_cli("baseline", "write", "--isolated", "api", "--select", "DOA901", "--output", "c.json",
                   cwd=project)[0] == 0
    tf = project / "api" / "service.tf"
    tf.write_text(tf.read_text().replace("container_port   = 15000", "container_port   = 9901"))
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "c.json", "--select", "DOA901", "api",
                             cwd=project)
    assert (code, out) == (0, "Kept 0 entries, removed 1 fixed.\n"), err


def test_covers_passes_over_documents_that_name_no_file(project, monkeypatch):
    """covers() reads the file of each document of the report that names one; a document without a
    file is passed over, not an error."""
    from types import SimpleNamespace

    from doalint import baseline
    from doalint.engine.findings import Report

    monkeypatch.chdir(project)
    project_root.cache_clear()  # (the root of the working directory set here)
    (project / "web").mkdir()
    for name in ("service.tf", "task.json", "other.json"):
        (project / "web" / name).write_text("")
    report = Report(paths=["web/service.tf"], docs=[SimpleNamespace(kind="ecs-task-definition"),
                                                    SimpleNamespace(file="web/task.json")])
    report.covered = {"web/service.tf": frozenset({"DOA901"})}
    covered = baseline.covers(report)
    assert covered({"file": "web/service.tf", "rule": "DOA901", "related": ["web/task.json"]}) is True
    assert covered({"file": "web/service.tf", "rule": "DOA901", "related": ["web/other.json"]}) is False
    assert covered({"file": "web/service.tf", "rule": "DOA101", "related": ["web/task.json"]}) is False


def test_apply_takes_a_plain_mapping_of_entries(project, linter, monkeypatch):
    """baseline.apply takes any mapping of fingerprint -> entry (not only what read() returns), its
    fingerprints of the current version: it marks what is known and counts what is fixed."""
    from doalint import baseline

    monkeypatch.chdir(project)
    project_root.cache_clear()  # (the root of the working directory set here)
    shutil.copy(BAD101, project / "task.json")
    report = linter.lint_paths(["task.json"])
    [f] = report.findings
    entries = {f.fingerprint: {"fingerprint": f.fingerprint, "rule": "DOA101", "file": "task.json"},
               "gone": {"fingerprint": "gone", "rule": "DOA101", "file": "task.json"}}
    baseline.apply(report, entries)
    assert (report.baselined, report.fixed) == ({f.fingerprint}, 1)


# --- a version-1 baseline --------------------------------------------------------------------------

V1_WARNING = ("doalint: baseline b.json is of version 1, whose fingerprints let a new finding take the place of a "
              "fixed one; it is still matched, but re-write it with 'doalint baseline write'\n")


def test_check_with_a_version_1_baseline_says_so_in_these_words(project):
    shutil.copy(BAD101, project / "task.json")
    _baseline(project / "b.json", [], version=1)
    code, counts, err = _summary(project, "task.json")
    assert (code, counts, err) == (1, (1, 0, 0), V1_WARNING)


@pytest.mark.parametrize("others,said", [
    (["other/a.json"], "1 entry"),
    (["other/a.json", "other/b.json"], "2 entries"),
])
def test_write_over_a_version_1_baseline_replaces_it_and_counts_what_it_dropped(project, others, said):
    """'baseline write' over a version-1 baseline writes version 2 with today's findings only: the
    entries of the files it checked are replaced, those of other files dropped and counted on the
    standard error (without the warning a check gives for reading a version-1 baseline)."""
    shutil.copy(BAD101, project / "task.json")
    old = [{"fingerprint": "v1task", "rule": "DOA101", "file": "task.json", "path": "networkMode", "message": ""}]
    old += [{"fingerprint": f"v1{i}", "rule": "DOA114", "file": f, "path": "", "message": ""}
            for i, f in enumerate(others)]
    _baseline(project / "b.json", old, version=1)
    code, out, err = run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)
    assert (code, out) == (0, "Wrote 1 finding(s) to b.json.\n"), err
    assert err == (f"doalint: b.json was of version 1: {said} of files or rules this run did not check dropped "
                   "(write the baseline of the whole project)\n")
    data = json.loads((project / "b.json").read_text())
    assert data["version"] == 2 and [(e["rule"], e["file"]) for e in data["findings"]] == [("DOA101", "task.json")]


def test_write_over_a_version_1_baseline_of_the_files_checked_only_says_nothing(project):
    shutil.copy(BAD101, project / "task.json")
    _baseline(project / "b.json", [{"fingerprint": "v1task", "rule": "DOA101", "file": "task.json"}], version=1)
    code, out, err = run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)
    assert (code, out, err) == (0, "Wrote 1 finding(s) to b.json.\n", "")
    assert json.loads((project / "b.json").read_text())["version"] == 2


def test_write_over_a_file_that_is_no_baseline_replaces_it_whole(project):
    shutil.copy(BAD101, project / "task.json")
    (project / "b.json").write_text("not a baseline\n")
    code, out, err = run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)
    assert (code, out, err) == (0, "Wrote 1 finding(s) to b.json.\n", "")
    data = json.loads((project / "b.json").read_text())
    assert data["version"] == 2 and [(e["rule"], e["file"]) for e in data["findings"]] == [("DOA101", "task.json")]


# --- reading -----------------------------------------------------------------------------------------

def test_a_baseline_is_read_as_utf8_whatever_the_locale(project):
    """The baseline is UTF-8 (as written): a locale of another encoding does not change how it is read."""
    from doalint import baseline

    path = project / "b.json"
    _baseline(path, [{"fingerprint": "f", "rule": "DOA109", "file": "tâche.json", "path": "", "message": "clé ✓"}])
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C")
        entries = baseline.read(path)
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)
    assert "tâche.json".encode("utf-8") in path.read_bytes()
    assert entries.version == 2
    assert entries == {"f": {"fingerprint": "f", "rule": "DOA109", "file": "tâche.json", "path": "",
                             "message": "clé ✓"}}
