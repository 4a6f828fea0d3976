"""The configuration module, pinned exactly: glob semantics (both matchers), reading
``[tool.doalint]`` from pyproject.toml with the positions its errors name, loading the YAML file,
and finding the nearest configuration.

Globs are matched by a regex when they hold at most two wildcards and the path is at most 1024
characters, else by a linear matcher; the tables below run through both, so the two must agree.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from doalint.config import Config, discover, glob_match, load
from doalint.errors import UsageError

LONG = "p" * 1030  # a folder name that sends any path below it to the linear matcher


def _error(path: Path) -> str:
    with pytest.raises(UsageError) as exc:
        load(path)
    return str(exc.value)


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- globs

# (glob, path relative to the configuration, whether it matches), as gitignore/ruff users read them.
# Each glob here has at most two wildcards.
SIMPLE = [
    ("*.json", "task.json", True),
    ("*.json", "services/a/task.json", True),  # no "/": the file name anywhere
    ("*.json", "task.yaml", False),
    ("services/*.json", "services/task.json", True),
    ("services/*.json", "services/a/task.json", False),  # "*" stops at "/"
    ("services/*.json", "other/services/task.json", False),  # with "/": from the config's folder
    ("services/**/*.json", "services/task.json", True),  # "**/": no folder, or any number
    ("services/**/*.json", "services/a/b/task.json", True),
    ("services/**", "services/a/b.json", True),
    ("services/**", "services", False),
    ("legacy", "legacy/x/y.json", True),  # a folder's name: everything below it
    ("legacy", "src/legacy/y.json", True),
    ("legacy", "legacyx/y.json", False),
    ("legacy/", "legacy/y.json", True),  # trailing "/": the folder
    ("legacy/", "src/legacy/y.json", True),
    ("infra/legacy/", "infra/legacy/main.tf", True),
    ("infra/legacy/", "x/infra/legacy/main.tf", False),
    ("./services/*.json", "services/task.json", True),
    ("  services/*.json  ", "services/task.json", True),
    ("task-?.json", "x/task-1.json", True),
    ("task-?.json", "x/task-12.json", False),
    ("a?c/x.json", "a/c/x.json", False),  # "?" is not "/"
    ("services/batch-*/**", "services/batch-7/task.json", True),
    ("services/batch-*/**", "services/web/task.json", False),
    ("**/prod/*.tf", "prod/main.tf", True),
    ("**/prod/*.tf", "envs/eu/prod/main.tf", True),
    ("**/prod/*.tf", "envs/preprod/main.tf", False),
    ("deploy/X", "deploy/X", True),
    ("deploy/X", "sub/deploy/X", False),  # a glob with "/" is anchored at the config's folder
    ("deploy/X", "deploy/Y", False),
    ("docs/readme.md", "docs/readme.md", True),
    ("docs/readme.md", "docs/readme.mdx", False),
    ("docs/readme.md", "docs/readme.md/x", True),
    ("a.b", "axb", False),  # "." is literal
    ("*.JSON", "task.json", False),  # case matters
]

# Globs with three or more wildcards: always the linear matcher.
MANY = [
    ("**/services/*/*.json", "services/a/task.json", True),
    ("**/services/*/*.json", "x/y/services/a/task.json", True),
    ("**/services/*/*.json", "services/task.json", False),
    ("**/services/*/*.json", "services/a/b/task.json", False),
    ("**/services/*/*.json", "xservices/a/task.json", False),
    ("*/**/*.tf", "infra/main.tf", True),
    ("*/**/*.tf", "infra/a/b/main.tf", True),
    ("*/**/*.tf", "main.tf", False),
    ("*/**/*.tf", "infra/main.tfvars", False),
    ("a?c/**/?.yaml", "abc/x.yaml", True),
    ("a?c/**/?.yaml", "abc/d/e/x.yaml", True),
    ("a?c/**/?.yaml", "a/c/x.yaml", False),
    ("a?c/**/?.yaml", "abc/xy.yaml", False),
    ("a?c/**/?.yaml", "abcd/x.yaml", False),
    ("**/batch-*/**", "services/batch-1/task.json", True),
    ("**/batch-*/**", "batch-/task.json", True),
    ("**/batch-*/**", "services/batch-1", False),
    ("**/batch-*/**", "services/web-1/task.json", False),
    ("*/*/*", "a/b", False),
    ("*/*/*", "a/b/c", True),
    ("*/*/*", "a/b/c/d", True),  # "a/b/c" is a folder of it
    ("*/*/*", "ab", False),
    ("???/*/*", "abc/d/e", True),
    ("???/*/*", "ab/d/e", False),
    ("???/*/*", "abcd/d/e", False),
    ("???/*/*", "a/c/d/e", False),
    ("**/x/**/y/*", "x/y/z", True),
    ("**/x/**/y/*", "a/x/b/c/y/z", True),
    ("**/x/**/y/*", "a/x/b/c/y", False),
    ("**/x/**/y/*", "x/z", False),
    ("**/x/**/y/*", "ax/y/z", False),
    ("**/a*b*c", "abc", True),
    ("**/a*b*c", "x/aXbYc", True),
    ("**/a*b*c", "x/a/b/c", False),  # "*" does not cross "/"
    ("**/a*b*c", "x/abcd", False),
    ("**/a*b*c", "x/abc/d.json", True),
    ("**a/*/*", "a/b/c", True),
    ("**a/*/*", "xa/b/c", True),
    ("**a/*/*", "a/b", False),
    ("*/*/c**", "a/b/c", True),
    ("*/*/c**", "a/b/cde", True),
    ("*/*/c**", "a/b/d", False),
    ("*/*/c**", "ab/c", False),
    ("*/*/c**", "abc", False),
    ("x/*/**/*.json", "x/a/task.json", True),
    ("x/*/**/*.json", "x/a/b/c/task.json", True),
    ("x/*/**/*.json", "x/task.json", False),
    ("x/*/**/*.json", "y/a/task.json", False),
    ("*.??*.json", "x/a.bc.json", True),
    ("*.??*.json", "x/a.bcdef.json", True),
    ("*.??*.json", "x/a.b.json", False),
    ("*.??*.json", "x/a.b/c.json", False),
    ("*-?-*", "svc/web-1-eu", True),
    ("*-?-*", "svc/web-12-eu", False),
    ("*-?-*", "svc/web-1-/x", True),
    ("**/*-*-*.yaml", "a-b-c.yaml", True),
    ("**/*-*-*.yaml", "x/a-b-c.yaml", True),
    ("**/*-*-*.yaml", "x/a-b.yaml", False),
    ("**/*-*-*.yaml", "a-b/c-d.yaml", False),
    ("**/*/**/z", "a/z", True),
    ("**/*/**/z", "z", False),
    ("**/*/**/z", "a/b/c/z", True),
    ("**/*/**/z", "a/b/c/zz", False),
    ("*/**/a/**b", "x/a/a/b", True),
    ("a*?**", "abc", True),
    ("a*?**", "xbc", False),
    ("*/*/**.json", "a/b/c.json", True),
    ("*/*/**.json", "a.json/b/c", False),  # what follows "**" is after what precedes it
    ("*/?**a", "a/b", False),
    ("*/?**a", "a/ba", True),
    ("*/*/b/**/a*", "x/a/b/c", False),  # "**/" is a folder after what precedes it
    ("*/*/b/**/a*", "x/a/b/c/a.json", True),
    ("**/**/*.tf", "a/b.tf", True),  # a run of "**/" is one
    ("**/**/*.tf", "b.tf", True),
    ("**/**/*.tf", "a/b.tfx", False),
]

# Name globs that would also match the long folder of the long-path test.
SHORT_ONLY = [
    ("?*?", "a", False),
    ("?*?", "ab", True),
    ("?*?", "d/abcdefghij", True),
    ("?*?", "d/a", False),
]


@pytest.mark.parametrize("glob,rel,expected", SIMPLE + MANY + SHORT_ONLY)
def test_glob_matches_as_gitignore_users_expect(glob, rel, expected):
    """`*` and `?` stop at `/`, `**/` is any number of folders, a glob without `/` names a file or
    folder anywhere, one with `/` is anchored at the configuration's folder, and a matched folder
    covers everything below it."""
    assert glob_match(glob, rel) is expected


@pytest.mark.parametrize("glob,rel,expected", SIMPLE + MANY)
def test_long_paths_match_as_short_ones(glob, rel, expected):
    """A path over 1024 characters (the linear matcher) matches as a short one does, for any glob."""
    if "/" in glob.strip().rstrip("/"):  # anchored: the long folder is part of the glob
        long_glob = LONG + "/" + glob.strip().removeprefix("./")
    else:  # a name anywhere: the long folder is one more folder above it
        long_glob = glob
    assert glob_match(long_glob, LONG + "/" + rel) is expected


def test_long_paths_under_name_globs():
    """A name glob matches a file or folder by that name at any depth of a long path, not the
    long folder itself."""
    deep = "/".join(["d" * 200] * 6)  # 1205 characters
    assert glob_match("*.json", deep + "/task.json")
    assert not glob_match("*.json", deep + "/task.yaml")
    assert glob_match("?" * 200, deep + "/x.json")  # a folder of 200 characters
    assert not glob_match("?" * 199, deep + "/x.json")
    assert glob_match("d*d", deep + "/x.json")
    assert not glob_match("e*", deep + "/x.json")
    assert glob_match("task-?.json", deep + "/task-1.json")
    assert not glob_match("task-?.json", deep + "/task-/.json")
    assert glob_match("x", deep + "/x")
    assert not glob_match("x", deep + "/y")


@pytest.mark.parametrize("n", [1024, 1025, 2048, 4096])
def test_star_spans_a_whole_long_name(n):
    """`*` matches a file name of any length (moves of every size, up to the whole path)."""
    assert glob_match("*", "n" * n)
    assert glob_match("*", "n" * (n - 1) + ".json")
    assert glob_match("*n", "n" * n)
    assert not glob_match("*m", "n" * n)


def test_globs_with_many_wildcards_on_long_paths():
    """Three or more wildcards on a long path: every wildcard still matches only what it should."""
    deep = "/".join(["d" * 300] * 4)  # 1203 characters
    assert glob_match("**/d*d/*/*.json", deep + "/x/task.json")
    assert not glob_match("**/d*d/*/*.json", deep + "/task.yaml")
    assert glob_match("**/*/**/task.json", deep + "/task.json")
    assert not glob_match("**/*/**/task.json", deep + "/task.jsonx")
    assert glob_match("*/*/*/*/?", deep + "/t")
    assert not glob_match("*/*/*/*/?", deep + "/tt")
    assert glob_match("*/*/*/*", deep + "/t")  # the four long folders: a folder of the path


def test_exclude_and_per_file_ignores_use_the_globs(tmp_path):
    """A configuration's exclude and per-file-ignores match paths relative to its folder."""
    cfg = Config(file=tmp_path / ".doalint.yaml", root=tmp_path,
                 exclude=["legacy/**", "*/*/old-*.json"],
                 per_file_ignores={"services/batch-*/**": ["DOA206"], "*.tf": ["DOA101"], "**/x/*/*.json": ["DOA1"]})
    assert cfg.excluded(str(tmp_path / "legacy" / "a.json"))
    assert cfg.excluded(str(tmp_path / "a" / "b" / "old-1.json"))
    assert not cfg.excluded(str(tmp_path / "a" / "old-1.json"))
    assert not cfg.excluded(str(tmp_path / "services" / "a.json"))
    assert cfg.ignored_here(str(tmp_path / "services" / "batch-2" / "t.json")) == ["DOA206"]
    assert cfg.ignored_here(str(tmp_path / "services" / "batch-2" / "main.tf")) == ["DOA206", "DOA101"]
    assert cfg.ignored_here(str(tmp_path / "q" / "x" / "r" / "t.json")) == ["DOA1"]
    assert cfg.ignored_here(str(tmp_path / "services" / "web" / "t.json")) == []


