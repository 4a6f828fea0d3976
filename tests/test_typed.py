"""Typed records (doalint.typed) give what pydantic gives: the record path (values of exactly their
declared types, no pydantic import) against the pydantic model generated from the same declaration,
on every document of the fixtures and on mutated copies of them, and on the profile."""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import math
import random
import subprocess
import sys

import pytest
from pydantic import BaseModel, ValidationError

import doalint.models as models
from doalint.profile import SECTIONS, Profile, load_profile
from doalint.typed import Invalid, Record, _slow, _Slow, _spec, mirror

from conftest import FIXTURES


def _exact(a, b, path=()):
    """None when ``a`` and ``b`` are the same data, types included (1, 1.0 and True differ)."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} {a!r} != {type(b).__name__} {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        return next((d for k in a if (d := _exact(a[k], b[k], path + (k,)))), None)
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := _exact(x, y, path + (i,)))), None)
    if a != b and not (isinstance(a, float) and math.isnan(a) and math.isnan(b)):
        return f"{path}: {a!r} != {b!r}"
    return None


def _reference(model, data):
    """build() as it was, with pydantic alone: (pydantic model or None, dropped paths)."""
    if not isinstance(data, dict):
        return None, [()]
    dropped, work, validator = [], data, mirror(model)
    for _ in range(50):
        try:
            return validator.model_validate(work), dropped
        except ValidationError as exc:
            if work is data:
                work = copy.deepcopy(data)
            done = []
            for err in exc.errors():
                loc = tuple(err["loc"])
                if any(loc[: len(d)] == d for d in done):
                    continue
                path = models._delete(work, loc)
                if path:
                    dropped.append(path)
                    done.append(path)
            if not done:
                break
    return None, dropped + [()]


def _same_as_pydantic(model, data):
    want, want_dropped = _reference(model, copy.deepcopy(data))
    got, got_dropped = models.build(model, data)
    assert got_dropped == want_dropped
    if want is None:
        assert got is None
        return
    assert type(got) is model
    assert _exact(got.model_dump(), want.model_dump()) is None, _exact(got.model_dump(), want.model_dump())
    assert _exact(got.model_extra, want.__pydantic_extra__) is None


@functools.lru_cache(maxsize=1)
def _documents() -> list:
    """(model, data) of every document the fixtures hold, as the engine builds them."""
    from doalint.cli import run

    seen = []
    real = models.build

    def spy(model, data):
        seen.append((model, copy.deepcopy(data)))
        return real(model, data)

    models.build = spy
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            run(["check", "--isolated", "-j", "1", str(FIXTURES)])
    finally:
        models.build = real
    return seen


def test_every_fixture_document_builds_as_pydantic_builds_it_and_without_it():
    docs = _documents()
    assert len(docs) > 1000
    fast = 0
    for model, data in docs:
        _same_as_pydantic(model, data)
        try:
            model._fast(data)
            fast += 1
        except _Slow:
            pass
    # Terraform references (str subclasses) and ints in float fields included: nothing in the
    # fixtures needs pydantic
    assert fast == len(docs)


ODD = [None, True, False, 0, 1, -5, 2 ** 70, 2 ** 53 + 1, 1.0, 0.5, float("nan"), float("inf"), "", "x",
       "a\udc80", "é", [], [1], ["a"], [None], [{}], {}, {"a": 1}, {"name": "x"}, {1: 2}, {"\udc80": 1},
       [[]], [True], ("t",)]
ODD_KEYS = ["zz", "_x", "\udc81k", 7, "model_config", "containers", "name", "é"]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _at(value, path):
    return functools.reduce(lambda v, k: v[k], path, value)


@pytest.mark.parametrize("seed", range(3))
def test_mutated_documents_build_as_pydantic_builds_them(seed):
    """A value of another type anywhere, an unknown key anywhere: the record path takes only what
    pydantic takes unchanged, and pydantic decides the rest (what to drop, what to convert)."""
    rng = random.Random(seed)
    docs = [(m, d) for m, d in _documents() if isinstance(d, dict)]
    for model, data in rng.sample(docs, 150):
        for _ in range(8):
            d = copy.deepcopy(data)
            for _ in range(rng.choice([1, 1, 2, 3])):
                spots = list(_paths(d))[1:]
                if spots and rng.random() < 0.8:
                    where = rng.choice(spots)
                    _at(d, where[:-1])[where[-1]] = copy.deepcopy(rng.choice(ODD))
                else:
                    holder = _at(d, rng.choice([p for p in _paths(d) if isinstance(_at(d, p), dict)]))
                    holder[rng.choice(ODD_KEYS)] = copy.deepcopy(rng.choice(ODD))
            _same_as_pydantic(model, d)


def test_terraform_references_and_ints_in_float_fields_are_taken_as_pydantic_takes_them():
    from doalint.models.cloudwatch import MetricAlarm
    from doalint.models.ecs import Service
    from doalint.values import Ref

    data = {"serviceName": Ref("web", "aws_ecs_service.web", "name"), "tags": [{"key": "a", "value": "b"}]}
    assert type(Service._fast(data).serviceName) is str
    _same_as_pydantic(Service, data)
    _same_as_pydantic(Service, {"serviceName": Ref("a\udc80", "x", "y")})  # pydantic refuses it
    for threshold in (80, 2 ** 53, 2 ** 53 + 1, -(2 ** 60), True):
        _same_as_pydantic(MetricAlarm, {"Threshold": threshold})
    assert type(MetricAlarm._fast({"Threshold": 80}).Threshold) is float


def test_every_record_field_has_a_record_path():
    """A field type the record path does not know would send every document to pydantic."""
    import importlib
    import pkgutil

    importlib.import_module("doalint.facts")  # (its records)
    for info in pkgutil.iter_modules(models.__path__, "doalint.models."):
        importlib.import_module(info.name)
    classes, todo = set(), [Record]
    while todo:
        for sub in todo.pop().__subclasses__():
            classes.add(sub)
            todo.append(sub)
    assert len(classes) > 100
    for cls in classes:
        unknown = [name for name, _, check, _ in _spec(cls).fields if check is _slow]
        assert not unknown, f"{cls.__name__}: {unknown}"


def test_records_read_extras_after_their_own_names_as_pydantic_models_do():
    from doalint.models.ecs import TaskDefinition

    td = TaskDefinition.model_validate({"family": "web", "containers": 1, "ipcMode": "host", "x-y": 2})
    assert callable(td.containers)  # the method, not the extra key
    assert td.model_extra == {"containers": 1, "x-y": 2}
    assert getattr(td, "x-y") == 2 and td.ipcMode == "host"
    with pytest.raises(AttributeError, match="'TaskDefinition' object has no attribute 'nope'"):
        td.nope  # noqa: B018
    assert td == TaskDefinition.model_validate({"family": "web", "containers": 1, "ipcMode": "host", "x-y": 2})
    assert td != TaskDefinition.model_validate({"family": "web"})
    with pytest.raises(TypeError):
        hash(td)


def test_the_bundled_profile_is_built_without_pydantic_as_pydantic_builds_it():
    probe = ("import sys\nfrom doalint.profile import load_profile, SECTIONS\np = load_profile()\n"
             "[getattr(p, s) for s in SECTIONS]\nfrom doalint.facts import aws_facts\naws_facts()\n"
             "print('PYDANTIC' if 'pydantic' in sys.modules else 'NONE')\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == "NONE", out.stderr
    profile = load_profile()
    value = {k: v for k, v in profile.model_dump().items()}
    value["sections"] = profile.sections
    reference = mirror(Profile).model_validate(value)
    assert _exact(profile.model_dump(), reference.model_dump()) is None
    for name, cls in SECTIONS.items():
        assert _exact(getattr(profile, name).model_dump(),
                      mirror(cls).model_validate(profile.sections[name]).model_dump()) is None
    assert profile.as_dict()["services"] == reference.model_dump()["services"]


def test_profile_values_pydantic_would_coerce_or_refuse_go_to_pydantic():
    from doalint.profile import CatalogEntry, LogSettings, TaskGroupSettings

    entry = dict(port="3003", cpu=256, memory=512, min=1, max=2, target_rps=10.5, path="/a")
    assert CatalogEntry.model_validate(entry).port == 3003  # lax, as pydantic
    assert TaskGroupSettings.model_validate({"name_pattern": "x", "port_range": [1, 2]}).port_range == (1, 2)
    with pytest.raises(Invalid) as err:
        CatalogEntry.model_validate({**entry, "cpu": "lots"})
    assert err.value.errors()[0]["loc"] == ("cpu",)
    with pytest.raises(Invalid) as err:
        CatalogEntry.model_validate({**entry, "extra": 1})
    assert err.value.errors()[0]["type"] == "extra_forbidden"
    frozen = CatalogEntry.model_validate(entry)
    with pytest.raises(TypeError):
        frozen.port = 1
    log = dict(driver="awslogs", group="/ecs/x", region="r", stream_prefix="ecs")
    assert hash(LogSettings.model_validate(log)) == hash(LogSettings.model_validate(dict(log)))
    with pytest.raises(TypeError):
        hash(frozen)  # (a list field: unhashable, as the pydantic model)
    assert frozen.model_copy(update={"port": 1}).port == 1 and frozen.port == 3003


def test_records_pickle_and_copy():
    import pickle

    from doalint.models.iam import PolicyDocument

    profile = load_profile()
    profile.task  # (a cached section goes along)
    again = pickle.loads(pickle.dumps(profile))
    assert again == profile and again.task == profile.task
    doc = PolicyDocument.model_validate({"Statement": [{"Effect": "Allow", "Action": "s3:*"}], "Extra": 1})
    assert [p for p, _ in doc.statements()] == [("Statement", 0)]
    for other in (pickle.loads(pickle.dumps(doc)), copy.copy(doc), copy.deepcopy(doc)):
        assert other == doc and other.Extra == 1
    assert isinstance(mirror(PolicyDocument)(), BaseModel)
