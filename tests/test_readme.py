"""README.md works as written: every ```sh snippet runs (from the root of a copy of the repository,
with this environment's doalint), and every pinned reference to doalint is a real commit or the
placeholder the README tells users to replace. A snippet that needs the network is marked with
``<!-- snippet: network -->`` on the line above its fence and skipped."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, copy_worktree

README = (ROOT / "README.md").read_text(encoding="utf-8")
NETWORK = "<!-- snippet: network -->"
PLACEHOLDER = "<commit>"


def _snippets():
    """(line of the fence, marked as needing the network, text) of every ```sh block."""
    lines = README.splitlines()
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```sh":
            start = i
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            marked = start > 0 and lines[start - 1].strip() == NETWORK
            out.append((start + 1, marked, "\n".join(lines[start + 1:j]) + "\n"))
            i = j
        i += 1
    return out


SNIPPETS = _snippets()


def test_the_readme_has_shell_snippets_and_most_run():
    assert len(SNIPPETS) >= 3
    assert sum(1 for _, marked, _ in SNIPPETS if not marked) >= 2


def _commands(text: str) -> list[str]:
    """The commands of a snippet: lines joined at a trailing backslash, comments and blanks left out."""
    out, current = [], ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip() and not current.lstrip().startswith("#"):
            out.append(current)
        current = ""
    return out


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    """The repository's files (as git sees them, tracked or not ignored), without .git."""
    src = tmp_path_factory.mktemp("readme-repo")
    copy_worktree(src)
    return src


@pytest.mark.parametrize("line,marked,text", SNIPPETS, ids=[f"README.md:{s[0]}" for s in SNIPPETS])
def test_shell_snippet_runs(line, marked, text, repo_copy, tmp_path):
    if marked:
        pytest.skip(f"README.md:{line} needs the network ({NETWORK})")
    work = tmp_path / "repo"
    shutil.copytree(repo_copy, work, symlinks=True)
    bindir = os.path.dirname(sys.executable)
    assert os.path.exists(os.path.join(bindir, "doalint")), "the test runs in an environment with doalint installed"
    script = ["set -o pipefail"]
    for n, command in enumerate(_commands(text)):
        # doalint check and baseline exit 1 for findings, which is what a snippet may show
        findings_ok = re.search(r"\bdoalint (check|baseline)\b", command) is not None
        script += [command, f'__rc=$?; if [ $__rc -ne 0 ] && ! {{ [ $__rc -eq 1 ] && {str(findings_ok).lower()}; }}; '
                            f'then echo "command {n + 1} exited $__rc" >&2; exit $__rc; fi']
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ["PATH"], "NO_COLOR": "1"}
    env.pop("DOALINT_DEBUG", None)
    done = subprocess.run(["bash", "--noprofile", "--norc", "-c", "\n".join(script)], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"README.md:{line}:\n{text}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def _history() -> set[str]:
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True,
                             text=True)
    if shallow.returncode != 0 or shallow.stdout.strip() != "false":
        pytest.skip("not a full git checkout: the pinned commits cannot be looked up")
    done = subprocess.run(["git", "rev-list", "--all"], cwd=ROOT, capture_output=True, text=True)
    return set(done.stdout.split())


def test_pinned_references_are_commits_of_this_repository_or_the_placeholder():
    refs = re.findall(r"^\s*rev:\s*(\S+)", README, re.M)
    refs += re.findall(r"doa-market/doalint@([^\s\"'`]+)", README)
    assert refs, "the README shows how to pin doalint"
    history = None
    for ref in refs:
        if ref == PLACEHOLDER:
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{ref}: pin a 40-hex commit (no release is tagged) or {PLACEHOLDER}"
        history = history if history is not None else _history()
        assert ref in history, f"{ref} is not a commit of this repository"
    # the placeholder is said to be one, next to where it is used
    for m in re.finditer(re.escape(PLACEHOLDER), README):
        line = README[README.rfind("\n", 0, m.start()) + 1:README.find("\n", m.end())]
        near = README[max(0, m.start() - 600):m.end() + 200]
        assert "replace" in line or "placeholder" in near, line


def test_no_snippet_installs_doalint_from_a_package_index():
    blocks = re.findall(r"```(?:sh|yaml)\n(.*?)```", README, re.S)
    for block in blocks:
        assert not re.search(r"pip install\s+['\"]?doalint\b(?!\[)", block), block
        assert not re.search(r"pip install\s+['\"]?doalint\[", block) or "git+" in block or "-e" in block, block