# --------------------------------------------------------------------------- pyproject.toml

def test_pyproject_values_are_read_as_written(tmp_path):
    """Lists, tables, booleans, numbers and TOML dates of [tool.doalint] become the settings."""
    path = _toml(tmp_path, """\
[project]
name = "deploy"

[tool.doalint]
select = ["DOA1", "DOA2"]
ignore = "DOA117"
exclude = ["legacy/**", "tmp"]
context = ["services/**"]
fail-level = "warning"
complete-project = true
max-file-size = 4096
baseline = ".doalint-baseline.json"
profile = "deploy/standard.yaml"
per-file-ignores = { "services/batch-*/**" = ["DOA206", "DOA207"], "*.tf" = "DOA101" }

[tool.doalint.severity]
DOA117 = "error"

[[tool.doalint.waivers]]
rule = "DOA202"
path = "services/payment-service/*.json"
document = "deploymentConfiguration"
reason = "  rolls back through CodeDeploy  "
owner = "@payments"
expires = 2026-12-31

[[tool.doalint.waivers]]
rule = "DOA101"
path = "a.json"
reason = "until the move"
expires = 2027-01-02T10:30:00Z
""")
    cfg = load(path)
    assert cfg.file == path and cfg.root == tmp_path.resolve()
    assert cfg.select == ["DOA1", "DOA2"]
    assert cfg.ignore == ["DOA117"]
    assert cfg.exclude == ["legacy/**", "tmp"]
    assert cfg.context == ["services/**"]
    assert cfg.fail_level == "warning"
    assert cfg.complete_project is True
    assert cfg.max_file_size == 4096
    assert cfg.baseline == tmp_path.resolve() / ".doalint-baseline.json"
    assert cfg.profile == tmp_path.resolve() / "deploy" / "standard.yaml"
    assert cfg.per_file_ignores == {"services/batch-*/**": ["DOA206", "DOA207"], "*.tf": ["DOA101"]}
    assert cfg.severity == {"DOA117": "error"}
    first, second = cfg.waivers
    assert (first.rule, first.path, first.document, first.reason, first.owner, first.expires) == (
        "DOA202", "services/payment-service/*.json", "deploymentConfiguration", "rolls back through CodeDeploy",
        "@payments", datetime.date(2026, 12, 31))
    assert (first.line, first.col) == (19, 1)  # its [[tool.doalint.waivers]] header
    assert (second.owner, second.document, second.expires) == (None, None, datetime.date(2027, 1, 2))


