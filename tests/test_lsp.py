"""`doalint lsp` driven over standard input and output by a real LSP client (pytest-lsp), the server
in its own process as an editor starts it: diagnostics (ranges, codes, relations to files on disk),
hovers, code actions, configuration reloads, shutdown and exit.

Most tests share one server (starting one costs most of a second: lsprotocol's import); each works in
its own project folder (a folder holding ``.git`` is a project of its own, as for ``check``) and closes
what it opens. The server is told to wait 10 ms after a change instead of 200 (initializationOptions).
"""

import asyncio
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

import yaml  # noqa: E402
from conftest import FIXTURES, ROOT  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

SERVER = [sys.executable, "-m", "doalint", "lsp"]
WAIT = 20.0  # seconds before a wait is a failure (a hung server), never a measure

CAPABILITIES = types.ClientCapabilities(
    workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)),
    text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])))

IMAGE_URL = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics (with its version) and every
    registration the server asks for."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []

    def publish(ls, params: types.PublishDiagnosticsParams):
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)

    def register(ls, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


async def start(client: LanguageClient, workspace: Path, capabilities=CAPABILITIES):
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)],
        initialization_options={"debounce": 10}))


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    workspace = tmp_path_factory.mktemp("workspace")
    lsp_client.workspace = workspace
    await start(lsp_client, workspace)
    yield
    await lsp_client.shutdown_session()


pytestmark = pytest.mark.asyncio(loop_scope="module")


# --- helpers: a document as an editor holds it ------------------------------------------------------

def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def offset_at(text: str, pos: types.Position) -> int:
    """The character offset of a protocol position (UTF-16 columns)."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line_start = starts[pos.line]
    line = _lines(text)[pos.line]
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return line_start + i
        units += utf16(ch)
    return line_start + len(line)


def apply_edits(text: str, edits) -> str:
    spans = sorted(((offset_at(text, e.range.start), offset_at(text, e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


class Doc:
    """An open buffer: its uri, text and version, changed as an editor changes it."""

    def __init__(self, client: LanguageClient, path: Path, text=None, language: str = "json", uri=None):
        self.client, self.path = client, path
        self.uri = uri or path.as_uri()
        self.text = path.read_text() if text is None else text
        self.version = 1
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=self.uri, language_id=language, version=1, text=self.text)))

    def change(self, text: str) -> None:
        self.version += 1
        self.text = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))

    def apply(self, edit: types.WorkspaceEdit) -> None:
        """What an editor does with a code action's edit: apply it to the buffer (refused when the
        buffer is not of the version it was made for)."""
        mine = [c for c in edit.document_changes if c.text_document.uri == self.uri]
        assert mine and all(c.text_document.version == self.version for c in mine), edit
        self.change(apply_edits(self.text, [e for c in mine for e in c.edits]))

    def close(self) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri=self.uri)))

    async def diagnostics(self, where=None) -> list[types.Diagnostic]:
        """The diagnostics published for this version of the buffer (the next publish if ``where``
        is None, else the first that satisfies it)."""
        return await published(self.client, self.uri, lambda p: p.version == self.version and
                               (where is None or where(p.diagnostics)))

    async def actions(self, rng: types.Range, only=None) -> list[types.CodeAction]:
        got = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri), range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only)))
        return got or []


async def published(client, uri: str, accept, since: int = 0, timeout: float = WAIT) -> list[types.Diagnostic]:
    """The diagnostics of the first publish for ``uri`` from the ``since``-th publish on (seen so far
    or to come) that ``accept``s."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        mine = [p for p in client.published[since:] if p.uri == uri]
        for p in mine:
            if accept(p):
                return list(p.diagnostics)
        since += len(client.published[since:])
        if loop.time() > end:
            raise AssertionError(f"no publish for {uri} as expected; last: {mine[-1:]}; messages: "
                                 f"{[m.message for m in client.messages + client.log_messages]}")
        await asyncio.sleep(0.005)


async def until(what: str, check, timeout: float = WAIT):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


