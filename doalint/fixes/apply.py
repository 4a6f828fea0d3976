"""``--fix`` and ``--diff``: apply the findings' fixes, lint again, repeat until nothing changes.

Each round lints the run's files as they would be with the fixes so far (in memory: the files are
read through doalint.loaders.overlay), then applies, file by file, every fix of the round that does
not overlap an earlier one (as ruff does; the others wait for the next round). The next round's lint
is the check of the last one: a file that stopped parsing, gained a finding it did not have, or
still has a finding that was fixed, goes back to its text before the round, and its fixes of that
round are then applied one per round (a fix that fails alone is not tried again on that text). Nothing is
written here: the caller writes :attr:`Outcome.changed` (``--fix``) or shows it (``--diff``).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Callable, Optional

MAX_ROUNDS = 30
BOM = "\ufeff"


class Outcome:
    """What fixing did: the final report (of the files as fixed), the files' new texts, how many
    fixes were applied, and the files that could not be read."""

    def __init__(self) -> None:
        self.report = None
        self.original: dict[str, str] = {}  # file -> its text before any fix
        self.changed: dict[str, str] = {}  # file -> its text after the fixes (only files that changed)
        self.fixed = 0
        self.applied: list = []  # (file, rule, description) of each fix kept


def _key(f) -> tuple:
    """A finding's identity across rounds (its line moves, its message may change): the rule, the file,
    the document (a template's resources share paths) and the path."""
    return (f.rule, f.file, f.document, tuple(f.path))


def wanted(f, unsafe: bool) -> bool:
    fix = f.fix
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe) and f.suppression is None


def fix_files(lint: Callable[[], object], unsafe: bool = False, max_rounds: int = MAX_ROUNDS,
              read: Optional[Callable[[str], Optional[str]]] = None,
              lint_one: Optional[Callable[[str, str], object]] = None,
              local: Callable[[str], bool] = lambda rule: True) -> Outcome:
    """Lint with ``lint()`` (which returns a finished report), apply the fixes, repeat. ``read(file)``
    gives a file's text (default: the file on disk, decoded as doalint reads it). ``lint_one(file,
    text)``, when given, lints one file's candidate text alone: a file whose round failed then takes its
    fixes one by one in the next round, each kept if that one-file lint (of the rules ``local`` names)
    says it holds, instead of one fix per round."""
    from doalint.terraform import parse_cache

    with parse_cache():  # (each round reads the same Terraform modules again)
        return _fix_files(lint, unsafe, max_rounds, read, lint_one, local)


def _fix_files(lint, unsafe, max_rounds, read, lint_one, local) -> Outcome:
    from doalint import record as records
    from doalint.loaders import overlay

    state = _State(read or _read)
    for attempt in range(2):
        report = _rounds(state, lint, unsafe, max_rounds, lint_one, local)
        # the end result of each file against the file as it was: a finding it did not have (a fix
        # that made one whose own fix then failed) takes the file back, and it is fixed again one fix
        # at a time, each checked
        worse = [file for file in state.texts if _worse(state.first.get(file, Counter()),
                                                        [f for f in report.findings
                                                         if f.file == file and f.suppression is None])]
        if not worse:
            break
        for file in worse:
            state.undo(file)
        with overlay({f: _encode(t) for f, t in state.texts.items()}):
            report = lint()
        if lint_one is None:
            break  # (no check of single fixes: what is left is left)
    out = state.out
    # what --fix tried and had to take back is not offered as fixable any more
    out.report = report
    report.findings = [records.replace(f, fix=None) if f.fix is not None and f.fix.edits and
                       (_key(f), f.fix.description) in state.bad.get(f.fix.edits[0].file, ()) else f
                       for f in report.findings]
    out.changed = {f: t for f, t in state.texts.items() if t != out.original.get(f)}
    return out


