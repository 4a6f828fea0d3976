#!/usr/bin/env python3
"""Latency of `doalint lsp`: from a change to one typical file to its new diagnostics, with a real
client over stdio (pygls's), the server in its own process as an editor starts it.

    python benchmarks/bench_lsp.py                 # the three seed projects, 40 changes each
    python benchmarks/bench_lsp.py --runs 100
    python benchmarks/bench_lsp.py --debounce 200  # the server's default pause after typing, included

Each scenario copies a seed project (JSON files, a Terraform module, a CloudFormation template) into
a workspace of its own, opens one file and, alternately, changes one value in it (a port: the
project's relations change with it; in Terraform, the service's desired count) and puts it back, each change a new version; the time measured
runs from sending didChange to receiving the publishDiagnostics of that version. The server lints
the buffer with the project's other files on disk (the relations across documents) each time. The
pause the server waits after a change (``debounce``, 200 ms by default, there so that a pass does
not start on every keystroke) is set to 0 unless --debounce says otherwise: what is measured is the
work, not the wait. Reported: median, p90, min and max in milliseconds, and the first open (the
server's first pass: profile and rules loaded).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (name, seed folder, the file opened and changed, its language, the text changed and what it becomes)
SCENARIOS = [
    ("JSON project (18 files), service.json", "fixtures/seed", "product-service.service.json", "json",
     '"containerPort": 3003', '"containerPort": 3004'),
    ("Terraform module (7 .tf files), ecs.tf", "fixtures/seed-terraform", "ecs.tf", "terraform",
     "desired_count           = 3", "desired_count           = 4"),
    ("CloudFormation template (336 lines)", "fixtures/seed-cloudformation", "template.yaml", "yaml",
     "Default: 3003", "Default: 3004"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def scenario(seed: str, name: str, language: str, old: str, new: str, runs: int, debounce: int):
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    with tempfile.TemporaryDirectory(prefix="doalint-bench-lsp-") as tmp:
        workspace = Path(tmp) / "project"
        shutil.copytree(ROOT / seed, workspace)
        (workspace / ".git").mkdir()
        client = LanguageClient("bench-lsp", "1")
        arrived: dict = {}

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams):
            arrived[(params.uri, params.version)] = (time.perf_counter(), len(params.diagnostics))

        await client.start_io(sys.executable, "-m", "doalint", "lsp")
        await client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="project")],
            initialization_options={"debounce": debounce}))
        client.initialized(types.InitializedParams())
        path = workspace / name
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)

        async def wait(version: int, sent: float) -> float:
            while (uri, version) not in arrived:
                await asyncio.sleep(0.0005)
            return arrived[(uri, version)][0] - sent

        sent = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            uri=uri, language_id=language, version=1, text=text)))
        first = await wait(1, sent)
        times = []
        for version in range(2, runs + 7):  # the first 5 changes warm up
            changed = text.replace(old, new, 1) if version % 2 == 0 else text
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=changed)]))
            took = await wait(version, sent)
            if version >= 7:
                times.append(took)
        findings = (arrived[(uri, 1)][1], arrived[(uri, 2)][1])  # of the text, and of the text changed
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return first, times, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="changes measured per scenario (default 40)")
    parser.add_argument("--debounce", type=int, default=0, metavar="MS",
                        help="the server's pause after a change (default 0 here; 200 in an editor)")
    args = parser.parse_args()
    print(f"doalint lsp: change -> diagnostics, {args.runs} changes per scenario, debounce {args.debounce} ms")
    print(f"{'scenario':<46} {'median':>8} {'p90':>8} {'min':>8} {'max':>8} {'first open':>11}")
    for title, seed, name, language, old, new in SCENARIOS:
        first, times, findings = asyncio.run(scenario(seed, name, language, old, new, args.runs, args.debounce))
        ms = [t * 1000 for t in times]
        print(f"{title:<46} {statistics.median(ms):>6.1f}ms {percentile(ms, 0.9):>6.1f}ms {min(ms):>6.1f}ms "
              f"{max(ms):>6.1f}ms {first * 1000:>9.1f}ms  ({findings[0]} diagnostics, {findings[1]} changed)")


if __name__ == "__main__":
    main()