def project(client, name: str) -> Path:
    """A project folder of its own inside the workspace."""
    folder = client.workspace / name
    (folder / ".git").mkdir(parents=True)
    return folder


def codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


def task_yaml(**changes) -> str:
    """The seed task definition as YAML (block style): DOA117 on its image (line 11)."""
    task = json.loads((FIXTURES / "seed" / "product-service.task-definition.json").read_text())
    task.update(changes)
    return yaml.safe_dump(task, sort_keys=False, width=1000)


def line_of(text: str, needle: str) -> int:
    """The 0-based line of the first line holding ``needle``."""
    return next(i for i, ln in enumerate(_lines(text)) if needle in ln)


def rng(line: int, start: int, end_line: int, end: int) -> types.Range:
    return types.Range(start=types.Position(line=line, character=start),
                       end=types.Position(line=end_line, character=end))


# --- diagnostics ------------------------------------------------------------------------------------

async def test_half_typed_json_is_a_doa001_at_the_error_and_typing_on_clears_it(client):
    """Bad input in a buffer is DOA001 where the parser stopped, never a crash; the fix republishes."""
    folder = project(client, "half-typed")
    doc = Doc(client, folder / "task.json", '{\n  "family": "product-service",\n  "cpu": \n}\n')
    (diag,) = await doc.diagnostics()
    assert (diag.code, diag.source, diag.severity) == ("DOA001", "doalint", types.DiagnosticSeverity.Error)
    assert diag.range == rng(3, 0, 3, 0)
    assert diag.message == "expected a JSON value, found '}'"
    doc.change('{"family": "\U0001F433", "cpu": }')  # UTF-16: the whale is two code units
    (diag,) = await doc.diagnostics()
    assert diag.range == rng(0, 24, 0, 24)  # 23 characters before the brace, 24 UTF-16 units
    task = (FIXTURES / "seed" / "product-service.task-definition.json").read_text()
    doc.change(task)
    assert "DOA001" not in codes(await doc.diagnostics())
    doc.close()


async def test_a_finding_has_its_rule_url_severity_and_a_utf16_range(client):
    folder = project(client, "utf16")
    text = ('family: product-service\ncontainerDefinitions:\n  - {name: "\U0001F433 web", image: '
            '"123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:latest"}\n')
    doc = Doc(client, folder / "task.yaml", text, "yaml")
    found = [d for d in await doc.diagnostics() if d.code == "DOA117"]
    assert len(found) == 1
    (diag,) = found
    # doalint: 3:21-3:26 in characters; the whale before it is two UTF-16 units
    assert diag.range == rng(2, 21, 2, 26)
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert diag.code_description.href == IMAGE_URL
    assert "uses the mutable tag 'latest'" in diag.message
    errors = [d for d in await doc.diagnostics() if d.code == "DOA101"]
    assert errors and errors[0].severity == types.DiagnosticSeverity.Error
    doc.close()


async def test_every_format_is_linted_and_only_its_own_findings_are_published(client):
    """JSON, YAML, Terraform and CloudFormation buffers each get their file's findings, at their lines."""
    folder = project(client, "formats")
    shutil.copytree(FIXTURES / "seed-terraform", folder / "tf")
    shutil.copy(FIXTURES / "seed-cloudformation" / "template.yaml", folder / "template.yaml")
    shutil.copy(FIXTURES / "seed" / "product-service.task-definition.json", folder / "task.json")
    (folder / "task.yaml").write_text(task_yaml(family="yaml-copy"))
    tf = Doc(client, folder / "tf" / "ecs.tf", language="terraform")
    cfn = Doc(client, folder / "template.yaml", language="yaml")
    js = Doc(client, folder / "task.json")
    ym = Doc(client, folder / "task.yaml", language="yaml")
    expect = {tf: (21, 6), cfn: (128, 10), js: (11, 6), ym: (10, 2)}  # DOA117, 0-based
    for doc, (line, col) in expect.items():
        image = [d for d in await doc.diagnostics() if d.code == "DOA117"]
        assert [(d.range.start.line, d.range.start.character) for d in image] == [(line, col)], doc.path
    # the module's other files have findings (DOA303 in autoscaling.tf): not published for ecs.tf
    assert codes(client.diagnostics[tf.uri]) == ["DOA117"]
    assert [p.uri for p in client.published if "autoscaling.tf" in p.uri] == []
    for doc in expect:
        doc.close()