@pytest.mark.parametrize("text", [
    '[project]\nname = "deploy"\n',
    '[tool.ruff]\nline-length = 100\n',
    '',
])
def test_pyproject_without_doalint_table_is_no_settings(tmp_path, text):
    """A pyproject.toml without [tool.doalint] (given with --config) holds no settings."""
    cfg = load(_toml(tmp_path, text))
    assert (cfg.select, cfg.ignore, cfg.exclude, cfg.severity, cfg.waivers, cfg.per_file_ignores) == (
        [], [], [], {}, [], {})
    assert cfg.fail_level is None and cfg.complete_project is False and cfg.profile is None


def test_pyproject_that_is_not_toml_names_line_and_column(tmp_path):
    path = _toml(tmp_path, '[tool.doalint]\nfail-level = \n')
    assert _error(path) == f"config {path}:2:14: Invalid value (at line 2, column 14)"


def test_pyproject_cut_short_has_no_position(tmp_path):
    path = _toml(tmp_path, '[tool.doalint]\nselect = ["DOA1"')
    assert _error(path) == f"config {path}: Unclosed array (at end of document)"


def test_pyproject_key_errors_name_the_key_line_and_column(tmp_path):
    """An unknown key, quoted or not, is named at its own line and column."""
    path = _toml(tmp_path, '[project]\nname = "x"\n\n[tool.doalint]\nfail-level = "error"\n  "selectX" = ["DOA1"]\n')
    assert _error(path) == f"config {path}:6:3: selectX: unknown key 'selectX'; did you mean 'select'?"
    path = _toml(tmp_path, '[tool.doalint]\n\nfail-levle = "error"\n')
    assert _error(path) == f"config {path}:3:1: fail-levle: unknown key 'fail-levle'; did you mean 'fail-level'?"


