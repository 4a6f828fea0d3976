"""The language server: pygls over standard input and output.

Diagnostics come on open and save at once, and on change after a pause in typing (``debounce``,
200 ms unless the client's initializationOptions say ``{"debounce": MS}``). Each pass runs in one
worker thread, so that hovers and code actions are answered while it runs; a pass asked for while one
runs waits for it, and asks made meanwhile are merged into the next. Results are published from the
event loop. Files on disk are watched (``workspace/didChangeWatchedFiles``, registered by the server
when the client lets it): a change to a configuration or profile drops the settings read, and every
open buffer is linted again.
"""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from doalint import __version__
from doalint.lsp.convert import (
    FIX_ALL,
    REASON_PLACEHOLDER,
    Positions,
    contains,
    hover_markdown,
    hover_text,
    overlaps,
    split_lines,
    text_edit,
    without_overlaps,
)
from doalint.lsp.session import Buffer, Session

DEBOUNCE = 0.2  # seconds of quiet after a change before its pass starts
WATCHED = "**/*.{json,yaml,yml,tf,tfvars,tpl,tmpl,tftpl,template,j2,jinja,jinja2,toml}"
_COMMENTS = (".yaml", ".yml", ".tf", ".tfvars")  # formats whose files take a `# doalint: ignore[...]` comment


def uri_to_path(uri: str) -> Optional[str]:
    """The file of a ``file:`` uri (percent-decoded, absolute), else None."""
    try:
        parts = urlparse(uri)
    except ValueError:
        return None
    if parts.scheme != "file":
        return None
    path = unquote(parts.path)
    if os.name == "nt" and len(path) > 2 and path[0] == "/" and path[2] == ":":
        path = path[1:]
    return os.path.abspath(path)