async def test_a_relation_to_a_file_on_disk_and_to_an_unsaved_buffer(client):
    """The service is judged against the task definition on disk (DOA901, related to its port);
    editing that task definition in the editor, unsaved, updates the service's diagnostics; closing
    it without saving brings the disk's back."""
    folder = project(client, "relations")
    shutil.copy(FIXTURES / "seed" / "product-service.service.json", folder / "service.json")
    task = (FIXTURES / "seed" / "product-service.task-definition.json").read_text()
    (folder / "task.json").write_text(task.replace('"containerPort": 3003', '"containerPort": 3004'))
    service = Doc(client, folder / "service.json")
    (diag,) = [d for d in await service.diagnostics() if d.code == "DOA901"]
    assert diag.range == rng(21, 6, 21, 21)  # "containerPort" of loadBalancers[0]
    assert "exposes 3004" in diag.message
    (info,) = diag.related_information
    assert info.location.uri == (folder / "task.json").as_uri()
    assert info.location.range.start == types.Position(line=15, character=10)
    assert info.message == "the container's port mappings"

    fixed = Doc(client, folder / "task.json")  # as on disk: nothing changes yet
    since = len(client.published)
    fixed.change(task)  # port 3003 again, not saved
    await published(client, service.uri, lambda p: "DOA901" not in codes(p.diagnostics), since)
    assert (folder / "task.json").read_text() != task  # (the disk still says 3004)
    since = len(client.published)
    fixed.close()
    await published(client, service.uri, lambda p: "DOA901" in codes(p.diagnostics), since)
    service.close()


async def test_a_buffer_that_is_no_file_yet_is_linted_alone(client):
    folder = project(client, "unsaved")
    new = Doc(client, folder / "new-task.yaml", task_yaml(), "yaml")  # not on disk
    assert "DOA117" in codes(await new.diagnostics())
    untitled = Doc(client, folder / "x", task_yaml(), "yaml", uri="untitled:Untitled-1")
    assert "DOA117" in codes(await untitled.diagnostics())
    new.close()
    untitled.close()


async def test_closing_a_buffer_clears_its_diagnostics(client):
    folder = project(client, "closing")
    doc = Doc(client, folder / "task.yaml", task_yaml(), "yaml")
    assert await doc.diagnostics()
    doc.close()
    await until("cleared diagnostics", lambda: client.diagnostics.get(doc.uri) is not None
                and len(client.diagnostics[doc.uri]) == 0)


async def test_files_doalint_does_not_read_get_no_diagnostics(client):
    folder = project(client, "others")
    for name in ("package.json", "notes.md"):
        doc = Doc(client, folder / name, "{ not json", "json")
        marker = Doc(client, folder / f"after-{name}.json", "{")  # a pass after the other's open
        await marker.diagnostics()
        assert doc.uri not in client.diagnostics
        doc.close()
        marker.close()


# --- hover ------------------------------------------------------------------------------------------

async def test_hover_on_a_finding_explains_its_rule_with_the_profiles_value(client):
    folder = project(client, "hover")
    text = task_yaml()
    doc = Doc(client, folder / "task.yaml", text, "yaml")
    (image,) = [d for d in await doc.diagnostics() if d.code == "DOA117"]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), position=image.range.start))
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert value.startswith("**DOA117** `image-tag-not-pinned` (warning): Container images must be pinned")
    assert image.message in value
    assert "**What it checks.** Checks that every container's `image` names a digest" in value
    assert "**Why it matters.**" in value
    assert '- `task.mutable_image_tags` = `["latest"]`' in value  # the profile's value
    assert "**How to fix**" in value and "product-service:1.4.2" in value  # the catalog's "use instead"
    assert f"[Documentation]({IMAGE_URL})" in value
    assert hover.range == image.range
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), position=types.Position(line=0, character=0)))
    assert nothing is None
    doc.close()


