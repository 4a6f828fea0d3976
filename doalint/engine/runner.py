"""The engine: files -> documents -> models -> rules -> positioned findings."""

from __future__ import annotations

import os

import re
from pathlib import Path as FsPath
from typing import Iterable, Optional

from doalint.catalog import Catalog, default_catalog
from doalint.document import Document
from doalint.errors import UsageError
from doalint.engine.findings import Finding, InternalError, RelatedLocation, Report, Skipped
from doalint.engine.registry import Context
from doalint.frontend import Options, Problem, Read, claims_file, front_end
from doalint.kinds import KINDS
from doalint.loaders import DEFAULT_MAX_BYTES, Loaded, display_path, iter_files, load_file, parse_text
from doalint.loaders.errors import ParseError
from doalint.source import Path, format_path

# Rules produced by the front ends rather than by rule functions.
PARSE_ERROR = "DOA001"
UNRESOLVED = "DOA003"

def _templated(value, path: Path = (), literal: Optional[str] = None):
    """(path, Template) for every string value holding a placeholder (doalint.placeholders),
    other than the ``literal`` forms that belong to the document's own syntax (IAM policy
    variables such as ${aws:username})."""
    from doalint.placeholders import SHELL_KEYS, Hole, Template, split

    own = re.compile(literal) if literal else None
    stack = [(value, path, None, False)]
    while stack:
        v, p, key, shell = stack.pop()
        if isinstance(v, str):
            t = split(v, key, shell)
            if t is not None and own is not None:
                t = Template([str(h) if isinstance(h, Hole) and own.fullmatch(h) else h for h in t.parts], v)
            if t is not None and t.holes:
                yield p, t
        elif isinstance(v, dict):
            stack.extend((v[k], p + (k,), k, shell or k in SHELL_KEYS) for k in reversed(list(v)))
        elif isinstance(v, list):
            stack.extend((v[i], p + (i,), key, shell) for i in range(len(v) - 1, -1, -1))