class _State:
    """What the rounds of --fix know: the files' texts so far, their findings at the start, the fixes
    that did not hold, the files fixed one fix at a time."""

    def __init__(self, read) -> None:
        self.read = read
        self.out = Outcome()
        self.texts: dict[str, str] = {}  # file -> current text (only files touched)
        self.first: dict[str, Counter] = {}  # file -> its findings' keys before any fix
        self.bad: dict[str, set] = {}  # file -> (finding key, description) of fixes that failed alone on its text
        self.single: set = set()  # files whose fixes are applied one at a time (a round of several failed)

    def undo(self, file: str) -> None:
        """Take ``file`` back to its text before any fix; fix it one fix at a time from now on."""
        self.texts.pop(file, None)
        self.out.fixed -= sum(1 for a in self.out.applied if a[0] == file)
        self.out.applied = [a for a in self.out.applied if a[0] != file]
        self.single.add(file)


def _worse(first: Counter, findings: list) -> bool:
    return bool(Counter(_key(f) for f in findings) - first)


def _rounds(state: _State, lint, unsafe, max_rounds, lint_one, local):
    from doalint.fixes.text import Edit, apply, offset
    from doalint.loaders import overlay

    out, texts, bad, single, read = state.out, state.texts, state.bad, state.single, state.read
    last_round: dict[str, tuple] = {}  # file -> (text before the round, its findings' keys, fixes applied)
    report = None
    everywhere = Counter()  # the last round's findings' keys, in every file
    for round_no in range(max_rounds + 1):
        with overlay({f: _encode(t) for f, t in texts.items()}):
            report = lint()
        findings = [f for f in report.findings if f.suppression is None]
        by_file: dict[str, list] = {}
        for f in findings:
            by_file.setdefault(f.file, []).append(f)
        # (a fix may edit another file than its finding's: a Terraform variable's default)
        before_everywhere, everywhere = everywhere, Counter(_key(f) for f in findings)
        # the check of the last round's edits, file by file
        reverted = False
        # a finding the round made in a file it did not edit (a policy narrowed: the task definition
        # that needs what it granted): every file of the round goes back, each then fixed one at a time
        tolerated = {_key(f) for f in findings if wanted(f, unsafe)}
        elsewhere = any(k[1] not in last_round and k not in tolerated for k in (everywhere - before_everywhere)) \
            if last_round else False
        for file, (before, keys_before, fixes) in last_round.items():
            mine = by_file.get(file, [])
            now = Counter(_key(f) for f in mine)
            broke = any(f.rule == "DOA001" for f in mine) and "DOA001" not in {k[0] for k in keys_before} or \
                not _parses(file, texts.get(file, before))  # (also when DOA001 is not selected)
            # a finding the round made may stand if it has a fix of its own (the next round's); the
            # file's end result is checked against its start (_fix_files)
            fixable = {_key(f) for f in mine if wanted(f, unsafe) and (_key(f), f.fix.description) not in
                       bad.get(file, ())}
            grew = any(k not in fixable for k in (now - keys_before))
            stuck = _stuck(before_everywhere, everywhere, [k for k, _ in fixes])
            if not (broke or grew or stuck or elsewhere):
                bad.pop(file, None)  # (a new text: a fix that failed on the old one may hold now)
                continue
            if before == out.original.get(file):
                texts.pop(file, None)
            else:
                texts[file] = before
            if len(fixes) == 1:
                bad.setdefault(file, set()).update(fixes)
            single.add(file)
            out.fixed -= len(fixes)
            undone = {(k[0], d) for k, d in fixes}
            out.applied = [a for a in out.applied if not (a[0] == file and (a[1], a[2]) in undone)]
            reverted = True
        last_round = {}
        if reverted:
            if round_no == max_rounds:  # (the report must be of the texts kept)
                with overlay({f: _encode(t) for f, t in texts.items()}):
                    report = lint()
            continue  # lint the reverted files again before fixing more
        if round_no == max_rounds:
            break
        plans: dict[str, list] = {}
        for f in findings:
            if not wanted(f, unsafe):
                continue
            target = f.fix.edits[0].file  # the file the fix edits (its finding's, or a variable's default's)
            if any(e.file != target for e in f.fix.edits) or (_key(f), f.fix.description) in bad.get(target, ()):
                continue  # (a fix of several files: not made by this version)
            plans.setdefault(target, []).append(f)
        if not plans:
            break
        for file, fs in plans.items():
            text = texts.get(file)
            if text is None:
                text = out.original.get(file)
                if text is None:
                    text = read(file)
                    if text is None:
                        continue
                    out.original[file] = text
                    state.first[file] = Counter(_key(f) for f in by_file.get(file, []))
            fs.sort(key=lambda f: (f.fix.edits[0].line, f.fix.edits[0].col))
            taken: list = []
            spans: list = []
            greedy = file in single and lint_one is not None
            aligned = _aligned(file)
            if greedy:
                local_before = Counter(_key(f) for f in by_file.get(file, []) if local(f.rule))
            for f in fs:
                try:
                    edits = [Edit(offset(text, e.line, e.col), offset(text, e.end_line, e.end_col), e.text)
                             for e in f.fix.edits]
                except ValueError:
                    continue  # (positions of another text: the file changed under the run)
                if any(_overlap(e, s, aligned) for e in edits for s in spans):
                    continue
                if greedy and not _holds(lint_one, local, file, text, [e for _, es in taken for e in es] + edits,
                                         local_before, [_key(g) for g, _ in taken] + [_key(f)]):
                    bad.setdefault(file, set()).add((_key(f), f.fix.description))
                    continue
                taken.append((f, edits))
                spans.extend(edits)
                if file in single and not greedy:
                    break
            if not taken:
                continue
            try:
                new = apply(text, [e for _, es in taken for e in es])
            except ValueError:
                continue
            if new == text:
                continue
            keys_before = Counter(_key(f) for f in by_file.get(file, []))
            last_round[file] = (text, keys_before, [(_key(f), f.fix.description) for f, _ in taken])
            texts[file] = new
            out.fixed += len(taken)
            out.applied += [(file, f.rule, f.fix.description) for f, _ in taken]
        if not last_round:
            break
    return report