# --- code actions -----------------------------------------------------------------------------------

async def test_ignore_here_inserts_a_comment_that_doalint_applies(client):
    """YAML, Terraform and CloudFormation in YAML take `# doalint: ignore[RULE] reason` above the key: the
    action writes it with the key's indentation and the finding is gone (no unused or reasonless
    suppression left)."""
    folder = project(client, "ignore")
    shutil.copytree(FIXTURES / "seed-terraform", folder / "tf")
    shutil.copy(FIXTURES / "seed-cloudformation" / "template.yaml", folder / "template.yaml")
    docs = [Doc(client, folder / "task.yaml", task_yaml(), "yaml"),
            Doc(client, folder / "tf" / "ecs.tf", language="terraform"),
            Doc(client, folder / "template.yaml", language="yaml")]
    for doc, indent in zip(docs, ("  ", "      ", "          "), strict=True):
        (image,) = [d for d in await doc.diagnostics() if d.code == "DOA117"]
        actions = [a for a in await doc.actions(image.range) if a.title == "Ignore DOA117 here (inline comment)"]
        assert len(actions) == 1 and actions[0].kind == types.CodeActionKind.QuickFix
        (change,) = actions[0].edit.document_changes
        (edit,) = change.edits
        line = image.range.start.line
        assert edit.range == rng(line, 0, line, 0)
        assert edit.new_text == f"{indent}# doalint: ignore[DOA117] TODO: say why this is accepted\n"
        doc.apply(actions[0].edit)
        after = await doc.diagnostics()
        assert not {"DOA117", "DOA012", "DOA013"} & set(codes(after)), codes(after)
        doc.close()


async def test_no_ignore_comment_where_doalint_would_not_apply_it(client):
    """JSON has no comments; a finding about a missing key stands at a line whose key is another one:
    no comment there covers it."""
    folder = project(client, "no-ignore")
    shutil.copy(FIXTURES / "seed" / "product-service.task-definition.json", folder / "task.json")
    task = yaml.safe_load(task_yaml())
    del task["networkMode"]
    missing = Doc(client, folder / "missing.yaml", yaml.safe_dump(task, sort_keys=False), "yaml")
    for doc, rule in ((Doc(client, folder / "task.json"), "DOA117"), (missing, "DOA101")):
        (found,) = [d for d in await doc.diagnostics() if d.code == rule]
        titles = [a.title for a in await doc.actions(found.range)]
        assert f"Ignore {rule} here (inline comment)" not in titles, (doc.path, titles)
        doc.close()
    assert "Ignore DOA117 here (inline comment)" in titles  # (the missing key's range spans the image's)


async def test_no_actions_for_a_buffer_changed_since_its_pass(client):
    """Actions are made from the findings of the buffer's current version only."""
    folder = project(client, "stale")
    doc = Doc(client, folder / "task.yaml", task_yaml(), "yaml")
    (image,) = [d for d in await doc.diagnostics() if d.code == "DOA117"]
    assert await doc.actions(image.range)
    client.text_document_did_change(types.DidChangeTextDocumentParams(  # (the server has not linted it yet)
        types.VersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version + 1),
        [types.TextDocumentContentChangeWholeDocument(text="#\n" + doc.text)]))
    assert await doc.actions(image.range) == []
    doc.close()


async def test_quick_fix_of_a_fix_clears_its_diagnostic(client):
    """A finding's fix (doalint.fixes) as a quick fix: applying the one of a DOA202 finding (circuit
    breaker rollback off) clears it."""
    folder = project(client, "fix")
    service = json.loads((FIXTURES / "seed" / "product-service.service.json").read_text())
    service["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"] = False
    doc = Doc(client, folder / "service.yaml", yaml.safe_dump(service, sort_keys=False), "yaml")
    (bad,) = [d for d in await doc.diagnostics() if d.code == "DOA202"]
    fixes = [a for a in await doc.actions(bad.range, only=[types.CodeActionKind.QuickFix])
             if a.title.startswith("DOA202: ")]
    assert [(a.kind, a.is_preferred, a.diagnostics[0].code) for a in fixes] == [("quickfix", True, "DOA202")]
    doc.apply(fixes[0].edit)
    assert "rollback: true" in doc.text
    assert "DOA202" not in codes(await doc.diagnostics())
    doc.close()