class Linter:
    def __init__(
        self,
        profile,
        *,
        catalog: Optional[Catalog] = None,
        select: Optional[set[str]] = None,
        ignore: Optional[set[str]] = None,
        severities: Optional[dict[str, str]] = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        config=None,
        complete_project: bool = False,
        jobs: int = 1,
    ) -> None:
        from doalint.config import Config

        self.profile = profile
        self.catalog = catalog or default_catalog()
        enabled = set(select) if select else set(self.catalog.entries)
        self.enabled = enabled - set(ignore or ())
        self.severities = dict(severities or {})
        self.max_bytes = max_bytes
        self.config = config or Config()
        self.complete_project = complete_project or self.config.complete_project
        self.jobs = max(1, int(jobs or 1))
        self._facts = None
        self._context_only = False  # reading --context files: documents only, no rules of their own
        # fixes: resolved into text edits for findings whose rule proposes one (doalint.fixes)
        self.fixes = True
        self._texts: dict[str, Optional[str]] = {}  # file -> its text, read again for its fixes
        self.owns = None  # which files are this linter's (each configuration's own, doalint.cli._Run.lint)

    # --- entry points -------------------------------------------------------------
    def lint_paths(self, paths: list[str], context: Iterable[str] = ()) -> Report:
        """Lint the files of ``paths``; the files of ``context`` (but those of ``paths``) are read for
        the rules across documents only: their own rules do not run and nothing in them is reported."""
        report = Report(paths=list(paths))
        context = list(context)
        # where projects end when no configuration or repository says (_lint_project)
        self._given = list(paths) + context
        given = self._read_paths(paths, report)
        if context:
            from doalint.project import Projects

            given |= {os.path.realpath(f) for f in report.checked_files}  # (a module's other files too)
            projects = Projects(self._given)
            mine = {projects.of(f) for f in report.checked_files}

            def wanted(f) -> bool:  # not a file given, and in a project of one (no other can relate)
                return os.path.realpath(f) not in given and projects.of(str(f)) in mine

            part = Report()
            self._context_only = True
            try:
                self._read_paths(context, part, wanted)
            finally:
                self._context_only = False
            report.docs += part.docs  # only the documents: no finding, count or skipped file of the context
            report = self.finish(report)
            # a finding across documents located in a context file (two context files related, or a
            # context file's side of a relation) is not reported either: nothing in them is
            read = {os.path.realpath(f) for f in report.checked_files}
            report.findings = [f for f in report.findings if not f.line or os.path.realpath(f.file) in read]
            return report
        return self.finish(report)

    def _read_paths(self, paths: list[str], report: Report, wanted=None) -> set[str]:
        """Read and lint the files of ``paths`` (those ``wanted`` says, if given) into ``report``;
        return their real paths."""
        terraform = []
        plain = []
        notes: list = []
        read: set[str] = set()
        for f in iter_files(paths, notes):
            display = display_path(f)
            if self.config.excluded(display) or (self.owns is not None and not self.owns(f)):
                continue  # (owns: the files of this linter's configuration, when a run has several)
            if wanted is not None and not wanted(f):
                continue
            read.add(os.path.realpath(f))
            if claims_file(f.name) == "terraform":  # Terraform, in either syntax
                terraform.append(f)
            else:
                plain.append(f)
        if self.jobs > 1 and len(plain) + TERRAFORM_WEIGHT * len(terraform) >= PARALLEL_FROM:
            self._lint_parallel(plain, terraform, paths, report)
        else:
            for f in plain:
                self._lint_loaded(load_file(f, display_path(f), self.max_bytes), report)
            if terraform:
                self._lint_terraform(terraform, paths, report)
        report.skipped += [Skipped(display_path(f), why) for f, why in notes if self.owns is None or self.owns(f)]
        return read

    def _lint_terraform(self, files: list, paths: list[str], report: Report) -> None:
        self.lint_reads(front_end("terraform").read(files, paths, self._read_options()), report)

    def _read_options(self) -> Options:
        return Options(self.profile, self.max_bytes, self.config.excluded)

    def _lint_parallel(self, files: list, terraform: list, paths: list[str], report: Report) -> None:
        """Lint in ``jobs`` processes: this one and jobs - 1 workers, each taking every jobs-th
        JSON/YAML file and every jobs-th Terraform folder (a module is read whole, by one
        process). The parts are merged here, and everything that depends on all of them
        (rules across documents, waivers, fingerprints, order) happens afterwards, as in a
        serial run, so the output is the same."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from doalint.engine.registry import load_rules
        from doalint.kinds import KINDS as kinds

        # import the rules and models once here, before the workers fork, not once in each
        load_rules()
        for kind in kinds.values():
            kind.model()
        if terraform:
            front_end("terraform")  # (likewise)
        folders: dict = {}
        for f in terraform:
            folders.setdefault(str(f.parent), []).append(f)
        groups = [folders[k] for k in sorted(folders)]
        chunks = [(files[i::self.jobs], [f for g in groups[i::self.jobs] for f in g], paths)
                  for i in range(self.jobs)]
        chunks = [c for c in chunks if c[0] or c[1]]
        mine, theirs = chunks[0], chunks[1:]
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=max(1, len(theirs)), mp_context=ctx) as pool:
            pending = pool.map(_lint_chunk, [(self, *c) for c in theirs])
            own = _lint_chunk((self, *mine), send=False)
            parts = [own] + list(pending)
        for part in parts:
            report.findings += part.findings
            report.files += part.files
            report.documents += part.documents
            report.skipped += part.skipped
            report.internal_errors += part.internal_errors
            report.rules_run |= part.rules_run
            report.checked_files += part.checked_files
            report.docs += part.docs
            report.external_rules.update(part.external_rules)
            for file, valid in part.inline.items():
                report.inline.setdefault(file, []).extend(valid)
            report.metadata_ignores.update(part.metadata_ignores)
            report.unparsed |= part.unparsed
        from doalint.models import build

        for d in report.docs:
            if d.model is None and d.model_input is not None:
                d.model, _ = build(KINDS[d.kind].model(), d.model_input)

    def lint_text(self, text: str, file: str = "<text>") -> Report:
        report = Report()
        self._texts[file] = text
        loaded = Loaded(file, text=text)
        try:
            loaded.units = parse_text(text, file)
        except ParseError as exc:
            loaded.error = exc
        self._lint_loaded(loaded, report)
        return self.finish(report)

    def lint_buffer(self, raw: bytes, name: str) -> Report:
        """One file given as bytes under a name (standard input and ``--stdin-filename``): the name
        decides its format and the configuration's excludes and per-file-ignores, and findings carry
        it. A Terraform file is read as a module of this one file. Without a name ("<stdin>") the
        text is sniffed as JSON or YAML."""
        from doalint.loaders import load_bytes

        report = Report()
        self._given = []
        if self.config.excluded(name):
            return self.finish(report)
        if claims_file(name) == "terraform":
            return self.finish(self._terraform_buffer(raw, name))
        from doalint.loaders import decoded

        self._texts[name] = decoded(raw)
        self._lint_loaded(load_bytes(raw, name, self.max_bytes, sniffed_yaml=True), report)
        return self.finish(report)

    def _terraform_buffer(self, raw: bytes, name: str) -> Report:
        """Terraform from a buffer: written to a folder of its own (a one-file module), read, and
        every trace of that folder renamed to ``name``."""
        import tempfile

        from doalint import record as records
        from doalint.fixes import TextEdit

        report = Report()
        real = self.config
        with tempfile.TemporaryDirectory(prefix="doalint-stdin-") as tmp:
            path = FsPath(tmp) / FsPath(name).name
            path.write_bytes(raw)
            temp = display_path(path)
            self.config = _Renamed(real, {temp: name})
            try:
                self._lint_terraform([path], [tmp], report)
            finally:
                self.config = real

        def rename(file: str) -> str:
            return name + file[len(temp):] if file == temp or file.startswith((temp + " ", temp + ":")) else file

        report.findings = [records.replace(f, file=rename(f.file), related=tuple(
            records.replace(r, file=rename(r.file)) for r in f.related), suppression=f.suppression and
            records.replace(f.suppression, source=rename(f.suppression.source)), fix=f.fix and f.fix.with_edits(
                [TextEdit(rename(e.file), *e[1:]) for e in f.fix.edits])) for f in report.findings]
        report.checked_files = [rename(f) for f in report.checked_files]
        report.skipped = [Skipped(rename(s.file), s.reason) for s in report.skipped]
        for d in report.docs:
            d.file = rename(d.file)
        report.inline = {rename(k): v for k, v in report.inline.items()}
        report.metadata_ignores = {rename(k): v for k, v in report.metadata_ignores.items()}
        return report

    def lint_reads(self, reads: Iterable[Read], report: Report) -> None:
        """Lint what a front end read (doalint.frontend.Read, file by file) into ``report``, without
        finishing it (rules across documents, waivers and order come with :meth:`finish`)."""
        for read in reads:
            self._consume(read, report)

    def lint_drift(self, report: Report, drift, suppressions: Optional[Report] = None) -> None:
        """Rules between the files and the account (DOA960), over a doalint.live.drift.Drift; the
        suppressions written in the files (comments, Metadata, per-file-ignores) are those of
        ``suppressions``, the report of the files, where their use was settled."""
        from doalint.engine.registry import DRIFT

        start = len(report.findings)
        self._lint_across(report, DRIFT, drift)
        self._late_suppressions(report, start, source=suppressions)

    def finish(self, report: Report) -> Report:
        """Complete a report: rules across documents, late suppressions, waivers, fingerprints, order."""
        from doalint import fingerprint

        self._coverage(report)
        start = len(report.findings)
        self._lint_project(report)
        self._late_suppressions(report, start)
        if self.config.waivers:
            from doalint.suppress import apply_waivers

            findings, report.findings = report.findings, []
            kept = apply_waivers(findings, self.config, self.catalog, self._emitter(report), covered=report.covered)
            report.findings = kept + report.findings  # + what apply_waivers reported (DOA011, DOA012)
        report.findings.sort(key=Finding.sort_key)
        report.findings = fingerprint.assign(report.findings, report.docs)
        report.skipped.sort(key=lambda s: (s.file, s.reason))
        report.checked_files.sort()
        report.internal_errors.sort(key=lambda e: (e.file, e.rule, e.error))
        self._texts = {}
        return report

    def _coverage(self, report: Report) -> None:
        """What the run judged, file by file (report.covered): a partial run (some files, --select)
        must not call a waiver unused, nor a baseline entry fixed, for what it did not read. A file
        read: every rule enabled but its per-file-ignores, and but the rules that raised there (an
        internal error; a loader step that raised: nothing); one that did not parse: DOA001 alone; a
        file skipped unread (a template, an empty file): nothing."""
        unread = {s.file for s in report.skipped}
        failed: dict = {}  # file -> the rules that raised there (an internal error); None: a loader step
        for e in report.internal_errors:
            if failed.get(e.file, ()) is not None:
                failed[e.file] = failed.get(e.file, set()) | {e.rule} if e.rule in self.enabled else None
        for file in report.checked_files:
            if file in unread:
                continue
            ran = {PARSE_ERROR} if file in report.unparsed else self.enabled - self._dropped_here(file)
            if file in failed:  # what raised judged nothing: no baseline entry is "fixed" by a bug
                ran = ran - failed[file] if failed[file] is not None else set()
            report.covered[file] = frozenset(ran & self.enabled)

    def _late_suppressions(self, report: Report, start: int, source: Optional[Report] = None) -> None:
        """Per-file ignores, inline comments and CloudFormation Metadata for the findings across
        documents (from ``start``), as for a file's own; then the comments that covered nothing.
        ``source``: the report of the files those comments are in, when it is another one (scan-aws
        --compare); whether they are used was settled with that report's findings."""
        files = source or report
        late = report.findings[start:]
        del report.findings[start:]
        kept = []
        for f in late:
            if f.rule in self._dropped_here(f.file):
                continue
            if f.file in files.inline:
                from doalint.suppress import mark_inline

                (f,) = mark_inline([f], files.inline[f.file], f.file)
            if f.file in files.metadata_ignores:
                from doalint.suppress import mark_metadata

                (f,) = mark_metadata([f], files.metadata_ignores[f.file], f.file)
            kept.append(f)
        report.findings += kept
        if source is not None:
            return
        emit = self._emitter(report)
        if report.inline:
            from doalint.suppress import report_unused_inline

            for file, valid in sorted(report.inline.items()):
                report_unused_inline(valid, file, emit, self._ran_for(report, file))
        if report.metadata_ignores:
            from doalint.suppress import report_unused_metadata

            for file, entries in sorted(report.metadata_ignores.items()):
                report_unused_metadata(entries, file, emit, self._ran_for(report, file))

    def _ran_for(self, report: Report, file: str):
        """ran(rule as written in a suppression) -> whether it ran for ``file`` (an unknown rule: yes,
        so that a misspelt one is still reported)."""
        rules = report.covered.get(file, frozenset())

        def ran(written: str) -> bool:
            entry = self.catalog.get(written.strip())
            return entry is None or entry.id in rules

        return ran

    def _dropped_here(self, file: str) -> set[str]:
        ignored = self.config.ignored_here(file)
        if not ignored:
            return set()  # (per_file_ignored's answer then, without importing doalint.suppress)
        from doalint.suppress import per_file_ignored

        return per_file_ignored(self.catalog, ignored)

    def _emitter(self, report: Report):
        """emit(rule, file, line, col, message) for findings about suppressions themselves."""
        from doalint.source import Span

        def emit(rule_id: str, file: str, line: int, col: int, message: str) -> None:
            report.rules_run.add(rule_id)
            self._emit(report, rule_id, file, Span(line, col, line, col), message)

        return emit

    # --- internals ----------------------------------------------------------------
    @property
    def facts(self):
        if self._facts is None:
            from doalint.facts import aws_facts

            self._facts = aws_facts()
        return self._facts

    def _emit(self, report: Report, rule_id: str, file: str, span, message: str, **kw) -> None:
        if rule_id == PARSE_ERROR and not kw.get("path"):
            report.unparsed.add(file)  # (known even when DOA001 is not selected: see _coverage)
        if rule_id not in self.enabled:
            return
        entry = self.catalog.entries[rule_id]
        severity = self.severities.get(rule_id) or entry.severity
        report.findings.append(
            Finding(rule_id, entry.name, severity, file, span.line, span.col, span.end_line, span.end_col,
                    message, **kw)
        )

    def _lint_loaded(self, loaded: Loaded, report: Report) -> None:
        self._consume(front_end("files").read(loaded, self._read_options()), report)

    def _consume(self, read: Read, report: Report) -> None:
        """One file's documents and problems: the rules of each document, then the file's own
        suppressions (per-file-ignores, Metadata entries, inline comments)."""
        report.files += 1
        report.checked_files.append(read.file)
        report.rules_run |= read.ran
        start = len(report.findings)
        for item in read.items:
            if isinstance(item, Problem):
                report.rules_run.add(item.rule)
                self._emit(report, item.rule, read.file, item.span, item.message, path=item.path, unit=item.unit,
                           related=item.related, document=item.document)
            else:
                self._lint_document(item, report)
        report.skipped += read.skipped
        report.internal_errors += read.errors
        if read.ignores:
            from doalint.suppress import mark_metadata

            report.findings[start:] = mark_metadata(report.findings[start:], read.ignores, read.file)
            # findings across documents come later: unused entries are reported at the end of the run
            report.metadata_ignores.setdefault(read.file, []).extend(read.ignores)
        self._after_file(read.file, read.text, read.smaps, start, report, read.by_lines)

    def _after_file(self, file: str, text: str, smaps: list, start: int, report: Report, by_lines=()) -> None:
        """Per-file ignores and inline suppressions for the findings of one file (from ``start``)."""
        drop = self._dropped_here(file)
        if drop:
            report.findings[start:] = [f for f in report.findings[start:] if f.rule not in drop]
        if text and smaps and "doalint:" in text:
            from doalint.suppress import mark_inline, scan_inline, valid_inlines

            inlines = scan_inline(text, smaps, by_lines)
            if inlines:
                mine = report.findings[start:]
                del report.findings[start:]
                valid = valid_inlines(inlines, file, self._emitter(report))
                report.findings[start:start] = mark_inline(mine, valid, file)
                # a comment may also cover a finding across documents, found once every file is read:
                # those that cover nothing yet are reported as unused at the end of the run
                report.inline.setdefault(file, []).extend(valid)

    def _lint_document(self, doc: Document, report: Report) -> None:
        from doalint.engine.registry import rules_for
        from doalint.models import build

        kind = KINDS[doc.kind]
        report.documents += 1
        unit = doc.unit
        report.docs.append(doc)
        data = doc.data
        if doc.address is not None:
            unresolved = [(p, f"{format_path(p)} is `{text}`, which doalint cannot resolve statically")
                          for p, text in doc.unresolved_values]
        else:
            from doalint.placeholders import describe

            found = list(_templated(data, literal=kind.literal_placeholders))
            doc.partials.update(found)
            unresolved = [(p, f"{format_path(p)} holds {describe(t)}") for p, t in found]
        if doc.address is not None:
            _partials_of(doc, data)
        if unresolved:
            report.rules_run.add(UNRESOLVED)
            data = _without(data, [p for p, _ in unresolved])
            for p, what in unresolved:
                ap = doc.absolute(p)
                span, _ = doc.smap.locate(ap)
                self._emit(report, UNRESOLVED, doc.file, span, self._named(doc, f"{what}; rules that read it were skipped"),
                           path=ap, kind=doc.kind, unit=unit, document=doc.address or "")
        doc.unresolved = [doc.absolute(p) for p, _ in unresolved] + [doc.absolute(p) for p in doc.opaque]
        doc.model_input = data
        doc.model, dropped = build(kind.model(), data)
        doc.dropped = [doc.absolute(p) for p in dropped]
        name = kind.name_of(doc.model) if doc.model is not None else None
        doc.label = doc.address or (f"{kind.title} {name}" if name else kind.title)
        service = None
        if doc.model is not None:
            for cand in kind.candidates(doc.model):
                if cand in self.profile.services:
                    service = self.profile.services[cand]
                    break
        doc.service = service.name if service else None
        if self._context_only:
            return
        ctx = Context(self.profile, doc, service, self.facts)
        for impl in rules_for(doc.kind):
            if impl.id not in self.enabled:
                continue
            if impl.needs_service and service is None:
                continue
            if doc.model is None and impl.id != "DOA002":
                continue
            report.rules_run.add(impl.id)
            try:
                violations = list(impl.fn(doc.model, ctx))
            except UsageError:
                raise  # a broken profile section, found when a rule first reads it: exit 2
            except Exception as exc:  # a bug in a rule must not hide other findings
                if os.environ.get("DOALINT_DEBUG"):
                    raise
                report.internal_errors.append(InternalError(doc.file, impl.id, f"{type(exc).__name__}: {exc}"))
                continue
            for v in violations:
                path = doc.absolute(v.path)
                # A finding at, under or above a value that is not known until the file is
                # rendered (DOA003), or that is of the wrong type (DOA002), would be a guess:
                # "missing" may only mean "removed because unreadable". Those rules say so.
                if _related(path, doc.unresolved) and not (v.literal and _partly_known(doc, v.path)):
                    continue
                if impl.id != "DOA002" and _related(path, doc.dropped):
                    continue
                if not doc.holds(v.path):  # a fragment cannot hold it (doalint.document.Scope)
                    continue
                span, _ = doc.smap.locate(path)
                related = tuple(
                    RelatedLocation(r.file or doc.file, *_line_col(doc, r.path), r.message, doc.absolute(r.path))
                    for r in v.related
                ) + _defaults_related(doc, v.path)
                message = v.message
                note = doc.meta.get("notes", {}).get(tuple(v.path)) if doc.meta else None
                if note:  # a value the loader filled in (a provider default): say where it comes from
                    message = f"{message} ({note})"
                fix = self._fix(doc, v.fix)
                self._emit(report, impl.id, doc.file, span, self._named(doc, message), path=path,
                           document=doc.label, kind=doc.kind, related=related, unit=unit, fix=fix)

    def _lint_project(self, report: Report) -> None:
        """Rules across documents, once per project (doalint.project.Projects: the nearest
        configuration or repository root above the files, else the path given), over its documents."""
        from doalint.engine.registry import PROJECT, rules_for

        given, self._given = getattr(self, "_given", []), []
        if not report.docs or not any(r.id in self.enabled for r in rules_for(PROJECT)):
            return
        from doalint.project import Project, Projects

        for docs in Projects(given).split(report.docs):
            self._lint_across(report, PROJECT, Project(docs, self.profile, self.complete_project))

    def _lint_across(self, report: Report, kind: str, subject) -> None:
        """Run the rules of ``kind`` (PROJECT, DRIFT) on ``subject``; each violation names the
        document it is about, and may relate others."""
        from doalint.engine.registry import rules_for

        ctx = Context(self.profile, None, None, self.facts)
        for impl in rules_for(kind):
            if impl.id not in self.enabled:
                continue
            report.rules_run.add(impl.id)
            try:
                violations = list(impl.fn(subject, ctx))
            except UsageError:
                raise
            except Exception as exc:
                if os.environ.get("DOALINT_DEBUG"):
                    raise
                report.internal_errors.append(InternalError(f"({kind})", impl.id, f"{type(exc).__name__}: {exc}"))
                continue
            for v in violations:
                doc = v.doc
                path = doc.absolute(v.path)
                if _related(path, doc.unresolved) or _related(path, doc.dropped):
                    continue  # a guess about a value doalint could not read (DOA002, DOA003 say so)
                if any(r.doc is not None and r.doc is not doc and
                       (_related(r.doc.absolute(r.path), r.doc.unresolved) or
                        _related(r.doc.absolute(r.path), r.doc.dropped)) for r in v.related):
                    continue  # judged against the other document's value, which doalint could not read
                span, _ = doc.smap.locate(path)
                related = []
                for r in v.related:
                    other = r.doc or doc
                    rspan, _ = other.smap.locate(other.absolute(r.path))
                    related.append(RelatedLocation(other.file, rspan.line, rspan.col, r.message,
                                                   other.absolute(r.path)))
                related.extend(_defaults_related(doc, v.path))
                fix = self._fix(doc, v.fix)
                self._emit(report, impl.id, doc.file, span, self._named(doc, v.message), path=path,
                           document=doc.label, kind=doc.kind, related=tuple(related), unit=doc.unit, fix=fix)

    def _fix(self, doc: Document, fix):
        """``fix`` (a rule's, in the document's paths) with the text edits that make it, or None when it
        cannot be written in the file: a value doalint could not read, or one the file does not write
        as a literal (doalint.fixes.resolve); None too when there is none, or the linter makes none."""
        if fix is None or not self.fixes:
            return None
        from doalint.fixes import Delete, Set

        ops = []
        for op in fix.ops:
            if not doc.holds(op.path):
                return None
            path = doc.absolute(op.path)
            if _related(path, doc.unresolved) or _related(path, doc.dropped):
                return None
            ops.append(Delete(path) if isinstance(op, Delete) else Set(path, op.value))
        text = self._text_of(doc.file)
        if text is None:
            return None
        from doalint.fixes.resolve import resolve

        try:
            return resolve(fix.with_ops(ops), doc, text, self._text_of)
        except Exception:  # a fix that cannot be made is no reason to lose the finding
            if os.environ.get("DOALINT_DEBUG"):
                raise
            return None

    def _text_of(self, file: str) -> Optional[str]:
        if file not in self._texts:
            from doalint.loaders import read_text

            self._texts[file] = read_text(file, self.max_bytes)
        return self._texts[file]

    @staticmethod
    def _named(doc: Document, message: str) -> str:
        """Messages about a Terraform or CloudFormation resource start with its address."""
        return f"{doc.address}: {message}" if doc.address else message


