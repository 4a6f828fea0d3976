"""Random edits, garbage included, sent to `doalint lsp` as an editor sends them (incremental changes
over stdio): the server keeps answering, and once the typing stops what it publishes is what doalint
says of the text as it then is."""

import asyncio
import json
import re
import shutil

import pytest

pytest.importorskip("pytest_lsp")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lsprotocol import types  # noqa: E402

from conftest import FIXTURES  # noqa: E402
from test_lsp import SERVER, WAIT, Doc, make_client, published, start, stop, utf16  # noqa: E402, I001

# Text an editor may hold: any character but those Python's str.splitlines() ends a line at and the
# protocol does not (pygls keeps its lines with splitlines: positions after one would differ between
# client and server), and no lone surrogates (no editor sends them).
_ODD_LINE_ENDS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
GARBAGE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_ODD_LINE_ENDS), max_size=30)
TOKENS = st.sampled_from(['{', '}', '[', ']', '"', ':', ',', '\n', '  ', '- ', '#', 'image: ', '"cpu": ', '${',
                          'resource "aws_ecs_service" "x" {', '= ', '\r\n', '\t', 'null', '\U0001F433', 'true'])
INSERTED = st.one_of(GARBAGE, st.lists(TOKENS, max_size=6).map("".join))


def position_of(text: str, offset: int) -> types.Position:
    """The protocol position (UTF-16 columns) of a character offset that is not inside a CRLF."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    return types.Position(line=line, character=utf16(text[starts[line]:offset]))


def _boundary(text: str, offset: int) -> int:
    return offset - 1 if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n" else offset


async def _edit(doc: Doc, start: int, end: int, new: str) -> None:
    start, end = sorted((_boundary(doc.text, start), _boundary(doc.text, end)))
    rng = types.Range(start=position_of(doc.text, start), end=position_of(doc.text, end))
    doc.version += 1
    doc.text = doc.text[:start] + new + doc.text[end:]
    doc.client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
        [types.TextDocumentContentChangePartial(range=rng, text=new)]))


def _expected(linter, doc: Doc) -> list:
    """What doalint says of the buffer's text, as ``check`` of that file would (in this process)."""
    report = linter.lint_buffer(doc.text.encode("utf-8"), str(doc.path))
    return sorted((f.rule, f.line) for f in report.active)


@pytest.mark.hypothesis
def test_random_edits_never_stop_the_server_and_the_last_text_wins(tmp_path, linter):
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "seed" / "product-service.task-definition.json", tmp_path / "task.json")
    (tmp_path / "task.yaml").write_text("family: product-service\ncontainerDefinitions:\n  - name: web\n"
                                        "    image: nginx:latest\n")
    shutil.copy(FIXTURES / "seed-terraform" / "ecs.tf", tmp_path / "ecs.tf")
    loop = asyncio.new_event_loop()
    client = make_client()
    try:
        loop.run_until_complete(client.start_io(*SERVER))
        loop.run_until_complete(start(client, tmp_path))
        docs = [Doc(client, tmp_path / name, language=lang)
                for name, lang in (("task.json", "json"), ("task.yaml", "yaml"), ("ecs.tf", "terraform"))]

        originals = {doc.uri: doc.text for doc in docs}

        async def example(data) -> None:
            doc = data.draw(st.sampled_from(docs), label="document")
            doc.change(originals[doc.uri])  # each example from the file's text (hypothesis replays them)
            for _ in range(data.draw(st.integers(1, 4), label="edits")):
                start_at = data.draw(st.integers(0, 10**6), label="start") % (len(doc.text) + 1)
                end_at = min(len(doc.text), start_at + data.draw(st.integers(0, 40), label="length"))
                await _edit(doc, start_at, end_at, data.draw(INSERTED, label="text"))
            hover = client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri), position=types.Position(line=0, character=0)))
            await asyncio.wait_for(hover, WAIT)  # answered (None or a hover) while passes run
            got = await published(client, doc.uri, lambda p: p.version == doc.version)
            assert sorted((d.code, d.range.start.line + 1) for d in got) == \
                [(rule, min(line, len(re.split(r"\r\n|\r|\n", doc.text)))) for rule, line in _expected(linter, doc)]

        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.data())
        def run(data):
            loop.run_until_complete(example(data))

        run()
        crashes = [m.message for m in client.log_messages if "internal error while linting" in m.message]
        assert crashes == []
    finally:
        loop.run_until_complete(stop(client))
        loop.close()
    assert client._server.returncode == 0  # it answered shutdown and exit


def test_a_json_buffer_keeps_its_findings_in_step_with_its_text(tmp_path):
    """One fixed sequence of incremental edits (the property above, without chance): a port typed
    over in the task definition, then the file broken and mended."""
    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "seed" / "product-service.task-definition.json", tmp_path / "task.json")
    loop = asyncio.new_event_loop()
    client = make_client()
    try:
        loop.run_until_complete(client.start_io(*SERVER))
        loop.run_until_complete(start(client, tmp_path))
        doc = Doc(client, tmp_path / "task.json")

        async def steps():
            assert "DOA117" in [d.code for d in await doc.diagnostics()]
            at = doc.text.index(":latest")
            await _edit(doc, at + 1, at + 7, "1.4.2")
            assert "DOA117" not in [d.code for d in await doc.diagnostics()]
            await _edit(doc, 0, 1, "")  # the opening brace gone: DOA001
            assert [d.code for d in await doc.diagnostics()] == ["DOA001"]
            await _edit(doc, 0, 0, "{")
            assert await doc.diagnostics() == []  # (the seed's only finding was the image's tag)
            assert json.loads(doc.text)["containerDefinitions"][0]["image"].endswith(":1.4.2")

        loop.run_until_complete(steps())
    finally:
        loop.run_until_complete(stop(client))
        loop.close()
