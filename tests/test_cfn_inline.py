"""An inline comment in a CloudFormation template (YAML) covers the findings that stand on the lines of
the key below it: a template's findings carry the documents' paths (containerDefinitions/0/image), not
the template's (Resources/TaskDefinition/Properties/ContainerDefinitions/0/Image)."""

from __future__ import annotations

from conftest import FIXTURES, run_cli

TEMPLATE = (FIXTURES / "seed-cloudformation" / "template.yaml").read_text(encoding="utf-8")
IMAGE = "          Image: !Sub 123456789012.dkr.ecr.${AWS::Region}.amazonaws.com/${ServiceName}:latest\n"


def _check(tmp_path, text):
    (tmp_path / "template.yaml").write_text(text, encoding="utf-8")
    return run_cli("check", "template.yaml", "--format", "json", "--isolated", cwd=tmp_path)


def _findings(out):
    import json

    return [(f["rule"], f["line"], (f["suppressed"] or {}).get("justification")) for f in json.loads(out)["findings"]
            if f["rule"] in ("DOA117", "DOA012")]


def test_a_comment_above_the_key_waives_its_finding(tmp_path):
    assert IMAGE in TEMPLATE
    text = TEMPLATE.replace(IMAGE, "          # doalint: ignore[DOA117] pinned by the release job\n" + IMAGE)
    code, out, err = _check(tmp_path, text)
    line = text.splitlines().index(IMAGE.rstrip("\n")) + 1
    assert _findings(out) == [("DOA117", line, "pinned by the release job")]


def test_a_comment_at_the_end_of_the_keys_line_waives_it_too(tmp_path):
    text = TEMPLATE.replace(IMAGE, IMAGE.rstrip("\n") + "  # doalint: ignore[DOA117] pinned by the release job\n")
    code, out, err = _check(tmp_path, text)
    assert [f[2] for f in _findings(out)] == ["pinned by the release job"]


def test_a_comment_above_another_key_covers_nothing_and_says_so(tmp_path):
    essential = "          Essential: true\n"
    text = TEMPLATE.replace(IMAGE + essential,
                            IMAGE + "          # doalint: ignore[DOA117] pinned by the release job\n" + essential)
    code, out, err = _check(tmp_path, text)
    lines = text.splitlines()
    at = lines.index(IMAGE.rstrip("\n")) + 1
    assert _findings(out) == [("DOA117", at, None), ("DOA012", at + 1, None)]