def path_to_uri(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()


class DoalintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("doalint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.session = Session()
        self.debounce = DEBOUNCE
        self.results: dict = {}  # uri -> doalint.lsp.session.FileResult of the last pass that linted it
        self.published: dict = {}  # uri -> the diagnostics last published
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="doalint-lint")
        self._timers: dict = {}  # uri -> the pending debounced pass's timer
        self._due: dict = {}  # uri -> its path: linted in the next pass
        self._reset = False  # the next pass first forgets the settings read
        self._running = False
        self._shown: dict = {}  # configuration -> the problem last shown for it
        self._logged: set = set()  # what the last pass logged
        self.shut_down = False
        self.exit_code = 1  # (exit without shutdown)

    # --- what the client is and has ---------------------------------------------------------------
    def capability(self, *names, default=None):
        cur = self.client_capabilities
        for n in names:
            cur = getattr(cur, n, None)
            if cur is None:
                return default
        return cur

    def units(self, text: str) -> int:
        return self.workspace.position_codec.client_num_units(text)

    def folders(self) -> list[str]:
        out = [uri_to_path(f.uri) for f in self.workspace.folders.values()]
        out = [p for p in out if p]
        if not out and self.workspace.root_uri:
            root = uri_to_path(self.workspace.root_uri)
            if root:
                out.append(root)
        return out

    def buffers(self) -> dict:
        """Every open document, as it is now."""
        out = {}
        for doc in list(self.workspace.text_documents.values()):
            out[doc.uri] = Buffer(doc.uri, uri_to_path(doc.uri), doc.source, doc.version, doc.language_id or "")
        return out

    def log(self, level: str, message: str) -> None:
        kind = {"error": types.MessageType.Error, "warning": types.MessageType.Warning,
                "info": types.MessageType.Info}.get(level, types.MessageType.Log)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # (no client to tell: the transport is gone)
            pass

    # --- passes -----------------------------------------------------------------------------------
    def request(self, uris, delay: float = 0.0, reset: bool = False) -> None:
        """Lint ``uris`` (and the other open buffers of their configurations) after ``delay``
        seconds of quiet for each (0: with the next pass)."""
        if reset:
            self._reset = True
        loop = asyncio.get_running_loop()
        for uri in uris:
            timer = self._timers.pop(uri, None)
            if timer is not None:
                timer.cancel()
            if delay > 0:
                self._timers[uri] = loop.call_later(delay, self._fire, uri)
            else:
                self._due[uri] = uri_to_path(uri)
        self._kick()

    def _fire(self, uri: str) -> None:
        self._timers.pop(uri, None)
        self._due[uri] = uri_to_path(uri)
        self._kick()

    def _kick(self) -> None:
        if self._running or self.shut_down or not (self._due or self._reset):
            return
        due, self._due = self._due, {}
        reset, self._reset = self._reset, False
        buffers = self.buffers()
        if reset:
            due.update({u: b.path for u, b in buffers.items()})
        folders = self.folders()
        related = bool(self.capability("text_document", "publish_diagnostics", "related_information",
                                       default=False))
        self._running = True
        loop = asyncio.get_running_loop()
        job = loop.run_in_executor(self.executor, self._pass, due, buffers, folders, reset, related)
        job.add_done_callback(lambda fut: self._done(fut, due))

    def _pass(self, due: dict, buffers: dict, folders: list, reset: bool, related: bool):
        """One pass (the worker thread)."""
        if reset:
            self.session.reset()
        return self.session.lint(due, buffers, folders, self.units, path_to_uri, related)

    def _done(self, fut, due: dict) -> None:
        self._running = False
        try:
            outcome = fut.result()
        except Exception as exc:  # (Session.lint catches what a group raises; this is a bug in it)
            import traceback

            self.log("error", f"doalint: internal error: {type(exc).__name__}: {exc}\n"
                              + "".join(traceback.format_exception(exc)))
            outcome = None
        if outcome is not None:
            self._publish(outcome, due)
        self._kick()

    def _publish(self, outcome, due: dict) -> None:
        open_now = {doc.uri for doc in self.workspace.text_documents.values()}
        for level, message in outcome.logs:
            if message not in self._logged:  # (said once while it lasts, not on every keystroke)
                self.log(level, message)
        self._logged = {message for _, message in outcome.logs}
        for uri in outcome.cleared:
            if uri in open_now:
                self.results.pop(uri, None)
                self._send(uri, [], None, force=uri in due)
        for found, message in outcome.problems.items():
            if self._shown.get(found) != message:
                self._shown[found] = message
                self.log("error", f"doalint: {message}")
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"doalint: {message}"))
        for uri, result in outcome.results.items():
            if uri not in open_now:
                continue  # closed since: cleared when it closed
            self.results[uri] = result
            if uri in self._timers or uri in self._due:
                continue  # a newer pass is coming for it: its diagnostics then
            self._send(uri, [d for _, d in result.items], result.version, force=uri in due)
        for found in outcome.linted:
            self._shown.pop(found, None)  # fixed: a new problem there is shown again

    def _send(self, uri: str, diagnostics: list, version, force: bool) -> None:
        if not force and self.published.get(uri) == diagnostics:
            return
        self.published[uri] = diagnostics
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def clear(self, uri: str) -> None:
        self.results.pop(uri, None)
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._due.pop(uri, None)
        self.published.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def shutdown(self) -> None:
        """Stop reading: without waiting for the thread that reads standard input (it would wait for
        the client to close it) nor for a pass under way."""
        if self._stop_event is not None:
            self._stop_event.set()
        if self._thread_pool:
            self._thread_pool.shutdown(wait=False, cancel_futures=True)
        self.executor.shutdown(wait=False, cancel_futures=True)


def current_result(ls: DoalintServer, uri: str):
    """The buffer's findings, when they are of its text as it is now (positions and edits of another
    version would land in the wrong place)."""
    result = ls.results.get(uri)
    if result is None:
        return None
    doc = ls.workspace.text_documents.get(unquote(uri))
    if doc is None or doc.version != result.version:
        return None
    return result


