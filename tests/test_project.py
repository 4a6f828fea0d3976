"""Across documents: the project model and DOA9xx, independent of file order and folders."""

from __future__ import annotations

import json
import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, run_cli

EXAMPLE = FIXTURES / "example"
GOOD_PARTS = ["services", "alb", "iam", "deploy"]


def _copy_example(dst):
    for part in GOOD_PARTS:
        shutil.copytree(EXAMPLE / part, dst / part)
    return dst


def test_example_project_is_clean_across_documents(linter):
    report = linter.lint_paths([str(EXAMPLE / p) for p in GOOD_PARTS])
    assert report.documents > 50 and report.findings == []
    assert {"DOA901", "DOA902", "DOA903", "DOA904", "DOA905", "DOA906"} <= report.rules_run


def test_removing_a_listener_rule_of_a_complete_project_gives_doa950(tmp_path):
    root = _copy_example(tmp_path / "deploy")
    rules_file = root / "alb" / "listener-rules.json"
    data = json.loads(rules_file.read_text())
    data["Rules"] = [r for r in data["Rules"] if "/orders/" not in r["Conditions"][0]["Values"][0]]
    rules_file.write_text(json.dumps(data, indent=2))
    code, out, _ = run_cli("check", str(root), "--complete-project", "--color", "never")
    assert code == 1
    order = [line for line in out.splitlines() if "DOA950" in line and "order-service" in line]
    assert len(order) == 1 and "has no listener rule" in order[0]
    assert "task definition" in order[0]  # what it has is named too
    # the four complete services get nothing; the catalog's other twelve are named missing
    assert not [line for line in out.splitlines() if "DOA950" in line and "product-service has no" in line]
    code, out, _ = run_cli("check", str(root), "--color", "never")
    assert "DOA950" not in out  # only when the project is declared complete


def test_seed_execution_role_gets_doa905_for_secret_star(linter):
    report = linter.lint_paths([str(FIXTURES / "seed")])
    doa905 = [f for f in report.findings if f.rule == "DOA905"]
    secret = [f for f in doa905 if "secret:*" in f.message]
    assert len(secret) == 1 and secret[0].file.endswith("execution-role-policy.json")
    assert "products-db-password-abc123" in secret[0].message and secret[0].related


def test_doa905_reports_missing_grants_at_the_task_definition(linter):
    report = linter.lint_paths([str(FIXTURES / "rules" / "DOA905" / "bad-missing-grant")])
    [f] = report.findings
    assert f.file.endswith("task-definition.json") and "does not grant" in f.message
    assert f.related[0].file.endswith("execution-role-policy.json")


def test_sarif_carries_related_locations_for_findings_across_documents():
    code, out, _ = run_cli("check", str(FIXTURES / "rules" / "DOA901" / "bad-sidecar-port"), "--format", "sarif")
    [res] = json.loads(out)["runs"][0]["results"]
    assert res["ruleId"] == "DOA901"
    [rel] = res["relatedLocations"]
    assert rel["physicalLocation"]["artifactLocation"]["uri"].endswith("task-definition.json")
    assert rel["physicalLocation"]["region"]["startLine"] > 1


def _signature(report):
    return sorted(
        (f.rule, _strip(os.path.basename(f.file)), f.line, f.col, f.message,
         tuple((_strip(os.path.basename(r.file)), r.line, r.message) for r in f.related))
        for f in report.findings
    )


SETS = [FIXTURES / "rules" / r / s for r, s in (
    ("DOA901", "bad-sidecar-port"), ("DOA902", "bad-health-port"), ("DOA903", "bad-unknown-service"),
    ("DOA904", "bad-missing-alarm"), ("DOA905", "bad-missing-grant"), ("DOA905", "bad-unused-grant"),
)] + [EXAMPLE]


def _files(src):
    return sorted(p for p in src.rglob("*") if p.is_file() and p.suffix in (".json", ".yaml", ".yml", ".tf"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SETS), st.randoms(use_true_random=False), st.integers(0, 3))
def test_findings_do_not_depend_on_file_order_or_folders(linter, tmp_path_factory, source, rnd, depth):
    """Copy one fixture set (or the example project) with its files shuffled into a random folder
    tree under random names: the findings (rule, message, line, related) stay the same."""
    expected = _signature(linter.lint_paths([str(source)]))
    assert expected
    root = tmp_path_factory.mktemp("shuffled")
    shuffled = _files(source)
    rnd.shuffle(shuffled)
    for n, src in enumerate(shuffled):
        folder = root.joinpath(*[f"d{rnd.randint(0, 2)}" for _ in range(rnd.randint(0, depth))])
        if src.suffix == ".tf":  # a Terraform module is a folder: give each .tf file its own
            folder = folder / f"m{n:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, folder / (src.name if src.suffix == ".tf" else f"{n:02d}-{src.name}"))
    report = linter.lint_paths([str(root)])
    assert not report.internal_errors
    assert _signature(report) == expected


def _strip(name):
    """File names without the order prefix given above."""
    return name.split("-", 1)[1] if name[:2].isdigit() and name[2:3] == "-" else name


def _missing_alarm_set(tmp_path):
    """DOA904's bad set with the deployment group as YAML, a comment above the missing alarm."""
    import yaml

    src = FIXTURES / "rules" / "DOA904" / "bad-missing-alarm"
    shutil.copy(src / "alarm-5xx-errors.json", tmp_path / "alarm-5xx-errors.json")
    text = yaml.safe_dump(json.loads((src / "deployment-group.json").read_text()), sort_keys=False)
    return tmp_path, text