class _Renamed:
    """A configuration that matches a file under another name (the name given to standard input)."""

    def __init__(self, config, names: dict[str, str]) -> None:
        self._config, self._names = config, names

    def __getattr__(self, attr):
        return getattr(self._config, attr)

    def excluded(self, file: str) -> bool:
        return self._config.excluded(self._names.get(file, file))

    def ignored_here(self, file: str) -> list[str]:
        return self._config.ignored_here(self._names.get(file, file))


# Below this many files a run stays in one process: starting workers and merging their parts
# costs more than it saves (measured on 2 cores: even at about 200 files, gains from 300).
PARALLEL_FROM = 256
TERRAFORM_WEIGHT = 4  # a .tf file costs about four JSON files' time (HCL parse and evaluation)


def _lint_chunk(args, send: bool = True) -> Report:
    """One process's part of a parallel run (module level, so that it can be pickled)."""
    linter, files, terraform, paths = args
    part = Report()
    for f in files:
        loaded = load_file(f, display_path(f), linter.max_bytes)
        first = len(part.docs)
        linter._lint_loaded(loaded, part)
        if send:
            units = {id(u.smap): i for i, u in enumerate(loaded.units)}
            for d in part.docs[first:]:
                if id(d.smap) in units:  # a document's positions are the whole file's
                    d.smap = _ReloadedMap(str(f), loaded.file, units[id(d.smap)], linter.max_bytes)
    if terraform:
        linter._lint_terraform(terraform, paths, part)
    if send:
        for d in part.docs:
            d.model = None  # rebuilt by the parent: unpickling models costs more than building them
    return part