def test_pyproject_same_key_in_an_earlier_table(tmp_path):
    """A key of [tool.doalint] is located in that table, not in another tool's table above it."""
    path = _toml(tmp_path, '[tool.ruff.lint]\nselect = ["E", "F"]\n\n[tool.doalint]\nfail-level = "error"\nselect = 5\n')
    assert _error(path).startswith(f"config {path}:6:1: select: ")


def test_pyproject_subtable_errors_name_the_subtable_header(tmp_path):
    """A wrong value in [tool.doalint.severity] is named at that table's header, also after an
    array of [[tool.doalint.waivers]] tables."""
    path = _toml(tmp_path, """\
[project]
name = "x"

[tool.doalint]
fail-level = "error"

[[tool.doalint.waivers]]
rule = "DOA101"
path = "x.json"
reason = "legacy task"

[tool.doalint.severity]
DOA101 = "fatal"
""")
    assert _error(path) == (f"config {path}:12:1: severity.DOA101: the value is not one of "
                            "['error', 'warning', 'note']")


def test_pyproject_with_subtables_only(tmp_path):
    """[tool.doalint.severity] without a [tool.doalint] header (the first line): read, and an
    error in it named at its header."""
    path = _toml(tmp_path, '[tool.doalint.severity]\nDOA101 = "warning"\n')
    assert load(path).severity == {"DOA101": "warning"}
    path = _toml(tmp_path, '[tool.doalint.severity]\nDOA101 = "fatal"\n')
    assert _error(path).startswith(f"config {path}:1:1: severity.DOA101: ")


def test_pyproject_unlocated_key_is_named_within_the_table(tmp_path):
    """An error the reader cannot place on its key's line (a dotted key) names the
    [tool.doalint] header or the key's own line, never a line outside the table."""
    path = _toml(tmp_path, '[project]\nname = "x"\n\n[tool.doalint]\nfail-level = "error"\nseverity.DOA101 = "fatal"\n')
    message = _error(path)
    assert message.startswith((f"config {path}:4:1: severity.DOA101: ", f"config {path}:6:1: severity.DOA101: "))