def _inline_ignore(finding, result, path: Optional[str]) -> Optional[tuple[int, str]]:
    """(0-based line, text) of a ``# doalint: ignore[RULE]`` comment line that doalint would apply to
    ``finding``: above the line of its key (or of the finding), when the format takes comments and the
    comment there covers the finding's path (as doalint.suppress.scan_inline reads it); else None."""
    from doalint.loaders import template_name

    if not path:
        return None
    lower = path.lower()
    rendered = template_name(lower) or ""
    if not (lower.endswith(_COMMENTS) or rendered.endswith((".yaml", ".yml"))):
        return None
    smap = result.smaps.get(finding.unit)
    template = smap is None and finding.document.startswith("Resources/")
    if template:  # (a CloudFormation template: its resources have maps of their own; the file's is wanted)
        smap = _file_map(result, path, finding.unit)
    if smap is None:
        return None
    index: dict = {}
    for p, span in smap.keys.items():
        cur = index.get(span.line)
        if cur is None or len(p) < len(cur):
            index[span.line] = p
    target_path = tuple(finding.path)
    candidates = []
    key = smap.keys.get(target_path)
    if key is not None:
        candidates.append(key.line)
    candidates.append(finding.line)
    for line in candidates:
        target = index.get(line)
        if target is None or not 1 <= line <= len(result.lines):
            continue
        text = result.lines[line - 1]
        body = text.lstrip()
        if body.startswith("- ") and len(target) >= 2 and isinstance(target[-2], int):
            target = target[:-1]  # above "- key: ...": the whole list item
        # a CloudFormation template's findings have the documents' paths: its comments cover by lines
        # (doalint.suppress.scan_inline), so a comment above the finding's own line covers it
        by_lines = template and line == finding.line
        if target_path[: len(target)] == tuple(target) or by_lines:
            indent = text[: len(text) - len(body)]
            return line - 1, f"{indent}# doalint: ignore[{finding.rule}] {REASON_PLACEHOLDER}\n"
    return None


def _file_map(result, path: str, unit: int):
    """The source map of the buffer's own YAML document ``unit`` (its keys as written), or None."""
    from doalint.loaders import parse_text
    from doalint.loaders.errors import ParseError

    try:
        units = parse_text("\n".join(result.lines) + "\n", path)
    except ParseError:
        return None
    return units[unit].smap if unit < len(units) else None


def _workspace_edit(ls: DoalintServer, edits_by_uri: dict) -> types.WorkspaceEdit:
    """edits_by_uri: uri -> [types.TextEdit]. Versioned document changes when the client takes them
    (the client refuses them for a buffer changed since), else plain changes."""
    if ls.capability("workspace", "workspace_edit", "document_changes", default=False):
        changes = []
        for uri, edits in edits_by_uri.items():
            doc = ls.workspace.text_documents.get(unquote(uri))
            changes.append(types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=doc.version if doc is not None else None),
                edits=edits))
        return types.WorkspaceEdit(document_changes=changes)
    return types.WorkspaceEdit(changes=edits_by_uri)


def _fix_edits(ls: DoalintServer, fix, result, uri: str) -> Optional[dict]:
    """A fix's doalint.fixes.TextEdit objects as uri -> protocol edits; None when one of its files
    cannot be read."""
    open_docs = {uri_to_path(d.uri): d for d in ls.workspace.text_documents.values()}
    own = uri_to_path(uri)
    out: dict = {}
    for e in fix.edits:
        file = os.path.abspath(e.file)
        if file == own:
            target, where = uri, Positions(result.lines, ls.units)
        elif file in open_docs:
            doc = open_docs[file]
            target, where = doc.uri, Positions(split_lines(doc.source), ls.units)
        else:
            try:
                text = Path(file).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                return None
            target, where = path_to_uri(file), Positions(split_lines(text), ls.units)
        out.setdefault(target, []).append(text_edit(e, where))
    return out