class _ReloadedMap:
    """A worker's document sent back without its source map (sending the maps cost the parent
    more than the workers saved): the file is parsed again if a rule across documents points
    into it, which few do."""

    __slots__ = ("fs_path", "file", "unit", "max_bytes", "_map")

    def __init__(self, fs_path: str, file: str, unit: int, max_bytes: int) -> None:
        self.fs_path, self.file, self.unit, self.max_bytes = fs_path, file, unit, max_bytes
        self._map = None

    def __getstate__(self):
        return (self.fs_path, self.file, self.unit, self.max_bytes)

    def __setstate__(self, state) -> None:
        self.fs_path, self.file, self.unit, self.max_bytes = state
        self._map = None

    def _load(self):
        from doalint.source import SourceMap

        if self._map is None:
            loaded = load_file(FsPath(self.fs_path), self.file, self.max_bytes)
            units = loaded.units or []
            self._map = units[self.unit].smap if self.unit < len(units) else SourceMap()
        return self._map

    def locate(self, path: Path):
        return self._load().locate(path)

    @property
    def values(self):
        return self._load().values

    @property
    def keys(self):
        return self._load().keys


def _partials_of(doc: Document, data) -> None:
    """The Templates of a Terraform or CloudFormation document's partly known strings (an
    Unknown that keeps its literal parts), by path."""
    for p, _ in doc.unresolved_values:
        v = data
        try:
            for elem in p:
                v = v[elem]
        except (KeyError, IndexError, TypeError):
            continue
        template = getattr(v, "template", None)
        if template is not None:
            doc.partials[tuple(p)] = template


