"""Typed models of the documents doalint checks, in AWS's own key names.

Unknown keys are kept (``extra="allow"``) so nothing the author wrote is lost;
DOA002 names them from the API shape. Values of the wrong type are removed by
:func:`build` (and reported by DOA002), so rules always see well-typed models.

The models are typed records (doalint.typed): a document whose values all have their declared
types is built without pydantic; one that needs dropping is validated by pydantic (the record's
generated pydantic model), which says what to drop.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from doalint.source import Path
from doalint.typed import Record, _Slow, mirror


class AwsModel(Record):
    # strict: a value of the wrong type is not coerced (no "512" -> 512 or 512 -> "512");
    # build() drops it, DOA002 reports it once, and the rules stay quiet about it.
    record_config = {"extra": "allow", "strict": True}


M = TypeVar("M", bound=Record)


def _delete(data: Any, loc: tuple) -> tuple:
    """Delete the deepest existing element of ``loc`` in ``data``; return its path."""
    parent, cur, done = None, data, []
    for elem in loc:
        if isinstance(cur, dict) and isinstance(elem, str) and elem in cur:
            parent, cur = cur, cur[elem]
        elif isinstance(cur, list) and isinstance(elem, int) and 0 <= elem < len(cur):
            parent, cur = cur, cur[elem]
        else:
            break
        done.append(elem)
    if not done:
        return ()
    if isinstance(parent, dict):
        del parent[done[-1]]
    elif isinstance(parent, list):
        parent[done[-1]] = None
    return tuple(done)


def build(model: type[M], data: Any) -> tuple[M | None, list[Path]]:
    """Validate ``data`` into ``model``, dropping values of the wrong type.

    Returns the model (None when the document's root is not an object) and the
    paths that were dropped, so the engine can keep rules quiet about them.
    """
    if not isinstance(data, dict):
        return None, [()]
    if type(data) is dict:
        try:
            return model._fast(data), []  # every value of its declared type: nothing to drop
        except _Slow:
            pass
    from pydantic import ValidationError

    validator = mirror(model)
    dropped: list[Path] = []
    work = data
    for _ in range(50):
        try:
            return model._from_mirror(validator.model_validate(work)), dropped
        except ValidationError as exc:
            if work is data:
                work = copy.deepcopy(data)
            progress = False
            done_now: list[tuple] = []
            for err in exc.errors():
                loc = tuple(err["loc"])
                # a Union field reports one error per member type, all at the same place:
                # the first deletes the value; the others must not delete its parent
                if any(loc[: len(d)] == d for d in done_now):
                    continue
                path = _delete(work, loc)
                if path:
                    dropped.append(path)
                    done_now.append(path)
                    progress = True
            if not progress:
                break
    return None, dropped + [()]
