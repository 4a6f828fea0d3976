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
