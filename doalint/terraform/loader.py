"""Checking .tf files: each folder is one module; its resources become documents."""

from __future__ import annotations

import os
from pathlib import Path

from typing import Iterator

from doalint.document import Document
from doalint.errors import UsageError
from doalint.frontend import Problem, Read
from doalint.loaders import display_path
from doalint.source import Span
from doalint.terraform import file_kind


def read(files: list[Path], roots: list[str], options) -> Iterator:
    """Read the Terraform files of a run: one doalint.frontend.Read per file checked. The whole module
    (the .tf files of a folder) is read, so that variables and references in other files resolve; the
    files read are those that were asked for, and every .tf file of the module when a variable file
    Terraform loads by itself (``terraform.tfvars``, ``*.auto.tfvars``, and their ``.json`` forms) was
    asked for: a changed variable is judged where the module uses it. Another variable file
    (``-var-file``) is checked alone: doalint cannot know which runs use it."""
    from doalint.terraform.module import _tfvars, group_by_folder, load_module

    wanted = {os.path.normpath(f) for f in files}
    scan_root = _common_root(roots)
    for folder, given in sorted(group_by_folder(files).items()):
        tf_files = [f for f in given if file_kind(f.name) == "tf"]
        auto = {os.path.normpath(p.resolve()) for p in _tfvars(folder)}
        feeds = False
        for f in (f for f in given if file_kind(f.name) == "tfvars"):
            if options.is_excluded(display_path(f)):
                continue
            yield _read_tfvars(f, options)
            feeds = feeds or os.path.normpath(f.resolve()) in auto
        if not tf_files and not feeds:
            continue
        module_files = sorted(p for p in (*folder.glob("*.tf"), *folder.glob("*.tf.json"))
                              if p.is_file() and _inside(p, scan_root)) or tf_files
        seen = {os.path.normpath(p) for p in module_files}  # a file named is read (a FIFO: DOA001)
        module_files += [f for f in tf_files if os.path.normpath(f) not in seen]
        if feeds:
            wanted |= {os.path.normpath(p) for p in module_files}
        module = load_module(folder, module_files, lambda p: display_path(p), root=scan_root,
                             max_bytes=options.max_bytes)
        for src in module.files:
            if os.path.normpath(src.path) not in wanted or options.is_excluded(src.display):
                continue
            yield _read_file(module, src, options)


def _read_file(module, src, options) -> Read:
    from doalint.engine.findings import InternalError, Skipped
    from doalint.terraform.resources import map_resource

    out = Read(src.display, text=src.text)
    if src.error is not None:
        e = src.error
        out.items.append(Problem("DOA001", Span(e.line, e.col, e.line, e.col), e.message))
        out.text = ""
        return out
    _redefined(module, src, out)
    # a resource declared twice is DOA001 (_redefined), and checked all the same
    declared = [*module.resources.values(), *(again for again, _ in module.duplicates)]
    for res in (r for r in declared if r.file is src):
        none = _no_instances(module, res)
        if none:
            out.skipped.append(Skipped(f"{src.display} ({res.address})", none))
            continue
        try:
            documents = map_resource(res, module, options.profile)
        except UsageError:
            raise
        except Exception as exc:  # a bug in a mapper must not hide the other resources
            if os.environ.get("DOALINT_DEBUG"):
                raise
            out.errors.append(InternalError(src.display, f"terraform:{res.type}", f"{type(exc).__name__}: {exc}"))
            continue
        for mapped in documents:
            doc = Document(src.display, mapped.kind, mapped.data, mapped.smap, source="terraform")
            doc.address = mapped.address
            doc.unresolved_values = mapped.unresolved
            doc.opaque = mapped.opaque
            doc.meta = mapped.meta
            doc.unit = len(out.smaps)
            out.smaps.append(mapped.smap)
            out.items.append(doc)
    return out


def _redefined(module, src, out: Read) -> None:
    """DOA001 for a resource address declared twice in the module (at the second), DOA004 for an
    argument written twice in one block: Terraform refuses both."""
    from doalint.engine.findings import RelatedLocation
    from doalint.terraform.module import duplicate_attributes

    def span(f, start, end):
        (line, col), (end_line, end_col) = f.lines.position(start), f.lines.position(end)
        return Span(line, col, end_line, end_col)

    for again, first in module.duplicates:
        if again.file is src:
            s, f = span(src, again.block.start, again.block.start), span(first.file, first.block.start, first.block.start)
            out.items.append(Problem(
                "DOA001", s, f"{again.address} is declared again (first at {first.file.display}:{f.line}); Terraform "
                "rejects a duplicate resource address", related=(RelatedLocation(
                    first.file.display, f.line, f.col, "first declaration", ()),)))
    for owner, again, first in duplicate_attributes(src.body):
        s, f = span(src, again.start, again.name_end), span(src, first.start, first.name_end)
        where = f"{owner}: " if owner else ""
        out.items.append(Problem(
            "DOA004", s, f"{where}{again.name} is written twice in one block (first at line {f.line}); Terraform "
            "rejects a redefined argument", related=(RelatedLocation(src.display, f.line, f.col, "first definition", ()),)))


def _no_instances(module, res) -> str:
    """Why Terraform would create no instance of ``res`` (a count of 0 or an empty for_each with the
    variables' defaults and tfvars), or "" when it creates some or that is not known statically."""
    for meta in ("count", "for_each"):
        if meta not in res.block.body.attributes:
            continue
        try:
            value = module.literal_attribute(res, meta)
        except Exception:  # an expression the evaluator cannot take: judge the resource as written
            return ""
        if meta == "count" and isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
            return "its count is 0 with the variables' values (defaults and tfvars): Terraform creates none"
        if meta == "for_each" and isinstance(value, (dict, list, set, tuple)) and len(value) == 0:
            return "its for_each is empty with the variables' values (defaults and tfvars): Terraform creates none"
    return ""


def _read_tfvars(path: Path, options) -> Read:
    from doalint.loaders import _decode, read_regular
    from doalint.loaders.errors import ParseError
    from doalint.terraform.module import tfvars_values

    out = Read(display_path(path))
    try:
        tfvars_values(path, _decode(read_regular(path, options.max_bytes)))
    except ParseError as e:
        out.items.append(Problem("DOA001", Span(e.line, e.col, e.line, e.col), e.message))
    except OSError as exc:
        out.items.append(Problem("DOA001", Span(1, 1, 1, 1), f"cannot read the file: {exc.strerror or exc}"))
    return out


def _inside(path: Path, root: Path) -> bool:
    """A file of the module that is really below the checked folder (links out are not read)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    root = root.resolve()
    return target == root or root in target.parents


def _common_root(roots: list[str]) -> Path:
    """The folder that holds everything the user named: file() may read below it only."""
    absolute = [os.path.abspath(r) for r in roots] or [os.getcwd()]
    folders = [a if os.path.isdir(a) else os.path.dirname(a) for a in absolute]
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:
        return Path(os.getcwd())