def test_pyproject_datetime_expiry_is_its_date(tmp_path):
    """A TOML date-time for `expires` is the waiver's day."""
    path = _toml(tmp_path, '[tool.doalint]\nwaivers = [{rule = "DOA101", path = "a.json", reason = "why not", '
                           'expires = 2026-03-04T23:59:59+05:00}]\n')
    (waiver,) = load(path).waivers
    assert waiver.expires == datetime.date(2026, 3, 4)
    assert (waiver.line, waiver.col) == (2, 1)


# --------------------------------------------------------------------------- .doalint.yaml

def test_yaml_settings_are_read_as_written(tmp_path):
    path = tmp_path / ".doalint.yaml"
    path.write_text("""\
select: DOA101
ignore: [DOA117]
per-file-ignores:
  "*.tf": DOA202
waivers:
  - rule: DOA202
    path: "services/*.json"
    reason: rolls back through CodeDeploy
    owner: "@payments"
    expires: 2026-12-31
""", encoding="utf-8")
    cfg = load(path)
    assert cfg.select == ["DOA101"] and cfg.ignore == ["DOA117"]
    assert cfg.per_file_ignores == {"*.tf": ["DOA202"]}
    assert cfg.complete_project is False
    (waiver,) = cfg.waivers
    assert (waiver.owner, waiver.expires, waiver.line, waiver.col) == ("@payments", datetime.date(2026, 12, 31), 6, 5)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "  # an indented comment only\n\t# and a tab\n",
                                  "---\n", "null\n"])
def test_empty_yaml_is_no_settings(tmp_path, text):
    """An empty file, comments only (indented or not) or an empty document: no settings."""
    path = tmp_path / ".doalint.yaml"
    path.write_text(text, encoding="utf-8")
    cfg = load(path)
    assert cfg.file == path and (cfg.select, cfg.exclude, cfg.waivers) == ([], [], [])


def test_yaml_errors_say_config(tmp_path):
    """A YAML configuration with a key written twice, or that is not YAML, is named a config."""
    path = tmp_path / ".doalint.yaml"
    path.write_text("fail-level: error\nselect: [DOA1]\nfail-level: warning\n", encoding="utf-8")
    assert _error(path) == f"config {path}:3:1: fail-level: duplicate key (first at line 1)"
    path.write_text("select: [DOA1\n", encoding="utf-8")
    assert _error(path).startswith(f"config {path}:")


def test_impossible_expiry_date_is_named_at_its_key(tmp_path, monkeypatch):
    """Should validation be skipped (doalint.yamlfile keeps stamps of documents that validated), a
    waiver's `expires` that is no date still stops the run, named at its key."""
    import doalint.yamlfile

    monkeypatch.setattr(doalint.yamlfile, "schema_errors", lambda *args: None)
    path = tmp_path / ".doalint.yaml"
    path.write_text("""\
waivers:
  - rule: DOA101
    path: a.json
    reason: legacy task
  - rule: DOA202
    path: b.json
    reason: rolls back elsewhere
    expires: 2026-02-30
""", encoding="utf-8")
    assert _error(path) == f"config {path}:8:5: waivers.1.expires: '2026-02-30' is not a date"


def test_yaml_top_level_list_is_not_a_config(tmp_path):
    path = tmp_path / ".doalint.yaml"
    path.write_text("- DOA101\n", encoding="utf-8")
    assert _error(path) == (f"config {path}:1:1: not a doalint config file "
                            "(its top level is not a mapping of settings)")


# --------------------------------------------------------------------------- discovery

def test_discover_finds_the_nearest_configuration(tmp_path, monkeypatch):
    """discover(folder) is the nearest configuration at or above it; discover() the working
    directory's."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".doalint.yaml").write_text("fail-level: error\n", encoding="utf-8")
    inner = tmp_path / "services" / "web"
    inner.mkdir(parents=True)
    (tmp_path / "services" / "pyproject.toml").write_text('[tool.doalint]\nselect = ["DOA1"]\n', encoding="utf-8")
    other = tmp_path / "infra"
    other.mkdir()
    monkeypatch.chdir(other)
    assert discover(inner) == tmp_path / "services" / "pyproject.toml"
    assert discover(tmp_path / "infra") == tmp_path / ".doalint.yaml"
    assert discover() == tmp_path / ".doalint.yaml"
    monkeypatch.chdir(inner)
    assert discover() == tmp_path / "services" / "pyproject.toml"