def test_an_inline_comment_waives_a_finding_across_documents(tmp_path):
    folder, text = _missing_alarm_set(tmp_path)
    marked = text.replace("  - name: product-service-high-latency",
                          "  # doalint: ignore[DOA904] created by the observability stack\n"
                          "  - name: product-service-high-latency")
    assert marked != text
    (folder / "deployment-group.yaml").write_text(marked)
    code, out, err = run_cli("check", str(folder), "--color", "never")
    assert code == 0 and "1 waived" in out and "DOA012" not in out, out
    # the same comment on another path covers nothing: DOA904 stays, and the comment is DOA012
    moved = text.replace("  - name: product-service-5xx-errors",
                         "  # doalint: ignore[DOA904] created by the observability stack\n"
                         "  - name: product-service-5xx-errors")
    (folder / "deployment-group.yaml").write_text(moved)
    code, out, err = run_cli("check", str(folder), "--color", "never")
    assert code == 1 and "DOA904" in out and "DOA012" in out


def test_per_file_ignores_cover_findings_across_documents(tmp_path):
    folder, text = _missing_alarm_set(tmp_path)
    (folder / "deployment-group.yaml").write_text(text)
    (folder / ".doalint.yaml").write_text("per-file-ignores:\n  'deployment-group.yaml': [DOA904]\n")
    code, out, err = run_cli("check", str(folder), "--color", "never", cwd=folder)
    assert code == 0, out + err


# --- projects: documents are related only inside one project ---------------------------------------------
_WORKER = FIXTURES / "rules" / "DOA906" / "good-no-security-group" / "billing-worker.yaml"


def _task(folder, family, port):
    """A task definition of a service the catalog does not know, listening on ``port``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = _WORKER.read_text().replace("billing-worker", family).replace("8080", str(port))
    (folder / f"{family}.yaml").write_text(text)


def _doa906(report):
    return sorted((os.path.basename(f.file), f.message) for f in report.findings if f.rule == "DOA906")


def test_two_configured_projects_side_by_side_are_not_related(linter, tmp_path):
    _task(tmp_path / "shop", "cart-api", 3100)
    _task(tmp_path / "blog", "posts-api", 3100)
    report = linter.lint_paths([str(tmp_path)])
    [(file, message)] = _doa906(report)  # one project (the folder given): the shared port is found
    assert "listens on 3100, the port of task definition" in message
    for name in ("shop", "blog"):
        (tmp_path / name / ".doalint.yaml").write_text("complete-project: false\n")
    report = linter.lint_paths([str(tmp_path)])
    assert _doa906(report) == [] and "DOA906" in report.rules_run


def test_two_repositories_side_by_side_are_not_related(linter, tmp_path):
    for name, family in (("repo-a", "cart-api"), ("repo-b", "posts-api")):
        (tmp_path / name / ".git").mkdir(parents=True)
        _task(tmp_path / name / "deploy", family, 3100)
    assert _doa906(linter.lint_paths([str(tmp_path)])) == []
    # inside one repository, its folders are one project
    _task(tmp_path / "repo-a" / "other", "orders-api", 3100)
    [(file, _)] = _doa906(linter.lint_paths([str(tmp_path)]))
    assert file in ("cart-api.yaml", "orders-api.yaml")


def test_folders_given_separately_are_separate_projects(linter, tmp_path):
    _task(tmp_path / "one", "cart-api", 3100)
    _task(tmp_path / "two", "posts-api", 3100)
    assert _doa906(linter.lint_paths([str(tmp_path / "one"), str(tmp_path / "two")])) == []
    # files given one by one belong to their folders' projects
    assert _doa906(linter.lint_paths([str(tmp_path / "one" / "cart-api.yaml"),
                                      str(tmp_path / "two" / "posts-api.yaml")])) == []
    assert len(_doa906(linter.lint_paths([str(tmp_path)]))) == 1


def test_complete_project_is_judged_per_project(profile, tmp_path):
    from doalint.engine.runner import Linter

    for name in ("shop", "blog"):
        (tmp_path / name / ".git").mkdir(parents=True)
        _task(tmp_path / name, f"{name}-api", 3100 if name == "shop" else 3101)
    report = Linter(profile, complete_project=True).lint_paths([str(tmp_path)])
    per_folder = {}
    for f in report.findings:
        if f.rule == "DOA950":
            per_folder.setdefault(os.path.basename(os.path.dirname(os.path.abspath(f.file))), []).append(f)
    # each project misses the whole catalog on its own (a project's findings sit in its own files)
    assert set(per_folder) == {"shop", "blog"} and len(per_folder["shop"]) == len(per_folder["blog"])


def test_doa906_judges_the_port_by_what_the_tasks_group_admits(linter, tmp_path):
    """A group that admits the port (even one the standard would not choose) lets the load balancer
    reach it: DOA702 reports the group, DOA906 says nothing; a group whose ports are unknown is not
    a verdict either."""
    _task(tmp_path, "cart-api", 8080)
    tf = (FIXTURES / "rules" / "DOA906" / "bad-outside-group" / "network" / "main.tf").read_text()
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "main.tf").write_text(tf.replace("3000", "8080").replace("3999", "8080"))
    report = linter.lint_paths([str(tmp_path)])
    assert _doa906(report) == [] and any(f.rule == "DOA702" for f in report.findings)
    (tmp_path / "net" / "main.tf").write_text(
        tf.replace("from_port       = 3000", "from_port       = var.low").replace("3999", "var.high")
        + 'variable "low" {}\nvariable "high" {}\n')
    report = linter.lint_paths([str(tmp_path)])
    assert _doa906(report) == [] and any(f.rule == "DOA003" for f in report.findings)
    (tmp_path / "net" / "main.tf").write_text(tf)
    [(file, message)] = _doa906(linter.lint_paths([str(tmp_path)]))
    assert file == "cart-api.yaml" and "does not admit (it admits tcp ports 3000-3999)" in message
    assert "None" not in message