def _parses(file: str, text: str) -> bool:
    """Whether ``text`` still parses as ``file``'s format (whatever rules a run selects)."""
    from doalint.loaders.errors import ParseError

    try:
        if file.lower().endswith((".tf", ".tfvars")):
            from doalint.terraform import hcl

            hcl.parse(text)
        else:
            from doalint.loaders import parse_text

            parse_text(text, file)
    except ParseError:
        return False
    except Exception:  # (a parser's own bug: not a text to write)
        return False
    return True


def _stuck(before: Counter, now: Counter, fixed: list) -> bool:
    """Whether a finding fixed is still there: of each key (rule, file, path) as many fewer as were fixed
    (two findings of one rule may stand at one path: two missing limits of one ulimit)."""
    return any(before[k] - now[k] < n for k, n in Counter(fixed).items())


def _holds(lint_one, local, file: str, text: str, edits: list, before: Counter, fixed: list) -> bool:
    """Whether ``text`` with ``edits``, linted alone, parses, keeps no finding of ``fixed`` and has none
    it did not have (among the rules ``local`` names)."""
    from doalint.fixes.text import apply

    try:
        new = apply(text, edits)
    except ValueError:
        return False
    if not _parses(file, new):
        return False
    report = lint_one(file, new)
    now = Counter(_key(f) for f in report.findings if f.file == file and f.suppression is None and local(f.rule))
    return not (now - before) and not _stuck(before, now, fixed)


def _overlap(a, b, aligned: bool = False) -> bool:
    """Whether two edits touch the same text. Two insertions at one place do not: each inserts a whole
    member with its separators (applied in the order of their findings; the next round checks); but
    in a file whose arguments are aligned (Terraform), the second's padding depends on the first."""
    if a.start == a.end and b.start == b.end:
        return aligned and a.start == b.start
    return a.start < b.end and b.start < a.end or (a.start == a.end and b.start < a.start < b.end) or \
        (b.start == b.end and a.start < b.start < a.end)