async def test_fix_all_applies_the_safe_fixes_and_an_unsafe_one_is_marked(client):
    """source.fixAll.doalint (what "source.fixAll" on save asks for) applies the safe fixes only (the
    stop timeout, DOA114); the network mode's fix (DOA101) is unsafe: offered alone, marked, not
    preferred."""
    folder = project(client, "fix-all")
    task = json.loads((FIXTURES / "seed" / "product-service.task-definition.json").read_text())
    task["networkMode"] = "bridge"
    task["containerDefinitions"][0]["stopTimeout"] = 5
    doc = Doc(client, folder / "task.yaml", yaml.safe_dump(task, sort_keys=False, width=1000), "yaml")
    assert codes(await doc.diagnostics()) == ["DOA101", "DOA114", "DOA117"]

    (fix_all,) = await doc.actions(rng(0, 0, 0, 0), only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.doalint"
    doc.apply(fix_all.edit)
    assert "stopTimeout: 30" in doc.text and "networkMode: bridge" in doc.text
    (network,) = [d for d in await doc.diagnostics() if d.code != "DOA117"]
    assert network.code == "DOA101"
    assert await doc.actions(rng(0, 0, 0, 0), only=["source.fixAll"]) == []  # nothing safe left

    fixes = [a for a in await doc.actions(network.range, only=[types.CodeActionKind.QuickFix])
             if a.title.startswith("DOA101: ")]
    assert [(a.title, a.is_preferred) for a in fixes] == [("DOA101: set networkMode to awsvpc (unsafe)", False)]
    doc.apply(fixes[0].edit)
    assert codes(await doc.diagnostics()) == ["DOA117"]
    (image,) = await doc.diagnostics()
    titles = [a.title for a in await doc.actions(image.range)]
    assert titles == ["Ignore DOA117 here (inline comment)"]  # no fix for an image tag: only the comment
    doc.close()


# --- configuration ----------------------------------------------------------------------------------

async def test_the_server_asks_to_watch_files(client):
    await until("a registration", lambda: client.registrations)
    (reg,) = client.registrations
    assert reg.method == "workspace/didChangeWatchedFiles"
    globs = [w["globPattern"] if isinstance(w, dict) else w.glob_pattern for w in
             (reg.register_options["watchers"] if isinstance(reg.register_options, dict)
              else reg.register_options.watchers)]
    assert globs == ["**/*.{json,yaml,yml,tf,tfvars,tpl,tmpl,tftpl,template,j2,jinja,jinja2,toml}",
                     "**/.doalint.{yaml,yml}"]


def _changed(client, *paths, kind=types.FileChangeType.Changed) -> int:
    """Tell the server these files changed on disk, as the editor's watcher does; the number of
    publishes before (what comes after is about the change)."""
    since = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=p.as_uri(), type=kind) for p in paths]))
    return since