def build() -> DoalintServer:
    """The server with its features."""
    ls = DoalintServer()

    @ls.feature(types.INITIALIZE)
    def initialize(ls: DoalintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)) \
                and not isinstance(options.get("debounce"), bool):
            ls.debounce = max(0.0, float(options["debounce"]) / 1000.0)
        roots = ls.folders()
        if roots and os.path.isdir(roots[0]):
            # as `doalint check` run at the workspace's root: file names, the repository of the
            # baseline's fingerprints
            os.chdir(roots[0])
            from doalint.fingerprint import project_root

            project_root.cache_clear()

    @ls.feature(types.INITIALIZED)
    async def initialized(ls: DoalintServer, params: types.InitializedParams) -> None:
        if not ls.capability("workspace", "did_change_watched_files", "dynamic_registration", default=False):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=WATCHED),
                    types.FileSystemWatcher(glob_pattern="**/.doalint.{yaml,yml}")]
        registration = types.Registration(
            id="doalint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except asyncio.CancelledError:  # (the server is exiting)
            return
        except Exception as exc:
            ls.log("warning", f"doalint: the client did not watch files ({exc}); changes on disk are seen on save")

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DoalintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.request([params.text_document.uri])

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DoalintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.request([params.text_document.uri], delay=ls.debounce)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: DoalintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = uri_to_path(uri)
        if path and Session.is_settings(path, ls.session.profiles):
            ls.request(list(ls.buffers()), reset=True)
        else:
            ls.request([uri])

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DoalintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.clear(uri)
        ls.request([uri])  # the other buffers of its configuration now see its file on disk

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: DoalintServer, params: types.DidChangeWatchedFilesParams) -> None:
        from doalint.loaders import SCANNED_SUFFIXES

        reset = relevant = False
        for change in params.changes:
            path = uri_to_path(change.uri)
            if not path:
                continue
            if Session.is_settings(path, ls.session.profiles):
                reset = relevant = True
            elif path.lower().endswith(SCANNED_SUFFIXES):
                relevant = True
        if relevant:
            ls.request(list(ls.buffers()), reset=reset)

    @ls.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: DoalintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.request(list(ls.buffers()))

    @ls.feature(types.SHUTDOWN)
    def shutdown(ls: DoalintServer, params) -> None:
        ls.shut_down = True
        for timer in ls._timers.values():
            timer.cancel()
        ls._timers.clear()

    @ls.feature(types.EXIT)
    def exit_(ls: DoalintServer, params) -> None:
        ls.exit_code = 0 if ls.shut_down else 1

    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: DoalintServer, params: types.HoverParams) -> Optional[types.Hover]:
        result = current_result(ls, params.text_document.uri)
        if result is None:
            return None
        hits = [(f, d) for f, d in result.items if contains(d.range, params.position)]
        if not hits:
            return None
        from doalint.catalog import default_catalog

        formats = ls.capability("text_document", "hover", "content_format", default=None)
        markdown = formats is None or types.MarkupKind.Markdown in formats
        parts = []
        for f, _ in hits:
            entry = default_catalog().get(f.rule)
            if entry is None:
                continue
            render = hover_markdown if markdown else hover_text
            parts.append(render(entry, result.profile, f))
        if not parts:
            return None
        first = hits[0][1].range
        value = ("\n\n---\n\n" if markdown else "\n\n").join(parts)
        return types.Hover(contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText, value=value), range=first)

    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False))
    def code_action(ls: DoalintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        result = current_result(ls, uri)
        if result is None:
            return []
        only = params.context.only

        def wanted(kind: str) -> bool:
            return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)

        actions = []
        path = uri_to_path(uri)
        if wanted(types.CodeActionKind.QuickFix):
            seen = set()
            for f, diag in result.items:
                if not overlaps(diag.range, params.range):
                    continue
                fix = getattr(f, "fix", None)
                if fix is not None and getattr(fix, "edits", None):
                    edits = _fix_edits(ls, fix, result, uri)
                    if edits:
                        actions.append(types.CodeAction(
                            title=f"{f.rule}: {fix.description}" + ("" if fix.safe else " (unsafe)"),
                            kind=types.CodeActionKind.QuickFix, diagnostics=[diag], is_preferred=bool(fix.safe),
                            edit=_workspace_edit(ls, edits)))
                ignore = _inline_ignore(f, result, path)
                if ignore is not None and (f.rule, ignore[0]) not in seen:
                    seen.add((f.rule, ignore[0]))
                    line, text = ignore
                    at = types.Position(line=line, character=0)
                    actions.append(types.CodeAction(
                        title=f"Ignore {f.rule} here (inline comment)", kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=_workspace_edit(ls, {uri: [types.TextEdit(range=types.Range(start=at, end=at),
                                                                       new_text=text)]})))
        if wanted(FIX_ALL):
            own = path or ""
            fixes = [f.fix for f, _ in result.items
                     if getattr(f, "fix", None) is not None and f.fix.safe and f.fix.edits
                     and all(os.path.abspath(e.file) == own for e in f.fix.edits)]
            fixes = without_overlaps(fixes)
            if fixes:
                where = Positions(result.lines, ls.units)
                edits = [text_edit(e, where) for fix in fixes for e in fix.edits]
                actions.append(types.CodeAction(title="doalint: fix all safe findings in the file", kind=FIX_ALL,
                                                edit=_workspace_edit(ls, {uri: edits})))
        return actions

    return ls


def serve() -> int:
    """Serve one client over standard input and output; the exit code (0 after shutdown and exit)."""
    # The protocol owns standard output: anything else written there (a stray print) goes to
    # standard error instead of breaking a message.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    ls = build()
    ls.start_io(sys.stdin.buffer, protocol_out)
    return ls.exit_code