def _read(file: str) -> Optional[str]:
    from doalint.loaders import read_text

    return read_text(file)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def write(file: str, text: str) -> None:
    """Write ``text`` over ``file`` atomically, keeping a UTF-8 byte-order mark the file had and its
    permissions (doalint.atomic). Raises OSError (read-only, vanished: the file is left whole)."""
    from doalint.atomic import write_text

    if not os.path.isfile(file):
        raise FileNotFoundError(2, "No such file (it vanished while doalint ran)", file)
    if not os.access(file, os.W_OK):
        raise PermissionError(13, "Permission denied (the file is read-only)", file)
    try:
        with open(file, "rb") as fh:
            had_bom = fh.read(3) == b"\xef\xbb\xbf"
    except OSError:
        had_bom = False
    write_text(file, (BOM + text) if had_bom and not text.startswith(BOM) else text)


def unified_diff(file: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{file}", tofile=f"b/{file}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def verify(report, lint_one: Callable[[str, str], object], local: Callable[[str], bool],
           read: Optional[Callable[[str], Optional[str]]] = None) -> None:
    """Keep only the fixes of ``report`` that hold: for each file with fixes, the file with all of them
    applied (then, if that fails, with each alone) is linted again by ``lint_one(file, text)``: a fix
    holds when its finding is gone, the file still parses and has no finding it did not have before, among the rules ``local(rule)`` says a one-file run judges alike (not the rules across
    documents). A fix that does not hold is taken off its finding: no output offers it."""
    from doalint.terraform import parse_cache

    with parse_cache():  # (a module's other files are parsed once for all its files' checks)
        _verify(report, lint_one, local, read or _read)


def _verify(report, lint_one, local, read) -> None:
    from doalint import record as records
    from doalint.fixes.text import Edit, offset

    by_file: dict[str, list] = {}
    for i, f in enumerate(report.findings):
        if f.fix is not None and f.fix.edits and f.suppression is None:
            if all(e.file == f.file for e in f.fix.edits):
                by_file.setdefault(f.file, []).append(i)
            else:
                report.findings[i] = records.replace(f, fix=None)
    for file, indexes in by_file.items():
        text = read(file)
        before = Counter(_key(f) for f in report.findings
                         if f.file == file and f.suppression is None and local(f.rule))
        ok: set = set()

        def attempt(group: list) -> bool:
            edits = []
            for i in group:
                f = report.findings[i]
                try:
                    edits += [Edit(offset(text, e.line, e.col), offset(text, e.end_line, e.end_col), e.text)
                              for e in f.fix.edits]
                except ValueError:
                    return False
            return _holds(lint_one, local, file, text, edits, before, [_key(report.findings[i]) for i in group])

        if text is not None:
            if len(indexes) > 1 and _disjoint(report, indexes, text) and attempt(indexes):
                ok.update(indexes)
            else:
                ok.update(i for i in indexes if attempt([i]))
        for i in indexes:
            if i not in ok:
                report.findings[i] = records.replace(report.findings[i], fix=None)


def _disjoint(report, indexes, text: str) -> bool:
    """Whether the fixes of ``indexes`` (findings of one file) can be applied together (_overlap)."""
    from itertools import combinations

    from doalint.fixes.text import Edit, offset

    try:
        edits = [Edit(offset(text, e.line, e.col), offset(text, e.end_line, e.end_col), e.text)
                 for i in indexes for e in report.findings[i].fix.edits]
    except ValueError:
        return False
    aligned = _aligned(report.findings[indexes[0]].file)
    return not any(_overlap(a, b, aligned) for a, b in combinations(edits, 2))


def _aligned(file: str) -> bool:
    """Whether the file's arguments are aligned (Terraform): an insertion's padding then depends on
    the insertions beside it."""
    return file.lower().endswith((".tf", ".tfvars"))