def _partly_known(doc: Document, path: Path) -> bool:
    """A violation judged from the literal parts of a partly templated value stands at that value
    (or under it), and nothing else above it is unknown."""
    path = tuple(path)
    if not any(path[: len(p)] == p for p in doc.partials):
        return False
    partial = {doc.absolute(p) for p in doc.partials}
    at = doc.absolute(path)
    return not any(o and at[: len(o)] == o and o not in partial for o in doc.unresolved)


def _without(data, paths: list[Path]):
    """A copy of ``data`` without the values at ``paths``."""
    import copy

    out = copy.deepcopy(data)
    for p in sorted(paths, key=len, reverse=True):
        if not p:
            return {} if isinstance(data, dict) else None  # the whole document is unknown
        parent = out
        for elem in p[:-1]:
            parent = parent[elem]
        if isinstance(parent, dict):
            parent.pop(p[-1], None)
        else:
            parent[p[-1]] = None
    return out


def _defaults_related(doc: Document, path: Path) -> tuple:
    """A finding on a value (or in a list) that comes from a CloudFormation parameter's Default stays
    where the value is used (the ``!Ref``) and relates the default (the loader's ``meta["defaults"]``)."""
    table = doc.meta.get("defaults") if doc.meta else None
    p = tuple(path)
    while table and p:
        if p in table:
            return tuple(RelatedLocation(doc.file, span.line, span.col, f"the parameter's default ({name})", at)
                         for span, name, at in table[p])
        p = p[:-1]
    return ()


def _line_col(doc: Document, path: Path) -> tuple[int, int]:
    span, _ = doc.smap.locate(doc.absolute(path))
    return span.line, span.col


def _related(path: Path, others: Iterable[Path]) -> bool:
    """``path`` is at, under or above one of ``others`` (the document root aside)."""
    n = len(path)
    return any(o and (path[: len(o)] == o or (n and o[:n] == path)) for o in others)