async def test_configuration_and_profile_are_reloaded_when_they_change(client):
    folder = project(client, "config")
    doc = Doc(client, folder / "task.yaml", task_yaml(networkMode="bridge"), "yaml")
    assert codes(await doc.diagnostics()) == ["DOA101", "DOA117"]
    config = folder / ".doalint.yaml"

    config.write_text("ignore: [DOA117]\n")
    since = _changed(client, config, kind=types.FileChangeType.Created)
    await published(client, doc.uri, lambda p: codes(p.diagnostics) == ["DOA101"], since)

    config.write_text("ignore: [DOA999]\n")  # a broken configuration: said, and nothing shown
    since = _changed(client, config)
    await published(client, doc.uri, lambda p: len(p.diagnostics) == 0, since)
    await until("the error shown", lambda: any("DOA999" in m.message for m in client.messages))
    (shown,) = [m for m in client.messages if "DOA999" in m.message]
    assert shown.type == types.MessageType.Error and "unknown rule 'DOA999'" in shown.message

    profile = (ROOT / "rules" / "standard.yaml").read_text()
    (folder / "profile.yaml").write_text(profile.replace("mutable_image_tags: [latest]", "mutable_image_tags: [edge]"))
    config.write_text("profile: profile.yaml\n")
    since = _changed(client, config)
    await published(client, doc.uri, lambda p: codes(p.diagnostics) == ["DOA101"], since)
    (folder / "profile.yaml").write_text(profile)  # the profile changes: read again
    since = _changed(client, folder / "profile.yaml")
    await published(client, doc.uri, lambda p: codes(p.diagnostics) == ["DOA101", "DOA117"], since)
    doc.close()


async def test_saving_a_configuration_reloads_it_without_a_watcher(client):
    folder = project(client, "saved-config")
    doc = Doc(client, folder / "task.yaml", task_yaml(networkMode="bridge"), "yaml")
    assert codes(await doc.diagnostics()) == ["DOA101", "DOA117"]
    config = folder / ".doalint.yaml"
    config.write_text("ignore: [DOA117]\n")
    since = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config.as_uri())))
    await published(client, doc.uri, lambda p: codes(p.diagnostics) == ["DOA101"], since)
    doc.close()


async def test_a_file_changed_on_disk_is_read_again(client):
    folder = project(client, "disk")
    shutil.copy(FIXTURES / "seed" / "product-service.service.json", folder / "service.json")
    task = (FIXTURES / "seed" / "product-service.task-definition.json").read_text()
    (folder / "task.json").write_text(task)
    service = Doc(client, folder / "service.json")
    assert "DOA901" not in codes(await service.diagnostics())
    (folder / "task.json").write_text(task.replace('"containerPort": 3003', '"containerPort": 3004'))
    since = _changed(client, folder / "task.json")
    await published(client, service.uri, lambda p: "DOA901" in codes(p.diagnostics), since)
    service.close()


# --- a server of its own ----------------------------------------------------------------------------

async def stop(client) -> None:
    """End a server of a test's own: shutdown and exit when it still answers, else killed (pygls's
    client would wait for it forever)."""
    try:
        if client._server is not None and client._server.returncode is None and client.error is None:
            await asyncio.wait_for(client.shutdown_session(), WAIT)
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        await client.stop()


async def _server(tmp_path):
    client = make_client()
    await client.start_io(*SERVER)
    await start(client, tmp_path)
    return client


async def test_shutdown_then_exit_ends_the_server_with_0(tmp_path):
    client = await _server(tmp_path)
    try:
        doc = Doc(client, tmp_path / "task.yaml", task_yaml(), "yaml")
        await doc.diagnostics()
        await client.shutdown_async(None)
        client.exit(None)
        assert await asyncio.wait_for(client._server.wait(), WAIT) == 0
    finally:
        await stop(client)


async def test_exit_without_shutdown_ends_the_server_with_1(tmp_path):
    client = await _server(tmp_path)
    try:
        client.exit(None)
        assert await asyncio.wait_for(client._server.wait(), WAIT) == 1
    finally:
        await stop(client)


async def test_a_client_without_related_information_gets_it_in_the_message(tmp_path):
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "seed" / "product-service.service.json", tmp_path / "service.json")
    task = (FIXTURES / "seed" / "product-service.task-definition.json").read_text()
    (tmp_path / "task.json").write_text(task.replace('"containerPort": 3003', '"containerPort": 3004'))
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, tmp_path, capabilities=types.ClientCapabilities())
        service = Doc(client, tmp_path / "service.json")
        (diag,) = [d for d in await service.diagnostics() if d.code == "DOA901"]
        assert diag.related_information is None
        assert diag.message.endswith(f"\n{(tmp_path / 'task.json').as_uri()}:16: the container's port mappings")
        assert client.registrations == []  # no dynamic registration offered: none asked
    finally:
        await stop(client)
